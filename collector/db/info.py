"""What `kunang db info` reports: mode, versions, sizes, row counts and, on
TimescaleDB, hypertables, continuous aggregates, compression and policy jobs."""

from __future__ import annotations

import psycopg

from collector.db.connect import Database, describe
from collector.db.migrate import storage_mode
from collector.db.queries import query

COUNTED = ("site", "ap", "ap_sample", "client_session", "portal_event", "portal_session", "log_quarantine")
RAW = ("ap_sample", "ap_ssid_sample", "ap_radio_sample", "if_sample")


def _timescale(conn) -> dict:
    hypertables = {r[0]: {"chunk_interval": str(r[1]) if r[1] is not None else None, "chunks": r[2],
                          "bytes": r[3] or 0} for r in conn.execute(query("tsdb_hypertables"))}
    for t, chunks, compressed, before, after in conn.execute(query("tsdb_compression")):
        if t in hypertables:
            hypertables[t] |= {"compressed_chunks": compressed or 0, "before_compression_bytes": before,
                               "after_compression_bytes": after,
                               "compression_ratio": round(before / after, 1) if before and after else None}
    caggs = [{"view": r[0], "materialized_only": r[1], "compressed": r[2], "materialization": r[3],
              "bytes": r[4] or 0} for r in conn.execute(query("tsdb_continuous_aggregates"))]
    jobs = []
    for r in conn.execute(query("tsdb_jobs")):
        jobs.append({"job_id": r[0], "proc": r[1], "relation": r[2], "schedule_interval": str(r[3]),
                     "config": r[4], "scheduled": r[5], "last_run_status": r[6], "last_successful_finish": r[7],
                     "total_runs": r[8], "total_failures": r[9], "next_start": r[10], "last_error": r[11],
                     "kunang_run": None if r[12] is None else {"at": r[12], "ok": r[13], "error": r[14],
                                                              "runs": r[15]}})
    before = sum(h.get("before_compression_bytes") or 0 for t, h in hypertables.items() if t in RAW)
    after = sum(h.get("after_compression_bytes") or 0 for t, h in hypertables.items() if t in RAW)
    return {"hypertables": hypertables, "continuous_aggregates": caggs, "jobs": jobs,
            "raw_compression_ratio": round(before / after, 1) if before and after else None}


# intake counters that are losses (flagged when not zero)
DROPS = ("kernel_drops", "spool_dropped", "unknown_peer", "truncated")


def collect(db: Database) -> dict:
    with psycopg.connect(db.dsn) as conn:
        server = conn.execute(query("server_version")).fetchone()[0]
        mode = storage_mode(conn)
        tsdb = conn.execute(query("timescaledb_version")).fetchone()
        if mode != "timescaledb":
            tsdb = None  # the extension may exist on the server, but Kunang's tables are plain
        version = conn.execute(query("schema_version")).fetchone()[0]
        database_bytes = conn.execute(query("database_size")).fetchone()[0]
        tables = {r[0]: {"bytes": r[1]} for r in conn.execute(query("db_info"))}
        ts = _timescale(conn) if tsdb else None
        if ts:
            for name, h in ts["hypertables"].items():
                tables.setdefault(name, {})["bytes"] = h["bytes"]
        for name in COUNTED:
            if name in tables:
                # exact counts for the tables people ask about (small or indexed enough)
                tables[name]["rows"] = conn.execute(
                    psycopg.sql.SQL(query("count_rows")).format(table=psycopg.sql.Identifier(name))
                ).fetchone()[0]
        intake = [{"collector": r[0], "source": r[1], "name": r[2], "value": r[3], "updated": r[4]}
                  for r in conn.execute(query("intake_counters"))]
    return {
        "intake": intake,
        "mode": db.mode,
        "location": str(db.data_dir) if db.data_dir else describe(db.dsn),
        "server_version": server,
        "storage": mode,
        "timescaledb_version": tsdb[0] if tsdb else None,
        "schema_version": version,
        "database_bytes": database_bytes,
        "tables": tables,
        "timescaledb": ts,
    }


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


