"""Downloads that can be expensive, made now or by the worker, whichever module makes them.

The job queue with its progress page is the reports app's (reports.jobs, one mechanism for
every report and export). The Excel exports are made by exchange, which sits beside reports
in the layers and may not import it. So both meet here, below them: exchange registers a
*maker* for each of its exports (name → function making the file from JSON parameters and
the user), reports registers the *queue*, and exchange's views call `order`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Download:
    content: bytes
    filename: str
    content_type: str


Maker = Callable[[dict, object], Download]
# (maker's name, its parameters, the size in initiatives, the user) → the job page's address,
# or None when the download is small enough to make now.
Queue = Callable[[str, dict, int, object], str | None]

_makers: dict[str, Maker] = {}
_queue: list[Queue] = []


def register_maker(name: str, maker: Maker) -> None:
    _makers[name] = maker


def register_queue(queue: Queue) -> None:
    _queue[:] = [queue]


def make(name: str, params: dict, user) -> Download:
    """The file, made now (in the request, or in the worker running a queued export)."""
    return _makers[name](params, user)


def order(name: str, params: dict, *, size: int, user) -> Download | str:
    """The file now, or — when the queue takes it (`size` initiatives at or above the
    threshold, and a worker runs) — the address of the job's progress page."""
    for queue in _queue:
        address = queue(name, params, size, user)
        if address is not None:
            return address
    return make(name, params, user)
