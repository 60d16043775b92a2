"""Feed batches: cut by count and by size, read lazily."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from taskbus.batching import Batcher, starmap_args  # noqa: E402
from taskbus.errors import BadArgumentError, TooLargeError  # noqa: E402


def decode(batch):
    return [json.loads(b) for b in batch]


class BatchingTest(unittest.TestCase):

    def test_by_count(self):
        b = Batcher(range(25), max_items=10, max_bytes=1 << 20)
        self.assertEqual([(decode(x), more) for x, more in iter(b.next_batch, ([], False))],
                         [(list(range(10)), True), (list(range(10, 20)), True),
                          (list(range(20, 25)), False)])
        self.assertEqual(b.next_batch(), ([], False))  # and stays ended

    def test_by_size_commas_included(self):
        items = ["x" * 8] * 10  # 10 bytes each as JSON, 11 with its comma
        batches = []
        b = Batcher(items, max_items=100, max_bytes=32)
        while True:
            batch, more = b.next_batch()
            batches.append(len(batch))
            self.assertLessEqual(len(b",".join(batch)), 32)
            if not more:
                break
        self.assertEqual(batches, [3, 3, 3, 1])

    def test_a_big_item_travels_alone_and_a_too_big_one_is_refused(self):
        b = Batcher([1, "y" * 50, 2], max_items=100, max_bytes=16, hard_limit=60)
        self.assertEqual(decode(b.next_batch()[0]), [1])
        self.assertEqual(decode(b.next_batch()[0]), ["y" * 50])
        self.assertEqual(b.next_batch(), ([b"2"], False))
        b = Batcher([1, 2, "z" * 100], max_items=100, max_bytes=16, hard_limit=60)
        with self.assertRaises(TooLargeError) as caught:
            b.next_batch()
        self.assertEqual(caught.exception.item, 2)

    def test_reads_the_input_lazily(self):
        read = []

        def source():
            for i in range(1_000_000):
                read.append(i)
                yield i

        b = Batcher(source(), max_items=1000, max_bytes=1 << 20)
        batch, more = b.next_batch()
        self.assertEqual((len(batch), more), (1000, True))
        self.assertEqual(len(read), 1001)  # one past the batch: to know that more follow
        b.next_batch()
        self.assertEqual(len(read), 2001)
        self.assertEqual(b.read, 2001)

    def test_items_that_are_not_json_data_name_their_index(self):
        b = Batcher([1, 2, {3}], max_items=10)
        with self.assertRaises(BadArgumentError) as caught:
            b.next_batch()
        self.assertEqual(caught.exception.item, 2)
        self.assertIn("item 2", str(caught.exception))

    def test_starmap_items_become_argument_lists(self):
        b = Batcher([(1, 4), [2, 5], range(2)], convert=starmap_args)
        self.assertEqual(decode(b.next_batch()[0]), [[1, 4], [2, 5], [0, 1]])
        with self.assertRaises(BadArgumentError):
            Batcher([7], convert=starmap_args).next_batch()

    def test_a_million_items_in_batches_of_ten_thousand(self):
        b = Batcher(range(1_000_000))
        count = n = 0
        more = True
        while more:
            batch, more = b.next_batch()
            self.assertLessEqual(len(batch), 10_000)
            self.assertLessEqual(len(b",".join(batch)), 512 * 1024)
            count += len(batch)
            n += 1
        self.assertEqual((count, n), (1_000_000, 100))


if __name__ == "__main__":
    unittest.main()
