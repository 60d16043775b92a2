"""``Pool``: multiprocessing.Pool's methods, run as taskbus jobs through a gateway.

Each job streams: its input is read one feed batch at a time, each batch sent only once the
gateway has answered the previous one (so the gateway is never overfilled and a generator is
never a list), and its results come back as the job's reader grants credit for them (so a slow
reader holds the job back instead of filling memory).
"""
from __future__ import annotations

import collections
import itertools
import logging
import os
import queue
import threading
import time
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, Optional, Tuple

from .batching import BATCH_BYTES, BATCH_ITEMS, Batcher, starmap_args
from .connection import CANCEL, CREDIT, FEED, SUBMIT, Connection, TlsOption
from .errors import (CancelledError, ProtocolError, RateLimitedError, TaskbusError,
                     TimeoutError, error_from)
from .framing import encode_send

__all__ = ["Pool", "AsyncResult"]

log = logging.getLogger("taskbus")

#: The protocol's default window, for jobs whose results are taken as they come (map, apply).
COLLECT_WINDOW = 65_536
#: A job's results an imap holds for its reader at most about twice this.
STREAM_WINDOW = 4_096
#: The gateway's ``maxJobsPerSession``: jobs beyond it wait here for a running one to end.
MAX_JOBS = 16
_RUN, _CLOSE, _TERMINATE = "RUN", "CLOSE", "TERMINATE"


def _ignore(body: Any, error: Any) -> None:
    """The reply handler of requests whose answer does not matter (a cancel)."""


