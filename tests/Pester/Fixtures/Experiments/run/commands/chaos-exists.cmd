@if exist "%~1" (exit /b 0) else (exit /b 1)
