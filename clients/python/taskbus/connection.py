"""One connection to a gateway: frames out under a lock, frames in on one reader thread.

The reader routes each answer to the slot waiting for its ``replyAddress`` and each job event
(address ``taskbus.gateway.out``) to its job's queue, so one socket serves every job of a pool;
``err`` frames become exceptions. When the connection ends, every waiter hears why.
"""
from __future__ import annotations

import collections
import itertools
import queue
import socket
import ssl
import threading
import time
from typing import Any, Callable, Deque, Dict, Optional, Tuple, Union

from .errors import AuthenticationError, GatewayConnectionError, ProtocolError, TaskbusError
from .errors import TimeoutError, error_from
from .framing import MAX_FRAME_BYTES, encode_frame, encode_send, read_frame
from .scram import ScramClient

LOGIN = "taskbus.gateway.login"
SUBMIT = "taskbus.gateway.submit"
FEED = "taskbus.gateway.feed"
CREDIT = "taskbus.gateway.credit"
CANCEL = "taskbus.gateway.cancel"
OUT = "taskbus.gateway.out"

#: What a reply slot is called with: the answer's body, or the error that replaced it.
ReplyHandler = Callable[[Optional[Dict[str, Any]], Optional[TaskbusError]], None]
TlsOption = Union[None, bool, ssl.SSLContext]


def parse_address(address: str) -> Tuple[str, int]:
    """``host:port`` (``[v6]:port`` too) as a (host, port) pair."""
    host, sep, port = address.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"a gateway address is host:port, not {address!r}")
    return host.strip("[]"), int(port)