class Pool:
    """A pool of the cluster's workers, reached through a gateway at ``address`` ("host:port",
    default env ``TASKBUS_GATEWAY``) and logged in as ``user`` with ``password`` (default env
    ``TASKBUS_USER`` / ``TASKBUS_PASSWORD``; a password never belongs on a command line).

    ``tls``: True, or an ``ssl.SSLContext``, for TLS (``cafile`` names the CA to trust; giving
    it implies TLS). ``timeout``: seconds to connect, log in and wait for a slot or a ping.
    ``window``: results an ``imap`` may hold ahead of its reader (up to about twice this).
    ``batch_size``/``batch_bytes``: items per feed frame, whichever limit comes first.
    ``task_timeout``: seconds an item may run (None: the workers' limit).

    The pool keeps the password to log in again if the gateway drops an idle connection: the
    next job opens a new one. As a context manager it terminates on exit, as multiprocessing's
    does. Thread-safe; each ``imap`` iterator belongs to the thread that reads it.
    """

    def __init__(self, address: Optional[str] = None, user: Optional[str] = None,
                 password: Optional[str] = None, tls: TlsOption = None, timeout: float = 30.0,
                 *, cafile: Optional[str] = None, window: int = STREAM_WINDOW,
                 batch_size: int = BATCH_ITEMS, batch_bytes: int = BATCH_BYTES,
                 task_timeout: Optional[float] = None, max_jobs: int = MAX_JOBS):
        address = address or os.environ.get("TASKBUS_GATEWAY")
        if not address:
            raise ValueError("no gateway: pass address='host:port' or set TASKBUS_GATEWAY")
        user = user or os.environ.get("TASKBUS_USER")
        if not user:
            raise ValueError("no user: pass user= or set TASKBUS_USER")
        if password is None:
            password = os.environ.get("TASKBUS_PASSWORD")
        if password is None:
            raise ValueError(f"no password for user {user!r}: set TASKBUS_PASSWORD")
        if window < 1 or batch_size < 1 or batch_bytes < 1 or max_jobs < 1:
            raise ValueError("window, batch_size, batch_bytes and max_jobs must be positive")
        self.address = address
        self.user = user
        self._password = password
        self._tls = tls
        self._cafile = cafile
        self._timeout = timeout
        self._window = window
        self._batch_size = batch_size
        self._batch_bytes = batch_bytes
        self._timeout_ms = 0 if task_timeout is None else max(1, round(task_timeout * 1000))
        self._max_jobs = max_jobs
        self._state = _RUN
        self._cond = threading.Condition()
        self._running = 0  # jobs that hold one of the gateway's job slots
        self._pending = 0  # async calls not yet finished, callbacks included
        self._ids = itertools.count(1)
        self._work: "queue.Queue[Optional[Tuple[Callable[[], Any], AsyncResult]]]" = \
            queue.Queue()
        self._runners: List[threading.Thread] = []
        self._conn_lock = threading.Lock()
        self._conn: Optional[Connection] = None
        #: The gateway's answer to the login: ``user``, ``permissions``, ``expiresAt``.
        self.session: Dict[str, Any] = {}
        self._connection()  # log in now: a wrong password fails here, not at the first job

    # -- multiprocessing.Pool's methods --------------------------------------------------------

    def map(self, task: str, iterable: Iterable[Any], chunksize: Optional[int] = None) -> list:
        """``[task(x) for x in iterable]``, in input order; the input is read as it is sent."""
        self._check_running()
        return list(self._start("map", task, iterable, chunksize=chunksize))

    def starmap(self, task: str, iterable: Iterable[Iterable[Any]],
                chunksize: Optional[int] = None) -> list:
        """``[task(*args) for args in iterable]``, in input order."""
        self._check_running()
        return list(self._start("starmap", task, iterable, chunksize=chunksize))

    def apply(self, task: str, args: Iterable[Any] = (), kwds: Optional[dict] = None) -> Any:
        """``task(*args)``. Tasks take positional arguments only: ``kwds`` raises TypeError."""
        return self._apply(task, args, kwds)()

    def map_async(self, task: str, iterable: Iterable[Any], chunksize: Optional[int] = None,
                  callback: Optional[Callable[[list], Any]] = None,
                  error_callback: Optional[Callable[[BaseException], Any]] = None
                  ) -> "AsyncResult":
        """``map`` in the background. The input is read on a thread of the pool."""
        self._check_running()
        return self._async(lambda: list(self._start("map", task, iterable,
                                                    chunksize=chunksize)),
                           callback, error_callback)

    def starmap_async(self, task: str, iterable: Iterable[Iterable[Any]],
                      chunksize: Optional[int] = None,
                      callback: Optional[Callable[[list], Any]] = None,
                      error_callback: Optional[Callable[[BaseException], Any]] = None
                      ) -> "AsyncResult":
        """``starmap`` in the background."""
        self._check_running()
        return self._async(lambda: list(self._start("starmap", task, iterable,
                                                    chunksize=chunksize)),
                           callback, error_callback)

    def apply_async(self, task: str, args: Iterable[Any] = (), kwds: Optional[dict] = None,
                    callback: Optional[Callable[[Any], Any]] = None,
                    error_callback: Optional[Callable[[BaseException], Any]] = None
                    ) -> "AsyncResult":
        """``apply`` in the background."""
        return self._async(self._apply(task, args, kwds), callback, error_callback)

    def imap(self, task: str, iterable: Iterable[Any],
             chunksize: Optional[int] = None) -> Iterator[Any]:
        """An iterator of ``task(x)`` in input order, as results arrive. The input is read only
        as the gateway asks for more, and results are granted as they are read, so a slow
        reader slows the job rather than fill memory. ``close()`` on the iterator (or dropping
        it) cancels what is left of the job."""
        self._check_running()
        return self._start("map", task, iterable, chunksize=chunksize, window=self._window,
                           slot_timeout=self._timeout)

    def imap_unordered(self, task: str, iterable: Iterable[Any],
                       chunksize: Optional[int] = None) -> Iterator[Any]:
        """As ``imap``, in completion order."""
        self._check_running()
        return self._start("map", task, iterable, chunksize=chunksize, window=self._window,
                           ordered=False, slot_timeout=self._timeout)

    def close(self) -> None:
        """Takes no new jobs; the running ones (and async calls made before) finish."""
        with self._cond:
            if self._state == _RUN:
                self._state = _CLOSE
            self._cond.notify_all()

    def terminate(self) -> None:
        """Cancels the running jobs (they raise CancelledError) and closes the connection."""
        with self._cond:
            self._state = _TERMINATE
            self._cond.notify_all()
        with self._conn_lock:
            conn = self._conn
        if conn is not None and not conn.closed:
            for job in conn.job_queues():
                try:
                    conn.send(CANCEL, {"job": job}, _ignore)
                except TaskbusError:
                    break
            # closing cancels on the gateway whatever the cancels did not reach
            conn.close(CancelledError("the pool was terminated"))
        self._stop_runners()

    def join(self) -> None:
        """Waits for the running jobs and async calls to end, then closes the connection.
        ``close()`` or ``terminate()`` first. An ``imap`` counts until it is read to its end,
        closed, or dropped."""
        with self._cond:
            if self._state == _RUN:
                raise ValueError("Pool is still running: close() or terminate() first")
            # after terminate the gateway runs nothing of ours: only the async calls are
            # waited for (they end at once), not iterators that nobody reads any more
            while self._pending or (self._running and self._state != _TERMINATE):
                self._cond.wait()
        with self._conn_lock:
            if self._conn is not None:
                self._conn.close()
            self._state = _TERMINATE  # joined: nothing may open a connection again
        self._stop_runners()

    def ping(self) -> float:
        """The gateway's round trip in seconds (and a sign of life to it)."""
        return self._connection().ping(self._timeout)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.terminate()

    # -- inside --------------------------------------------------------------------------------

    def _check_running(self) -> None:
        if self._state != _RUN:
            raise ValueError("Pool not running")

    def _apply(self, task: str, args: Iterable[Any], kwds: Optional[dict]) -> Callable[[], Any]:
        if kwds:
            raise TypeError("taskbus tasks take positional arguments only: kwds is not supported")
        args = starmap_args(args)
        self._check_running()
        return lambda: list(self._start("apply", task, [args]))[0]

    def _start(self, kind: str, task: str, iterable: Iterable[Any], *,
               chunksize: Optional[int] = None, window: int = COLLECT_WINDOW,
               ordered: bool = True, slot_timeout: Optional[float] = None) -> "_Job":
        if not isinstance(task, str) or not task:
            raise TypeError(f"a task is named by a non-empty string, not {task!r}")
        chunk = 0 if chunksize is None else int(chunksize)
        if chunk < 0:
            raise ValueError("chunksize must not be negative")
        self._acquire(slot_timeout)
        try:
            conn = self._connection()
            job = str(next(self._ids))
            head = {"job": job, "kind": kind, "task": task, "ordered": ordered,
                    "window": window, "chunkSize": chunk, "timeoutMs": self._timeout_ms}
            # what a submit frame leaves for its items (the reply address at its longest)
            overhead = len(encode_send(SUBMIT, dict(head, more=False), "r." + "9" * 20, [],
                                       1 << 30))
            batcher = Batcher(iterable, self._batch_size, self._batch_bytes,
                              conn.max_frame_bytes - overhead,
                              starmap_args if kind != "map" else None)
            return _Job(self, conn, head, batcher)
        except BaseException:
            self._release_slot()
            raise

    def _acquire(self, timeout: Optional[float]) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._running >= self._max_jobs and self._state != _TERMINATE:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise RateLimitedError(f"{self._max_jobs} jobs are running on this pool's"
                                           f" connection; none ended within {timeout} s")
                self._cond.wait(remaining)
            if self._state == _TERMINATE:
                raise CancelledError("the pool was terminated")
            self._running += 1

    def _release_slot(self) -> None:
        with self._cond:
            self._running -= 1
            self._cond.notify_all()

    def _connection(self) -> Connection:
        """The live connection, logged in; a new one when the gateway dropped the last."""
        with self._conn_lock:
            if self._state == _TERMINATE:
                raise CancelledError("the pool was terminated")
            if self._conn is None or self._conn.closed:
                conn = Connection.open(self.address, self._tls, self._cafile, self._timeout)
                try:
                    self.session = conn.login(self.user, self._password, self._timeout)
                except BaseException:
                    conn.close()
                    raise
                self._conn = conn
            return self._conn

    def _async(self, fn: Callable[[], Any], callback: Optional[Callable[[Any], Any]],
               error_callback: Optional[Callable[[BaseException], Any]]) -> "AsyncResult":
        result = AsyncResult(callback, error_callback)
        with self._cond:
            self._pending += 1
            if len(self._runners) < min(self._pending, self._max_jobs):
                t = threading.Thread(target=self._run_work, name="taskbus-job", daemon=True)
                self._runners.append(t)
                t.start()
        self._work.put((fn, result))
        return result

    def _run_work(self) -> None:
        """A runner: async calls run here, at most ``max_jobs`` at once (the gateway's limit),
        the rest queued, so apply_async in a loop neither spawns a thread per call nor meets
        the gateway's 429."""
        while True:
            work = self._work.get()
            if work is None:
                return
            fn, result = work
            try:
                result._set(True, fn())
            except Exception as e:  # the call's failure is the result's
                result._set(False, e)
            finally:
                with self._cond:
                    self._pending -= 1
                    self._cond.notify_all()

    def _stop_runners(self) -> None:
        with self._cond:
            runners, self._runners = self._runners, []
        for _ in runners:
            self._work.put(None)


