"""The C heap's free pages go back to the system while the server runs."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from api.heap import release_free_heap_pages, release_free_heap_pages_periodically

FREED_BELOW_THE_TOP = """
from pathlib import Path
from api.heap import release_free_heap_pages

def resident_mb():
    status = Path("/proc/self/status").read_text().splitlines()
    line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) // 1024

blocks = [bytearray(2000) for _ in range(50_000)]  # about 100 MB from malloc's heap, not Python's arenas
pinned = bytearray(2000)  # above them: glibc only shrinks the heap from its top by itself
del blocks
before = resident_mb()
print(release_free_heap_pages(), before - resident_mb())
"""


def test_free_pages_below_the_heaps_top_go_back_to_the_system():
    completed = subprocess.run([sys.executable, "-c", FREED_BELOW_THE_TOP], check=True, capture_output=True,
                               text=True)
    released, megabytes = completed.stdout.split()
    assert released == "True"
    assert int(megabytes) >= 50


def test_the_periodic_trim_runs_until_cancelled():
    async def run_for_a_while() -> bool:
        trims = asyncio.create_task(release_free_heap_pages_periodically(interval_seconds=0))
        await asyncio.sleep(0.05)
        running = not trims.done()
        trims.cancel()
        try:
            await trims
        except asyncio.CancelledError:
            return running
        return False

    assert release_free_heap_pages()
    assert asyncio.run(run_for_a_while())