class Connection:
    """A gateway connection. Thread-safe: any thread may send, wait for an answer or read a
    job's queue, while the reader thread alone reads the socket."""

    def __init__(self, sock: socket.socket, max_frame_bytes: int = MAX_FRAME_BYTES):
        self._sock = sock
        self._rfile = sock.makefile("rb")
        self.max_frame_bytes = max_frame_bytes
        self._send_lock = threading.Lock()
        self._lock = threading.Lock()  # guards the tables below and _error
        self._replies: Dict[str, ReplyHandler] = {}
        self._jobs: Dict[str, "queue.Queue[Tuple[Any, ...]]"] = {}
        self._pongs: Deque[threading.Event] = collections.deque()
        self._ids = itertools.count(1)
        self._error: Optional[TaskbusError] = None  # why the connection ended
        self._last_err: Optional[TaskbusError] = None  # an err frame no request waited for
        self._reader = threading.Thread(target=self._read_loop, name="taskbus-reader",
                                        daemon=True)
        self._reader.start()

    @classmethod
    def open(cls, address: str, tls: TlsOption = None, cafile: Optional[str] = None,
             timeout: float = 30.0) -> "Connection":
        """Connects (with TLS when ``tls`` is True or a context, or ``cafile`` is given)."""
        host, port = parse_address(address)
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as e:
            raise GatewayConnectionError(f"cannot reach the gateway at {address}: {e}") from e
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if tls or cafile:
                context = tls if isinstance(tls, ssl.SSLContext) else \
                    ssl.create_default_context(cafile=cafile)
                sock = context.wrap_socket(sock, server_hostname=host)
            sock.settimeout(None)  # the reader waits as long as the connection lives
        except (OSError, ssl.SSLError) as e:
            sock.close()
            raise GatewayConnectionError(f"TLS with the gateway at {address} failed: {e}") from e
        return cls(sock)

    # -- requests -----------------------------------------------------------------------------

    def send(self, address: str, body: Dict[str, Any], reply: Optional[ReplyHandler] = None,
             items: Optional[Any] = None) -> Optional[str]:
        """Sends a request; ``reply`` hears its answer (from the reader thread). ``items``, when
        given, are encoded items to put in the body's ``items``. Returns the reply address."""
        reply_address = None if reply is None else f"r.{next(self._ids)}"
        data = encode_send(address, body, reply_address, items, self.max_frame_bytes)
        with self._lock:
            self._check_open()
            if reply_address is not None:
                self._replies[reply_address] = reply
        self._write(data)
        return reply_address

    def request(self, address: str, body: Dict[str, Any],
                timeout: Optional[float] = None) -> Dict[str, Any]:
        """Sends a request and waits for its answer; raises its error, or TimeoutError."""
        done = threading.Event()
        answer: list = []

        def on_reply(body: Optional[Dict[str, Any]], error: Optional[TaskbusError]) -> None:
            answer.append((body, error))
            done.set()

        reply_address = self.send(address, body, on_reply)
        if not done.wait(timeout):
            with self._lock:
                self._replies.pop(reply_address, None)
            raise TimeoutError(f"no answer from the gateway to {address} within {timeout} s")
        body, error = answer[0]
        if error is not None:
            raise error
        return body or {}

    def ping(self, timeout: Optional[float] = None) -> float:
        """The round trip of a ping, in seconds."""
        pong = threading.Event()
        with self._lock:
            self._check_open()
            self._pongs.append(pong)
        start = time.monotonic()
        self._write(encode_frame({"type": "ping"}))
        if not pong.wait(timeout):
            raise TimeoutError(f"no pong from the gateway within {timeout} s")
        with self._lock:
            self._check_open()
        return time.monotonic() - start

    def login(self, user: str, password: str, timeout: Optional[float] = None) -> Dict[str, Any]:
        """Logs in with SCRAM-SHA-256; the gateway's last answer (``user``, ``permissions``,
        ``expiresAt``), trusted only once its signature holds."""
        scram = ScramClient(user, password)
        first = self.request(LOGIN, {"scram": scram.client_first()}, timeout)
        final = self.request(LOGIN, {"scram": scram.client_final(_scram_text(first))}, timeout)
        scram.verify_server_final(_scram_text(final))
        return final

    # -- jobs ---------------------------------------------------------------------------------

    def add_job(self, job: str) -> "queue.Queue[Tuple[Any, ...]]":
        """The queue that will receive ``("event", body)`` for the job's events, and
        ``("lost", error)`` if the connection ends first."""
        q: "queue.Queue[Tuple[Any, ...]]" = queue.Queue()
        with self._lock:
            self._check_open()
            self._jobs[job] = q
        return q

    def remove_job(self, job: str) -> None:
        with self._lock:
            self._jobs.pop(job, None)

    def job_queues(self) -> Dict[str, "queue.Queue[Tuple[Any, ...]]"]:
        with self._lock:
            return dict(self._jobs)

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._error is not None

    def close(self, reason: Optional[TaskbusError] = None) -> None:
        """Closes the socket; every waiter hears ``reason`` (by default: closed by the client).
        The shutdown wakes the reader thread, which lets go of the socket's file."""
        self._fail(reason or GatewayConnectionError("the connection was closed by the client"))
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

    def _check_open(self) -> None:
        if self._error is not None:
            raise self._error

    def _write(self, data: bytes) -> None:
        with self._send_lock:
            try:
                self._sock.sendall(data)
            except OSError as e:
                self._check_open()
                error = GatewayConnectionError(f"the connection to the gateway failed: {e}")
                self.close(error)
                raise error from e

    def _read_loop(self) -> None:
        reason: TaskbusError
        try:
            while True:
                f = read_frame(self._rfile)
                if f is None:
                    last = self._last_err
                    reason = last if last is not None else GatewayConnectionError(
                        "the gateway closed the connection")
                    break
                self._route(f)
        except TaskbusError as e:
            reason = e
        except (OSError, ValueError) as e:  # ValueError: a read on a closed file
            reason = GatewayConnectionError(f"the connection to the gateway failed: {e}")
        self.close(reason)
        self._rfile.close()  # here, not in close(): it must not race a read in progress

    def _route(self, f: Dict[str, Any]) -> None:
        kind = f.get("type")
        address = f.get("address")
        self._last_err = None  # only an err just before the end says why it ended
        if kind == "message":
            body = f.get("body")
            if address == OUT:
                if isinstance(body, dict):
                    with self._lock:
                        q = self._jobs.get(str(body.get("job")))
                    if q is not None:  # else: a job this side has already let go of
                        q.put(("event", body))
                return
            with self._lock:
                handler = self._replies.pop(address, None) if isinstance(address, str) else None
            if handler is not None:
                handler(body if isinstance(body, dict) else {}, None)
        elif kind == "err":
            error = error_from(f.get("body"), f.get("failureCode"), str(f.get("message", "")))
            with self._lock:
                handler = self._replies.pop(address, None) if isinstance(address, str) else None
            if handler is not None:
                handler(None, error)
            else:  # a refusal of the connection (it closes next) or of a request without reply
                self._last_err = error
        elif kind == "pong":
            with self._lock:
                pong = self._pongs.popleft() if self._pongs else None
            if pong is not None:
                pong.set()
        else:
            raise ProtocolError(f"a frame of unknown type {kind!r} from the gateway")

    def _fail(self, reason: TaskbusError) -> None:
        with self._lock:
            if self._error is not None:
                return
            self._error = reason
            replies, self._replies = self._replies, {}
            jobs, self._jobs = self._jobs, {}
            pongs, self._pongs = self._pongs, collections.deque()
        for handler in replies.values():
            handler(None, reason)
        for q in jobs.values():
            q.put(("lost", reason))
        for pong in pongs:
            pong.set()


def _scram_text(answer: Dict[str, Any]) -> str:
    text = answer.get("scram")
    if not isinstance(text, str):
        raise AuthenticationError("the gateway's login answer has no SCRAM message")
    return text
