"""Reading `kunang.yaml`: ${ENV} expansion, strict validation, every problem with its field path."""

from __future__ import annotations

import os
import re
import stat
import warnings
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from collector.config.cross import cross_problems
from collector.config.model import CHANNEL_TYPES, Config
from collector.config.types import DEFAULT_FILE, ENV_REF
from collector.errors import ConfigError

# --------------------------------------------------------------------------- loading


class ConfigProblems(ConfigError):
    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n" + "\n".join(f"  {p}" for p in problems))


def _fmt_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after[_check()]",) or str(part).startswith(("function-", "tagged-union")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _fmt_error(err: dict) -> list[str]:
    # drop union branch names such as "SnmpCredentials" or "str" from locations
    loc = tuple(
        p for p in err["loc"]
        if not (isinstance(p, str) and (p[:1].isupper() or p in ("str", "date", "none", *CHANNEL_TYPES)))
    )
    where = _fmt_loc(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        msg = "unknown key"
    elif kind == "missing":
        msg = "required"
    elif kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        msg = "must be one of " + expected.replace("'", "").replace(" or ", ", ")
    elif kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        where = f"{where}.{ctx.get('discriminator', 'type').strip(chr(39))}"
        msg = "must be one of " + str(ctx.get("expected_tags", "")).replace("'", "")
    elif kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
    else:
        msg = err["msg"][0].lower() + err["msg"][1:]
    lines = msg.split("\n")
    out = []
    for line in lines:
        if re.match(r"^[a-z_]+(\[\d+\])?[.:\[]", line) and ":" in line:
            sub, rest = line.split(":", 1)
            # a model-level check that names a sub-field itself
            out.append(f"{where + '.' if where else ''}{sub}:{rest}")
        else:
            out.append(f"{where or '(top level)'}: {line}")
    return out


def expand_env(node: Any, path: str = "", problems: list[str] | None = None, placeholder: bool = False) -> Any:
    """Replace `${VAR}` in every string; missing variables are problems naming the field.

    With `placeholder`, a missing variable becomes a non-empty stand-in (for
    `check-config` on a machine that does not hold the production secrets).
    """
    if problems is None:
        problems = []
    if isinstance(node, dict):
        return {k: expand_env(v, f"{path}.{k}" if path else str(k), problems, placeholder) for k, v in node.items()}
    if isinstance(node, list):
        return [expand_env(v, f"{path}[{i}]", problems, placeholder) for i, v in enumerate(node)]
    if isinstance(node, str) and "${" in node:
        def sub(m: re.Match) -> str:
            val = os.environ.get(m.group(1))
            if val is None:
                problems.append(f"{path}: environment variable {m.group(1)} is not set")
                return f"unset-{m.group(1)}" if placeholder else ""
            return val
        return ENV_REF.sub(sub, node)
    return node


SECRET_KEYS = {"community", "auth_key", "priv_key", "password", "bot_token", "secret", "key", "dsn", "secret_key", "password_hash"}


def _literal_secrets(node: Any) -> bool:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in SECRET_KEYS and isinstance(v, (str, int)) and v != "" and not (isinstance(v, str) and ENV_REF.fullmatch(v.strip())):
                return True
            if _literal_secrets(v):
                return True
    elif isinstance(node, list):
        return any(_literal_secrets(v) for v in node)
    return False


def resolve_path(path: str | os.PathLike | None) -> Path | None:
    if path:
        return Path(path)
    env = os.environ.get("KUNANG_CONFIG")
    if env:
        return Path(env)
    if Path(DEFAULT_FILE).exists():
        return Path(DEFAULT_FILE)
    return None


def parse_config(raw: Any, source: str = "<config>", unset_env: list[str] | None = None) -> Config:
    """Validate a parsed YAML document.

    Unset `${VAR}` references are errors, unless `unset_env` is a list: then
    they are collected there (as warnings) and validation goes on.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigProblems(source, ["(top level): must be a mapping of sections"])
    env_problems: list[str] = []
    expanded = expand_env(raw, problems=env_problems, placeholder=unset_env is not None)
    problems = [] if unset_env is not None else list(env_problems)
    if unset_env is not None:
        unset_env.extend(env_problems)
    try:
        cfg = Config.model_validate(expanded)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.extend(_fmt_error(err))
        # the names one section gives and another uses, checked on the document as it is: every problem at once
        if isinstance(expanded, dict):
            problems.extend(p for p in cross_problems(expanded) if p not in problems)
        raise ConfigProblems(source, problems) from None
    if problems:
        raise ConfigProblems(source, problems)
    return cfg


def load_config(
    path: str | os.PathLike | None = None, *, required: bool = False, unset_env: list[str] | None = None
) -> Config:
    """Load and validate the configuration; with no file found, defaults (unless required)."""
    p = resolve_path(path)
    if p is None:
        if required:
            # nothing is created: no embedded database in a folder that holds no configuration
            raise ConfigError(f"no configuration found (no --config, no KUNANG_CONFIG, no ./{DEFAULT_FILE} in "
                              f"{Path.cwd()}): copy config/kunang.example.yaml to ./{DEFAULT_FILE} and edit it, "
                              "or try `kunang demo`")
        return Config()
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read configuration file ({exc})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigProblems(str(p), [f"(yaml){where}: {reason}"]) from None
    cfg = parse_config(raw, str(p), unset_env)
    if any(not Path(d).is_absolute() for d in cfg.snmp.profile_dirs):  # relative to the file
        snmp = cfg.snmp.model_copy(update={"profile_dirs": [str(p.parent / d) for d in cfg.snmp.profile_dirs]})
        cfg = cfg.model_copy(update={"snmp": snmp})
    try:
        mode = p.stat().st_mode
        if mode & stat.S_IROTH and _literal_secrets(raw):
            warnings.warn(
                f"{p} holds secrets and is readable by every user on this machine; run: chmod 600 {p}",
                stacklevel=2,
            )
    except OSError:
        pass
    return cfg
