"""Integration tests against a running gateway.

They run only when env ``TASKBUS_GATEWAY`` is host:port of a gateway whose cluster has the
built-in tasks, with user ``alice`` (password in env ``TASKBUS_PASSWORD``, may run every task)
and ``bob`` (password in env ``TASKBUS_BOB_PASSWORD``, may run ``double`` but not ``mul``).
Set ``TASKBUS_TLS=1`` (and ``TASKBUS_CAFILE``) for a gateway that speaks TLS.
"""
import collections
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

GATEWAY = os.environ.get("TASKBUS_GATEWAY")
if not GATEWAY:
    raise unittest.SkipTest("TASKBUS_GATEWAY is not set: these tests need a running gateway"
                            " (host:port; alice's password in TASKBUS_PASSWORD, bob's in"
                            " TASKBUS_BOB_PASSWORD)")

import taskbus  # noqa: E402
from taskbus import Pool  # noqa: E402

PASSWORD = os.environ.get("TASKBUS_PASSWORD", "")
BOB_PASSWORD = os.environ.get("TASKBUS_BOB_PASSWORD")
TLS = os.environ.get("TASKBUS_TLS") in ("1", "true") or bool(os.environ.get("TASKBUS_CAFILE"))
CAFILE = os.environ.get("TASKBUS_CAFILE")

BATCH = 10_000
WINDOW = 4_096
#: How far the input may be read ahead of the results taken: the gateway answers a feed when it
#: is ready for the next batch, so it holds a few batches at most; add the batch on its way, the
#: one being cut (and the item read past it), and two windows of results granted but not read.
READ_AHEAD = 5 * BATCH + 2 * WINDOW


def pool(user="alice", password=PASSWORD, **options):
    return Pool(GATEWAY, user=user, password=password, tls=TLS or None, cafile=CAFILE,
                **options)


class GatewayTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.pool = pool(window=WINDOW, batch_size=BATCH)

    @classmethod
    def tearDownClass(cls):
        cls.pool.terminate()

    def test_quick_start(self):
        p = self.pool
        self.assertEqual(p.map("double", [1, 2, 3]), [2, 4, 6])
        self.assertEqual(p.map_async("double", [1, 2, 3]).get(timeout=30), [2, 4, 6])
        self.assertEqual(p.starmap("mul", [(1, 4), (2, 5), (3, 6)]), [4, 10, 18])
        self.assertEqual(p.apply("mul", (2, 9)), 18)
        self.assertEqual(p.apply_async("add", (2, 3)).get(timeout=30), 5)
        self.assertEqual(p.starmap_async("add", [(1, 1)]).get(timeout=30), [2])
        self.assertEqual(p.map("double", []), [])
        self.assertGreaterEqual(p.ping(), 0)

    def test_map_async_of_a_million(self):
        results = self.pool.map_async("double", range(10 ** 6)).get(timeout=120)
        self.assertEqual(len(results), 10 ** 6)
        for i, r in enumerate(results):
            if r != 2 * i:
                self.fail(f"item {i}: {r}, not {2 * i}")

    def test_callbacks(self):
        got = []
        r = self.pool.map_async("double", [5], callback=got.append)
        self.assertEqual(r.get(timeout=30), [10])
        self.assertTrue(r.ready() and r.successful())
        errors = []
        r = self.pool.apply_async("fail", ("no",), error_callback=errors.append)
        r.wait(30)
        self.assertFalse(r.successful())
        self.assertEqual(got, [[10]])
        self.assertIsInstance(errors[0], taskbus.TaskFailedError)

    def test_imap_reads_its_input_as_the_results_are_taken(self):
        read = 0

        def source():
            nonlocal read
            for i in range(10 ** 6):
                read += 1
                yield i

        taken = 0
        for i, r in enumerate(self.pool.imap("double", source(), chunksize=1000)):
            self.assertEqual(r, 2 * i)
            taken += 1
            if read - taken > READ_AHEAD:
                self.fail(f"{read} items read for {taken} results taken")
        self.assertEqual((taken, read), (10 ** 6, 10 ** 6))

    def test_a_slow_imap_reader_gets_every_result_in_order(self):
        p = pool(window=256, batch_size=1000)
        try:
            n = 20_000
            for i, r in enumerate(p.imap("double", iter(range(n)))):
                self.assertEqual(r, 2 * i)
                if i % 500 == 0:
                    time.sleep(0.05)  # the reader's own work, slower than the workers
            self.assertEqual(i, n - 1)
        finally:
            p.terminate()

    def test_imap_unordered_gives_every_result_once(self):
        n = 50_000
        counts = collections.Counter(self.pool.imap_unordered("double", range(n)))
        self.assertEqual(len(counts), n)
        self.assertEqual(set(counts), {2 * i for i in range(n)})
        self.assertEqual(set(counts.values()), {1})

    def test_a_wrong_password_is_refused(self):
        # bob, not alice: failed logins count towards a lockout of the name
        with self.assertRaises(taskbus.AuthenticationError):
            pool("bob", "not " + (BOB_PASSWORD or "the password"))

    @unittest.skipUnless(BOB_PASSWORD, "TASKBUS_BOB_PASSWORD is not set")
    def test_a_task_bob_may_not_run_is_forbidden(self):
        with pool("bob", BOB_PASSWORD) as bob:
            self.assertEqual(bob.map("double", [4]), [8])
            with self.assertRaises(taskbus.ForbiddenError):
                bob.apply("mul", (2, 3))
            self.assertEqual(bob.apply("double", (21,)), 42)  # still usable

    def test_an_unknown_task(self):
        with self.assertRaises(taskbus.UnknownTaskError):
            self.pool.map("no-such-task", [1])

    def test_bad_arguments(self):
        with self.assertRaises(taskbus.BadArgumentError):
            self.pool.apply("mul", (2,))
        with self.assertRaises(TypeError):
            self.pool.apply("mul", (2, 3), {"b": 3})

    def test_a_task_failure_and_the_pool_goes_on(self):
        with self.assertRaises(taskbus.TaskFailedError) as caught:
            self.pool.map("fail", ["boom"])
        e = caught.exception
        self.assertEqual(e.remote_type, "java.lang.IllegalStateException")
        self.assertIn("boom", e.remote_message)
        self.assertEqual(e.item, 0)
        self.assertIn("IllegalStateException", str(e))
        with self.assertRaises(taskbus.TaskFailedError):
            list(self.pool.imap("fail", ["boom"]))
        self.assertEqual(self.pool.map("double", [1, 2, 3]), [2, 4, 6])

    def test_terminate_cancels_a_running_job(self):
        p = pool()
        result = p.map_async("sleep", [5_000] * 8)
        self.assertFalse(result.wait(1))  # 8 items of 5 s on the workers: not done within 1 s
        start = time.monotonic()
        p.terminate()
        with self.assertRaises(taskbus.CancelledError):
            result.get(timeout=10)
        self.assertLess(time.monotonic() - start, 5)
        with self.assertRaises(ValueError):
            p.map("double", [1])
        self.assertEqual(self.pool.apply("double", (1,)), 2)  # the gateway goes on


if __name__ == "__main__":
    unittest.main()
