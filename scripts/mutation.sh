#!/usr/bin/env bash
# PIT mutation testing of impl's array and operator packages (org.jlops.mpi.array.*, ops.*) with
# impl's tests (Maven profile -Pmutation in impl/pom.xml). Slow on 2 cores: not part of CI.
# The report lands in impl/target/pit-reports/ (index.html, mutations.xml, mutations.csv).
# Usage: scripts/mutation.sh [--threads N] [--classes GLOBS] [--tests GLOBS]
#   e.g. --classes 'org.jlops.mpi.array.LocalSplit' --tests 'org.jlops.mpi.array.*'
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
jlops_select_jdk

threads=2
classes=""
tests=""
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --classes) classes="$2"; shift 2 ;;
        --tests) tests="$2"; shift 2 ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (expected --threads N or --classes GLOB)" >&2; exit 2 ;;
    esac
done
extra=(-Dpit.threads="$threads")
[ -n "$classes" ] && extra+=(-DtargetClasses="$classes")
[ -n "$tests" ] && extra+=(-DtargetTests="$tests")
mvn -B -ntp -Pmutation -pl impl -am test-compile org.pitest:pitest-maven:mutationCoverage "${extra[@]}" \
    -Dsurefire.failIfNoSpecifiedTests=false
echo "[mutation] report: impl/target/pit-reports/index.html"
