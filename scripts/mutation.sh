#!/usr/bin/env bash
# PIT mutation testing of impl's array and operator packages (org.jlops.mpi.array.*, ops.*) with
# impl's tests (Maven profile -Pmutation in impl/pom.xml; tests that start mpirun are left out).
# Slow on 2 cores: not part of CI. The run is split into parts, each with its own report in
# impl/target/pit-reports/<part>/ (index.html, mutations.xml, mutations.csv), so the parts that
# finished keep their reports when a later one is stopped; a summary of the parts found is printed
# at the end and written to impl/target/pit-reports/summary.md.
# Usage: scripts/mutation.sh [--part P] [--threads N] [--timeout-constant MS] [--timeout-factor F]
#                            [--with-slow] [--classes GLOBS] [--tests GLOBS] | --summary
#   --part: all (default: array, then ops), array (org.jlops.mpi.array.*), ops (org.jlops.mpi.ops.*
#           with its sub-packages), or, for a focused rerun, one piece of ops: ops-core (the classes
#           of org.jlops.mpi.ops itself), ops-serial, ops-stack, ops-basic
#   --with-slow: run the tests tagged "slow" (SPEC parameter sets, seconds each) too; by default
#           they are left out
#   --classes/--tests: one custom part "custom" instead, e.g.
#           --classes 'org.jlops.mpi.array.LocalSplit' --tests 'org.jlops.mpi.array.*'
#   --summary: only the summary of the reports already there
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
jlops_select_jdk

threads=2
timeout_constant=3000
timeout_factor=2.0
excluded_groups=slow
part=all
classes=""
tests=""
summary_only=0
while [ $# -gt 0 ]; do
    case "$1" in
        --part) part="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --timeout-constant) timeout_constant="$2"; shift 2 ;;
        --timeout-factor) timeout_factor="$2"; shift 2 ;;
        --with-slow) excluded_groups=none; shift ;;
        --classes) classes="$2"; shift 2 ;;
        --tests) tests="$2"; shift 2 ;;
        --summary) summary_only=1; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

reports=impl/target/pit-reports
ops_subpackages='org.jlops.mpi.ops.basic.*,org.jlops.mpi.ops.serial.*,org.jlops.mpi.ops.stack.*'

# prints "targetClasses excludedClasses" of a part ("-": none excluded)
part_classes() {
    case "$1" in
        array) echo "org.jlops.mpi.array.* -" ;;
        ops) echo "org.jlops.mpi.ops.* -" ;;
        ops-core) echo "org.jlops.mpi.ops.* $ops_subpackages" ;;
        ops-serial) echo "org.jlops.mpi.ops.serial.* -" ;;
        ops-stack) echo "org.jlops.mpi.ops.stack.* -" ;;
        ops-basic) echo "org.jlops.mpi.ops.basic.* -" ;;
        *) return 1 ;;
    esac
}

run_part() {
    local name="$1" target="$2" excluded="$3" start end
    local args=(-Dpit.threads="$threads" -Dpit.timeoutConstant="$timeout_constant"
        -Dpit.timeoutFactor="$timeout_factor" -Dpit.excludedGroups="$excluded_groups"
        -DtargetClasses="$target"
        -Dpit.reportsDirectory="$PWD/$reports/$name" -Dsurefire.failIfNoSpecifiedTests=false)
    [ "$excluded" != - ] && args+=(-DexcludedClasses="$excluded")
    [ -n "$tests" ] && args+=(-DtargetTests="$tests")
    rm -rf "${reports:?}/$name"
    echo "[mutation] part $name: $target (excluded: $excluded), $threads threads, timeout $timeout_factor x + $timeout_constant ms, excluded test tags: $excluded_groups"
    start=$(date +%s)
    mvn -B -ntp -Pmutation -pl impl -am test-compile org.pitest:pitest-maven:mutationCoverage "${args[@]}"
    end=$(date +%s)
    echo "$((end - start))" > "$reports/$name/wall-seconds"
    echo "[mutation] part $name: $((end - start)) s, report $reports/$name/index.html"
}

# per-class and total counts of the parts' mutations.csv (columns: file, class, mutator, method,
# line, status, killing test): array, and ops or else the pieces of ops; a custom part alone
summary() {
    local csvs=() names=()
    local p
    if [ -s "$reports/custom/mutations.csv" ] && [ "${1:-}" = custom ]; then
        names=(custom)
    else
        names=(array)
        if [ -s "$reports/ops/mutations.csv" ]; then names+=(ops); else names+=(ops-core ops-serial ops-stack ops-basic); fi
    fi
    for p in "${names[@]}"; do
        [ -s "$reports/$p/mutations.csv" ] && csvs+=("$reports/$p/mutations.csv")
    done
    if [ ${#csvs[@]} -eq 0 ]; then
        echo "[mutation] no reports under $reports" >&2
        return 1
    fi
    {
        echo "| part | class | mutants | killed | timed out | other detected | survived | no coverage | score |"
        echo "|---|---|---|---|---|---|---|---|---|"
        awk -F, '
            function row(part, cls, n, k, t, o, s, c) {
                printf "| %s | %s | %d | %d | %d | %d | %d | %d | %.1f %% |\n", part, cls, n, k, t, o, s, c, n ? 100 * (k + t + o) / n : 0
            }
            FNR == 1 { split(FILENAME, f, "/"); part = f[length(f) - 1] }
            {
                key = part SUBSEP $2
                if (!(key in n)) { order[++m] = key }
                n[key]++; N[part]++; NT++
                if ($6 == "KILLED") { k[key]++; K[part]++; KT++ }
                else if ($6 == "TIMED_OUT") { t[key]++; T[part]++; TT++ }
                else if ($6 == "MEMORY_ERROR" || $6 == "RUN_ERROR") { o[key]++; O[part]++; OT++ }
                else if ($6 == "SURVIVED") { s[key]++; S[part]++; ST++ }
                else if ($6 == "NO_COVERAGE") { c[key]++; C[part]++; CT++ }
                else { other[$6]++ }
                parts[part] = 1
            }
            END {
                for (i = 1; i <= m; i++) {
                    split(order[i], pc, SUBSEP); key = order[i]
                    sub(/^org\.jlops\.mpi\./, "", pc[2])
                    row(pc[1], pc[2], n[key], k[key], t[key], o[key], s[key], c[key])
                }
                for (p in parts) { row(p, "**part total**", N[p], K[p], T[p], O[p], S[p], C[p]) }
                row("**all parts**", "", NT, KT, TT, OT, ST, CT)
                for (st in other) { printf "\nother status %s: %d\n", st, other[st] }
                printf "\nscore = (killed + timed out + other detected) / mutants; test strength (the same over mutants with coverage) = %.1f %%\n", (NT - CT) ? 100 * (KT + TT + OT) / (NT - CT) : 0
            }' "${csvs[@]}"
        for p in "${names[@]}"; do
            [ -s "$reports/$p/wall-seconds" ] && echo "wall time of part $p: $(cat "$reports/$p/wall-seconds") s"
        done
        true
    } | tee "$reports/summary.md"
}

if [ "$summary_only" = 1 ]; then
    summary
    exit 0
fi

if [ -n "$classes" ]; then
    run_part custom "$classes" -
    summary custom
    exit 0
else
    case "$part" in
        all) parts=(array ops) ;;
        *) part_classes "$part" > /dev/null || { echo "error: unknown part '$part' (see --help)" >&2; exit 2; }
           parts=("$part") ;;
    esac
    for p in "${parts[@]}"; do
        read -r target excluded <<< "$(part_classes "$p")"
        run_part "$p" "$target" "$excluded"
    done
fi
summary
