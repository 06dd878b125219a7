"""Giving the C heap's free pages back to the operating system while the server runs.

glibc keeps memory freed by Python and the libraries in its arenas and returns it to the system only
from the top of the main heap. After nine dashboard sessions on the full benchmark dataset (a kernel
thread each, with its frames), `malloc_trim` gave 10-15 MB back that the server otherwise held until
exit; trimming every 30 s took it from 269 to 262 MB within 20 s of the last session's end, so later
work (an import) starts lower. The peak while sessions run stays. Other C libraries have no
`malloc_trim`: nothing is done.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging

logger = logging.getLogger("api")

TRIM_INTERVAL_SECONDS = 30.0


def release_free_heap_pages() -> bool:
    """Return the C heap's free pages to the system now; False where the C library cannot."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    libc.malloc_trim(0)
    return True


async def release_free_heap_pages_periodically(interval_seconds: float = TRIM_INTERVAL_SECONDS) -> None:
    """Trim the heap every interval, in a thread (a trim walks every arena), until cancelled."""
    while True:
        await asyncio.sleep(interval_seconds)
        if not await asyncio.to_thread(release_free_heap_pages):
            return
