"""The operator's one configuration file, `kunang.yaml`, validated strictly.

Unknown keys are errors; every problem is reported with its field path
(`sites[2].aps[0].snmp.version: must be one of 1, 2c, 3`). Strings may hold
`${ENV_VAR}` references, expanded at load. Secrets are `Secret` values whose
repr and str are redacted, so they never reach a log line.
"""

from collector.config.load import (  # noqa: F401
    ConfigProblems,
    expand_env,
    load_config,
    parse_config,
    resolve_path,
)
from collector.config.model import *  # noqa: F401,F403
from collector.config.model import Config  # noqa: F401
from collector.config.sites import AccessPoint, Holiday, OpeningHours, Site, SnmpCredentials  # noqa: F401
from collector.config.types import DEFAULT_FILE, WEEKDAYS, Secret, SecretStr  # noqa: F401
