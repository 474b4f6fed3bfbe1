package org.jlops.mpi.verify.catalog;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.basic.MatrixGrid;
import org.jlops.mpi.ops.serial.Fredholm1;
import org.jlops.mpi.ops.signal.MPIFredholm1;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.verify.harness.Draws;

/**
 * The catalog entries of the dense distributed operators: {@link MPIMatrixMult} (both kinds) and
 * {@link MPIFredholm1}.
 *
 * <p><b>Why the matrix product is wrapped.</b> The properties build the same global operator on
 * communicators of every size (1..8) and compare the gathered results; the product's own vectors
 * are tiles in a grid-dependent order (SUMMA) or replicated {@code p'} times (BLOCK), so their
 * global length and order change with the rank count, and the block kind's adjoint is the adjoint
 * only on vectors replicated across every grid row. {@link OnActiveGrid} therefore presents the
 * product as PyLops-MPI's tests use it: on the active grid of any communicator
 * ({@link MatrixGrid#activeGridComm}), with model and data the row-major ravels of {@code X}
 * ({@code K × M}) and {@code Y} ({@code N × M}), placed into the product's layout with
 * {@link MPIMatrixMult#toModel}/{@link MPIMatrixMult#toData} and read back with
 * {@link MPIMatrixMult#fromData}/{@link MPIMatrixMult#fromModel}. Its reference is
 * {@code A ⊗ I_M} ({@link ReferenceOperators#matrixMult(ZMatrixRMaj, int)}); the layouts of the
 * product itself are checked against {@link ReferenceOperators#summaMatrixMult} and
 * {@link ReferenceOperators#blockMatrixMult} by impl's tests.
 */
final class DenseSubjects {

    private DenseSubjects() {
    }

    /**
     * {@link MPIMatrixMult} on the active grid of {@code comm}, on row-major ravels. Every product
     * gathers its input on every rank (one allgather), computes on the active ranks, broadcasts the
     * result from rank 0 (always active) and returns it with the balanced split. Inactive ranks
     * hold no part of the product.
     */
    static final class OnActiveGrid extends MPILinearOperator {
        private final MPIMatrixMult op;      // null on inactive ranks
        private final long n;
        private final long k;
        private final long m;

        OnActiveGrid(NdArray a, long m, Kind kind, DType dtype, Communicator comm) {
            super(new long[] {a.shape(1), m}, new long[] {a.shape(0), m}, dtype, comm);
            this.n = a.shape(0);
            this.k = a.shape(1);
            this.m = m;
            MatrixGrid.ActiveGrid g = activeGrid(comm, n, m);
            this.op = g.active() ? new MPIMatrixMult(part(a, kind, g), m, g.comm(),
                    MPIMatrixMult.Options.of(kind).withDtype(dtype)) : null;
        }

        /** The part of A a grid rank passes: its tile (SUMMA) or its grid column's rows block (BLOCK). */
        private static NdArray part(NdArray a, Kind kind, MatrixGrid.ActiveGrid g) {
            Communicator c = g.comm();
            if (kind == Kind.SUMMA) {
                return MatrixGrid.localBlockSplit(a.shape(0), a.shape(1), g.rank(), c).of(a);
            }
            int p = MatrixGrid.side(c.size());
            long rs = MatrixGrid.blockStart(a.shape(0), p, g.col());
            return a.slice(0, rs, rs + MatrixGrid.blockLength(a.shape(0), p, g.col()));
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            NdArray in = x.asArray().reshape(k, m);
            NdArray out = op == null ? null : op.fromData(op.matvec(op.toModel(in)));
            return share(out, n, DType.promote(dtype(), x.dtype()));
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            NdArray in = y.asArray().reshape(n, m);
            NdArray out = op == null ? null : op.fromModel(op.rmatvec(op.toData(in)));
            boolean complex = dtype().isComplex() || y.dtype().isComplex();
            return share(out, k, complex ? DType.promote(dtype(), y.dtype()) : dtype());
        }

        /** Rank 0's {@code rows × M} result (of dtype {@code t}) on every rank, with the balanced split. */
        private DistributedArray share(NdArray result, long rows, DType t) {
            Communicator comm = communicator();
            NdArray all = result != null ? result.reshape(rows * m) : NdArray.zeros(t, rows * m);
            MemorySegment seg = all.data() instanceof double[] d ? MemorySegment.ofArray(d)
                    : MemorySegment.ofArray((float[]) all.data());
            comm.bcast(seg, rows * m, t.datatype(), 0);
            return DistributedArray.toDist(all, comm);
        }
    }

