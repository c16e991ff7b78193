"""Threads inside a network namespace, so that test beds never add a link to the root namespace.

A link added or removed in the root namespace makes Chromium (tests/dashboard, in the other xdist
worker) cancel every request in flight with ERR_NETWORK_CHANGED. Test beds therefore create both
ends of a veth pair inside namespaces (`ip link add A netns N1 type veth peer name B netns N2`) and
delete the namespaces; code of the test process that must reach them runs in a thread that joined
one (`setns(2)` moves only the calling thread; a socket stays in the namespace it was opened in).
"""

from __future__ import annotations

import ctypes
import os
import threading

CLONE_NEWNET = 0x40000000


def enter(ns: str) -> None:
    """Move the calling thread into network namespace `ns` (one `ip netns add` made)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/var/run/netns/{ns}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {ns}")
    finally:
        os.close(fd)


def call_in(ns: str, fn, *args, timeout: float = 120):
    """`fn(*args)` run in a new thread inside `ns`; its result, or its exception raised here."""
    box: dict = {}

    def run():
        try:
            enter(ns)
            box["value"] = fn(*args)
        except BaseException as e:  # handed to the caller
            box["error"] = e

    t = threading.Thread(target=run, name=f"in-{ns}", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError(f"{getattr(fn, '__name__', fn)} in namespace {ns}: still running after {timeout}s")
    if "error" in box:
        raise box["error"]
    return box["value"]
