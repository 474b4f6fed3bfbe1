#!/usr/bin/env bash
# The single command to run on the GPU machine (one NVIDIA GPU, CUDA 13 driver, the CUDA libraries as
# python3 wheels; no Java, Maven or MPI needed): from the repository root, with .bundle/device made by
# scripts/device-bundle.sh. Finds the CUDA libraries, runs the GPU conformance suite and the GPU
# benchmark (DeviceCheck), the CuPy peer when cupy imports, and writes results/gpu-<date>.csv,
# results/gpu-<date>-cupy.csv and device-check-<date>.log into $OUT (default ./device-out).
# Prints progress with elapsed seconds; stops itself before 8 minutes (7 for the Java part).
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
B=.bundle/device
if [ ! -x "$B/jdk/bin/java" ] || [ ! -f "$B/jlops-device.jar" ]; then
    say "no bundle at $B: run scripts/device-bundle.sh on the build machine and carry .bundle/device"
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
say "running the GPU suite and benchmark (DeviceCheck), at most 420 s"
timeout 420 "$B/jdk/bin/java" --enable-native-access=ALL-UNNAMED -Xmx16g -cp "$B/jlops-device.jar" \
    org.jlops.mpi.device.DeviceCheck "$OUT" "$@"
rc=$?
[ $rc -eq 124 ] && say "DeviceCheck ran out of its 420 s"
if "$PY" -c "import cupy" 2>/dev/null; then
    say "CuPy peer (same sizes)"
    timeout 60 "$PY" scripts/device/cupy_bench.py "$OUT/results/gpu-$day-cupy.csv" "$@" || say "the CuPy peer failed"
else
    say "cupy does not import: no CuPy peer"
fi
if "$PY" -c "import pylops_mpi" 2>/dev/null; then
    say "pylops_mpi imports, but its GPU benchmark is not wired into this check yet"
else
    say "PyLops-MPI sources not carried: no PyLops-MPI peer"
fi
say "done, status $rc; results under $OUT/results, log $LOG"
exit $rc
