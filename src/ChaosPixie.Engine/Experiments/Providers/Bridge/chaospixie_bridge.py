"""ChaosPixie's Python bridge: runs the python activities and controls of a Chaos Toolkit experiment for ChaosPixie.

ChaosPixie starts one of these per run and talks to it with one JSON message per line: requests on stdin, answers on
stdout. It needs nothing but the standard library and the user's extensions. Whatever the extensions print goes to
stderr, so that it cannot corrupt the answers. It ends at the end of its stdin.
"""

import datetime
import decimal
import importlib
import inspect
import json
import os
import re
import sys
import traceback
import uuid

ACTIVITY_FAILED = "chaoslib.exceptions.ActivityFailed"


def _protocol_streams():
    # Keep private copies of stdin and stdout, then point fds 0 and 1 (and sys.stdin/stdout) elsewhere, so that an
    # extension's print(), a C library or a child process cannot write into the answers or read the requests.
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, "r", encoding="utf-8")
    sys.stdout = sys.stderr
    return requests, answers


def _journal_value(value):
    # chaostoolkit's journal encoder: dates as ISO text, Decimal and UUID as text; anything else JSON cannot hold.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    raise _Unserializable(value)


class _Unserializable(Exception):
    def __init__(self, value):
        super().__init__(type(value).__name__)
        self.value = value


def _function(module_name, func_name):
    # As chaoslib's validation: only plain or built-in functions count.
    module = importlib.import_module(module_name)
    for name, member in inspect.getmembers(module, lambda m: inspect.isfunction(m) or inspect.isbuiltin(m)):
        if name == func_name:
            return member
    return None


def _failure_message(error):
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def _parameters(func):
    # Some built-in functions have no signature Python can read: they take no injected values then.
    try:
        return inspect.signature(func).parameters
    except (TypeError, ValueError):
        return {}


def _quoted_name(message):
    found = re.search(r"'([^']*)'", message)
    return found.group(1) if found else message


def validate(request):
    module_name, func_name = request["module"], request["func"]
    try:
        func = _function(module_name, func_name)
    except ImportError as error:
        return {"problem": "module", "message": _failure_message(error)}
    except Exception as error:  # noqa: BLE001 - any error raised by the module's own code while importing
        return {"problem": "import", "message": _failure_message(error)}
    if func is None:
        return {"problem": "function"}
    arguments = dict(request.get("arguments") or {})
    parameters = _parameters(func)
    for injected in ("configuration", "secrets"):
        if injected in parameters:
            arguments[injected] = None
    try:
        inspect.signature(func).bind(**arguments)
    except ValueError:
        return {}
    except TypeError as error:
        text = str(error)
        if "missing" in text:
            return {"problem": "missing", "name": _quoted_name(text)}
        if "unexpected" in text:
            return {"problem": "unexpected", "name": _quoted_name(text)}
        return {"problem": "bind", "message": text}
    return {}


def call(request):
    module_name, func_name = request["module"], request["func"]
    try:
        func = getattr(importlib.import_module(module_name), func_name)
    except Exception as error:  # noqa: BLE001 - a module gone or broken since validation (or never validated)
        return {"abort": _failure_message(error)}
    arguments = dict(request.get("arguments") or {})
    parameters = _parameters(func)
    if "secrets" in parameters and request.get("secrets") is not None:
        arguments["secrets"] = request["secrets"]
    if "configuration" in parameters:
        arguments["configuration"] = request.get("configuration") or {}
    try:
        output = func(**arguments)
    except Exception as error:  # noqa: BLE001 - chaoslib turns any Exception into ActivityFailed
        message = _failure_message(error)
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
        lines.append("%s: %s\n" % (ACTIVITY_FAILED, message))
        return {"failed": message, "exception": lines}
    try:
        return {"output": json.loads(json.dumps(output, default=_journal_value, allow_nan=False))}
    except _Unserializable as error:
        return {"unserializable": type(error.value).__name__, "repr": repr(error.value)[:80]}
    except (TypeError, ValueError) as error:
        return {"unserializable": type(output).__name__, "repr": "%s (%s)" % (repr(output)[:80], error)}


