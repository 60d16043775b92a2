"""The errors of taskbus, named as the Java client's exceptions are.

The gateway reports a failure as data (``{"code": 403, "name": "FORBIDDEN", "message": ...}``);
:func:`error_from` turns that into one of these classes by its stable ``code``, so callers catch
``ForbiddenError`` rather than compare numbers. Every class is a :class:`TaskbusError`.
"""
from __future__ import annotations

import builtins
from typing import Any, Dict, Optional

__all__ = [
    "TaskbusError", "ProtocolError", "AuthenticationError", "ForbiddenError", "UnknownTaskError",
    "TimeoutError", "TooLargeError", "BadArgumentError", "RateLimitedError", "BusyError",
    "CancelledError", "TaskFailedError", "NoWorkersError", "GatewayConnectionError", "error_from",
]


class TaskbusError(Exception):
    """A taskbus failure. ``code`` and ``name`` are the protocol's ``ErrorCode`` when the gateway
    sent one (None for failures found on this side); ``item`` and ``worker`` when known."""

    code: Optional[int] = None
    name: Optional[str] = None

    def __init__(self, message: str = "", *, code: Optional[int] = None,
                 name: Optional[str] = None, item: Optional[int] = None,
                 worker: Optional[str] = None, remote_type: Optional[str] = None,
                 remote_stack: Optional[str] = None, remote_message: Optional[str] = None,
                 body: Optional[Dict[str, Any]] = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if name is not None:
            self.name = name
        self.item = item
        self.worker = worker
        self.remote_type = remote_type
        # the exception's own message on the worker when the gateway says it, else the text
        self.remote_message = remote_message if remote_message is not None else message
        self.remote_stack = remote_stack
        self.body = body or {}


class ProtocolError(TaskbusError):
    """The other end broke the protocol, or refused a request as malformed (400 BAD_REQUEST):
    a gateway of another version, or not a taskbus gateway at all."""
    code, name = 400, "BAD_REQUEST"


class AuthenticationError(TaskbusError):
    """The login was refused (401), or the gateway could not prove it knows the user's keys."""
    code, name = 401, "UNAUTHENTICATED"


class ForbiddenError(TaskbusError):
    """The user lacks the permission to run the task (403)."""
    code, name = 403, "FORBIDDEN"


class UnknownTaskError(TaskbusError):
    """No worker serves a task of that name (404)."""
    code, name = 404, "UNKNOWN_TASK"


class TimeoutError(TaskbusError, builtins.TimeoutError):
    """An item ran over its time limit (408), or a wait on this side ran out. Also the builtin
    ``TimeoutError``, so ``except TimeoutError`` works either way."""
    code, name = 408, "TIMEOUT"


class TooLargeError(TaskbusError):
    """A frame, an item or a result is over a size limit (413)."""
    code, name = 413, "TOO_LARGE"


class BadArgumentError(TaskbusError):
    """An item's arguments do not fit the task (422), or an item is not JSON data."""
    code, name = 422, "BAD_ARGUMENT"


class RateLimitedError(TaskbusError):
    """The gateway is at a limit (429): too many jobs on the connection, or connections."""
    code, name = 429, "RATE_LIMITED"


BusyError = RateLimitedError


class CancelledError(TaskbusError):
    """The job was cancelled (499): by :meth:`Pool.terminate` or on the gateway."""
    code, name = 499, "CANCELLED"


class TaskFailedError(TaskbusError):
    """A task threw (500). ``remote_type``, ``remote_message`` and ``remote_stack`` describe the
    remote exception as data (its class need not exist here); ``item`` is its input's index."""
    code, name = 500, "TASK_FAILED"

    def __str__(self) -> str:
        head = self.message
        if self.remote_type and self.remote_type not in head:
            head = f"{self.remote_type}: {head}"
        where = ", ".join(part for part in (
            f"item {self.item}" if self.item is not None else "",
            f"worker {self.worker}" if self.worker else "") if part)
        if where:
            head = f"{head} ({where})"
        return f"{head}\nremote stack:\n{self.remote_stack}" if self.remote_stack else head


class NoWorkersError(TaskbusError):
    """The cluster cannot serve the request now (503): no worker, or no auth service."""
    code, name = 503, "UNAVAILABLE"


class GatewayConnectionError(TaskbusError, ConnectionError):
    """The gateway could not be reached, or the connection to it was lost."""


_BY_CODE = {cls.code: cls for cls in (
    ProtocolError, AuthenticationError, ForbiddenError, UnknownTaskError, TimeoutError,
    TooLargeError, BadArgumentError, RateLimitedError, CancelledError, TaskFailedError,
    NoWorkersError)}
_BY_NAME = {cls.name: cls for cls in _BY_CODE.values()}


def error_from(body: Any, code: Optional[int] = None, message: str = "") -> TaskbusError:
    """The exception for a protocol error object (an ``err`` frame's body, or a job event's
    ``error``); ``code`` and ``message`` stand in for what the body lacks."""
    if not isinstance(body, dict):
        body = {}
    raw = body.get("code", code)
    c = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    name = body.get("name") if isinstance(body.get("name"), str) else None
    cls = _BY_CODE.get(c) or _BY_NAME.get(name) or TaskbusError
    text = body.get("message")
    item = body.get("item")
    worker = body.get("worker")
    return cls(str(text) if text is not None else message or (name or f"error {c}"),
               code=c, name=name,
               item=item if isinstance(item, int) and not isinstance(item, bool) else None,
               worker=str(worker) if worker is not None else None,
               remote_type=_text(body.get("remoteType")), remote_stack=_text(body.get("stack")),
               remote_message=_text(body.get("remoteMessage")), body=body)


def _text(value: Any) -> Optional[str]:
    return None if value is None else str(value)
