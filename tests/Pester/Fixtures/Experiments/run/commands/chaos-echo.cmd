@echo off
:next
if "%~1"=="" goto :eof
echo %~1
shift
goto next
