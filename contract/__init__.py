"""The contract between Kunang's two programs, besides the database schema.

The collector (`collector/`, the `kunang` command) and the dashboard
(`dashboard/`, also the monthly reports) never import each other: they run as
separate processes and meet in the database (collector/db/migrations and
collector/db/functions). What else they must agree on is here, and both import
it from here:

- how `kunang dashboard` and `kunang report` hand their configuration to the
  child process: the environment variables below, holding the database and a
  JSON object of settings, its keys named here (DASHBOARD_KEYS, REPORT_KEYS;
  tests/foundation/test_fnd010_contract.py checks both sides against them);
- the password-hash scheme: `kunang dashboard hash-password` writes hashes into
  kunang.yaml, the dashboard checks logins against them;
- after how many poll intervals without a poll round the collector counts as
  stopped (STALLED_AFTER_POLLS): the collector alerts, the dashboard notes it;
- which parts of a free-text line are MAC addresses (MAC_IN_TEXT): the
  collector replaces them by pseudonyms before it stores a quarantined line
  (collector/privacy.py `scrub`), the dashboard masks any that a line stored by
  an older version still holds (dashboard/pages/quality.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

# ----------------------------------------------------------------- child process environment

ENV_DSN = "KUNANG_DSN"                          # the database (libpq connection string or URI)
ENV_DASHBOARD_CONFIG = "KUNANG_DASHBOARD_CONFIG"  # JSON: the dashboard's settings
ENV_REPORT_SETTINGS = "KUNANG_REPORT_SETTINGS"    # JSON: the report command's settings

# keys of the dashboard's JSON besides `users` ([{username, password_hash, role, language}]);
# written by collector/commands/dashboard.py (`dashboard_json`), read by dashboard/settings.py;
# `reports`: {output_dir, languages, formats}, read by the report page (dashboard/pages/reports.py);
# `refresh_s` and `health_check_s` are the dashboard's own defaults unless given (tests shorten them)
DASHBOARD_KEYS = frozenset({
    "language", "secret_key", "secure_cookies", "address", "port", "name", "rotating_salt",
    "visitor_min_minutes", "session_gap_minutes", "returning_window_days", "poll_interval_s",
    "refresh_s", "health_check_s", "pool_size", "statement_timeout_s", "trusted_proxy", "reports",
})

# keys of the report command's JSON: written by collector/commands/report.py (`child_settings`), read by
# dashboard/reports/cli.py (the builder's Settings, `timezone`, `language`; `reports` {languages, formats,
# recipients, output_dir} and `smtp` by the delivery)
REPORT_KEYS = frozenset({
    "organisation", "language", "timezone", "session_gap_minutes", "visitor_min_minutes",
    "returning_window_days", "rotating_salt", "reports", "smtp",
})

# ----------------------------------------------------------------- password hashes
# Self-describing:
#     scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>        (written)
#     pbkdf2_sha256$<iterations>$<salt, base64>$<hash, base64>  (also accepted)

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 8  # characters, enforced by `kunang dashboard hash-password`


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    dk = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(dk)}"


def verify_password(password: str, encoded: str) -> bool:
    """True if `password` matches `encoded`; False for a wrong password or a malformed hash."""
    try:
        parts = encoded.split("$")
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            if n > 2**20 or r > 32 or p > 16:
                return False
            salt, want = base64.b64decode(parts[4]), base64.b64decode(parts[5])
            got = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(want),
                                 maxmem=256 * 1024 * 1024)
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations = int(parts[1])
            salt, want = base64.b64decode(parts[2]), base64.b64decode(parts[3])
            got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations, len(want))
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


# ----------------------------------------------------------------- a stopped collector
# No poll round for this many poll intervals: the collector has stopped (or stalled). The collector's
# `collector_stalled` alert (collector/alerts/checks.py) and the dashboard's out-of-date note
# (dashboard/charts/overview.py `is_stale`, which waits at least STALE_FLOOR_S: the page itself refreshes at most
# once a minute) count by it.

STALLED_AFTER_POLLS = 3
STALE_FLOOR_S = 180


# ----------------------------------------------------------------- MAC addresses in free text
# The spellings of collector/identifiers.py that are written with separators: six pairs (`:` `-` `.`),
# three groups of four (Cisco `aabb.ccdd.eeff`, Huawei `AABB-CCDD-EEFF`), two groups of six (HP
# `aabbcc-ddeeff`, `aabbcc:ddeeff`). Bare twelve hex digits are left alone: in free text they are as often an ID or a
# number, and the pseudonyms put in their place (`dev:` and twelve hex digits) must not match again.

MAC_IN_TEXT = re.compile(
    r"\b(?:[0-9A-Fa-f]{2}[:.\-]){5}[0-9A-Fa-f]{2}\b"
    r"|\b[0-9A-Fa-f]{4}([.\-])[0-9A-Fa-f]{4}\1[0-9A-Fa-f]{4}\b"
    r"|\b[0-9A-Fa-f]{6}[:\-][0-9A-Fa-f]{6}\b")