class _Job(Iterator[Any]):
    """One job on the gateway, as an iterator of its results; read by one thread.

    Every input to it (answers to its submit and feeds, its events, the connection's end)
    arrives on one queue, so the thread that reads results also sends the next feed batch and
    the credit, and the input iterator is read on that thread only."""

    def __init__(self, pool: Pool, conn: Connection, head: Dict[str, Any], batcher: Batcher):
        self._pool = pool
        self._conn = conn
        self.id: str = head["job"]
        self._ordered: bool = head["ordered"]
        self._window: int = head["window"]
        self._batcher = batcher
        self._granted = self._window
        self._consumed = 0
        self._sent = 0  # items sent: no more results than these can come
        self._received = 0
        self._next = 0  # ordered: the index of the next result to hand out
        self._early: Dict[int, list] = {}  # ordered: results that came before their turn
        self._ready: Deque[Any] = collections.deque()
        self._error: Optional[BaseException] = None
        self._done = False  # the gateway sent "done"
        self._finished = False  # the iterator has ended (StopIteration from now on)
        self._submit: Optional[Tuple[Dict[str, Any], List[bytes]]] = None
        self._retries = 0
        self._released = True  # until the submit is on its way: the caller holds the slot
        self._queue = conn.add_job(self.id)
        try:
            batch, self._more = batcher.next_batch()
        except BaseException:
            conn.remove_job(self.id)
            raise
        if not batch and not self._more:  # nothing to run: no job on the gateway at all
            conn.remove_job(self.id)
            pool._release_slot()
            self._done = True
            return
        self._released = False
        self._submit = (dict(head, more=self._more), batch)
        self._sent = len(batch)
        self._send(SUBMIT, *self._submit)

    def __iter__(self) -> "_Job":
        return self

    def __next__(self) -> Any:
        while True:
            if not self._ready or self._consumed % 256 == 0:
                # take answers and events as they come, not only when out of results (but not
                # at every result: a look at the queue costs a lock)
                self._drain()
            if self._ready:
                value = self._ready.popleft()
                self._consumed += 1
                if not self._released and self._granted - self._consumed <= self._window \
                        and (self._more or self._granted < self._sent):
                    # at most about two windows granted and not yet read, and none that the
                    # items sent could not use (an apply grants nothing)
                    self._granted += self._window
                    self._send(CREDIT, {"job": self.id, "results": self._window})
                return value
            if self._finished:
                raise StopIteration
            if self._error is not None:
                error, self._error = self._error, None
                self._finish()
                raise error
            if self._done:
                self._finish()
                raise StopIteration
            self._handle(self._queue.get())

    def close(self) -> None:
        """Stops reading: the rest of the job is cancelled on the gateway."""
        if not self._released:
            self._cancel()
        self._finish()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    # -- events --------------------------------------------------------------------------------

    def _drain(self) -> None:
        while True:
            try:
                event = self._queue.get_nowait()
            except queue.Empty:
                return
            self._handle(event)

    def _handle(self, event: Tuple[Any, ...]) -> None:
        if self._released:
            return
        kind = event[0]
        if kind == "event":
            self._on_event(event[1])
        elif kind == "reply":
            self._on_reply(event[1], event[2])
        else:  # "lost": the connection ended
            self._fail(event[1], cancel=False)

    def _on_reply(self, body: Optional[Dict[str, Any]], error: Optional[TaskbusError]) -> None:
        if error is not None:
            if isinstance(error, RateLimitedError) and self._submit and self._retries < 3:
                # the gateway may count a job that just ended a moment longer than we do
                self._retries += 1
                time.sleep(0.05 * 4 ** self._retries)
                self._send(SUBMIT, *self._submit)
                return
            self._fail(error, cancel=self._submit is None)  # a refused submit made no job
            return
        self._submit = None
        if self._more:
            try:
                batch, self._more = self._batcher.next_batch()
            except Exception as e:  # the input failed: so does the job
                self._fail(e, cancel=True)
                return
            self._sent += len(batch)
            self._send(FEED, {"job": self.id, "more": self._more}, batch)

    def _on_event(self, body: Dict[str, Any]) -> None:
        if "error" in body:
            self._fail(error_from(body["error"], message="the job failed"), cancel=False)
            return
        results = body.get("results")
        if isinstance(results, list):
            self._received += len(results)
            first = body.get("first")
            if not self._ordered or first is None:
                self._ready.extend(results)
            elif first == self._next:
                self._ready.extend(results)
                self._next += len(results)
                while self._next in self._early:
                    more = self._early.pop(self._next)
                    self._ready.extend(more)
                    self._next += len(more)
            elif isinstance(first, int) and first > self._next:
                self._early[first] = results
            else:
                self._fail(ProtocolError(f"results from item {first} again"), cancel=True)
                return
        if body.get("done"):
            if body.get("count") != self._received or self._early or self._more:
                self._fail(ProtocolError(f"the job is done with {body.get('count')} results,"
                                         f" and {self._received} came"), cancel=False)
                return
            self._done = True
            self._release()

    # -- actions -------------------------------------------------------------------------------

    def _send(self, address: str, body: Dict[str, Any], items: Optional[List[bytes]] = None
              ) -> None:
        # the reply handler holds the queue, not the job: an abandoned iterator can be collected
        # (and so cancelled) while a feed's answer is still to come
        q = self._queue
        reply = None if address == CREDIT else \
            (lambda b, e: q.put(("reply", b, e)))  # noqa: E731
        try:
            self._conn.send(address, body, reply, items)
        except TaskbusError as e:
            self._fail(e, cancel=address != SUBMIT)

    def _cancel(self) -> None:
        try:
            self._conn.send(CANCEL, {"job": self.id}, _ignore)
        except TaskbusError:
            pass  # the connection is gone, and the gateway cancels its jobs when it goes

    def _fail(self, error: BaseException, cancel: bool) -> None:
        if self._error is None and not self._finished:
            self._error = error
        if cancel and not self._released:
            self._cancel()
        self._release()

    def _finish(self) -> None:
        self._finished = True
        self._ready.clear()
        self._early.clear()
        self._release()

    def _release(self) -> None:
        """Gives back the job's slot and stops its events, once."""
        if not self._released:
            self._released = True
            self._conn.remove_job(self.id)
            self._pool._release_slot()


