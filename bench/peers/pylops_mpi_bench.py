#!/usr/bin/env python3
"""PyLops-MPI side of the JLops-MPI scaling study (scripts/bench.sh --with-peers).

Runs the workloads of BenchMain scale with the same global sizes, seed numbers and rank count
(the rank count is that of the MPI world: run it under mpirun -np N) through PyLops-MPI and
prints rows in the bench CSV columns of results/README.md with impl=pylops-mpi on rank 0.
Timing is the OSU method of the Java harness: one untimed call calibrates the loop count k (one
timed loop of about --target-seconds, the slowest rank deciding), 2k warm-up calls, then per
repetition a barrier, k timed calls, the maximum over ranks; median, min and max of repetitions.
The random numbers come from numpy's generator seeded with the same numbers as the Java side
(the values differ; the timings do not depend on them).

PyLops-MPI is not on PyPI here: put the sources of pylops and pylops_mpi on PYTHONPATH (and of
pyproximal for proximal_gradient).
--check exits 0 when they import, 1 (with a message) when not.
"""
import argparse
import sys
import time

# a call slower than this (complex128 matrix products: NumPy accumulates them in long double,
# without BLAS) is timed without warm-up and with at most 3 repetitions
SLOW_S = 2.0


def shim_callbacks(name):
    """Defines a callback class pylops_mpi imports but this pylops lacks (a subclass of Callbacks)."""
    import pylops.optimization.callback as cb
    setattr(cb, name, type(name, (getattr(cb, "Callbacks", object),), {}))


def importable():
    import re
    for _ in range(10):
        try:
            import mpi4py  # noqa: F401
            import pylops_mpi  # noqa: F401
            return True, ""
        except ImportError as e:
            m = re.search(r"cannot import name '(\w+)' from 'pylops\.optimization\.callback'", str(e))
            if not m:
                return False, f"{type(e).__name__}: {e}"
            shim_callbacks(m.group(1))
        except Exception as e:  # any other import failure means: skip
            return False, f"{type(e).__name__}: {e}"
    return False, "too many missing callback names"


def extent(full, quick, a, np_):
    base = max(1, round((quick if a.quick else full) * a.size))
    return max(np_, base * np_ if a.mode == "weak" else base)


def fixed(full, quick, a):
    return quick if a.quick else full


