@setlocal enabledelayedexpansion
@echo !%~1!
