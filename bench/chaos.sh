#!/usr/bin/env bash
# make chaos: three worker JVMs, random kill -9s and restarts during a long job; the result
# list is checked item by item. Usage: bench/chaos.sh [ITEMS] [KILLS] [SEED]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/common.sh
build_test_classpath
run_test_main -- io.taskbus.testing.Chaos "$@"