def workloads(a, comm):
    """name -> [(op, dtype, builder)]; builder returns (global_shape, bytes, flops, call)."""
    import numpy as np
    import pylops
    import pylops_mpi
    from pylops_mpi import DistributedArray, Partition

    rank, np_ = comm.Get_rank(), comm.Get_size()

    def rand(n, seed):
        x = DistributedArray(global_shape=n, base_comm=comm)
        x[:] = np.random.default_rng(seed + rank).uniform(-1, 1, x.local_shape)
        return x

    def arr(kind):
        def build():
            n = extent(1 << 23, 1 << 12, a, np_)
            x, y = rand(n, 1), rand(n, 101)
            if kind == "add":
                return str(n), 24.0 * n, n, lambda: x + y
            if kind == "dot":
                return str(n), 16.0 * n, 2.0 * n, lambda: x.dot(y)
            return str(n), 8.0 * n, 2.0 * n, lambda: x.norm()
        return build

    def stencil(which):
        def build():
            full, quick = (2048, 32) if which == "laplacian" else (4096, 64)
            dims = (extent(full, quick, a, np_), fixed(full, quick, a))
            if which == "first":
                op = pylops_mpi.basicoperators.MPIFirstDerivative(dims, kind="centered", order=3, dtype=np.float64)
                fl = 2
            elif which == "second":
                op = pylops_mpi.basicoperators.MPISecondDerivative(dims, kind="centered", dtype=np.float64)
                fl = 4
            else:
                op = pylops_mpi.basicoperators.MPILaplacian(dims, dtype=np.float64)
                fl = 9
            x = op.H @ (op @ rand(op.shape[1], 7))
            n = op.shape[1]
            return f"{dims[0]}x{dims[1]}", 16.0 * n, fl * n, lambda: op @ x
        return build

    def blocks(total, side):
        lo, hi = total * rank // np_, total * (rank + 1) // np_
        return [pylops.MatrixMult(np.random.default_rng(1000 + b).uniform(-1, 1, (side, side)), dtype=np.float64)
                for b in range(lo, hi)]

    def stack(kind):
        def build():
            total, side = extent(8, 4, a, np_), fixed(1024, 16, a)
            ops = blocks(total, side)
            if kind == "blockdiag":
                op = pylops_mpi.MPIBlockDiag(ops=ops)
                x = rand(op.shape[1], 7)
            elif kind == "vstack":
                op = pylops_mpi.MPIVStack(ops=ops)
                x = DistributedArray(global_shape=side, partition=Partition.BROADCAST, base_comm=comm)
                x[:] = np.random.default_rng(7).uniform(-1, 1, side)
            else:
                op = pylops_mpi.MPIHStack(ops=ops)
                x = op.H @ (op @ (op.H @ DistributedArray(global_shape=side, partition=Partition.BROADCAST,
                                                           base_comm=comm)))
                x[:] = np.random.default_rng(7 + rank).uniform(-1, 1, x.local_shape)
            entries = float(total) * side * side
            return f"{total}x{side}x{side}", 8 * entries + 8.0 * (op.shape[0] + op.shape[1]), 2 * entries, lambda: op @ x
        return build

    def cgls():
        total, side = extent(8, 4, a, np_), fixed(1024, 16, a)
        bd = pylops_mpi.MPIBlockDiag(ops=blocks(total, side))
        n = bd.shape[1]
        d = pylops_mpi.basicoperators.MPIFirstDerivative((n,), kind="centered", order=3, dtype=np.float64)
        op = pylops_mpi.MPIStackedVStack([bd, d])
        xt = rand(n, 7)
        y = op @ xt
        x0 = xt.copy()
        x0[:] = 0
        entries = float(total) * side * side
        niter = 10
        per = 16 * entries + 32.0 * n + 80.0 * 3 * n
        fl = 4 * entries + 4.0 * n + 36.0 * n
        return (f"{total}x{side}x{side}", niter * per, niter * fl,
                lambda: pylops_mpi.optimization.basic.cgls(op, y, x0=x0, niter=niter, tol=0.0, show=False))

    def dense_problem():
        """4 dense blocks per rank and a model with one entry in ten non-zero (fista_dense)."""
        side = fixed(1000, 16, a)
        ops = [pylops.MatrixMult(np.random.default_rng(5000 + rank * 4 + b).uniform(-1, 1, (side, side)),
                                 dtype=np.float64) for b in range(4)]
        op = pylops_mpi.MPIBlockDiag(ops=ops)
        x = rand(op.shape[1], 11)
        x[:] = np.where(np.arange(x.local_shape[0]) % 10 == 0, x.local_array, 0.0)
        entries = 4.0 * np_ * side * side
        return op, op @ x, f"{4 * np_}x{side}x{side}", 16 * entries + 32.0 * op.shape[1], 4 * entries, op.shape[1]

    def reflectivity_problem():
        """The reflectivity cube (ny, nx, nz) split along y, d = C D m (fista_reflectivity, proximal_gradient)."""
        from pylops.basicoperators import FirstDerivative
        from pylops.signalprocessing import Convolve1D
        ny, nx, nz = extent(32, 4, a, np_), fixed(256, 16, a), fixed(512, 64, a)
        lo, hi = ny * rank // np_, ny * (rank + 1) // np_
        dims = (hi - lo, nx, nz)
        t = np.arange(-20, 21) * 0.004
        wav = (1 - 2 * (np.pi * 15 * t) ** 2) * np.exp(-(np.pi * 15 * t) ** 2)
        cop = pylops_mpi.MPIBlockDiag(ops=[Convolve1D(dims, h=wav, offset=20, axis=-1)])
        dop = pylops_mpi.MPIBlockDiag(ops=[FirstDerivative(dims, axis=-1)])
        yy, xx, zz = np.meshgrid(np.arange(lo, hi), np.arange(nx), np.arange(nz), indexing="ij")
        depth = zz + 0.15 * xx + 0.3 * yy
        m = DistributedArray(global_shape=ny * nx * nz, base_comm=comm,
                             local_shapes=comm.allgather((dims[0] * nx * nz,)))
        m[:] = (8.0 + 0.2 * np.floor(depth / (nz / 8.0)) + 0.05 * ((depth // 13) % 3)).ravel()
        r = dop @ m
        n = ny * nx * nz
        return cop, cop @ r, f"{ny}x{nx}x{nz}", 2 * 2 * 8.0 * n, 2.0 * 2 * len(wav) * n, n

    def fista(problem):
        def build():
            from pylops_mpi.optimization.cls_sparsity import FISTA
            from pylops_mpi.optimization.eigs import power_iteration
            op, y, shape, pbytes, pflops, n = problem()
            x0 = op.H @ y
            x0[:] = 0
            maxeig = abs(power_iteration(op.H @ op, b_k=x0.empty_like(), niter=10)[0])
            solver = FISTA(op)
            state = {"x": solver.setup(y, x0, niter=1000, eps=0.1, alpha=1.0 / maxeig, tol=0.0)}
            state["z"] = state["x"].copy()

            def call():
                for _ in range(10):
                    solver.iiter = 0  # keeps the decay index in range; the step does the same work
                    state["x"], state["z"], _ = solver.step(state["x"], state["z"])
            return shape, 10 * (pbytes + 29 * 8.0 * n), 10 * pflops, call
        return build

    def products(problem):
        def build():
            op, y, shape, pbytes, pflops, n = problem()
            x = op.H @ y

            def call():
                for _ in range(10):
                    op.H @ (op @ x)
            return shape, 10 * (pbytes + 7 * 8.0 * n), 10 * pflops, call
        return build

    def proximal_gradient():
        import pyproximal
        from pylops_mpi.optimization.eigs import power_iteration
        from pylops_mpi.proximal import MPIL2, MPIProxOperator
        from pylops_mpi.proximal.optimization.primal import ProximalGradient
        op, y, shape, pbytes, pflops, n = reflectivity_problem()
        x0 = op.H @ y
        x0[:] = 0
        maxeig = abs(power_iteration(op.H @ op, b_k=x0.empty_like(), niter=30)[0])
        l2 = MPIL2(Op=op, b=y, x0=x0)
        l1 = MPIProxOperator(pyproximal.L1(sigma=1e-2))
        return (shape, 10 * (pbytes + 14 * 8.0 * n), 10 * pflops,
                lambda: ProximalGradient(l2, l1, x0=x0, tau=0.99 / maxeig, niter=10, acceleration="fista"))

    def comm_case(kind):
        def build():
            if kind == "allreduce":
                n = fixed(1 << 20, 1024, a)
                s, r = np.full(n, rank + 1.0), np.zeros(n)
                from mpi4py import MPI
                return str(n), 8.0 * n, n * (np_ - 1.0), lambda: comm.Allreduce(s, r, op=MPI.SUM)
            if kind == "allgather":
                total = fixed(1 << 22, 4096, a) * (np_ if a.mode == "weak" else 1)
                block = total // np_
                s, r = np.full(block, rank + 1.0), np.zeros(block * np_)
                return str(block * np_), 8.0 * block * np_, 0, lambda: comm.Allgather(s, r)
            n = fixed(1 << 20, 1024, a)
            s, r = np.full(n, rank + 1.0), np.zeros(n)
            dest, src = (rank + 1) % np_, (rank - 1) % np_
            return str(n), 8.0 * n, 0, lambda: comm.Sendrecv(s, dest, 11, r, src, 11)
        return build

    def matrixmult(kind, dtype, adjoint):
        """MPIMatrixMult on the active grid, N = K = M = 2048 (float64) or 1024 (complex128), M scaled."""
        def build():
            import math
            from pylops_mpi.basicoperators import MPIMatrixMult, active_grid_comm, local_block_split
            cplx = dtype == "complex128"
            full, quick = (1024, 8) if cplx else (2048, 16)
            n = k = fixed(full, quick, a)
            m = extent(full, quick, a, np_)
            shape = f"{n}x{k}x{m}"
            fl = (8.0 if cplx else 2.0) * n * k * m
            nbytes = (16.0 if cplx else 8.0) * (n * k + k * m + n * m)
            sub, r, row, col, active = active_grid_comm(comm, n, m)
            if not active:
                return shape, nbytes, fl, lambda: None
            p = math.isqrt(sub.Get_size())
            rng = np.random.default_rng(11 + r)

            def rand(sh):
                v = rng.uniform(-1, 1, sh)
                if cplx:
                    v = v + 1j * rng.uniform(-1, 1, sh)
                return v.astype(dtype)

            mask = None
            if kind == "summa":
                rs, cs = local_block_split((n, k), r, sub)
                op = MPIMatrixMult(rand((rs.stop - rs.start, cs.stop - cs.start)), m, base_comm=sub, kind="summa",
                                   dtype=dtype)
                xr, xc = local_block_split((k, m), r, sub)
                yr, yc = local_block_split((n, m), r, sub)
                model, data = (xr.stop - xr.start) * (xc.stop - xc.start), (yr.stop - yr.start) * (yc.stop - yc.start)
            else:
                bn, bm = math.ceil(n / p), math.ceil(m / p)
                rows = max(0, min(n, (col + 1) * bn) - col * bn)
                cols = max(0, min(m, (row + 1) * bm) - row * bm)
                op = MPIMatrixMult(rand((rows, k)), m, base_comm=sub, kind="block", dtype=dtype)
                model, data = k * cols, n * cols
                mask = [i % p for i in range(sub.Get_size())]
            sizes = sub.allgather(data if adjoint else model)
            v = DistributedArray(global_shape=int(sum(sizes)), local_shapes=sizes, partition=Partition.SCATTER,
                                 base_comm=sub, mask=mask, dtype=dtype)
            v[:] = rand(sizes[r])
            return shape, nbytes, fl, (lambda: op.H @ v) if adjoint else (lambda: op @ v)
        return build

    def fredholm(dtype, adjoint):
        """MPIFredholm1: nsl = 64 slices of 256 x 256, nz = 32, slices dealt in pairs, BROADCAST model."""
        def build():
            from pylops_mpi.signalprocessing import MPIFredholm1
            cplx = dtype == "complex128"
            nsl = max(2, extent(64, 8, a, np_))
            nx = ny = fixed(256, 8, a)
            nz = fixed(32, 4, a)
            pairs = nsl // 2
            slabs = [2 * (pairs // np_ + (1 if q < pairs % np_ else 0)) for q in range(np_)]
            slabs[0] += nsl % 2
            rng = np.random.default_rng(13 + rank)
            g = rng.uniform(-1, 1, (slabs[rank], nx, ny))
            if cplx:
                g = g + 1j * rng.uniform(-1, 1, g.shape)
            op = MPIFredholm1(g.astype(dtype), nz=nz, saveGt=False, usematmul=True, base_comm=comm, dtype=dtype)
            n = op.shape[0] if adjoint else op.shape[1]
            v = DistributedArray(global_shape=n, partition=Partition.BROADCAST, base_comm=comm, dtype=dtype)
            vals = np.random.default_rng(17).uniform(-1, 1, n)
            v[:] = (vals + 1j * vals[::-1]).astype(dtype) if cplx else vals
            fl = (8.0 if cplx else 2.0) * nsl * nx * ny * nz
            nbytes = (16.0 if cplx else 8.0) * nsl * (nx * ny + ny * nz + nx * nz)
            return (f"{nsl}x{nx}x{ny}x{nz}", nbytes, fl, (lambda: op.H @ v) if adjoint else (lambda: op @ v))
        return build

    def fft(nd, real, adjoint):
        """MPIFFT2D (4096^2 complex128, 2048^2 float64 real) or MPIFFTND (256^3): needs mpi4py-fft."""
        def build():
            from pylops_mpi.signalprocessing import MPIFFT2D, MPIFFTND
            if nd:
                s = fixed(256, 16, a)
                dims = (extent(256, 16, a, np_), s, s)
                op = MPIFFTND(dims=dims, axes=(0, 1, 2), base_comm=comm, dtype="complex128")
            else:
                s = fixed(2048, 32, a) if real else fixed(4096, 32, a)
                dims = (extent(2048, 32, a, np_) if real else extent(4096, 32, a, np_), s)
                op = MPIFFT2D(dims=dims, real=real, base_comm=comm, dtype="float64" if real else "complex128")
            n = op.shape[0] if adjoint else op.shape[1]
            dt = "complex128" if adjoint or not real else "float64"
            v = DistributedArray(global_shape=n, partition=Partition.SCATTER, base_comm=comm, dtype=dt)
            r = np.random.default_rng(5 + rank)
            v[:] = r.uniform(-1, 1, v.local_shape) if dt == "float64" else (
                r.uniform(-1, 1, v.local_shape) + 1j * r.uniform(-1, 1, v.local_shape))
            points = float(np.prod(dims))
            fl = (2.5 if real else 5.0) * points * np.log2(points)
            nbytes = (8.0 if dt == "float64" else 16.0) * n + 16.0 * (op.shape[1] if adjoint else op.shape[0])
            return ("x".join(str(d) for d in dims), nbytes, fl, (lambda: op.H @ v) if adjoint else (lambda: op @ v))
        return build

    def mdc(adjoint):
        """MPIMDC of the mdd tutorial's shape, random complex64 kernel split over the ranks by frequency."""
        def build():
            from pylops_mpi.waveeqprocessing import MPIMDC
            nt = fixed(800, 20, a)
            ns = fixed(201, 6, a)
            nr = fixed(121, 5, a)
            nf = max(2 * np_, extent(400, 10, a, np_))
            counts = [nf // np_ + (1 if q < nf % np_ else 0) for q in range(np_)]
            rng = np.random.default_rng(31 + rank)
            g = (rng.uniform(-1, 1, (counts[rank], ns, nr)) + 1j * rng.uniform(-1, 1, (counts[rank], ns, nr)))
            nt2 = 2 * nt - 1
            nfreq = min(nf, (nt2 + 2) // 2)
            op = MPIMDC(g.astype("complex64"), nt=nt2, nv=1, nfreq=nfreq, dt=0.002, dr=1.0, twosided=True,
                        prescaled=True, base_comm=comm)
            n = op.shape[0] if adjoint else op.shape[1]
            v = DistributedArray(global_shape=n, partition=Partition.BROADCAST, base_comm=comm, dtype="float32")
            v[:] = np.random.default_rng(3).uniform(-1, 1, n).astype("float32")
            fl = 8.0 * nfreq * ns * nr
            nbytes = 8.0 * nfreq * ns * nr + 4.0 * (op.shape[0] + op.shape[1])
            return (f"{nt2}x{ns}x{nr}x{nfreq}", nbytes, fl, (lambda: op.H @ v) if adjoint else (lambda: op @ v))
        return build

    def nonstat(adjoint):
        """MPINonStationaryConvolve1D on 2^24 samples, 256 filters of 31 taps."""
        def build():
            from pylops_mpi.signalprocessing import MPINonStationaryConvolve1D
            n = extent(1 << 24, 4096, a, np_)
            filters = fixed(256, 16, a)
            dh = n // filters
            ih = dh // 2 + np.arange(filters) * dh
            hs = np.random.default_rng(41).uniform(-1, 1, (filters, 31))
            op = MPINonStationaryConvolve1D(dims=n, hs=hs, ih=ih, base_comm=comm)
            v = DistributedArray(global_shape=n, partition=Partition.SCATTER, base_comm=comm, dtype="float64")
            v[:] = np.random.default_rng(9 + rank).uniform(-1, 1, v.local_shape)
            return (str(n), 16.0 * n, 62.0 * n, (lambda: op.H @ v) if adjoint else (lambda: op @ v))
        return build

    def dense(make):
        return [(op, dt, make(dt, op == "adjoint")) for dt in ("float64", "complex128") for op in ("forward", "adjoint")]

    table = {
        "array_add": ("add", arr("add")), "array_dot": ("dot", arr("dot")), "array_norm": ("norm", arr("norm")),
        "first_derivative": ("forward", stencil("first")), "second_derivative": ("forward", stencil("second")),
        "laplacian": ("forward", stencil("laplacian")),
        "blockdiag": ("forward", stack("blockdiag")), "vstack": ("forward", stack("vstack")),
        "hstack": ("forward", stack("hstack")),
        "cgls": ("cgls-10-iterations", cgls),
        "fista_dense": ("fista-10-iterations", fista(dense_problem)),
        "fista_dense_products": ("10x(matvec+rmatvec)", products(dense_problem)),
        "fista_reflectivity": ("fista-10-iterations", fista(reflectivity_problem)),
        "fista_reflectivity_products": ("10x(matvec+rmatvec)", products(reflectivity_problem)),
        "proximal_gradient": ("pg-10-iterations", proximal_gradient),
        "proximal_gradient_products": ("10x(matvec+rmatvec)", products(reflectivity_problem)),
        "allreduce": ("allreduce", comm_case("allreduce")), "allgather": ("allgather", comm_case("allgather")),
        "sendrecv": ("sendrecv", comm_case("sendrecv")),
    }
    # name -> list of (op, dtype, builder)
    out = {name: [(op, "float64", build)] for name, (op, build) in table.items()}
    out["matrixmult_block"] = dense(lambda dt, adj: matrixmult("block", dt, adj))
    out["matrixmult_summa"] = dense(lambda dt, adj: matrixmult("summa", dt, adj))
    out["fredholm1"] = dense(lambda dt, adj: fredholm(dt, adj))
    fwd_adj = ("forward", "adjoint")
    out["fft2d"] = [(op, dt, fft(False, dt == "float64", op == "adjoint")) for op in fwd_adj
                    for dt in ("complex128", "float64")]
    out["fftnd"] = [(op, "complex128", fft(True, False, op == "adjoint")) for op in fwd_adj]
    out["mdc"] = [(op, "float32", mdc(op == "adjoint")) for op in fwd_adj]
    out["nonstatconv"] = [(op, "float64", nonstat(op == "adjoint")) for op in fwd_adj]
    return out


def measure(comm, call, reps, target, quick):
    """(k, median, min, max, note): a call over SLOW_S seconds gets no warm-up and at most 3 repetitions."""
    from mpi4py import MPI
    t0 = time.perf_counter()
    call()
    once = comm.allreduce(time.perf_counter() - t0, op=MPI.MAX)
    k = 1 if quick else int(max(1, min(100000, round(target / max(once, 1e-9)))))
    note = ""
    if once > SLOW_S and not quick:
        reps = min(reps, 3)
        note = f"slow call ({once:.3g} s): no warm-up, {reps} repetitions"
    for _ in range(1 if quick else (0 if note else 2 * k)):
        call()
    times = []
    for _ in range(reps):
        comm.Barrier()
        t0 = time.perf_counter()
        for _ in range(k):
            call()
        times.append(comm.allreduce((time.perf_counter() - t0) / k, op=MPI.MAX))
    times.sort()
    n = len(times)
    med = times[n // 2] if n % 2 else 0.5 * (times[n // 2 - 1] + times[n // 2])
    return k, med, times[0], times[-1], note


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workloads", default="")
    p.add_argument("--mode", default="strong", choices=["strong", "weak"])
    p.add_argument("--size", type=float, default=1.0)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--target-seconds", type=float, default=0.2)
    p.add_argument("--cores", type=int, default=0)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--check", action="store_true", help="exit 0 when PyLops-MPI imports, else 1")
    a = p.parse_args()
    ok, why = importable()
    if a.check or not ok:
        if not ok:
            print(f"[peers] PyLops-MPI not importable ({why}): skipped", file=sys.stderr)
        return 0 if ok else 1
    from mpi4py import MPI
    import os
    comm = MPI.COMM_WORLD
    rank, np_ = comm.Get_rank(), comm.Get_size()
    cores = a.cores or os.cpu_count()
    table = workloads(a, comm)
    names = [n for n in a.workloads.split(",") if n] or list(table)
    for n in names:
        if n not in table:
            if rank == 0:
                print(f"error: --workloads: unknown workload '{n}'; known: {','.join(table)}", file=sys.stderr)
            return 2
    for n in names:
        for op, dtype, build in table[n]:
            try:
                shape, nbytes, flops, call = build()
            except ImportError as e:  # e.g. the FFT operators without mpi4py-fft
                if rank == 0:
                    print(f"[peers] np={np_} {n} {op} {dtype}: skipped ({type(e).__name__}: {e})", file=sys.stderr,
                          flush=True)
                continue
            k, med, lo, hi, slow = measure(comm, call, a.reps, a.target_seconds, a.quick)
            notes = [f"mode={a.mode}", f"size={a.size:g}", f"k={k}", f"gflops_per_s={flops / med / 1e9:.6g}"]
            if np_ > cores:
                notes.append(f"oversubscribed=np {np_} > {cores} cores")
            if slow:
                notes.append(slow)
            notes.append("PyLops-MPI" + ("; quick" if a.quick else ""))
            gb = f"{nbytes / med / 1e9:.6g}" if nbytes > 0 else ""
            reps = min(a.reps, 3) if slow else a.reps
            if rank == 0:
                print(f'pylops-mpi,mpi4py,host,{n},{op},{np_},{dtype},{shape},{reps},{med:.6e},{lo:.6e},{hi:.6e},'
                      f'{gb},"{"; ".join(notes)}"', flush=True)
                print(f"[peers] np={np_} {n} {op} {dtype} {shape}: {med * 1e3:.4f} ms", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
