"""Frames of the gateway protocol: a 4-byte big-endian length, then that many bytes of UTF-8
JSON, one object (the framing of Vert.x's TCP event-bus bridge).

Feed requests carry items that were encoded one by one (so a batch can be cut by size before it
is sent); :func:`encode_send` splices them into the frame instead of encoding them twice.
"""
from __future__ import annotations

import json
import struct
from typing import Any, BinaryIO, Dict, Iterable, Optional

from .errors import ProtocolError, TooLargeError

#: The gateway's default ``maxFrameBytes``: no frame this client sends is longer.
MAX_FRAME_BYTES = 1024 * 1024
#: What this client accepts from the gateway: generous (a gateway may be configured above the
#: default) but bounded, so a broken peer cannot make it allocate gigabytes.
MAX_INCOMING_FRAME_BYTES = 64 * 1024 * 1024

_LENGTH = struct.Struct(">I")
# One encoder, built once: json.dumps with options builds a new encoder on every call, which
# costs more than encoding a small item.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def encode_value(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON; TypeError/ValueError when it is not JSON data (NaN and
    infinities included: the Java side would refuse them)."""
    if type(value) is int:  # the common case of big inputs, without the encoder's overhead
        return str(value).encode("ascii")
    return _ENCODER.encode(value).encode("utf-8")


def frame(payload: bytes, max_bytes: int = MAX_FRAME_BYTES) -> bytes:
    """The length-prefixed frame of ``payload``; refuses an empty or over-long one rather than
    send what the gateway would answer by closing the connection."""
    if not payload:
        raise ProtocolError("an empty frame")
    if len(payload) > max_bytes:
        raise TooLargeError(f"a frame of {len(payload)} bytes is over the limit of {max_bytes}")
    return _LENGTH.pack(len(payload)) + payload


def encode_frame(obj: Dict[str, Any], max_bytes: int = MAX_FRAME_BYTES) -> bytes:
    """A whole frame for the JSON object ``obj``."""
    return frame(encode_value(obj), max_bytes)


def encode_send(address: str, body: Dict[str, Any], reply_address: Optional[str] = None,
                items: Optional[Iterable[bytes]] = None,
                max_bytes: int = MAX_FRAME_BYTES) -> bytes:
    """A ``send`` frame to ``address``. ``items``, already encoded, become the body's ``items``
    array."""
    head = {"type": "send", "address": address}
    if reply_address is not None:
        head["replyAddress"] = reply_address
    encoded_body = encode_value(body)
    if items is not None:
        # '{...}' -> '{...,"items":[a,b]}' ('{"items":[a,b]}' when body is empty)
        sep = b"," if len(encoded_body) > 2 else b""
        encoded_body = b"".join((encoded_body[:-1], sep, b'"items":[', b",".join(items), b"]}"))
    encoded_head = encode_value(head)
    return frame(b"".join((encoded_head[:-1], b',"body":', encoded_body, b"}")), max_bytes)


def decode_payload(payload: bytes) -> Dict[str, Any]:
    """The JSON object of one frame's payload."""
    try:
        obj = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ProtocolError(f"a frame that is not UTF-8 JSON: {e}") from None
    if not isinstance(obj, dict):
        raise ProtocolError("a frame that is not a JSON object")
    return obj


def read_frame(stream: BinaryIO,
               max_bytes: int = MAX_INCOMING_FRAME_BYTES) -> Optional[Dict[str, Any]]:
    """The next frame's object from a buffered binary stream, or None at a clean end of stream
    (between frames)."""
    header = stream.read(4)
    if not header:
        return None
    if len(header) < 4:
        raise ProtocolError("the stream ended inside a frame's length")
    (n,) = _LENGTH.unpack(header)
    if n == 0 or n > max_bytes:
        raise ProtocolError(f"a frame length of {n} bytes (1 to {max_bytes} are accepted)")
    payload = stream.read(n)
    if len(payload) < n:
        raise ProtocolError("the stream ended inside a frame")
    return decode_payload(payload)
