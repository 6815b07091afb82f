"""An activity written as extensions are: against chaoslib's exceptions and types."""

from chaoslib.exceptions import ActivityFailed, InterruptExecution
from chaoslib.types import Configuration


def refuse(configuration: Configuration = None):
    raise ActivityFailed("the cluster refused: " + (configuration or {}).get("cluster", "?"))


def interrupt():
    raise InterruptExecution("stop here")
