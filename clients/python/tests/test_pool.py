"""The Pool against the fake gateway of fake_gateway.py: the client's own mechanics (frame
sizes, credit, cancel, reconnection, the login's checks, the job limit), with no server to
start."""
import gc
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import taskbus  # noqa: E402
from fake_gateway import FakeGateway  # noqa: E402
from taskbus import Pool  # noqa: E402


class PoolTest(unittest.TestCase):

    def setUp(self):
        self.gw = FakeGateway({"alice": ("pencil", ("*",)),
                               "bob": ("bob-pw", ("run:double",))})
        self.addCleanup(self.gw.close)

    def pool(self, user="alice", password="pencil", **options) -> Pool:
        p = Pool(self.gw.address, user=user, password=password, **options)
        self.addCleanup(p.terminate)
        return p

    def sent(self, address):
        return [f for f in self.gw.frames if f.get("address") == address]

    def until(self, condition, seconds=2.0):
        """Waits, within ``seconds``, until ``condition()`` holds; whether it does."""
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)
        return condition()

    def settled(self, value, seconds=2.0):
        """``value()`` once it has stayed the same for 0.1 s (within ``seconds``): what a
        pool that stopped asking for more has taken."""
        deadline = time.monotonic() + seconds
        last, since = value(), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - since < 0.1:
            time.sleep(0.01)
            now = value()
            if now != last:
                last, since = now, time.monotonic()
        return last

    def cancels(self, expected):
        """The cancels the gateway got, once it has read ``expected`` (or 2 s passed): the
        client sends a cancel without waiting for its answer."""
        deadline = time.monotonic() + 2
        while len(self.sent("taskbus.gateway.cancel")) < expected and \
                time.monotonic() < deadline:
            time.sleep(0.01)
        return len(self.sent("taskbus.gateway.cancel"))

    def test_multiprocessing_idioms(self):
        p = self.pool()
        self.assertEqual(p.map("double", [1, 2, 3]), [2, 4, 6])
        self.assertEqual(p.starmap("mul", [(1, 4), (2, 5), (3, 6)]), [4, 10, 18])
        self.assertEqual(p.apply("mul", (2, 9)), 18)
        self.assertEqual(p.map("double", (x for x in range(30_000))),
                         [2 * x for x in range(30_000)])
        self.assertEqual(list(p.imap("double", range(5))), [0, 2, 4, 6, 8])
        self.assertEqual(sorted(p.imap_unordered("double", range(1500))),
                         [2 * x for x in range(1500)])
        self.assertEqual(p.session["user"], "alice")

    def test_env_supplies_the_address_and_login(self):
        env = {"TASKBUS_GATEWAY": self.gw.address, "TASKBUS_USER": "bob",
               "TASKBUS_PASSWORD": "bob-pw"}
        with mock.patch.dict(os.environ, env), Pool() as p:
            self.assertEqual(p.user, "bob")
            self.assertEqual(p.apply("double", [2]), 4)

    def test_job_ids_count_per_pool(self):
        p = self.pool()
        p.apply("double", [1])
        p.map("double", [1, 2])
        self.assertEqual([f["body"]["job"] for f in self.sent("taskbus.gateway.submit")],
                         ["1", "2"])

    def test_empty_input_sends_no_job(self):
        p = self.pool()
        self.assertEqual(p.map("double", []), [])
        self.assertEqual(list(p.imap("double", iter(()))), [])
        self.assertEqual(self.sent("taskbus.gateway.submit"), [])

    def test_frames_stay_within_a_mebibyte(self):
        p = self.pool()
        items = ["x" * 1000] * 3000  # 3 MB in all: cut by size, not by count
        self.assertEqual(p.map("echo", items), items)
        big = "y" * 900_000  # alone in its frame
        self.assertEqual(p.map("echo", ["a", big, "b"]), ["a", big, "b"])
        with self.assertRaises(taskbus.TooLargeError) as caught:
            p.map("echo", ["a", "z" * (1 << 20)])
        self.assertEqual(caught.exception.item, 1)
        # the fake gateway closes the connection on a frame over 1 MiB; this one is still up
        self.assertEqual(p.apply("double", [1]), 2)

    def test_items_that_are_not_json_fail_before_anything_is_sent(self):
        p = self.pool()
        with self.assertRaises(taskbus.BadArgumentError):
            p.map("echo", [1, {2}])
        with self.assertRaises(TypeError):
            p.apply("mul", (1, 2), {"k": 1})
        self.assertEqual(self.sent("taskbus.gateway.submit"), [])

    def test_an_input_that_raises_fails_the_job_and_cancels_it(self):
        p = self.pool(batch_size=100)

        def source():
            yield from range(250)
            raise KeyError("the input broke")

        with self.assertRaises(KeyError):
            p.map("double", source())
        self.assertEqual(self.cancels(1), 1)
        self.assertEqual(p.map("double", [1]), [2])

    def test_errors_by_kind_and_the_pool_goes_on(self):
        p = self.pool()
        with self.assertRaises(taskbus.UnknownTaskError):
            p.map("nope", [1])
        with self.assertRaises(taskbus.BadArgumentError):
            p.map("double", [1, "two"])
        with self.assertRaises(taskbus.TaskFailedError) as caught:
            p.map("fail", ["boom"])
        self.assertEqual(caught.exception.remote_type, "java.lang.IllegalStateException")
        self.assertIn("remote stack", str(caught.exception))
        bob = self.pool("bob", "bob-pw")
        with self.assertRaises(taskbus.ForbiddenError):
            bob.apply("mul", (1, 2))
        self.assertEqual(bob.map("double", [3]), [6])
        self.assertEqual(p.map("double", [3]), [6])

    def test_login_failures(self):
        with self.assertRaises(taskbus.AuthenticationError):
            Pool(self.gw.address, user="alice", password="wrong")
        self.gw.wrong_signature = True
        with self.assertRaisesRegex(taskbus.AuthenticationError, "signature"):
            Pool(self.gw.address, user="alice", password="pencil")
        self.gw.wrong_signature = False
        self.gw.iterations = 1_000_001
        with self.assertRaisesRegex(taskbus.AuthenticationError, "iterations"):
            Pool(self.gw.address, user="alice", password="pencil")
        with self.assertRaises(taskbus.GatewayConnectionError):
            Pool("127.0.0.1:1", user="alice", password="pencil")
        with mock.patch.dict(os.environ, {}, clear=True):
            with self.assertRaisesRegex(ValueError, "no password"):
                Pool(self.gw.address, user="alice")
            with self.assertRaisesRegex(ValueError, "no user"):
                Pool(self.gw.address, password="pencil")
            with self.assertRaisesRegex(ValueError, "no gateway"):
                Pool(user="alice", password="pencil")

    def test_imap_holds_at_most_two_windows_for_a_reader_that_stops(self):
        p = self.pool(window=100, batch_size=1000)
        it = p.imap("double", range(100_000))
        self.assertEqual([next(it) for _ in range(10)], [2 * i for i in range(10)])
        self.assertLessEqual(self.settled(lambda: self.gw.sent["1"]), 200)
        self.assertEqual([next(it) for _ in range(1000)], [2 * i for i in range(10, 1010)])
        self.assertLessEqual(self.settled(lambda: self.gw.sent["1"]), 1010 + 200)
        it.close()  # the rest is cancelled on the gateway
        self.assertEqual(self.cancels(1), 1)
        with self.assertRaises(StopIteration):
            next(it)

    def test_a_dropped_imap_is_cancelled(self):
        p = self.pool(window=100)
        it = p.imap("double", range(100_000))
        next(it)
        del it
        gc.collect()
        self.assertEqual(self.cancels(1), 1)
        p.close()
        p.join()  # nothing is left running

    def test_more_async_calls_than_the_gateway_runs_at_once(self):
        p = self.pool()
        results = [p.apply_async("sleep", (50,)) for _ in range(40)]
        self.assertEqual([r.get(timeout=30) for r in results], [50] * 40)

    def test_callbacks_and_async_results(self):
        p = self.pool()
        got, errors = [], []
        ok = p.map_async("double", [1, 2], callback=got.append)
        bad = p.apply_async("fail", ("x",), error_callback=errors.append)
        self.assertEqual(ok.get(timeout=10), [2, 4])
        self.assertTrue(bad.wait(10))
        self.assertTrue(ok.successful())
        self.assertFalse(bad.successful())
        with self.assertRaises(taskbus.TaskFailedError):
            bad.get()
        self.assertEqual(got, [[2, 4]])
        self.assertIsInstance(errors[0], taskbus.TaskFailedError)
        slow = p.apply_async("sleep", (2000,))
        with self.assertRaises(TimeoutError):
            slow.get(timeout=0.05)
        with self.assertRaises(ValueError):
            slow.successful()

    def test_terminate_cancels_running_jobs(self):
        p = self.pool()
        running = p.map_async("sleep", [300] * 50)
        queued = [p.apply_async("sleep", (300,)) for _ in range(30)]
        self.assertTrue(self.until(lambda: self.sent("taskbus.gateway.submit")))  # it got there
        p.terminate()
        for r in [running] + queued:
            with self.assertRaises(taskbus.CancelledError):
                r.get(timeout=5)
        with self.assertRaises(ValueError):
            p.map("double", [1])
        p.join()

    def test_close_lets_jobs_finish_and_join_waits(self):
        p = self.pool()
        with self.assertRaises(ValueError):
            p.join()  # still running
        r = p.map_async("sleep", [100, 100])
        p.close()
        with self.assertRaises(ValueError):
            p.apply("double", (1,))
        p.join()
        self.assertEqual(r.get(timeout=0), [100, 100])

    def test_a_dropped_connection_fails_its_jobs_and_the_next_job_reconnects(self):
        p = self.pool()
        r = p.map_async("sleep", [200] * 20)
        self.assertTrue(self.until(lambda: self.sent("taskbus.gateway.submit")))  # it got there
        self.gw.drop_connections()
        with self.assertRaises(taskbus.GatewayConnectionError):
            r.get(timeout=5)
        self.assertEqual(p.map("double", [1, 2]), [2, 4])
        self.assertEqual(len(self.gw.sessions), 2)

    def test_concurrent_callers_share_the_connection(self):
        p = self.pool()
        out = {}

        def work(k):
            out[k] = p.map("double", range(k * 1000, k * 1000 + 3000))

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        for k in range(8):
            self.assertEqual(out[k], [2 * x for x in range(k * 1000, k * 1000 + 3000)])
        self.assertEqual(len(self.gw.sessions), 1)

    def test_ping(self):
        self.assertGreaterEqual(self.pool().ping(), 0)



@unittest.skipUnless(shutil.which("openssl"), "no openssl command to make a test certificate")
class TlsTest(unittest.TestCase):
    """TLS with a CA file: a self-signed certificate for 127.0.0.1, made for the test."""

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.cert = os.path.join(self.dir, "cert.pem")
        key = os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", self.cert],
                       check=True, capture_output=True)
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(self.cert, key)
        self.gw = FakeGateway({"alice": ("pencil", ("*",))}, tls=server)
        self.addCleanup(self.gw.close)

    def test_tls_with_a_ca_file(self):
        with Pool(self.gw.address, user="alice", password="pencil", tls=True,
                  cafile=self.cert) as p:
            self.assertEqual(p.map("double", range(20_000)), [2 * x for x in range(20_000)])
        context = ssl.create_default_context(cafile=self.cert)
        with Pool(self.gw.address, user="alice", password="pencil", tls=context) as p:
            self.assertEqual(p.apply("mul", (6, 7)), 42)

    def test_an_untrusted_certificate_is_refused(self):
        with self.assertRaises(taskbus.GatewayConnectionError):
            Pool(self.gw.address, user="alice", password="pencil", tls=True)


if __name__ == "__main__":
    unittest.main()
