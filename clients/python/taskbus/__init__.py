"""taskbus's Python client: multiprocessing.Pool's methods over a taskbus gateway.

    from taskbus import Pool
    with Pool("127.0.0.1:7000", user="alice") as pool:   # password: env TASKBUS_PASSWORD
        pool.map("double", [1, 2, 3])                     # [2, 4, 6]

Standard library only; see docs/GATEWAY.md for the protocol.
"""
from .errors import (AuthenticationError, BadArgumentError, BusyError, CancelledError,
                     ForbiddenError, GatewayConnectionError, NoWorkersError, ProtocolError,
                     RateLimitedError, TaskbusError, TaskFailedError, TimeoutError,
                     TooLargeError, UnknownTaskError)
from .pool import AsyncResult, Pool

__version__ = "0.1.0"
__all__ = [
    "Pool", "AsyncResult", "TaskbusError", "AuthenticationError", "BadArgumentError",
    "BusyError", "CancelledError", "ForbiddenError", "GatewayConnectionError", "NoWorkersError",
    "ProtocolError", "RateLimitedError", "TaskFailedError", "TimeoutError", "TooLargeError",
    "UnknownTaskError",
]
