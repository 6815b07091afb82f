"""A module whose import never ends (as one that connects somewhere when loaded); it says its pid first."""

import os
import time

with open(os.environ["PIXIETEST_MARKER"], "w") as handle:
    handle.write(str(os.getpid()))
time.sleep(300)


def never():
    pass
