"""Building blocks of the configuration models: strict base model, secrets, time zones."""

from __future__ import annotations

import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
DEFAULT_FILE = "kunang.yaml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Secret(str):
    """A string that never shows itself in repr/str formatting of models or logs."""

    def __repr__(self) -> str:  # pragma: no cover - trivial
        return "Secret('***')"

    def reveal(self) -> str:
        return str.__str__(self)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _to_secret,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: "***" if v else v),
        )


def _to_secret(v: Any) -> Secret | None:
    if v is None:
        return None
    if isinstance(v, (int, float)):
        v = str(v)
    if not isinstance(v, str):
        raise ValueError("must be a string")
    return Secret(v)


SecretStr = Secret


def _tz(v: str) -> str:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {v!r} (use an IANA name such as Asia/Makassar)") from None
    return v


TimeZone = Annotated[str, AfterValidator(_tz)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


