#!/usr/bin/env bash
# make bench: taskbus side by side with a raw event-bus loop, Hazelcast's executor, a
# ForkJoinPool and Python's multiprocessing.Pool, on worker JVMs on loopback. Prints the table
# and writes bench/RESULTS.md (or the file given). Usage: bench/bench.sh [RESULTS_FILE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/common.sh
build -DskipTests install
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
exec java -Xmx2g -cp "$cp" -Djava.net.preferIPv4Stack=true -Dtaskbus.home="$PWD" \
  -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 \
  -Dlogback.configurationFile=conf/logback.xml -Dhazelcast.logging.type=slf4j --add-modules java.se \
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED \
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
  io.taskbus.bench.Bench "$@"
