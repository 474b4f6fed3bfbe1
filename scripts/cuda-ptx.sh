#!/usr/bin/env bash
# Builds the CUDA engine's PTX from its source with nvcc, or checks that the shipped PTX matches it.
#   scripts/cuda-ptx.sh          regenerate impl/src/main/resources/.../engine/cuda/jlops_kernels.ptx
#   scripts/cuda-ptx.sh --check  compile every kernel file to PTX (nvcc -ptx) and fail if the shipped
#                                PTX differs from what its source gives (run by scripts/test.sh)
# Flags: -fmad=false keeps a * b + c unfused, as Java computes it (the kernels' bodies are checked
# against the host engine bit for bit); compute_80 PTX is JIT-compiled by the driver for any GPU
# from Ampere on (the H100/H200 of the device machines included). Without nvcc: a clear message,
# exit 0 (nothing checked).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=impl/src/main/cuda
PTX=impl/src/main/resources/org/jlops/mpi/engine/cuda/jlops_kernels.ptx
FLAGS=(-ptx -arch=compute_80 -fmad=false -std=c++17)
NVCC=$(command -v nvcc || true)
if [ -z "$NVCC" ] && [ -x "${CUDA_HOME:-/usr/local/cuda}/bin/nvcc" ]; then NVCC="${CUDA_HOME:-/usr/local/cuda}/bin/nvcc"; fi
if [ -z "$NVCC" ]; then
    echo "cuda-ptx: SKIPPED — nvcc not found (PATH, CUDA_HOME/bin, /usr/local/cuda/bin): the CUDA kernels are not compiled and the shipped PTX is not checked"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cu in "$SRC"/*.cu; do
    "$NVCC" "${FLAGS[@]}" "$cu" -o "$tmp/$(basename "${cu%.cu}").ptx"
done
echo "cuda-ptx: nvcc -ptx of $(ls "$SRC"/*.cu | wc -l) kernel file(s) ok ($("$NVCC" --version | tail -1))"
if [ "${1:-}" = "--check" ]; then
    if ! cmp -s "$tmp/jlops_kernels.ptx" "$PTX"; then
        echo "cuda-ptx: FAILED — $PTX does not match $SRC/jlops_kernels.cu compiled here; run scripts/cuda-ptx.sh and commit"
        echo "  shipped: $(grep -m1 'Cuda compilation tools' "$PTX" || echo none)"
        echo "  here:    $(grep -m1 'Cuda compilation tools' "$tmp/jlops_kernels.ptx")"
        exit 1
    fi
    echo "cuda-ptx: shipped PTX matches its source"
else
    mkdir -p "$(dirname "$PTX")"
    cp "$tmp/jlops_kernels.ptx" "$PTX"
    echo "cuda-ptx: wrote $PTX ($(grep -c '^\.visible \.entry' "$PTX") kernels)"
fi
