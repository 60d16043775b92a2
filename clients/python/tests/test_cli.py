"""The CLI's argument parsing and exit codes; no gateway needed."""
import io
import os
import sys
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import taskbus  # noqa: E402
from fake_gateway import FakeGateway  # noqa: E402
from taskbus import cli  # noqa: E402


class CliTest(unittest.TestCase):

    def test_values_are_json_where_they_parse(self):
        self.assertEqual(cli.parse_value("2"), 2)
        self.assertEqual(cli.parse_value("2.5"), 2.5)
        self.assertEqual(cli.parse_value('"2"'), "2")
        self.assertEqual(cli.parse_value("[1,2]"), [1, 2])
        self.assertEqual(cli.parse_value('{"a":null}'), {"a": None})
        self.assertEqual(cli.parse_value("true"), True)
        self.assertEqual(cli.parse_value("hello"), "hello")
        self.assertEqual(cli.parse_value("NaN"), "NaN")  # no JSON, so text
        self.assertEqual(cli.parse_value(""), "")

    def test_starmap_argument_lists(self):
        self.assertEqual(cli.parse_arg_list("1,4"), [1, 4])
        self.assertEqual(cli.parse_arg_list("[2,5]"), [2, 5])
        self.assertEqual(cli.parse_arg_list("a,2"), ["a", 2])
        self.assertEqual(cli.parse_arg_list("7"), [7])

    def test_commands_and_options_either_side(self):
        ns = cli.parse_args(["map", "double", "1", "2", "3"])
        self.assertEqual((ns.command, ns.task, ns.args, ns.gateway, ns.user, ns.tls),
                         ("map", "double", ["1", "2", "3"], None, None, False))
        ns = cli.parse_args(["--gateway", "h:1", "starmap", "--user", "bob", "mul", "1,4"])
        self.assertEqual((ns.command, ns.gateway, ns.user, ns.args), ("starmap", "h:1", "bob",
                                                                      ["1,4"]))
        ns = cli.parse_args(["apply", "--tls", "--cafile", "ca.pem", "mul", "2", "9"])
        self.assertEqual((ns.tls, ns.cafile, ns.timeout), (True, "ca.pem", 30.0))
        ns = cli.parse_args(["map", "double", "--", "-5"])
        self.assertEqual(ns.args, ["-5"])

    def test_bad_usage_exits_2(self):
        for argv in ([], ["map"], ["map", "double"], ["frobnicate", "x"], ["--password", "p"]):
            with self.subTest(argv=argv), mock.patch("sys.stderr", io.StringIO()), \
                    self.assertRaises(SystemExit) as caught:
                cli.parse_args(argv)
            self.assertEqual(caught.exception.code, 2)

    def test_no_gateway_or_password_exits_2(self):
        err = io.StringIO()
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(cli.main(["map", "double", "1"], io.StringIO(), err), 2)
            self.assertIn("no gateway", err.getvalue())
            self.assertEqual(cli.main(["map", "--gateway", "h:1", "--user", "u", "double", "1"],
                                      io.StringIO(), err), 2)
            self.assertIn("no password for user 'u'", err.getvalue())

    def test_exit_codes(self):
        for error, code in ((taskbus.TaskFailedError("x"), 1), (taskbus.CancelledError("x"), 1),
                            (taskbus.TaskbusError("x"), 1),
                            (taskbus.UnknownTaskError("x"), 2), (taskbus.BadArgumentError("x"), 2),
                            (ValueError("x"), 2),
                            (taskbus.AuthenticationError("x"), 3), (taskbus.ForbiddenError("x"), 3),
                            (taskbus.GatewayConnectionError("x"), 4),
                            (taskbus.NoWorkersError("x"), 4), (taskbus.TimeoutError("x"), 4),
                            (ConnectionRefusedError(), 4)):
            with self.subTest(error=error):
                self.assertEqual(cli.exit_code(error), code)



class CliRunTest(unittest.TestCase):
    """Whole commands against the fake gateway of fake_gateway.py."""

    def setUp(self):
        self.gw = FakeGateway({"alice": ("pencil", ("*",)), "bob": ("bob-pw", ("run:double",))})
        self.addCleanup(self.gw.close)

    def run_cli(self, *argv, user="alice", password="pencil"):
        out, err = io.StringIO(), io.StringIO()
        env = {"TASKBUS_GATEWAY": self.gw.address, "TASKBUS_USER": user,
               "TASKBUS_PASSWORD": password}
        with mock.patch.dict(os.environ, env):
            code = cli.main(list(argv), out, err)
        return code, out.getvalue(), err.getvalue()

    def test_results_printed_as_bin_taskbus_prints_them(self):
        self.assertEqual(self.run_cli("map", "double", "1", "2", "3"), (0, "[2,4,6]\n", ""))
        self.assertEqual(self.run_cli("starmap", "mul", "1,4", "[2,5]"), (0, "[4,10]\n", ""))
        self.assertEqual(self.run_cli("starmap", "mul", "[[1,4],[2,5]]"), (0, "[4,10]\n", ""))
        self.assertEqual(self.run_cli("apply", "mul", "2", "9"), (0, "18\n", ""))
        self.assertEqual(self.run_cli("map", "echo", "a", '"1"', "1"), (0, '["a","1",1]\n', ""))
        code, out, _ = self.run_cli("apply", "echo", '"\u009b[31m"')
        self.assertEqual(out, '"\\u009b[31m"\n')  # escaped, never raw

    def test_failures_exit_codes_and_one_line(self):
        for argv, user, password, code, text in (
                (("map", "fail", "boom"), "alice", "pencil", 1, "TaskFailedError"),
                (("map", "nope", "1"), "alice", "pencil", 2, "UnknownTaskError"),
                (("apply", "double", "x"), "alice", "pencil", 2, "BadArgumentError"),
                (("apply", "mul", "1", "2"), "bob", "bob-pw", 3, "ForbiddenError"),
                (("apply", "double", "1"), "bob", "wrong", 3, "AuthenticationError"),
                (("--gateway", "127.0.0.1:1", "map", "double", "1"), "alice", "pencil", 4,
                 "GatewayConnectionError")):
            with self.subTest(argv=argv):
                got, out, err = self.run_cli(*argv, user=user, password=password)
                self.assertEqual(got, code, err)
                self.assertEqual(out, "")
                self.assertTrue(err.startswith(f"taskbus: {text}: "), err)
                self.assertEqual(err.count("\n"), 1, err)


if __name__ == "__main__":
    unittest.main()
