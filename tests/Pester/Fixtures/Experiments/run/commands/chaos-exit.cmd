@exit /b %1
