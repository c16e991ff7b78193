"""INLISLite's labels (master tables differ between installations) mapped to
stable category keys, so individual and group visits add up and libraries
compare. Unknown labels keep their own (trimmed) text: nothing is lost.
Purposes keep INLISLite's own label."""

from __future__ import annotations

import re

UNKNOWN = "unknown"
GENDERS = ("male", "female")
EDUCATION = ("none", "sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3")
PROFESSIONS = ("civil_servant", "private_employee", "researcher", "teacher", "lecturer", "retired",
               "military_police", "entrepreneur", "pupil", "student", "farmer_fisher", "homemaker", "other")

_GENDER = ((re.compile(r"laki|pria|male\b|^l$", re.I), "male"),
           (re.compile(r"perempuan|wanita|female|^p$", re.I), "female"))
_EDUCATION = (
    (re.compile(r"tidak|belum|^-$", re.I), "none"),
    (re.compile(r"\bs\.?\s?3\b|doktor|doctor", re.I), "s3"),
    (re.compile(r"\bs\.?\s?2\b|magister|master", re.I), "s2"),
    (re.compile(r"\bs\.?\s?1\b|sarjana|bachelor|\bd\.?\s?iv\b|\bd\.?\s?4\b", re.I), "s1"),
    (re.compile(r"\bd\.?\s?(3|iii)\b|diploma\s*(3|iii)", re.I), "d3"),
    (re.compile(r"\bd\.?\s?(2|ii)\b|diploma\s*(2|ii)", re.I), "d2"),
    (re.compile(r"\bd\.?\s?(1|i)\b|diploma\s*(1|i)\b", re.I), "d1"),
    (re.compile(r"\bsma\b|\bslta\b|\bsmk\b|\bma\b|\bstm\b|\bsmea\b|senior high", re.I), "sma"),
    (re.compile(r"\bsmp\b|\bsltp\b|\bmts\b|junior high", re.I), "smp"),
    (re.compile(r"\bsd\b|\bmi\b|sekolah dasar|primary|elementary", re.I), "sd"),
)
_PROFESSION = (
    (re.compile(r"\bpns\b|pegawai negeri|asn\b|civil servant", re.I), "civil_servant"),
    (re.compile(r"tni|polri|polisi|military|police", re.I), "military_police"),
    (re.compile(r"pensiun|retired", re.I), "retired"),
    (re.compile(r"dosen|lecturer", re.I), "lecturer"),
    (re.compile(r"guru|teacher", re.I), "teacher"),
    (re.compile(r"peneliti|research", re.I), "researcher"),
    (re.compile(r"mahasiswa|university student|^student$", re.I), "student"),
    (re.compile(r"pelajar|siswa|pupil", re.I), "pupil"),
    (re.compile(r"wiraswasta|wirausaha|pedagang|usaha|entrepreneur", re.I), "entrepreneur"),
    (re.compile(r"swasta|karyawan|private", re.I), "private_employee"),
    (re.compile(r"tani|nelayan|farmer|fisher", re.I), "farmer_fisher"),
    (re.compile(r"rumah tangga|housewife|homemaker", re.I), "homemaker"),
    (re.compile(r"lain|other", re.I), "other"),
)
# groupguesses head-count columns -> categories
GROUP_PROFESSION = {"CountPNS": "civil_servant", "CountPSwasta": "private_employee", "CountPeneliti": "researcher",
                    "CountGuru": "teacher", "CountDosen": "lecturer", "CountPensiunan": "retired",
                    "CountTNI": "military_police", "CountWiraswasta": "entrepreneur", "CountPelajar": "pupil",
                    "CountMahasiswa": "student", "CountLainnya": "other"}
GROUP_EDUCATION = {"CountSD": "sd", "CountSMP": "smp", "CountSMA": "sma", "CountD1": "d1", "CountD2": "d2",
                   "CountD3": "d3", "CountS1": "s1", "CountS2": "s2", "CountS3": "s3"}


def _clean(label) -> str:
    return " ".join(str(label).split()) if label is not None else ""


def _match(rules, label) -> str:
    text = _clean(label)
    if not text:
        return UNKNOWN
    for rx, key in rules:
        if rx.search(text):
            return key
    return text.lower()[:60]


def gender(label) -> str:
    return _match(_GENDER, label)


def education(label) -> str:
    return _match(_EDUCATION, label)


def profession(label) -> str:
    return _match(_PROFESSION, label)


def purpose(label) -> str:
    text = _clean(label)
    return text[:100] if text else UNKNOWN
