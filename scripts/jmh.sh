#!/usr/bin/env bash
# JMH micro-benchmarks of the local kernels (bench-jmh/: stencil, element-wise, reduction, dense
# products plain loop vs BLAS, FFM downcall vs Java call), one core. Writes results/jmh-<date>.json
# (JMH's JSON) and results/jmh-<date>.csv (benchmark,param_n,mode,score,error,unit,params).
# Never run in CI. Usage: scripts/jmh.sh [--out DIR (results)] [--quick] [JMH regexp]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/build.sh
jlops_select_jdk
outdir=results
command_line="scripts/jmh.sh${*:+ $*}"
extra=()
filter=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) outdir="$2"; shift 2 ;;
        --quick) extra=(-wi 1 -i 1 -w 200ms -r 200ms -p n=4096); shift ;;
        -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
        *) filter+=("$1"); shift ;;
    esac
done
jlops_ensure_built bench-jmh
jar=$(jlops_jar bench-jmh)
mkdir -p "$outdir"
json="$outdir/jmh-$(date +%F).json"
csv="$outdir/jmh-$(date +%F).csv"
java --enable-native-access=ALL-UNNAMED -cp "$jar:bench-jmh/target/lib/*" \
    org.openjdk.jmh.Main "${extra[@]}" -rf json -rff "$json" "${filter[@]}"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
python3 - "$json" "$csv" "$(nproc) cores${cpu:+ ($cpu)}" "$command_line" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    f.write(f"# machine: {sys.argv[3]}; JVM: see the jmh json\n# command: {sys.argv[4]}\n")
    f.write("benchmark,param_n,mode,score,error,unit,params\n")
    for r in rows:
        m = r["primaryMetric"]
        params = ";".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        f.write(f'{r["benchmark"].rsplit(".", 1)[-1]},{r.get("params", {}).get("n", "")},{r["mode"]},'
                f'{m["score"]:.6g},{m["scoreError"]:.3g},{m["scoreUnit"]},{params}\n')
print(f"[jmh] {sys.argv[1]}, {sys.argv[2]}")
PY
