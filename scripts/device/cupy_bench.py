"""The CuPy peer of the GPU benchmark (scripts/device-check.sh): the same operations and sizes as
GpuBench (device-to-device copy, add, axpy, dot, squared norm on 2^28 float32 and 2^27 float64
elements), median of 5 runs after 2 warm-ups, each synchronised. Usage: cupy_bench.py OUT.csv [--quick]"""
import statistics
import sys
import time

import cupy as cp


def median(op):
    for _ in range(2):
        op()
    cp.cuda.Device().synchronize()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        op()
        cp.cuda.Device().synchronize()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    out = sys.argv[1]
    shift = 4 if "--quick" in sys.argv else 0
    rows = ["section,name,dtype,elements,seconds,gb_per_s,fraction_of_copy,status,detail"]
    for dtype, n in (("float32", (1 << 28) >> shift), ("float64", (1 << 27) >> shift)):
        rng = cp.random.default_rng(1)
        x = rng.random(n, dtype=dtype) - 0.5
        y = rng.random(n, dtype=dtype) - 0.5
        o = cp.empty_like(x)
        b = x.itemsize
        copy = median(lambda: cp.copyto(o, x))
        rate = 2.0 * n * b / copy
        cases = [
            ("copy-d2d", copy, 2.0 * n * b, "cp.copyto"),
            ("add", median(lambda: cp.add(x, y, out=o)), 3.0 * n * b, "cp.add(x, y, out=o)"),
            ("axpy", median(lambda: o.__iadd__(0.5 * x)), 4.0 * n * b, "o += 0.5 * x (a temporary)"),
            ("dot", median(lambda: cp.dot(x, y)), 2.0 * n * b, "cp.dot"),
            ("norm2", median(lambda: cp.linalg.norm(x)), 1.0 * n * b, "cp.linalg.norm"),
        ]
        for name, sec, nbytes, detail in cases:
            r = nbytes / sec
            rows.append(f"cupy,{name},{dtype},{n},{sec:.6g},{r / 1e9:.6g},{r / rate:.6g},ok,\"{detail}\"")
            print(f"cupy: {name} {dtype} {sec:.6g} s {r / 1e9:.6g} GB/s {r / rate:.3f} of copy", flush=True)
    with open(out, "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
