"""The client's side of a SCRAM-SHA-256 login (RFC 5802 with RFC 7677's hash), as the Java
client does it (``io.taskbus.auth.ScramClient``): the password never travels, and the server
must prove it holds the user's stored keys before anything it says is believed.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import unicodedata
from typing import Dict, Optional

from .errors import AuthenticationError

#: RFC 7677's floor; a server that asks for fewer is refused.
MIN_ITERATIONS = 4096
#: A client computes no more than this: a fake server could otherwise make it spin.
MAX_ITERATIONS = 1_000_000
GS2_HEADER = "n,,"


class ScramClient:
    """One exchange: :meth:`client_first`, :meth:`client_final` from the server-first, then
    :meth:`verify_server_final`. Single use, not thread-safe."""

    def __init__(self, user: str, password: str, nonce: Optional[str] = None):
        self._password = password
        self._nonce = nonce if nonce is not None else base64.b64encode(
            secrets.token_bytes(18)).decode("ascii")
        self._first_bare = f"n={escape(user)},r={self._nonce}"
        self._server_signature: Optional[bytes] = None

    def client_first(self) -> str:
        return GS2_HEADER + self._first_bare

    def client_final(self, server_first: str) -> str:
        """The proof for the server's challenge; AuthenticationError when the challenge is
        malformed, does not extend this client's nonce, or asks for iterations out of bounds."""
        a = attributes(server_first)
        nonce = required(a, "r")
        if not nonce.startswith(self._nonce) or len(nonce) == len(self._nonce):
            raise AuthenticationError("the server's nonce does not extend the client's")
        iterations = _iterations(required(a, "i"))
        salted = salted_password(self._password, _unb64(required(a, "s")), iterations)
        without_proof = "c=" + _b64(GS2_HEADER.encode()) + ",r=" + nonce
        auth_message = f"{self._first_bare},{server_first},{without_proof}".encode("utf-8")
        client_key = _hmac(salted, b"Client Key")
        signature = _hmac(hashlib.sha256(client_key).digest(), auth_message)
        self._server_signature = _hmac(_hmac(salted, b"Server Key"), auth_message)
        self._password = ""  # not needed any more
        proof = bytes(x ^ y for x, y in zip(client_key, signature))
        return f"{without_proof},p={_b64(proof)}"

    def verify_server_final(self, server_final: str) -> None:
        """Checks the server's signature in constant time; AuthenticationError when the server
        reports an error or its signature is wrong."""
        if self._server_signature is None:
            raise RuntimeError("client_final first")
        a = attributes(server_final)
        if "e" in a:
            raise AuthenticationError(f"the server refused the login: {a['e']}")
        if not hmac.compare_digest(_unb64(required(a, "v")), self._server_signature):
            raise AuthenticationError("the server's signature is wrong: it does not hold this"
                                      " user's keys (a fake gateway or auth service?)")


def salted_password(password: str, salt: bytes, iterations: int) -> bytes:
    # SASLprep approximated by NFKC, its normalisation step, as the Java side does
    normalised = unicodedata.normalize("NFKC", password).encode("utf-8")
    return hashlib.pbkdf2_hmac("sha256", normalised, salt, iterations, 32)


def attributes(message: str) -> Dict[str, str]:
    """A SCRAM message's ``x=value`` attributes; refuses anything else, and repeats."""
    out: Dict[str, str] = {}
    for part in message.split(","):
        if len(part) < 2 or part[1] != "=" or part[0] in out:
            raise AuthenticationError("not a SCRAM message")
        out[part[0]] = part[2:]
    return out


def required(attrs: Dict[str, str], name: str) -> str:
    value = attrs.get(name)
    if not value:
        raise AuthenticationError(f"the SCRAM message has no '{name}' attribute")
    return value


def escape(name: str) -> str:
    """RFC 5802's saslname: ',' and '=' escaped."""
    return name.replace("=", "=3D").replace(",", "=2C")


def _iterations(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise AuthenticationError("the server's iteration count is not a number")
    i = int(value)
    if not MIN_ITERATIONS <= i <= MAX_ITERATIONS:
        raise AuthenticationError(f"the server asks for {i} iterations (from {MIN_ITERATIONS}"
                                  f" to {MAX_ITERATIONS} are accepted)")
    return i


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise AuthenticationError("not base64") from None