    /** Active grids by base communicator and side: every case on a communicator reuses its grid. */
    private static final java.util.Map<Communicator, java.util.Map<Long, MatrixGrid.ActiveGrid>> GRIDS =
            new java.util.WeakHashMap<>();

    /**
     * {@link MatrixGrid#activeGridComm} once per communicator and active side (the grid depends on
     * {@code min(n, m, p')} only), so that hundreds of cases do not make hundreds of MPI
     * communicators. Every rank builds the same cases in the same order and holds its base
     * communicator while it builds, so every rank hits or misses alike (an entry goes only with its
     * unreachable key). Collective on a miss.
     */
    static MatrixGrid.ActiveGrid activeGrid(Communicator comm, long n, long m) {
        long side = Math.min(Math.min(n, m), MatrixGrid.side(comm.size()));
        synchronized (GRIDS) {
            MatrixGrid.ActiveGrid g = GRIDS.computeIfAbsent(comm, c -> new java.util.HashMap<>()).get(side);
            if (g != null) {
                return g;
            }
        }
        MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(comm, side, side);
        synchronized (GRIDS) {
            GRIDS.get(comm).put(side, g);
        }
        return g;
    }

    /** The complex EJML matrix of a 2-d host array. */
    static ZMatrixRMaj complex(NdArray a) {
        int r = (int) a.shape(0);
        int c = (int) a.shape(1);
        ZMatrixRMaj z = new ZMatrixRMaj(r, c);
        for (int q = 0; q < r * c; q++) {
            z.data[2 * q] = a.re(q);
            z.data[2 * q + 1] = a.im(q);
        }
        return z;
    }

    /** {@code Y = A X} on the active grid; N, K, M from 1 to 2s + 1 (short and empty blocks on every grid). */
    static OperatorCase matrixMult(SplittableRandom r, int s, Kind kind) {
        DType t = Draws.dtype(r);
        long n = Draws.between(r, 1, 2 * s + 1);
        long k = Draws.between(r, 1, 2 * s + 1);
        long m = Draws.between(r, 1, 2 * s + 1);
        NdArray a = Draws.values(r, t, n, k);
        return OperatorCase.of(t + " " + kind + " A " + n + "x" + k + ", M=" + m, t, (comm, lr) -> Built.of(
                new OnActiveGrid(a, m, kind, t, comm), ReferenceOperators.matrixMult(complex(a), (int) m),
                Layouts.scatterOrBroadcast(k * m), Layouts.scatterOrBroadcast(n * m)));
    }

    /**
     * {@code MPIFredholm1}: nsl from 2 to 2s + 3 slices dealt to the ranks in slabs of none or at
     * least 2 (drawn from the factory's random source), nx, ny, nz from 1 to s + 1.
     */
    static OperatorCase fredholm1(SplittableRandom r, int s) {
        DType t = Draws.dtype(r);
        long nsl = Draws.between(r, 2, 2 * s + 3);
        long nx = Draws.between(r, 1, s + 1);
        long ny = Draws.between(r, 1, s + 1);
        long nz = Draws.between(r, 1, s + 1);
        boolean save = r.nextBoolean();
        NdArray g = Draws.values(r, t, nsl, nx, ny);
        List<ZMatrixRMaj> slices = new ArrayList<>();
        for (long q = 0; q < nsl; q++) {
            slices.add(complex(g.slice(0, q, q + 1).reshape(nx, ny)));
        }
        String d = t + " G " + nsl + "x" + nx + "x" + ny + ", nz=" + nz + ", saveGt=" + save;
        return OperatorCase.of(d, t, (comm, lr) -> {
            long[] counts = slabs(lr, nsl, comm.size());
            long start = 0;
            for (int q = 0; q < comm.rank(); q++) {
                start += counts[q];
            }
            NdArray mine = g.slice(0, start, start + counts[comm.rank()]);
            return Built.of(new MPIFredholm1(mine, nz, comm, t, new Fredholm1.Options(save, true)),
                    ReferenceOperators.fredholm1(slices, (int) nz), Layouts.broadcast(nsl * ny * nz),
                    Layouts.broadcast(nsl * nx * nz));
        });
    }

    /** {@code n >= 2} slices over {@code p} ranks, no rank with exactly one: pairs dealt out, the odd one to a holder. */
    static long[] slabs(SplittableRandom r, long n, int p) {
        long[] pairs = Draws.split(r, n / 2, p);
        long[] c = new long[p];
        int holder = -1;
        for (int q = 0; q < p; q++) {
            c[q] = 2 * pairs[q];
            if (c[q] > 0) {
                holder = q;
            }
        }
        c[holder] += n % 2;
        return c;
    }
}
