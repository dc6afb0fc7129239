"""Imported once by the build's worker fork server: workers forked from it start warm.

Importing this module has deliberate side effects:

* :func:`analysis.build.worker.warm_worker` (import Papermill and nbconvert, register the build's
  Papermill engine, render a one-cell notebook so the exporter's templates are compiled). A
  failure here only means workers warm up themselves.
* The fork server ends without tearing down its interpreter. It exits when the build does, and
  unloading the modules imported above took ~0.17 s, during which it still held the build's
  stdout and stderr open: a caller reading them through a pipe (a scheduler's log, CI) waited
  that long after the build had finished. Workers never run this handler (they leave through
  ``os._exit``, as every multiprocessing child does).
"""

from __future__ import annotations

import atexit
import os
import sys

_FORK_SERVER = os.getpid()


def _exit_without_teardown() -> None:
    if os.getpid() == _FORK_SERVER:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - a closed stream has nothing to flush
                pass
        os._exit(0)


try:
    from analysis.build.worker import warm_worker

    warm_worker()
except Exception:  # noqa: BLE001 - the fork server must start whatever happens here
    pass
atexit.register(_exit_without_teardown)  # registered last, so it runs first
