"""A small gateway for the client's tests, in Python: the protocol of docs/GATEWAY.md (frames,
SCRAM-SHA-256 login, submit/feed/credit/cancel, events, the job limit) over tasks computed in
this process. It is no model of the Java gateway's scheduling, only of its contract: feeds are
answered when the job's input runs low, results go out only within credit, and a job whose
credit stops stops computing. Ordered results go out now and then out of order (the client must
put them back in order), unordered ones in reverse within a group.

Run it alone to point the integration tests at it:
``python3 tests/fake_gateway.py 7000`` (users alice/TASKBUS_PASSWORD, bob/TASKBUS_BOB_PASSWORD).
"""
from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

ITERATIONS = 4096
MAX_FRAME = 1024 * 1024
MAX_JOBS = 16
LOW_INPUT = 2_000  # a feed is answered once the job's unread input is below this
OUT_MAX = 1_000  # results computed and not yet sent, at most
GROUP = 500  # results per event, at most


def _err(code: int, name: str, message: str, **extra: Any) -> Dict[str, Any]:
    return dict({"code": code, "name": name, "message": message}, **extra)


def run_task(task: str, args: List[Any], index: int) -> Any:
    """The built-in tasks of the README, enough of them for the tests."""
    if task == "double":
        (x,) = _args(args, 1)
        if not isinstance(x, (int, float)) or isinstance(x, bool):
            raise _Bad(f"double takes a number, not {x!r}")
        return x * 2
    if task in ("mul", "add"):
        a, b = _args(args, 2)
        return a * b if task == "mul" else a + b
    if task == "echo":
        return args[0] if len(args) == 1 else args
    if task == "sleep":
        (ms,) = _args(args, 1)
        time.sleep(ms / 1000)
        return ms
    if task == "fail":
        raise _Failed(str(args[0]) if args else "fail")
    raise KeyError(task)


TASKS = {"double", "mul", "add", "echo", "sleep", "fail"}


class _Bad(Exception):
    pass


class _Failed(Exception):
    pass


def _args(args: List[Any], n: int) -> List[Any]:
    if len(args) != n:
        raise _Bad(f"takes {n} arguments, got {len(args)}")
    return args


class Job:
    def __init__(self, session: "Session", body: Dict[str, Any], reply: str):
        self.s = session
        self.id = body["job"]
        self.kind = body.get("kind", "map")
        self.task = body["task"]
        self.ordered = body.get("ordered", True)
        self.credit = int(body.get("window", 65536))
        self.cond = threading.Condition()
        self.input: collections.deque = collections.deque()
        self.more = True
        self.ack: Optional[str] = None
        self.out: List[Tuple[int, Any]] = []
        self.next_index = 0
        self.count = 0
        self.cancelled = False
        self.add(body.get("items", []), bool(body.get("more", False)), reply)
        threading.Thread(target=self.run, daemon=True).start()

    def add(self, items: List[Any], more: bool, reply: str) -> None:
        with self.cond:
            for item in items:
                self.input.append((self.next_index, item))
                self.next_index += 1
            self.more = more
            self.ack = reply
            self.cond.notify_all()

    def grant(self, n: int) -> None:
        with self.cond:
            self.credit += n
            self.cond.notify_all()

    def cancel(self) -> bool:
        with self.cond:
            was = not self.cancelled
            self.cancelled = True
            self.cond.notify_all()
        return was

    def run(self) -> None:
        swap = False
        try:
            while True:
                with self.cond:
                    while not (self.cancelled or (self.input and len(self.out) < OUT_MAX)
                               or (self.out and self.credit > 0)
                               or (not self.input and not self.more)):
                        self.cond.wait()
                    if self.cancelled:
                        self.end({"job": self.id, "error": _err(499, "CANCELLED", "cancelled")})
                        return
                    if self.ack is not None and len(self.input) < LOW_INPUT:
                        self.s.reply(self.ack, {"job": self.id})
                        self.ack = None
                    sendable = min(self.credit, len(self.out), 2 * GROUP)
                    batch, self.out = self.out[:sendable], self.out[sendable:]
                    self.credit -= len(batch)
                    room = min(OUT_MAX - len(self.out), len(self.input), GROUP)
                    work = [self.input.popleft() for _ in range(max(0, room))]
                    finished = not batch and not work and not self.input and not self.more \
                        and not self.out
                if batch:
                    swap = not swap
                    self.send(batch, swap)
                if finished:
                    self.end({"job": self.id, "done": True, "count": self.count})
                    return
                done = []
                for index, item in work:
                    args = item if self.kind != "map" else [item]
                    try:
                        done.append((index, run_task(self.task, args, index)))
                    except _Bad as e:
                        self.end({"job": self.id, "error": _err(
                            422, "BAD_ARGUMENT", f"item {index}: {e}", item=index)})
                        return
                    except Exception as e:
                        self.end({"job": self.id, "error": _err(
                            500, "TASK_FAILED", str(e), item=index, worker="fake-worker-1",
                            remoteType="java.lang.IllegalStateException",
                            stack=f"java.lang.IllegalStateException: {e}\n"
                                  "\tat io.taskbus.task.builtin.BuiltinTasks.fail")})
                        return
                with self.cond:
                    self.out.extend(done)
                    self.count += len(done)
        except OSError:
            pass

    def send(self, batch: List[Tuple[int, Any]], swap: bool) -> None:
        groups = [batch[i:i + GROUP] for i in range(0, len(batch), GROUP)]
        if swap and len(groups) == 2:
            groups.reverse()  # ordered results out of order: the client must sort them back
        for g in groups:
            if self.ordered:
                self.s.event({"job": self.id, "first": g[0][0], "results": [r for _, r in g]})
            else:
                g = g[::-1]
                self.s.event({"job": self.id, "indexes": [i for i, _ in g],
                              "results": [r for _, r in g]})

    def end(self, event: Dict[str, Any]) -> None:
        self.s.event(event)
        with self.s.lock:
            self.s.jobs.pop(self.id, None)


