"""The Python reference of make bench: multiprocessing.Pool(2).map(double, range(N)).

Prints one JSON line: the seconds of each measured run (after a warm one) and whether every
result was right. Usage: python3 bench/pool.py N [RUNS]  (3 runs unless given)
"""
import json
import sys
import time
from multiprocessing import Pool


def double(x):
    return x * 2


if __name__ == "__main__":
    n = int(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    expected = [2 * i for i in range(n)]
    seconds = []
    correct = True
    with Pool(2) as pool:
        for run in range(runs + 1):
            start = time.perf_counter()
            out = pool.map(double, range(n))
            elapsed = time.perf_counter() - start
            if run > 0:
                seconds.append(elapsed)
            correct = correct and out == expected
    print(json.dumps({"seconds": seconds, "correct": correct}))
