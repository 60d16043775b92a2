# Shared by the bench scripts: build quietly, then run a test-scope main with Hazelcast's flags.
# Source it from the repository root.
build() {
  local out
  out="$(mvn -B -q -Dstyle.color=never "$@" 2>&1)" || { echo "$out"; exit 1; }
}

build_test_classpath() {
  build -DskipTests install
  build -pl verticles test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt
}

# run_test_main JVM_OPTION... -- CLASS ARG...
run_test_main() {
  local jvm=()
  while [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  shift
  local cp="verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/test-classpath.txt)"
  java "${jvm[@]}" -cp "$cp" -Djava.net.preferIPv4Stack=true -Dtaskbus.home="$PWD" \
    -Dlogback.configurationFile=conf/logback.xml -Dhazelcast.logging.type=slf4j --add-modules java.se \
    --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED "$@"
}
