"""Activities with and without configuration and secrets, and ones that misbehave."""

import os
import time

from pixietest.errors import QuotaError

_calls = {"count": 0}


def add(a, b=1):
    return a + b


def describe(value):
    return {"type": type(value).__name__, "value": value}


def greet(name, configuration=None):
    return {"greeting": "hello " + name, "region": (configuration or {}).get("region")}


def secret_keys(secrets=None):
    # Says which secrets arrived, never their values.
    return None if secrets is None else sorted(secrets)


def needs_secrets(secrets):
    return sorted(secrets)


def noisy():
    print("this line is not JSON")
    os.system("echo nor is this one")
    return "quiet answer"


def count():
    _calls["count"] += 1
    return _calls["count"]


def steady_then_broken():
    _calls["steady"] = _calls.get("steady", 0) + 1
    if _calls["steady"] > 1:
        raise ValueError("the service is gone")
    return 5


def fail(reason):
    raise ValueError(reason)


def over_quota():
    raise QuotaError("over quota")


def leak(secrets):
    raise ValueError("token " + secrets["token"] + " was refused")


def hang(marker):
    with open(marker, "w") as handle:
        handle.write(str(os.getpid()))
    time.sleep(300)


def bridge_pid():
    return os.getpid()


def raw():
    return b"\x00\x01pixie"


def colours():
    return {"red", "green"}


class NotAFunction:
    pass


def leave():
    raise SystemExit(3)


def exists(path):
    return os.path.exists(path)
