"""Frames: the length prefix, the JSON object, the limits."""
import io
import json
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from taskbus.errors import ProtocolError, TooLargeError  # noqa: E402
from taskbus.framing import (MAX_FRAME_BYTES, encode_frame, encode_send,  # noqa: E402
                             encode_value, read_frame)


class FramingTest(unittest.TestCase):

    def test_round_trip(self):
        obj = {"type": "send", "address": "a", "body": {"x": [1, 2.5, "é€😀", None, True]}}
        data = encode_frame(obj)
        (n,) = struct.unpack(">I", data[:4])
        self.assertEqual(n, len(data) - 4)
        stream = io.BytesIO(data + encode_frame({"type": "ping"}))
        self.assertEqual(read_frame(stream), obj)
        self.assertEqual(read_frame(stream), {"type": "ping"})
        self.assertIsNone(read_frame(stream))  # a clean end between frames

    def test_send_splices_encoded_items(self):
        items = [encode_value(v) for v in (1, "two", [3], {"4": 4})]
        data = encode_send("taskbus.gateway.feed", {"job": "7", "more": True}, "r.1", items)
        self.assertEqual(json.loads(data[4:]), {
            "type": "send", "address": "taskbus.gateway.feed", "replyAddress": "r.1",
            "body": {"job": "7", "more": True, "items": [1, "two", [3], {"4": 4}]}})
        empty = encode_send("a", {}, None, [])
        self.assertEqual(json.loads(empty[4:]), {"type": "send", "address": "a",
                                                 "body": {"items": []}})

    def test_never_sends_an_over_long_frame(self):
        big = "x" * MAX_FRAME_BYTES
        with self.assertRaises(TooLargeError):
            encode_frame({"s": big})
        just = "x" * (MAX_FRAME_BYTES - len('{"s":""}'))
        self.assertEqual(len(encode_frame({"s": just})), MAX_FRAME_BYTES + 4)
        with self.assertRaises(TooLargeError):
            encode_send("a", {}, None, [encode_value(big)])

    def test_refuses_bad_lengths_and_payloads(self):
        for data in (struct.pack(">I", 0), struct.pack(">I", 1 << 31),
                     struct.pack(">I", 5) + b"{}",  # the stream ends inside the frame
                     b"\0\0",  # inside the length
                     struct.pack(">I", 2) + b"[]",  # not an object
                     struct.pack(">I", 2) + b"\xff{"):  # not UTF-8
            with self.subTest(data=data), self.assertRaises(ProtocolError):
                read_frame(io.BytesIO(data))

    def test_values_that_are_not_json_data_are_refused(self):
        for value in (float("nan"), float("inf"), {1, 2}, b"bytes", object()):
            with self.subTest(value=value), self.assertRaises((TypeError, ValueError)):
                encode_value(value)
        self.assertEqual(encode_value(True), b"true")  # not taken for an int
        self.assertEqual(encode_value(-12), b"-12")


if __name__ == "__main__":
    unittest.main()
