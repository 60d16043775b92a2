"""Cuts a job's input into feed batches, by count and by encoded size, reading the input only
as batches are asked for: a generator of a million items is never a list of them."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, List, Optional, Tuple

from .errors import BadArgumentError, TooLargeError
from .framing import encode_value

#: Items per feed batch, and their encoded bytes (whichever comes first): well under the
#: gateway's 1 MiB frames, and small enough that a batch is a short pause, not a stall.
BATCH_ITEMS = 10_000
BATCH_BYTES = 512 * 1024


class Batcher:
    """Batches of encoded items from ``items``.

    A batch holds at most ``max_items`` items and ``max_bytes`` bytes of them (commas
    included), except that an item larger than ``max_bytes`` travels alone, if it fits in
    ``hard_limit`` (what a frame leaves for items). An item that does not, or that is not JSON
    data, raises with its index. ``convert`` turns an input element into what is sent (for
    starmap, the list of its arguments).
    """

    def __init__(self, items: Iterable[Any], max_items: int = BATCH_ITEMS,
                 max_bytes: int = BATCH_BYTES, hard_limit: Optional[int] = None,
                 convert: Optional[Callable[[Any], Any]] = None):
        if max_items < 1 or max_bytes < 1:
            raise ValueError("batches need room for at least one item")
        self._it: Iterator[Any] = iter(items)
        self._max_items = max_items
        self._max_bytes = max_bytes
        self._hard_limit = hard_limit if hard_limit is not None else max_bytes
        self._convert = convert
        self._index = 0  # of the next element read from the input
        self._carry: Optional[bytes] = None  # read, encoded, not yet in a batch
        self._exhausted = False

    @property
    def read(self) -> int:
        """How many elements have been read from the input so far."""
        return self._index

    def next_batch(self) -> Tuple[List[bytes], bool]:
        """The next batch and whether more follow. Reads at most one element past the batch (to
        know whether it was the last)."""
        batch: List[bytes] = []
        size = 0
        while True:
            item = self._carry if self._carry is not None else self._pull()
            self._carry = None
            if item is None:
                return batch, False
            cost = len(item) + (1 if batch else 0)
            if batch and (len(batch) >= self._max_items or size + cost > self._max_bytes):
                self._carry = item
                return batch, True
            batch.append(item)
            size += cost

    def _pull(self) -> Optional[bytes]:
        if self._exhausted:
            return None
        try:
            value = next(self._it)
        except StopIteration:
            self._exhausted = True
            return None
        index = self._index
        self._index += 1
        try:
            if self._convert is not None:
                value = self._convert(value)
            encoded = encode_value(value)
        except (TypeError, ValueError) as e:
            raise BadArgumentError(f"item {index}: {e}", item=index) from None
        if len(encoded) > self._hard_limit:
            raise TooLargeError(f"item {index} is {len(encoded)} bytes as JSON, over the"
                                f" {self._hard_limit} bytes a frame has room for", item=index)
        return encoded


def starmap_args(args: Any) -> List[Any]:
    """One starmap element as its argument list (any iterable, as ``func(*args)`` takes)."""
    try:
        return list(args)
    except TypeError:
        raise TypeError(f"a starmap item must be an iterable of arguments, not"
                        f" {type(args).__name__}") from None
