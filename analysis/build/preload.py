"""Imported once by the build's worker fork server: workers forked from it start warm.

Importing this module has a deliberate side effect: :func:`analysis.build.worker.warm_worker`
(import Papermill and nbconvert, register the build's Papermill engine, render a one-cell notebook
so the exporter's templates are compiled). A failure here only means workers warm up themselves.
"""

from __future__ import annotations

try:
    from analysis.build.worker import warm_worker

    warm_worker()
except Exception:  # noqa: BLE001 - the fork server must start whatever happens here
    pass
