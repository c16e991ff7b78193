"""The words of `kunang poll`, `kunang record` and `kunang profile`, in English and Bahasa Indonesia.

The language is `--lang`, else the configuration's `language`, else Indonesian (the project's
default, as the other commands). Values (OIDs, file names, profile names, JSON) are not translated.
"""

from __future__ import annotations

import argparse

T = {
    # poll / profile test --explain
    "identified": ("identified as", "dikenali sebagai"),
    "not_identified": ("not identified", "tidak dikenali"),
    "considered": ("rules considered:", "aturan yang diperiksa:"),
    "no_answer_identify": ("not identified: the device did not answer", "tidak dikenali: perangkat tidak menjawab"),
    "no_answer": ("no answer", "tidak ada jawaban"),
    "bad_port": ("HOST[:PORT]: bad port in {text!r}", "HOST[:PORT]: port tidak sah di {text!r}"),
    "env_unset": ("{option}: environment variable {name} is not set", "{option}: variabel lingkungan {name} belum diisi"),
    # profile
    "unknown_profile": ("unknown profile {name!r} (valid: {valid})", "profil {name!r} tidak dikenal (yang sah: {valid})"),
    "no_recording": ("{path}: recording not found", "{path}: rekaman tidak ditemukan"),
    "skipped_lines": ("warning: {n} recording line(s) left out (value does not fit its type), first: {first}",
                      "peringatan: {n} baris rekaman dilewati (nilai tidak sesuai tipenya), yang pertama: {first}"),
    "write_needs_expected": ("--write needs --expected FILE", "--write memerlukan --expected FILE"),
    "wrote_expected": ("wrote {path}: profile {profile}, clients_total {total}",
                       "ditulis {path}: profil {profile}, clients_total {total}"),
    "no_expected": ("{path}: expected file not found (create it with --write, then review it)",
                    "{path}: berkas harapan tidak ditemukan (buat dengan --write, lalu periksa isinya)"),
    "not_json": ("{path}: not JSON: {error}", "{path}: bukan JSON: {error}"),
    "differences": ("{recording}: {n} difference(s) from {path}", "{recording}: {n} perbedaan dari {path}"),
    "same": ("ok: {recording} gives {path} (profile {profile}, clients_total {total})",
             "ok: {recording} menghasilkan {path} (profil {profile}, clients_total {total})"),
    # record
    "bad_subtree": ("--subtree: not a numeric OID: {text!r}", "--subtree: bukan OID angka: {text!r}"),
    "walking": ("record: {n}/{total} subtrees, {values} values ", "record: {n}/{total} subpohon, {values} nilai "),
    "walked": ("record: {total} subtrees walked, {values} values", "record: {total} subpohon ditelusuri, {values} nilai"),
    "stopped": ("{address}: the agent stopped answering while walking {oid}",
                "{address}: agen berhenti menjawab saat menelusuri {oid}"),
    "nothing": ("{address}: the agent answered nothing", "{address}: agen tidak menjawab apa pun"),
    "wrote_recording": ("wrote {path}: {n} values{note}", "ditulis {path}: {n} nilai{note}"),
    "scrubbed": (" (MACs, addresses, serials and names scrubbed)", " (MAC, alamat, nomor seri dan nama disamarkan)"),
}


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("id", "en"), help="language of the messages (default: the config's, else id)")


def language(args: argparse.Namespace) -> str:
    if getattr(args, "lang", None):
        return args.lang
    try:
        from collector.config.load import load_config, resolve_path

        path = resolve_path(getattr(args, "config", None))
        lang = load_config(path).language if path is not None else None
    except Exception:  # noqa: BLE001 - a bad configuration is reported by the command itself, not here
        lang = None
    return lang or "id"


def say(lang: str, key: str, **values) -> str:
    return T[key][0 if lang == "en" else 1].format(**values)
