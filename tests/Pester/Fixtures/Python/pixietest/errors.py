class QuotaError(Exception):
    """An error type of the extension's own, which chaoslib names with its module."""
