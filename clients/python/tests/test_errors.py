"""The protocol's error bodies as exceptions."""
import builtins
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

import taskbus  # noqa: E402
from taskbus.errors import error_from  # noqa: E402


class ErrorsTest(unittest.TestCase):

    def test_codes_map_to_classes(self):
        for code, name, cls in (
                (400, "BAD_REQUEST", taskbus.ProtocolError),
                (401, "UNAUTHENTICATED", taskbus.AuthenticationError),
                (403, "FORBIDDEN", taskbus.ForbiddenError),
                (404, "UNKNOWN_TASK", taskbus.UnknownTaskError),
                (408, "TIMEOUT", taskbus.TimeoutError),
                (413, "TOO_LARGE", taskbus.TooLargeError),
                (422, "BAD_ARGUMENT", taskbus.BadArgumentError),
                (429, "RATE_LIMITED", taskbus.RateLimitedError),
                (499, "CANCELLED", taskbus.CancelledError),
                (500, "TASK_FAILED", taskbus.TaskFailedError),
                (503, "UNAVAILABLE", taskbus.NoWorkersError)):
            with self.subTest(code=code):
                e = error_from({"code": code, "name": name, "message": "why"})
                self.assertIs(type(e), cls)
                self.assertIsInstance(e, taskbus.TaskbusError)
                self.assertEqual((e.code, e.name, e.message), (code, name, "why"))
                # the frame's failureCode stands in for a body without one; so does the name
                self.assertIs(type(error_from({}, code)), cls)
                self.assertIs(type(error_from({"name": name})), cls)

    def test_unknown_or_missing_codes(self):
        e = error_from({"code": 418, "name": "TEAPOT", "message": "short and stout"})
        self.assertIs(type(e), taskbus.TaskbusError)
        self.assertEqual((e.code, e.name, str(e)), (418, "TEAPOT", "short and stout"))
        e = error_from(None, None, "the frame's message")
        self.assertIs(type(e), taskbus.TaskbusError)
        self.assertEqual(str(e), "the frame's message")
        self.assertIsNone(error_from({"code": True}).code)  # a boolean is no code

    def test_task_failed_carries_the_remote_failure(self):
        stack = "java.lang.IllegalStateException: boom\n\tat io.taskbus.Fail.run(Fail.java:9)"
        e = error_from({"code": 500, "name": "TASK_FAILED", "message": "boom", "item": 7,
                        "worker": "w-1", "remoteType": "java.lang.IllegalStateException",
                        "stack": stack})
        self.assertIsInstance(e, taskbus.TaskFailedError)
        self.assertEqual((e.item, e.worker, e.remote_type, e.remote_message, e.remote_stack),
                         (7, "w-1", "java.lang.IllegalStateException", "boom", stack))
        text = str(e)
        self.assertTrue(text.startswith("java.lang.IllegalStateException: boom (item 7, worker"
                                        " w-1)"), text)
        self.assertIn("Fail.java:9", text)

    def test_builtin_families(self):
        self.assertTrue(issubclass(taskbus.TimeoutError, builtins.TimeoutError))
        self.assertTrue(issubclass(taskbus.GatewayConnectionError, ConnectionError))
        self.assertIs(taskbus.BusyError, taskbus.RateLimitedError)
        for name in taskbus.__all__:
            obj = getattr(taskbus, name)
            if isinstance(obj, type) and issubclass(obj, Exception):
                self.assertTrue(issubclass(obj, taskbus.TaskbusError), name)


if __name__ == "__main__":
    unittest.main()
