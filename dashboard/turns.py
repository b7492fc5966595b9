"""Script runs of one app process take turns.

Python runs one thread of a process at a time, so ten sessions that open the dashboard at once share the
process's time, and each of them gets its page only when nearly all of them have theirs. Taking turns
costs no throughput and changes only the order: the first viewer's page is ready after one run, the
second's after two, and the median viewer waits half as long (README "Serving many viewers").

Only pages that answer quickly take turns; a page that works for seconds (an upload's check, a briefing
pack) would hold the others up. A turn that waits longer than WAIT_SECONDS goes ahead anyway, so a run
that is slow for any reason (a cold query, a write that readers wait for) delays the others by that much
at most.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

WAIT_SECONDS = 0.5
_TURN = threading.Lock()


@contextmanager
def taking_turns(quick: bool) -> Iterator[None]:
    """The block runs after the process's other quick script runs, or once it has waited WAIT_SECONDS;
    with `quick` false, at once."""
    took = quick and _TURN.acquire(timeout=WAIT_SECONDS)
    try:
        yield
    finally:
        if took:
            _TURN.release()