class Session:
    def __init__(self, gateway: "FakeGateway", sock: socket.socket):
        self.g = gateway
        self.sock = sock
        self.rfile = sock.makefile("rb")
        self.lock = threading.Lock()
        self.user: Optional[str] = None
        self.scram: Optional[Dict[str, Any]] = None
        self.failures = 0
        self.jobs: Dict[str, Job] = {}

    def write(self, obj: Dict[str, Any]) -> None:
        data = json.dumps(obj, separators=(",", ":")).encode()
        with self.lock:
            self.sock.sendall(struct.pack(">I", len(data)) + data)

    def reply(self, address: Optional[str], body: Dict[str, Any]) -> None:
        if address:
            self.write({"type": "message", "address": address, "body": body})

    def event(self, body: Dict[str, Any]) -> None:
        self.g.sent[body["job"]] += len(body.get("results", ()))
        self.write({"type": "message", "address": "taskbus.gateway.out", "body": body})

    def refuse(self, address: Optional[str], code: int, name: str, message: str) -> None:
        f = {"type": "err", "failureCode": code, "failureType": "RECIPIENT_FAILURE",
             "message": message, "body": _err(code, name, message)}
        if address:
            f["address"] = address
        self.write(f)

    def serve(self) -> None:
        try:
            while True:
                header = self.rfile.read(4)
                if len(header) < 4:
                    return
                (n,) = struct.unpack(">I", header)
                if n == 0 or n > MAX_FRAME:
                    self.refuse(None, 413, "TOO_LARGE", f"a frame of {n} bytes")
                    return
                f = json.loads(self.rfile.read(n))
                self.g.frames.append(f if n < 4096 else {"type": f.get("type"), "size": n})
                if not self.handle(f):
                    return
        except (OSError, ValueError):
            pass
        finally:
            for job in list(self.jobs.values()):
                job.cancel()
            try:
                self.sock.close()
            except OSError:
                pass

    def handle(self, f: Dict[str, Any]) -> bool:
        kind = f.get("type")
        if kind == "ping":
            self.write({"type": "pong"})
            return True
        if kind in ("register", "unregister"):
            return True
        if kind != "send":
            self.refuse(None, 400, "BAD_REQUEST", f"unknown frame type {kind!r}")
            return False
        address, body, reply = f.get("address"), f.get("body") or {}, f.get("replyAddress")
        if address == "taskbus.gateway.login":
            return self.login(body, reply)
        if self.user is None:
            self.refuse(reply, 401, "UNAUTHENTICATED", "log in first")
            return True
        job_id = body.get("job")
        with self.lock:
            job = self.jobs.get(job_id)
        if address == "taskbus.gateway.submit":
            task = body.get("task")
            if job is not None:
                self.refuse(reply, 400, "BAD_REQUEST", f"job {job_id} is running")
            elif len(self.jobs) >= MAX_JOBS:
                self.refuse(reply, 429, "RATE_LIMITED", "too many jobs")
            elif not self.g.may_run(self.user, task):
                self.refuse(reply, 403, "FORBIDDEN",
                            f"user '{self.user}' may not run task '{task}'")
            elif task not in TASKS:
                self.refuse(reply, 404, "UNKNOWN_TASK", f"no worker has task '{task}'")
            else:
                with self.lock:
                    self.jobs[job_id] = Job(self, body, reply)
        elif job is None:
            self.refuse(reply, 400, "BAD_REQUEST", f"no job {job_id}")
        elif address == "taskbus.gateway.feed":
            job.add(body.get("items", []), bool(body.get("more", False)), reply)
        elif address == "taskbus.gateway.credit":
            job.grant(int(body["results"]))
        elif address == "taskbus.gateway.cancel":
            self.reply(reply, {"job": job_id, "cancelled": job.cancel()})
        else:
            self.refuse(reply, 400, "BAD_REQUEST", f"no address {address}")
        return True

    def login(self, body: Dict[str, Any], reply: Optional[str]) -> bool:
        message = body.get("scram", "")
        if self.scram is None:
            bare = message[3:]
            attrs = dict(p.split("=", 1) for p in bare.split(","))
            user = attrs["n"]
            salt = os.urandom(16)
            server_first = (f"r={attrs['r']}{base64.b64encode(os.urandom(12)).decode()},"
                            f"s={base64.b64encode(salt).decode()},i={self.g.iterations}")
            self.scram = {"user": user, "bare": bare, "first": server_first, "salt": salt}
            self.reply(reply, {"scram": server_first})
            return True
        s, self.scram = self.scram, None
        without_proof, _, proof = message.rpartition(",p=")
        password = self.g.users.get(s["user"], (None, ()))[0]
        salted = hashlib.pbkdf2_hmac("sha256", (password or "").encode(), s["salt"],
                                     self.g.iterations)
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored = hashlib.sha256(client_key).digest()
        auth = f"{s['bare']},{s['first']},{without_proof}".encode()
        signature = hmac.new(stored, auth, hashlib.sha256).digest()
        given = bytes(a ^ b for a, b in zip(base64.b64decode(proof), signature))
        nonce = dict(p.split("=", 1) for p in s["first"].split(","))["r"]
        if password is None or without_proof != f"c=biws,r={nonce}" or \
                hashlib.sha256(given).digest() != stored:
            self.failures += 1
            self.refuse(reply, 401, "UNAUTHENTICATED", "login refused")
            return self.failures < 3
        self.user = s["user"]
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        v = base64.b64encode(hmac.new(server_key, auth, hashlib.sha256).digest()).decode()
        if self.g.wrong_signature:
            v = base64.b64encode(b"\0" * 32).decode()
        self.reply(reply, {"scram": f"v={v}", "user": self.user,
                           "permissions": list(self.g.users[self.user][1]),
                           "expiresAt": int(time.time() * 1000) + 900_000})
        return True


