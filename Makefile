# taskbus: thin shortcuts over Maven. `make run` is the demo, `make test` the whole suite.
MVN ?= mvn -B -q -Dstyle.color=never
SOURCES := pom.xml $(shell find core client rxjava3 verticles bench conf -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' -o -name 'cluster.xml' \) 2>/dev/null)
BUILT := verticles/target/.built

.PHONY: build run test worker cluster stop status certs bench bigmap chaos clean

build: $(BUILT)

$(BUILT): $(SOURCES)
	$(MVN) -DskipTests package
	@touch $@

run: build
	bin/taskbus demo

# unit and in-JVM cluster tests (surefire), then the tests with worker JVMs (failsafe, *IT)
test:
	mvn -B verify

worker: build
	bin/taskbus worker

# two worker nodes in the background of this shell; stop them with `make stop`
cluster: build
	@mkdir -p target
	bin/taskbus worker > target/worker-1.log 2>&1 & echo $$! > target/worker-1.pid
	bin/taskbus worker > target/worker-2.log 2>&1 & echo $$! > target/worker-2.pid
	@echo "two workers starting; logs in target/worker-*.log; 'make stop' ends them"

stop:
	-@for f in target/worker-*.pid; do [ -f "$$f" ] && kill "$$(cat $$f)" 2>/dev/null; rm -f "$$f"; done

status: build
	bin/taskbus status

# development certificates for event-bus TLS (a CA and a node certificate, PEM) in certs/
certs: build
	bin/taskbus certs --out certs

# taskbus side by side with its peers on worker JVMs; writes bench/RESULTS.md
bench:
	bench/bench.sh

# three workers, random kill -9s and restarts during a long job, every result checked
chaos:
	bench/chaos.sh

# 5,000,000 items through a client JVM at -Xmx256m (the input is pulled lazily)
bigmap:
	bench/bigmap.sh

clean:
	mvn -B -q clean