class AsyncResult:
    """The result of a ``*_async`` call, as multiprocessing's: ``get``, ``wait``, ``ready``,
    ``successful``. ``callback``/``error_callback`` run on the pool's thread once it is known;
    one that raises is logged and changes nothing."""

    def __init__(self, callback: Optional[Callable[[Any], Any]] = None,
                 error_callback: Optional[Callable[[BaseException], Any]] = None):
        self._callback = callback
        self._error_callback = error_callback
        self._event = threading.Event()
        self._ok = False
        self._value: Any = None

    def get(self, timeout: Optional[float] = None) -> Any:
        """The result, or the job's exception raised; TimeoutError (the job goes on) when it is
        not ready within ``timeout`` seconds."""
        if not self._event.wait(timeout):
            raise TimeoutError(f"the result is not ready within {timeout} s")
        if not self._ok:
            raise self._value
        return self._value

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Waits until ready or ``timeout``; whether it is ready."""
        return self._event.wait(timeout)

    def ready(self) -> bool:
        return self._event.is_set()

    def successful(self) -> bool:
        """Whether the call succeeded; ValueError while it is not ready."""
        if not self._event.is_set():
            raise ValueError(f"{self!r} not ready")
        return self._ok

    def _set(self, ok: bool, value: Any) -> None:
        self._ok, self._value = ok, value
        self._event.set()
        callback = self._callback if ok else self._error_callback
        if callback is not None:
            try:
                callback(value)
            except Exception:
                log.exception("a taskbus %s raised", "callback" if ok else "error_callback")
