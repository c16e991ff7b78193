"""Device type from a DHCP fingerprint: the rules are data (`fingerprints.yaml`, sources noted there).

`classify(params, vendor_class, hostname)` -> "phone" | "laptop" | "tablet" | "other". The hostname is
read here and forgotten: only the type is kept.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

TYPES = ("phone", "laptop", "tablet", "other")
TABLE = Path(__file__).with_name("fingerprints.yaml")


@dataclass(frozen=True)
class Rule:
    type: str
    hostname: re.Pattern | None = None
    vendor_class: str | None = None
    params: tuple[int, ...] | None = None
    params_prefix: tuple[int, ...] | None = None

    def matches(self, params: tuple[int, ...] | None, vendor_class: str | None, hostname: str | None) -> bool:
        if self.hostname is not None and not (hostname and self.hostname.search(hostname)):
            return False
        if self.vendor_class is not None and not (vendor_class and vendor_class.lower().startswith(self.vendor_class)):
            return False
        if self.params is not None and params != self.params:
            return False
        if self.params_prefix is not None and (params is None or params[:len(self.params_prefix)] != self.params_prefix):
            return False
        return True


def load_rules(path: Path = TABLE) -> tuple[Rule, ...]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for i, r in enumerate(doc["rules"]):
        if r.get("type") not in TYPES:
            raise ValueError(f"{path.name}: rule {i}: type must be one of {', '.join(TYPES)}")
        keys = set(r) - {"type", "source"}
        if not keys or keys - {"hostname", "vendor_class", "params", "params_prefix"}:
            raise ValueError(f"{path.name}: rule {i}: unknown or missing match keys {sorted(keys)}")
        rules.append(Rule(
            type=r["type"],
            hostname=re.compile(r["hostname"], re.IGNORECASE) if "hostname" in r else None,
            vendor_class=r["vendor_class"].lower() if "vendor_class" in r else None,
            params=tuple(r["params"]) if "params" in r else None,
            params_prefix=tuple(r["params_prefix"]) if "params_prefix" in r else None,
        ))
    return tuple(rules)


@functools.cache
def _rules() -> tuple[Rule, ...]:
    return load_rules()


def classify(params: tuple[int, ...] | None, vendor_class: str | None, hostname: str | None = None) -> str:
    for rule in _rules():
        if rule.matches(params, vendor_class, hostname):
            return rule.type
    return "other"
