#!/usr/bin/env python3
"""PyLops-MPI with CuPy arrays: the PyLops-MPI peer of the GPU benchmark (GpuBench, run by
scripts/device-check.sh where the sources of pylops and pylops_mpi are carried in the device
bundle). Times, on the same sizes as GpuBench, what PyLops-MPI has of its rows:

  copy-d2d                    the floor: xp.copyto of one local block (device to device)
  add, dot, norm              DistributedArray x + y, x.dot(y), x.norm() on 2^28 float32 and
                              2^27 float64 elements
  first-derivative-2d-axis0   MPIFirstDerivative((n / 4096, 4096), centered, order 3) @ x
  first-derivative-2d-axis1   MPIBlockDiag([pylops.FirstDerivative(dims, axis=-1)]) @ x (PyLops-MPI
                              has no distributed derivative along the last axis: a block of the
                              serial one is how its users apply it)
  cgls-iteration              one CGLS step (pylops_mpi.optimization.cls_basic.CGLS.step) on the
                              axis-0 derivative: matvec, rmatvec, two norms and three updates
  blockdiag-dense             MPIBlockDiag of 64 pylops.MatrixMult of 1024 x 1024 float64 blocks
                              @ x (one product per block, in a Python loop)
  fredholm1                   MPIFredholm1 of 64 slices of 512 x 512, nz 64, float64 (saveGt=False,
                              usematmul=True: one batched matmul) @ x (BROADCAST)

Each timing is the median of 5 runs after 2 warm-ups, the device synchronised before every clock
is read. Rows go to OUT.csv in the columns of results/gpu-<date>.csv (results/README.md) with
section pylops-mpi-<engine>, one line at a time (a run cut short keeps its rows); a row past the
time budget is written as not-run, a row that raises as failed, and the run goes on.

MPI: the installed mpi4py at one rank when it loads an MPI library; otherwise (the GPU machines
carry mpi4py but no MPI library) a one-rank stand-in (scripts/device/mpi_stub), said in every row.

Dry run on a CPU (checks the script itself): PYTHONPATH=<pylops>:<pylops-mpi> python3
scripts/device/pylops_mpi_gpu_bench.py out.csv --engine numpy --shift 10

Usage: pylops_mpi_gpu_bench.py OUT.csv [--engine cupy|numpy] [--quick | --shift N]
       [--budget SECONDS] [--mpi auto|real|stub]
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEADER = "section,name,dtype,elements,seconds,gb_per_s,fraction_of_copy,status,detail"


def load_mpi(mode):
    """(MPI module, description): the installed mpi4py, else the one-rank stand-in."""
    why = "--mpi stub"
    if mode != "stub":
        try:
            import mpi4py
            from mpi4py import MPI
            MPI.COMM_WORLD.Get_size()
            return MPI, f"mpi4py {mpi4py.__version__}"
        except Exception as e:  # no MPI library behind mpi4py (RuntimeError), or no mpi4py
            if mode == "real":
                raise
            why = f"the installed mpi4py did not load: {type(e).__name__}: {e}".replace('"', "'")
    for name in [m for m in sys.modules if m == "mpi4py" or m.startswith("mpi4py.")]:
        del sys.modules[name]
    sys.path.insert(0, os.path.join(HERE, "mpi_stub"))
    from mpi4py import MPI
    return MPI, f"one-rank MPI stand-in ({why})"


def import_pylops_mpi():
    """Imports pylops_mpi with the CPU peer's shims for callback names this pylops lacks. NCCL stays
    off (NCCL_PYLOPS_MPI=0, unless set): one GPU, PyLops-MPI's MPI path."""
    os.environ.setdefault("NCCL_PYLOPS_MPI", "0")
    sys.path.insert(0, os.path.join(ROOT, "bench", "peers"))
    from pylops_mpi_bench import importable
    ok, why = importable()
    if not ok:
        raise ImportError(why)
    import pylops
    import pylops_mpi
    return pylops, pylops_mpi