class FakeGateway:
    """Listens on 127.0.0.1 (a free port unless given); ``address`` is host:port."""

    def __init__(self, users: Dict[str, Tuple[str, Tuple[str, ...]]], port: int = 0,
                 tls: Optional[ssl.SSLContext] = None):
        self.tls = tls
        self.users = users
        self.iterations = ITERATIONS
        self.wrong_signature = False
        self.frames: List[Dict[str, Any]] = []  # what clients sent (big frames summarised)
        self.sessions: List[Session] = []
        self.sent: collections.Counter = collections.Counter()  # results sent, by job id
        self.server = socket.create_server(("127.0.0.1", port))
        self.address = f"127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def may_run(self, user: str, task: str) -> bool:
        perms = self.users[user][1]
        return "*" in perms or "run:*" in perms or f"run:{task}" in perms

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.server.accept()
            except OSError:
                return
            if self.tls is not None:
                try:
                    sock = self.tls.wrap_socket(sock, server_side=True)
                except (OSError, ssl.SSLError):
                    sock.close()
                    continue
            session = Session(self, sock)
            self.sessions.append(session)
            threading.Thread(target=session.serve, daemon=True).start()

    def drop_connections(self) -> None:
        for s in self.sessions:
            try:
                s.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self.server.close()
        self.drop_connections()


if __name__ == "__main__":
    gw = FakeGateway({"alice": (os.environ["TASKBUS_PASSWORD"], ("*",)),
                      "bob": (os.environ.get("TASKBUS_BOB_PASSWORD", "bob"),
                              ("run:double", "run:echo"))},
                     int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(gw.address, flush=True)
    threading.Event().wait()
