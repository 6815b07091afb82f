@type nul > "%~1"
