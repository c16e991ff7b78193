"""The collector's user-facing error: one clear line, no traceback (unless --debug)."""


class KunangError(Exception):
    """An error the operator can act on; its message is printed as one line."""


class ConfigError(KunangError):
    """The configuration file is missing or invalid."""


class StoreError(KunangError):
    """The database cannot be reached or used."""
