@echo %RANDOM% > "%~2"
@ping -n %1 127.0.0.1 >nul
