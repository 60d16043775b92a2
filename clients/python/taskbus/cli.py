"""``python3 -m taskbus map|starmap|apply TASK ARG...``: one job through a gateway, printed as
``bin/taskbus`` prints it: the results of map and starmap as one JSON array, apply's result as
one JSON value, a failure on stderr as one line, and an exit code that says what kind of
failure it was."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, List, Optional, Sequence, TextIO

from .errors import (AuthenticationError, BadArgumentError, ForbiddenError,
                     GatewayConnectionError, NoWorkersError, ProtocolError, RateLimitedError,
                     TaskbusError, TimeoutError, TooLargeError, UnknownTaskError)

OK, TASK_FAILED, USAGE, REFUSED, CONNECTION = 0, 1, 2, 3, 4
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def parse_value(arg: str) -> Any:
    """A command-line argument as a value: JSON where it parses (``2``, ``"2"``, ``[1,2]``),
    else the text itself. NaN and Infinity stay text, as for the Java CLI."""
    try:
        return json.loads(arg, parse_constant=_refuse)
    except ValueError:
        return arg


def parse_arg_list(arg: str) -> List[Any]:
    """One starmap item's arguments: a JSON array (``[1,4]``), else comma-separated values
    (``1,4``), each parsed as :func:`parse_value` does."""
    value = parse_value(arg)
    if isinstance(value, list):
        return value
    return [parse_value(part) for part in arg.split(",")]


def arg_lists(args: Sequence[str]) -> List[List[Any]]:
    """starmap's argument lists: one JSON array of arrays, as ``bin/taskbus starmap mul
    '[[1,4],[2,5]]'`` takes them, else one list per argument (:func:`parse_arg_list`)."""
    if len(args) == 1:
        value = parse_value(args[0])
        if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            return value
    return [parse_arg_list(a) for a in args]


def exit_code(error: BaseException) -> int:
    """The exit code for a failure: 2 for what the caller can fix in the command, 3 for a
    refused login or permission, 4 for a gateway or cluster that cannot serve, else 1."""
    if isinstance(error, (UnknownTaskError, BadArgumentError, TooLargeError, ValueError,
                          TypeError)):
        return USAGE
    if isinstance(error, (AuthenticationError, ForbiddenError)):
        return REFUSED
    if isinstance(error, (GatewayConnectionError, NoWorkersError, TimeoutError,
                          RateLimitedError, ProtocolError, OSError)):
        return CONNECTION
    return TASK_FAILED


def _refuse(name: str) -> Any:
    raise ValueError(name)


def _parser() -> argparse.ArgumentParser:
    # on the top parser and each subcommand alike, so an option may go before or after the
    # command; SUPPRESS keeps a subcommand from overwriting one given before it
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--gateway", metavar="HOST:PORT",
                        help="the gateway (default: env TASKBUS_GATEWAY)")
    common.add_argument("--user", help="the login (default: env TASKBUS_USER); the password is"
                                       " read from env TASKBUS_PASSWORD, never from argv")
    common.add_argument("--tls", action="store_true", help="connect with TLS")
    common.add_argument("--cafile", help="the CA to trust (implies --tls)")
    common.add_argument("--timeout", type=float, help="seconds to connect and log in (30)")
    top = argparse.ArgumentParser(prog="python3 -m taskbus", parents=[common],
                                  description="Run one taskbus job through a gateway.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    m = sub.add_parser("map", parents=[common], help="TASK once per ARG")
    m.add_argument("task", metavar="TASK")
    m.add_argument("args", nargs="+", metavar="ARG", help="JSON where it parses, else text")
    s = sub.add_parser("starmap", parents=[common], help="TASK once per argument list")
    s.add_argument("task", metavar="TASK")
    s.add_argument("args", nargs="+", metavar="ARGS",
                   help="an argument list: 1,4 or a JSON array [1,4]")
    a = sub.add_parser("apply", parents=[common], help="TASK once, with the ARGs")
    a.add_argument("task", metavar="TASK")
    a.add_argument("args", nargs="*", metavar="ARG", help="JSON where it parses, else text")
    return top


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    """The command line; argparse exits 2 on bad usage."""
    ns = _parser().parse_args(argv)
    for name, default in (("gateway", None), ("user", None), ("tls", False),
                          ("cafile", None), ("timeout", 30.0)):
        if not hasattr(ns, name):
            setattr(ns, name, default)
    return ns


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout,
         err: TextIO = sys.stderr) -> int:
    ns = parse_args(argv)
    from .pool import Pool  # here: parsing and its tests need no socket code
    try:
        gateway = ns.gateway or os.environ.get("TASKBUS_GATEWAY")
        if not gateway:
            raise ValueError("no gateway: pass --gateway HOST:PORT or set TASKBUS_GATEWAY")
        with Pool(gateway, user=ns.user, tls=ns.tls or None, cafile=ns.cafile,
                  timeout=ns.timeout) as pool:
            if ns.command == "apply":
                result: Any = pool.apply(ns.task, [parse_value(a) for a in ns.args])
            elif ns.command == "starmap":
                result = pool.starmap(ns.task, arg_lists(ns.args))
            else:
                result = pool.map(ns.task, [parse_value(a) for a in ns.args])
            # JSON, ASCII, compact as bin/taskbus prints it: a string stays distinguishable
            # from a number, and a result cannot carry control characters to the terminal
            out.write(json.dumps(result, separators=(",", ":")) + "\n")
            out.flush()
        return OK
    except (TaskbusError, ValueError, TypeError, OSError) as e:
        text = _CONTROL.sub("", str(e).split("\nremote stack:")[0])
        err.write(f"taskbus: {type(e).__name__}: {text}\n")
        return exit_code(e)
    except KeyboardInterrupt:
        return 130


def main_exit() -> None:
    """The ``taskbus-py`` console script."""
    sys.exit(main())
