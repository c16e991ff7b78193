"""Parse a log file in a second process while this one writes (large imports).

With one process, parsing and row building (pseudonyms, dedup hashes, COPY
formatting) share the GIL with session pairing and the database writes, so
they add up even on a machine with a spare core. For a large file, `import_file`
forks a child that reads and parses the file, builds the event rows with the
store's own `RowBuilder`, formats them as binary COPY data and streams them to
the parent over a pipe, a few thousand lines per frame:

    header: 8-byte big-endian lengths of the pickled metadata and of the COPY data
    metadata: pickle of (kind, payload); kind "part", "end" (of a batch), "done", "error"
    COPY data: a part's event rows in binary COPY format (no header or trailer)

The parent turns each part back into a `Prepared` for `PortalStore.write_stream`:
the COPY data goes to the server as it comes (the server stores rows while the
child parses the rest of the batch), the session events to the pairer, the
quarantined lines to `log_quarantine`; a batch is still one transaction.

Forking (rather than starting Python again) costs milliseconds instead of a
fifth of a second, and the child finds everything set up: the pseudonymiser,
the resolved site ids, and the store connection's type adapters for the COPY
formatting. The child never does I/O on that connection and leaves with
`os._exit`, so nothing of the parent's is closed or flushed twice. Forking a
process that runs other threads is unsafe (a lock held by one of them stays
held in the child), so `available()` is false then and the import parses in
process. The child runs in its own process group: a Ctrl-C reaches only the
parent, which stops reading and kills the child.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import threading
import traceback
from collections.abc import Iterator

from collector.portal.event import PortalEvent
from collector.portal.rows import Prepared

_HEADER = struct.Struct(">QQ")
PIPE_SIZE = 1 << 20
PART, END, DONE, ERROR = "part", "end", "done", "error"


class ProducerError(RuntimeError):
    """The child process failed or ended early."""


def available() -> bool:
    """Forking is safe only when this process runs no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Producer:
    """The parent's end: iterate over the parts of one file's batches: `Prepared`
    parts, and `END` after the last part of each batch.

    `parts` is a callable run in the child; it yields (parse results, last part of
    its batch?). `builder` turns results into rows; `cursor` supplies the
    adapters for the COPY formatting (no I/O is done on it)."""

    def __init__(self, parts, builder, cursor, source: str) -> None:
        r, w = os.pipe()
        _widen(w)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(r)
            _child(w, parts, builder, cursor, source)
        os.close(w)
        self.pid: int | None = pid
        try:
            os.setpgid(pid, pid)  # also done by the child: whichever runs first
        except OSError:
            pass
        self.stream = os.fdopen(r, "rb", buffering=1 << 20)

    def __iter__(self) -> Iterator[Prepared | str]:
        read = self.stream.read
        while True:
            head = read(_HEADER.size)
            if len(head) < _HEADER.size:
                raise ProducerError(f"portal import worker ended unexpectedly ({self._status()})")
            meta_len, blob_len = _HEADER.unpack(head)
            meta = read(meta_len)
            blob = read(blob_len) if blob_len else None
            if len(meta) < meta_len or (blob_len and len(blob) < blob_len):
                raise ProducerError(f"portal import worker ended in the middle of a batch ({self._status()})")
            kind, payload = pickle.loads(meta)
            if kind == PART:
                yield _part(payload, blob)
            elif kind == END:
                yield END
            elif kind == DONE:
                return
            else:  # the child's exception itself when it could be sent (an OSError stays one)
                exc, text = payload
                if exc is not None:
                    raise exc from ProducerError(f"in the portal import worker: {text}")
                raise ProducerError(f"portal import worker failed: {text}")

    def _status(self) -> str:
        pid, self.pid = self.pid, None
        if pid is None:
            return "reaped"
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored)
            return "exit status unknown"
        return f"exit status {os.waitstatus_to_exitcode(status)}"

    def close(self) -> None:
        """Kill the child if it still runs, and reap it."""
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):  # gone, or reaped elsewhere
                pass
        self.stream.close()

    def __enter__(self) -> "Producer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _widen(fd: int) -> None:
    """A pipe of 1 MiB (Linux; 64 KiB by default) holds a whole part: the child can
    write it while the parent's threads are busy and reads it later in one go."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
    except (ImportError, OSError):
        pass


def _part(payload: tuple, blob: bytes | None) -> Prepared:
    pending, quarantine, events, fresh, other, line, leases = payload
    out = Prepared(quarantine=quarantine, events=events, fresh=fresh, other=other, blob=blob, line=line,
                   leases=leases)
    # (key, PortalEvent fields, randomized) -> the pairer's input, see RowBuilder.build and _frame
    out.pending = [(key, PortalEvent(*f), f[12], f[4], f[3], randomized) for key, f, randomized in pending]
    return out


# ---------------------------------------------------------------------- child


def _child(fd: int, parts, builder, cursor, source: str) -> None:
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            os.setpgid(0, 0)
        except OSError:
            pass
        with open(fd, "wb", buffering=1 << 20) as out:
            try:
                seen: set[bytes] = set()  # dedup keys of the batch so far
                for results, last in parts():
                    if results:
                        _send(out, PART, *_frame(builder, cursor, results, source, seen))
                    if last:
                        _send(out, END, None)
                        seen = set()
                _send(out, DONE, None)
                code = 0
            except BrokenPipeError:
                raise
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                try:
                    pickle.loads(pickle.dumps(exc))
                except Exception:  # noqa: BLE001 - cannot travel: the text only
                    exc = None
                _send(out, ERROR, (exc, text))
    except BaseException:  # noqa: BLE001 - the parent stopped reading (Ctrl-C, its own error)
        pass
    finally:
        os._exit(code)


def _send(out, kind: str, payload, blob=b"") -> None:
    meta = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(meta), len(blob)))
    out.write(meta)
    if blob:
        out.write(blob)


def _frame(builder, cursor, results: list, source: str, seen: set[bytes]) -> tuple[tuple, memoryview | bytes]:
    from collector.portal import pgcopy

    b = builder.build(results, source, seen)
    blob = pgcopy.format_body(cursor, pgcopy.EVENT_TYPES, b.rows) if b.rows else b""
    # what the pairer reads of each event, in PortalEvent's field order, with the pseudonyms
    # as user/mac and the source set: kind, time, format, user, mac, ip, bytes_in, bytes_out,
    # duration_s, reason, session_id, host, source, site
    pending = [(key, (ev.kind, ev.time, ev.format, user_id, device, ev.ip, ev.bytes_in, ev.bytes_out, ev.duration_s,
                      ev.reason, ev.session_id, ev.host, source_, ev.site), randomized)
               for key, ev, source_, device, user_id, randomized in b.pending]
    return (pending, b.quarantine, b.events, b.fresh, b.other, results[-1].line or 0, b.leases), blob
