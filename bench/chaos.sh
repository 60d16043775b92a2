#!/usr/bin/env bash
# make chaos: three worker JVMs, random kill -9s and restarts during a long job; the result
# list is checked item by item. Usage: bench/chaos.sh [ITEMS] [KILLS] [SEED]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
build() { local out; out="$(mvn -B -q -Dstyle.color=never "$@" 2>&1)" || { echo "$out"; exit 1; }; }
build -DskipTests install
build -pl verticles test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
cp="verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/test-classpath.txt)"
exec java -cp "$cp" -Djava.net.preferIPv4Stack=true -Dtaskbus.home="$home" \
  -Djava.util.logging.config.file=conf/logging.properties --add-modules java.se \
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED \
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
  io.taskbus.testing.Chaos "$@"