class Out:
    """The CSV, written and flushed one row at a time, and the console lines."""

    def __init__(self, path, section, note):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.f = open(path, "w")
        self.f.write(HEADER + "\n")
        self.f.flush()
        self.section = section
        self.note = note

    def row(self, name, dtype, elements, seconds=None, nbytes=None, copy_rate=None, status="ok", detail=""):
        def fmt(v):
            return "" if v is None else f"{v:.6g}"
        rate = nbytes / seconds if (seconds and nbytes) else None
        frac = rate / copy_rate if (rate and copy_rate) else None
        text = f"{detail}; {self.note}" if detail else self.note
        text = text.replace('"', "'")
        self.f.write(f'{self.section},{name},{dtype},{elements},{fmt(seconds)},{fmt(rate / 1e9 if rate else None)},'
                     f'{fmt(frac)},{status},"{text}"\n')
        self.f.flush()
        shown = f"{seconds:.6g} s" if seconds else status
        extra = (f", {rate / 1e9:.4g} GB/s" if rate else "") + (f", {frac:.3f} of copy" if frac else "")
        print(f"pylops-mpi: {name} {dtype} {elements}: {shown}{extra}" + ("" if status == "ok" else f" — {detail}"),
              flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--engine", default="cupy", choices=["cupy", "numpy"])
    p.add_argument("--quick", action="store_true", help="sizes 16 times smaller (--shift 4)")
    p.add_argument("--shift", type=int, default=None, help="halve the sizes this many times")
    p.add_argument("--budget", type=float, default=0.0, help="seconds; rows after it are not-run (0: none)")
    p.add_argument("--mpi", default="auto", choices=["auto", "real", "stub"])
    a = p.parse_args()
    shift = a.shift if a.shift is not None else (4 if a.quick else 0)
    start = time.perf_counter()

    if a.engine == "cupy":
        import cupy as xp

        def sync():
            xp.cuda.Device().synchronize()

        def release():
            xp.get_default_memory_pool().free_all_blocks()
    else:
        import numpy as xp

        def sync():
            pass

        def release():
            pass

    MPI, mpi_note = load_mpi(a.mpi)
    out = Out(a.out, f"pylops-mpi-{a.engine}", f"{a.engine}; {mpi_note}" + (f"; shift {shift}" if shift else ""))
    try:
        pylops, pylops_mpi = import_pylops_mpi()
    except Exception as e:
        out.row("import", "", "", status="failed", detail=f"pylops_mpi does not import: {type(e).__name__}: {e}")
        return 1
    from pylops_mpi import DistributedArray, Partition
    from pylops_mpi.optimization.cls_basic import CGLS
    from pylops_mpi.signalprocessing import MPIFredholm1
    comm = MPI.COMM_WORLD
    print(f"pylops-mpi: pylops {getattr(pylops, '__version__', '?')}, pylops_mpi "
          f"{getattr(pylops_mpi, '__version__', '?')}, {a.engine}, {mpi_note}", flush=True)

    def median(op):
        for _ in range(2):
            op()
        sync()
        times = []
        for _ in range(5):
            t = time.perf_counter()
            op()
            sync()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    def left():
        return a.budget - (time.perf_counter() - start) if a.budget > 0 else float("inf")

    def measure(name, dtype, elements, nbytes, copy_rate, build, detail):
        """One row: build() returns the call to time; budget, errors and the row written here."""
        if left() <= 0:
            out.row(name, dtype, elements, status="not-run", detail=f"the time budget of {a.budget:g} s is spent")
            return None
        try:
            call = build()
            sec = median(call)
        except Exception as e:
            out.row(name, dtype, elements, status="failed", detail=f"{detail}: {type(e).__name__}: {e}")
            return None
        out.row(name, dtype, elements, sec, nbytes, copy_rate, detail=detail)
        return sec

    def dist(n, dtype, seed, partition=Partition.SCATTER):
        v = DistributedArray(global_shape=n, base_comm=comm, partition=partition, engine=a.engine, dtype=dtype)
        v[:] = (xp.random.default_rng(seed).random(v.local_shape, dtype=dtype) - 0.5).astype(dtype)
        return v

    for dtype, full in (("float32", 1 << 28), ("float64", 1 << 27)):
        n = full >> shift
        b = np.dtype(dtype).itemsize
        if left() <= 0:
            for name in ("copy-d2d", "add", "dot", "norm", "first-derivative-2d-axis0", "first-derivative-2d-axis1",
                         "cgls-iteration"):
                out.row(name, dtype, n, status="not-run", detail=f"the time budget of {a.budget:g} s is spent")
            continue
        x, y = dist(n, dtype, 1), dist(n, dtype, 2)
        o = xp.empty_like(x.local_array)
        copy = median(lambda: xp.copyto(o, x.local_array))
        rate = 2.0 * n * b / copy
        out.row("copy-d2d", dtype, n, copy, 2.0 * n * b, rate,
                detail=f"the floor: {a.engine}.copyto of the local block")
        del o
        measure("add", dtype, n, 3.0 * n * b, rate, lambda: (lambda: x + y), "DistributedArray x + y (a new array)")
        measure("dot", dtype, n, 2.0 * n * b, rate, lambda: (lambda: x.dot(y)), "DistributedArray.dot")
        measure("norm", dtype, n, 1.0 * n * b, rate, lambda: (lambda: x.norm()), "DistributedArray.norm() (2-norm)")
        cols = min(4096, max(8, n // 8))
        dims = (n // cols, cols)
        holder = {}

        def der0():
            holder["d0"] = pylops_mpi.basicoperators.MPIFirstDerivative(dims, kind="centered", edge=False, order=3,
                                                                        base_comm=comm, dtype=dtype)
            return lambda: holder["d0"] @ x

        measure("first-derivative-2d-axis0", dtype, n, 2.0 * n * b, rate, der0,
                f"MPIFirstDerivative({dims[0]}, {dims[1]}) centered order 3 along axis 0")

        def der1():
            d1 = pylops.FirstDerivative(dims, axis=-1, kind="centered", edge=False, order=3, dtype=dtype)
            op = pylops_mpi.MPIBlockDiag(ops=[d1], base_comm=comm)
            return lambda: op @ x

        measure("first-derivative-2d-axis1", dtype, n, 2.0 * n * b, rate, der1,
                "MPIBlockDiag([pylops.FirstDerivative(dims, axis=-1)]) centered order 3 along the last axis")

        def cgls():
            op = holder.get("d0") or pylops_mpi.basicoperators.MPIFirstDerivative(
                dims, kind="centered", edge=False, order=3, base_comm=comm, dtype=dtype)
            data = op @ x
            x0 = x.copy()
            x0[:] = 0
            solver = CGLS(op)
            state = {"x": solver.setup(data, x0, niter=None, tol=0.0)}

            def step():
                state["x"] = solver.step(state["x"])
            return step

        measure("cgls-iteration", dtype, n, None, None, cgls,
                "one CGLS.step on the axis-0 first derivative (matvec, rmatvec, 2 norms, 3 updates)")
        del x, y
        holder.clear()
        release()

    # dense products, float64
    k = 64
    m = 1024 >> min(shift, 6)

    def blockdiag():
        rng = xp.random.default_rng(3)
        ops = [pylops.MatrixMult(rng.random((m, m)) - 0.5, dtype="float64") for _ in range(k)]
        op = pylops_mpi.MPIBlockDiag(ops=ops, base_comm=comm)
        v = dist(k * m, "float64", 4)
        return lambda: op @ v

    measure("blockdiag-dense", "float64", k * m * m, 8.0 * k * m * m, None, blockdiag,
            f"MPIBlockDiag of {k} pylops.MatrixMult {m}x{m} @ x (one product per block)")
    release()
    nsl, nx, nz = 64, 512 >> min(shift, 5), 64

    def fredholm():
        g = xp.random.default_rng(5).random((nsl, nx, nx)) - 0.5
        op = MPIFredholm1(g, nz=nz, saveGt=False, usematmul=True, base_comm=comm, dtype="float64")
        v = dist(nsl * nx * nz, "float64", 6, Partition.BROADCAST)
        return lambda: op @ v

    fl = 2.0 * nsl * nx * nx * nz
    sec = measure("fredholm1", "float64", nsl * nx * nx, 8.0 * (nsl * nx * nx + 2 * nsl * nx * nz), None, fredholm,
                  f"MPIFredholm1 {nsl}x{nx}x{nx} nz {nz} forward (saveGt=False, usematmul=True)")
    if sec:
        print(f"pylops-mpi: fredholm1 {fl / sec / 1e9:.1f} GFLOP/s", flush=True)
    print(f"pylops-mpi: done in {time.perf_counter() - start:.1f} s, rows in {a.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