T = {
    "database": ("database:", "basis data:"),
    "server": ("server:", "server:"),
    "storage": ("storage:", "penyimpanan:"),
    "plain": ("plain PostgreSQL", "PostgreSQL biasa"),
    "schema": ("schema:", "skema:"),
    "version": ("version", "versi"),
    "size": ("size:", "ukuran:"),
    "tables": ("tables:", "tabel:"),
    "rows": ("rows", "baris"),
    "hypertables": ("hypertables (chunk interval, chunks, compressed, size, before -> after compression):",
                    "hypertable (interval chunk, chunk, terkompresi, ukuran, sebelum -> sesudah kompresi):"),
    "caggs": ("continuous aggregates:", "continuous aggregate:"),
    "realtime": ("real-time", "real-time"),
    "materialized_only": ("materialized only", "hanya termaterialisasi"),
    "ratio": ("compression of raw samples: {r}x", "kompresi sampel mentah: {r}x"),
    "no_ratio": ("compression of raw samples: no chunk compressed yet",
                 "kompresi sampel mentah: belum ada chunk yang terkompresi"),
    "jobs": ("policy jobs: {n}, last background run failed: {f}",
             "job kebijakan: {n}, eksekusi latar terakhir gagal: {f}"),
    "never": ("not run yet", "belum pernah berjalan"),
    "every": ("every", "setiap"),
    "failures": ("{n} failure(s)", "{n} kali gagal"),
    "kunang_ok": ("run by Kunang at {at:%Y-%m-%d %H:%M} UTC: ok", "dijalankan Kunang pada {at:%Y-%m-%d %H:%M} UTC: berhasil"),
    "kunang_failed": ("run by Kunang at {at:%Y-%m-%d %H:%M} UTC: failed ({e})",
                      "dijalankan Kunang pada {at:%Y-%m-%d %H:%M} UTC: gagal ({e})"),
    "intake": ("intake per source (totals; lost: never kept):", "penerimaan per sumber (total; hilang: tidak tersimpan):"),
    "lost": ("lost", "hilang"),
    "note_failing": ("TimescaleDB's background jobs are failing; the collector runs them itself every hour "
                     "(see docs/deploy.md).",
                     "Job latar TimescaleDB gagal; collector menjalankannya sendiri setiap jam "
                     "(lihat docs/deploy.md)."),
}


def render(d: dict, lang: str = "en") -> str:
    i = 0 if lang == "en" else 1
    t = {k: v[i] for k, v in T.items()}
    storage = f"TimescaleDB {d['timescaledb_version']}" if d["timescaledb_version"] else t["plain"]
    w = 11 if lang == "en" else 13
    lines = [
        f"{t['database']:<{w}}{d['mode']} ({d['location']})",
        f"{t['server']:<{w}}PostgreSQL {d['server_version']}",
        f"{t['storage']:<{w}}{storage}",
        f"{t['schema']:<{w}}{t['version']} {d['schema_version']}",
        f"{t['size']:<{w}}{_size(d['database_bytes'])}",
        t["tables"],
    ]
    for name, tb in sorted(d["tables"].items()):
        rows = f"{tb['rows']:>12,} {t['rows']:<5}" if "rows" in tb else " " * 18
        lines.append(f"  {name:<24} {rows}  {_size(tb['bytes']):>10}")
    if d.get("intake"):
        lines.append(t["intake"])
        for c in d["intake"]:
            flag = f"  <- {t['lost']}" if c["name"] in DROPS and c["value"] else ""
            lines.append(f"  {c['collector'] + '/' + c['source']:<24} {c['name']:<14} {c['value']:>12,}{flag}")
    ts = d.get("timescaledb")
    if not ts:
        return "\n".join(lines)
    lines.append(t["hypertables"])
    for name, h in sorted(ts["hypertables"].items()):
        comp = ""
        if h.get("after_compression_bytes"):
            comp = (f"  {_size(h['before_compression_bytes'])} -> {_size(h['after_compression_bytes'])}"
                    f" ({h['compression_ratio']}x)")
        lines.append(f"  {name:<24} {h['chunk_interval'] or '-':>8} {h['chunks']:>6} {h.get('compressed_chunks', 0):>6}"
                     f"  {_size(h['bytes']):>10}{comp}")
    lines.append(t["caggs"])
    for c in ts["continuous_aggregates"]:
        kind = t["materialized_only"] if c["materialized_only"] else t["realtime"]
        lines.append(f"  {c['view']:<24} {kind:<22} {_size(c['bytes']):>10}  ({c['materialization']})")
    r = ts["raw_compression_ratio"]
    lines.append(t["ratio"].format(r=r) if r else t["no_ratio"])
    failing = [j for j in ts["jobs"] if j["last_run_status"] == "Failed"]
    lines.append(t["jobs"].format(n=len(ts["jobs"]), f=len(failing)))
    for j in ts["jobs"]:
        settings = ", ".join(f"{k} {v}" for k, v in (j["config"] or {}).items()
                             if k in ("drop_after", "compress_after", "start_offset", "end_offset"))
        status = j["last_run_status"] or t["never"]
        if j["total_failures"]:
            status += ", " + t["failures"].format(n=j["total_failures"])
        lines.append(f"  {j['job_id']:>5} {j['proc']:<36} {j['relation']:<16} {settings} "
                     f"({t['every']} {j['schedule_interval']}): {status}")
        if j["last_run_status"] == "Failed" and j["last_error"]:
            lines.append(f"        {j['last_error']}")
        k = j["kunang_run"]
        if k:
            lines.append("        " + (t["kunang_ok"].format(at=k["at"]) if k["ok"]
                                       else t["kunang_failed"].format(at=k["at"], e=k["error"])))
    if failing:
        lines.append(t["note_failing"])
    return "\n".join(lines)
