@type "%~1"
