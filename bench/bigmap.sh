#!/usr/bin/env bash
# make bigmap: two worker nodes, then a client JVM at -Xmx256m mapping `double` over
# 5,000,000 items pulled lazily from an iterator; prints wall time, peak heap and the check.
# Usage: bench/bigmap.sh [ITEMS] [XMX]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/common.sh
items="${1:-5000000}"
xmx="${2:-256m}"
build_test_classpath
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
for i in 1 2; do
  TASKBUS_NO_BUILD=1 bin/taskbus worker > "$work/worker-$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 120); do grep -q "worker node up" "$work/worker-$i.log" && break; sleep 0.5; done
done
run_test_main -Xmx"$xmx" -- io.taskbus.testing.BigMapClient conf/client.json "$items"
