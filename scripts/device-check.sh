#!/usr/bin/env bash
# The single command to run on the GPU machine (one NVIDIA GPU, CUDA 13 driver, the CUDA libraries as
# python3 wheels; no Java, Maven or MPI needed): from the repository root, with .bundle/device made by
# scripts/device-bundle.sh. Finds the CUDA libraries, runs the GPU conformance suite and the GPU
# benchmark (DeviceCheck), the CuPy peer when cupy imports, PyLops-MPI with CuPy when the bundle carries
# its sources (PEERS=... scripts/device-bundle.sh), and writes results/gpu-<date>.csv,
# results/gpu-<date>-cupy.csv, results/gpu-<date>-pylops-mpi.csv and device-check-<date>.log into $OUT
# (default ./device-out). Prints progress with elapsed seconds; stops itself within 470 s, under
# 8 minutes (at most 360 s for the Java part, 45 s for the CuPy peer, the rest for PyLops-MPI).
# Usage: scripts/device-check.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/device-out}
mkdir -p "$OUT/results"
day=$(date -u +%F)
LOG="$OUT/device-check-$day.log"
exec > >(tee -a "$LOG") 2>&1
start=$(date +%s)
say() { echo "[device-check +$(( $(date +%s) - start ))s] $*"; }
LIMIT=${DEVICE_CHECK_LIMIT:-470}     # seconds for the whole check: under 8 minutes
left() { echo $(( LIMIT - ($(date +%s) - start) )); }
B=.bundle/device
if { [ ! -x "$B/jdk/bin/java" ] || [ ! -f "$B/jlops-device.jar" ]; } && [ -f "$B.tar.gz" ]; then
    say "unpacking $B.tar.gz"
    rm -rf "$B" && tar -C "$(dirname "$B")" -xzf "$B.tar.gz"
fi
if [ ! -x "$B/jdk/bin/java" ] || [ ! -f "$B/jlops-device.jar" ]; then
    say "no bundle at $B: run scripts/device-bundle.sh on the build machine and carry .bundle/device.tar.gz"
    exit 2
fi
say "bundle built from commit $(cat "$B/COMMIT" 2>/dev/null || echo '?'); tree at $(git rev-parse HEAD 2>/dev/null || echo '?')"
say "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'nvidia-smi not found')"
PY=${JLOPS_CUDA_PYTHON:-python3}
say "python: $(command -v "$PY" || echo none) $("$PY" --version 2>&1)"
"$PY" - <<'PYEOF' 2>&1 | sed 's/^/  /'
import glob, os, site, sys
roots = list(getattr(site, "getsitepackages", lambda: [])()) + [site.getusersitepackages()]
for r in roots:
    for lib in sorted(glob.glob(os.path.join(r, "nvidia", "*", "lib"))):
        print(lib + ": " + " ".join(sorted(f for f in os.listdir(lib) if ".so" in f)))
PYEOF
say "driver library: $(ldconfig -p 2>/dev/null | grep -m1 'libcuda.so.1' | sed 's/.*=> //' || echo 'libcuda.so.1 not in the loader cache')"
java_s=$(( $(left) - 110 < 360 ? $(left) - 110 : 360 ))
say "running the GPU suite and benchmark (DeviceCheck), at most $java_s s"
timeout "$java_s" "$B/jdk/bin/java" --enable-native-access=ALL-UNNAMED -Xmx16g -cp "$B/jlops-device.jar" \
    org.jlops.mpi.device.DeviceCheck "$OUT" "$@"
rc=$?
[ $rc -eq 124 ] && say "DeviceCheck ran out of its $java_s s"
P=$B/peers
if ! "$PY" -c "import cupy" 2>/dev/null; then
    say "cupy does not import ($("$PY" -c "import cupy" 2>&1 | tail -1)): no CuPy peer, no PyLops-MPI peer"
else
    t=$(left)
    c=$(( t - 60 < 45 ? t - 60 : 45 ))
    if [ "$c" -ge 15 ]; then
        say "CuPy peer (same sizes), at most $c s"
        timeout "$c" "$PY" scripts/device/cupy_bench.py "$OUT/results/gpu-$day-cupy.csv" "$@" || say "the CuPy peer failed or ran out of its $c s"
    else
        say "no CuPy peer: $t s left of $LIMIT"
    fi
    if [ ! -f "$P/pylops/__init__.py" ] || [ ! -f "$P/pylops_mpi/__init__.py" ]; then
        say "no PyLops-MPI peer: its sources are not carried (build the bundle with PEERS=<folder of the pylops," \
            "pylops-mpi and pyproximal checkouts> scripts/device-bundle.sh)"
    else
        t=$(( $(left) - 5 ))
        if [ "$t" -lt 20 ]; then
            say "no PyLops-MPI peer: $t s left of $LIMIT"
        else
            say "PyLops-MPI with CuPy (carried: $(tr '\n' ';' < "$P/SOURCES" 2>/dev/null)), rows started within $(( t - 15 )) s, stopped at $t s"
            PYTHONPATH="$P${PYTHONPATH:+:$PYTHONPATH}" OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
                timeout "$t" "$PY" scripts/device/pylops_mpi_gpu_bench.py "$OUT/results/gpu-$day-pylops-mpi.csv" \
                --engine cupy --budget $(( t - 15 )) "$@" || say "the PyLops-MPI peer failed or ran out of its $t s (rows so far kept)"
        fi
    fi
fi
say "done, status $rc; results under $OUT/results, log $LOG"
exit $rc
