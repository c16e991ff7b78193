"""What a parser needs to know besides the line: site zone, reference time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo


@dataclass(slots=True)
class ParseContext:
    """`tz`: the site's zone, for lines without one. `now`: reference time for
    RFC 3164 year inference (None: the wall clock). `received_at`: when a live
    message arrived, used if the line carries no time at all. `site`: the site
    the source belongs to."""

    tz: tzinfo = timezone.utc
    now: datetime | None = None
    site: str | None = None
    received_at: datetime | None = None

    def reference(self) -> datetime:
        if self.now is not None:
            return self.now
        return datetime.now(self.tz)
