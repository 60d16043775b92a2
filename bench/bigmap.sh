#!/usr/bin/env bash
# make bigmap: two worker nodes, then a client JVM at -Xmx256m mapping `double` over
# 5,000,000 items pulled lazily from an iterator; prints wall time, peak heap and the check.
# Usage: bench/bigmap.sh [ITEMS] [XMX]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
items="${1:-5000000}"
xmx="${2:-256m}"
cd "$home"
build() { local out; out="$(mvn -B -q -Dstyle.color=never "$@" 2>&1)" || { echo "$out"; exit 1; }; }
build -DskipTests install
build -pl verticles test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
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
cp="verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/test-classpath.txt)"
java -Xmx"$xmx" -cp "$cp" -Djava.net.preferIPv4Stack=true --add-modules java.se \
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED \
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
  -Djava.util.logging.config.file=conf/logging.properties \
  io.taskbus.testing.BigMapClient conf/client.json "$items"
