"""Give memory that a streamed aggregate freed back to the operating system.

Aggregating a large store allocates and frees many short-lived buffers (Arrow record batches,
pandas columns). The C allocator keeps freed pages for reuse, so a long-lived process (a notebook
kernel that built one table after another) grows to its highest point and stays there.
:func:`release_memory` hands them back: Arrow's pool releases what it caches and, where the C
library is glibc, ``malloc_trim(0)`` returns the free pages of the heap (what Dask does in its
workers for the same reason). Elsewhere it does nothing.

Holds no data; changes no results.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any

import pyarrow as pa

#: Arrow's plain C allocator: the store reads through it, so what a scan frees goes back to the
#: C heap that :func:`release_memory` trims (Arrow's default pool keeps freed memory cached).
SCAN_POOL = pa.system_memory_pool()


@functools.cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return lib if lib is not None and hasattr(lib, "malloc_trim") else None


def release_memory() -> None:
    """Return freed memory of Arrow's pools and of the C heap to the operating system."""
    for pool in (pa.default_memory_pool(), SCAN_POOL):
        pool.release_unused()
    lib = _libc()
    if lib is not None:
        lib.malloc_trim(0)
