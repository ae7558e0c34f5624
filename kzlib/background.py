"""Run one function in a thread of its own while the caller goes on (for pyarrow work, which
releases the GIL, so that the second core is used while Python works on the first)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Background:
    """Start ``fn()`` in a daemon thread now; :meth:`result` waits for it and returns its value or
    raises its error (every time it is asked). A thread per call, joined by its caller: nothing
    outlives the work (safe across ``fork``)."""

    def __init__(self, fn: Callable[[], Any]):
        self._out: list[tuple[bool, Any]] = []
        self._thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            self._out.append((True, fn()))
        except BaseException as e:      # handed to the caller of result()
            self._out.append((False, e))

    def result(self) -> Any:
        """Wait for ``fn`` to end; return its value or raise its error."""
        self._thread.join()
        ok, value = self._out[0]
        if not ok:
            raise value
        return value