def _is_chaoslib(error, class_name):
    # chaoslib may be absent: an extension's exception counts by its class (or a base) name in chaoslib.exceptions.
    return any(
        cls.__name__ == class_name and cls.__module__ == "chaoslib.exceptions" for cls in type(error).__mro__
    )


def validate_control(request):
    # chaoslib's validate_python_control: an ImportError is only a warning; then the module's own validate_control.
    try:
        module = importlib.import_module(request["module"])
    except ImportError as error:
        return {"problem": "module", "message": _failure_message(error)}
    except Exception as error:  # noqa: BLE001 - any error raised by the module's own code while importing
        return {"problem": "import", "message": _failure_message(error)}
    check = getattr(module, "validate_control", None)
    if check is None:
        return {}
    try:
        check(request["control"])
    except Exception as error:  # noqa: BLE001 - a ChaosException makes the experiment invalid; anything else too here
        kind = "invalid" if _is_chaoslib(error, "ChaosException") else "crash"
        return {"problem": kind, "message": str(error) if kind == "invalid" else _failure_message(error)}
    return {}


# What a hook may change that the run sees: upstream hands it the runner's own objects.
_LIVE = ("context", "state", "experiment", "configuration", "secrets")


def _changes(handed, before):
    # The objects the hook changed in place, and the names of those it filled with values JSON cannot hold.
    changed, unserializable = {}, []
    for name, value in handed.items():
        try:
            now = json.dumps(value, default=_journal_value, allow_nan=False)
        except (_Unserializable, TypeError, ValueError):
            unserializable.append(name)
            continue
        if now != before[name]:
            changed[name] = json.loads(now)
    return changed, unserializable


def control(request):
    # One control hook, as chaoslib's apply_python_control calls it: the control's arguments plus the values the
    # function names among its parameters; lifecycle hooks also get context. A module or hook that is not there
    # does nothing. The answer carries what the hook changed of the objects it was handed, even when it raised.
    try:
        module = importlib.import_module(request["module"])
    except Exception as error:  # noqa: BLE001 - upstream skips every hook of a control it cannot import
        return {"skipped": _failure_message(error)}
    func = getattr(module, request["hook"], None)
    if func is None:
        return {"skipped": "no function " + request["hook"]}
    arguments = dict(request.get("arguments") or {})
    parameters = _parameters(func)
    handed = {}
    for name, value in (request.get("inject") or {}).items():
        if name in parameters:
            arguments[name] = value
            handed[name] = value
    if "context" in request:
        handed["context"] = request["context"]
    handed = {name: value for name, value in handed.items() if name in _LIVE and isinstance(value, (dict, list))}
    before = {name: json.dumps(value) for name, value in handed.items()}
    answer = {}
    try:
        if request["hook"] == "cleanup_control":
            func()
        elif "context" in request:
            func(context=request["context"], **arguments)
        else:
            func(**arguments)
    except BaseException as error:  # noqa: BLE001 - InterruptExecution and SystemExit stop the run; the rest is logged
        message = _failure_message(error)
        if _is_chaoslib(error, "InterruptExecution") or isinstance(error, (SystemExit, KeyboardInterrupt)):
            answer = {"interrupt": message}
        else:
            answer = {"error": message}
    changed, unserializable = _changes(handed, before)
    if changed:
        answer["changed"] = changed
    if unserializable:
        answer["unserializable"] = unserializable
    return answer


def main():
    # Python puts this script's folder first on sys.path; chaos's own entry point does not, so neither does the bridge.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]
    requests, answers = _protocol_streams()
    answers.write(json.dumps({"python": sys.version.split()[0]}) + "\n")
    answers.flush()
    for line in requests:
        request = json.loads(line)
        answer = OPERATIONS[request.get("op")](request)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


OPERATIONS = {"validate": validate, "call": call, "validate_control": validate_control, "control": control}

if __name__ == "__main__":
    main()
