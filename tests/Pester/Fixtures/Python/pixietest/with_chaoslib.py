"""An activity written as extensions are: against chaoslib's exceptions and types."""

from chaoslib.exceptions import ActivityFailed
from chaoslib.types import Configuration


def refuse(configuration: Configuration = None):
    raise ActivityFailed("the cluster refused: " + (configuration or {}).get("cluster", "?"))
