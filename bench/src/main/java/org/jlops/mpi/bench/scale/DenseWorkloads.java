package org.jlops.mpi.bench.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.bench.comm.CountingCommunicator;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.basic.MatrixGrid;
import org.jlops.mpi.ops.signal.MPIFredholm1;

/**
 * The dense workloads of issue 15, forward and adjoint, in float64 and complex128, each against
 * the single-core native {@code gemm} of the same shapes ({@link Workload.Floor#GEMM}):
 *
 * <ul>
 *   <li>{@code matrixmult_block}, {@code matrixmult_summa}: {@link MPIMatrixMult} with
 *       {@code N = K = M = 2048} (float64) or 1024 (complex128) on the active grid of the ranks
 *       ({@link MatrixGrid#activeGridComm}: np = 1 and 4 use every rank, np = 2, 3 rank 0 alone);
 *       {@code M} scales with the size factor (and with np in weak mode). Flops {@code 2NKM}
 *       (complex: {@code 8NKM}); bytes: {@code A}, {@code X} and {@code Y} once.</li>
 *   <li>{@code fredholm1}: {@link MPIFredholm1} with {@code nsl = 64} slices of {@code 256 × 256}
 *       and {@code nz = 32}, slices dealt in pairs over the ranks (no rank holds exactly one), a
 *       BROADCAST model; {@code nsl} scales. Flops {@code 2 nsl nx ny nz} (complex ×4).</li>
 * </ul>
 *
 * <p>Products write into an output held by the workload ({@code matvec(x, out)}), as the other
 * operator workloads do. Each workload builds its operator on a {@link CountingCommunicator} and
 * counts one product's
 * traffic before the timing: the notes carry {@code comm_bytes_per_rank} (the data bytes the
 * busiest rank sends), {@code comm_model_bytes_per_rank} (SPEC §5.1's / §5.13's model of the same,
 * below) and {@code comm_check_bytes_per_rank} (the operand agreement). With {@code p} the grid
 * side, {@code bn, bk, bm} the ceil-first block lengths of N, K, M and {@code s} the element size,
 * the models (max over ranks) are: BLOCK forward {@code (p-1) bn bm s} (allgatherv in a grid row),
 * BLOCK adjoint {@code (p-1) K bm s} (allreduce in a grid row), SUMMA forward
 * {@code (p-1)(bn bk + bk bm) s} (two broadcasts per step, root once each), SUMMA adjoint
 * {@code (p-1) bn bm s + p bn bk s} (a broadcast in a grid column, the A tiles point to point; p = 1:
 * 0), Fredholm {@code (P-1) max(nsl_r) nx nz s} forward, {@code ny} for {@code nx} adjoint
 * (allgatherv).
 */
public final class DenseWorkloads {

    private DenseWorkloads() {
    }

    /** Every dense workload: both kinds and Fredholm, forward and adjoint, float64 and complex128. */
    public static List<Workload> all() {
        List<Workload> out = new ArrayList<>();
        for (Kind kind : new Kind[] {Kind.BLOCK, Kind.SUMMA}) {
            for (DType t : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
                for (boolean adjoint : new boolean[] {false, true}) {
                    out.add(new MatrixMultWorkload(kind, t, adjoint));
                }
            }
        }
        for (DType t : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
            for (boolean adjoint : new boolean[] {false, true}) {
                out.add(new FredholmWorkload(t, adjoint));
            }
        }
        return out;
    }

    /** (N, K, M) of the matrix products at this scale (np = 1 for the floor). */
    static long[] matrixShape(Workload.Scale scale, boolean complex) {
        long full = complex ? 1024 : 2048;
        long quick = complex ? 8 : 16;
        long side = scale.fixed(full, quick);
        return new long[] {side, side, scale.extent(full, quick)};
    }

    /** (nsl, nx, ny, nz) of the Fredholm workload at this scale. */
    static long[] fredholmShape(Workload.Scale scale) {
        return new long[] {Math.max(2, scale.extent(64, 8)), scale.fixed(256, 8), scale.fixed(256, 8),
            scale.fixed(32, 4)};
    }

    /** Slices per rank: pairs by the balanced split, the odd slice to rank 0 (no rank holds exactly one). */
    static long[] slabs(long nsl, int np) {
        long[] pairs = LocalSplit.counts(nsl / 2, np);
        long[] c = new long[np];
        for (int r = 0; r < np; r++) {
            c[r] = 2 * pairs[r];
        }
        c[0] += nsl % 2;
        return c;
    }

    static String dtypeName(DType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** Row-major rows × cols uniform entries in [-1, 1) (complex: both parts), the rows from {@code r0}, columns [c0, c1) of a matrix of {@code width} columns. */
    static NdArray part(DType t, long seed, long r0, long rows, long width, long c0, long c1) {
        NdArray a = NdArray.zeros(t, rows, c1 - c0);
        for (long i = 0; i < rows; i++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + r0 + i);
            for (long j = 0; j < width; j++) {
                double re = 2 * rnd.nextDouble() - 1;
                double im = t.isComplex() ? 2 * rnd.nextDouble() - 1 : 0;
                if (j >= c0 && j < c1) {
                    a.set(i * (c1 - c0) + j - c0, re, im);
                }
            }
        }
        return a;
    }

    /** Fills this rank's block with uniform numbers (complex: both parts). Local. */
    static void fill(DistributedArray x, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed + x.rank());
        NdArray local = x.localArray();
        for (long q = 0; q < x.localSize(); q++) {
            local.set(q, 2 * rnd.nextDouble() - 1, x.dtype().isComplex() ? 2 * rnd.nextDouble() - 1 : 0);
        }
    }

    /** The largest value of {@code v} over the ranks. Collective. */
    static long max(Communicator comm, long v) {
        return comm.allreduce(v, ReduceOp.MAX);
    }

    /** The notes of a counted product. */
    static String traffic(Communicator comm, CountingCommunicator.Tally t, long model) {
        return "comm_bytes_per_rank=" + max(comm, t.data()) + "; comm_model_bytes_per_rank=" + model
                + "; comm_check_bytes_per_rank=" + max(comm, t.checks());
    }

    /** One of the matrix-product workloads. */
    static final class MatrixMultWorkload implements Workload {
        private final Kind kind;
        private final DType dtype;
        private final boolean adjoint;

        MatrixMultWorkload(Kind kind, DType dtype, boolean adjoint) {
            this.kind = kind;
            this.dtype = dtype;
            this.adjoint = adjoint;
        }

        @Override
        public String name() {
            return "matrixmult_" + kind.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String op() {
            return adjoint ? "adjoint" : "forward";
        }

        @Override
        public String dtype() {
            return dtypeName(dtype);
        }

        @Override
        public Floor floor() {
            return Floor.GEMM;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long[] s = matrixShape(scale, dtype.isComplex());
            long n = s[0];
            long k = s[1];
            long m = s[2];
            MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(comm, n, m);
            String shape = n + "x" + k + "x" + m;
            double flops = (dtype.isComplex() ? 8.0 : 2.0) * n * k * m;
            double bytes = (double) dtype.itemSize() * (n * k + k * m + n * m);
            Runnable call = () -> { };
            CountingCommunicator counting = null;
            long model = 0;
            int p = 1;
            if (g.active()) {
                counting = new CountingCommunicator(g.comm());
                p = MatrixGrid.side(counting.size());
                int j = g.col();
                NdArray a;
                if (kind == Kind.SUMMA) {
                    MatrixGrid.Tile t = MatrixGrid.localBlockSplit(n, k, g.rank(), counting);
                    a = part(dtype, 11, t.rowStart(), t.rows(), k, t.colStart(), t.colEnd());
                } else {
                    long rs = MatrixGrid.blockStart(n, p, j);
                    a = part(dtype, 11, rs, MatrixGrid.blockLength(n, p, j), k, 0, k);
                }
                MPIMatrixMult op = new MPIMatrixMult(a, m, counting, MPIMatrixMult.Options.of(kind).withDtype(dtype));
                long[] sizes = adjoint ? op.dataSizes() : op.modelSizes();
                long total = 0;
                for (long c : sizes) {
                    total += c;
                }
                DistributedArray v = DistributedArray.builder(counting, total).localSizes(sizes)
                        .mask(op.modelMask()).dtype(dtype).build();
                fill(v, 7);
                DistributedArray out = adjoint ? op.rmatvec(v) : op.matvec(v);          // the product's layout
                call = adjoint ? () -> op.rmatvec(v, out) : () -> op.matvec(v, out);
                counting.tally().reset();
                call.run();
                long bn = ceilDiv(n, p);
                long bk = ceilDiv(k, p);
                long bm = ceilDiv(m, p);
                long e = dtype.itemSize();
                model = switch (kind) {
                    case BLOCK -> adjoint ? (p - 1) * k * bm * e : (p - 1) * bn * bm * e;
                    case SUMMA -> adjoint ? (p - 1) * bn * bm * e + (p > 1 ? p : 0) * bn * bk * e
                            : (p - 1) * (bn * bk + bk * bm) * e;
                };
            }
            CountingCommunicator.Tally t = counting == null ? new CountingCommunicator(comm).tally() : counting.tally();
            String notes = kind + " on a " + p + "x" + p + " grid (" + (p * p) + " of " + comm.size()
                    + " ranks active); " + traffic(comm, t, max(comm, model));
            return new Instance(shape, bytes, flops, notes, call);
        }
    }

    /** One of the Fredholm workloads. */
    static final class FredholmWorkload implements Workload {
        private final DType dtype;
        private final boolean adjoint;

        FredholmWorkload(DType dtype, boolean adjoint) {
            this.dtype = dtype;
            this.adjoint = adjoint;
        }

        @Override
        public String name() {
            return "fredholm1";
        }

        @Override
        public String op() {
            return adjoint ? "adjoint" : "forward";
        }

        @Override
        public String dtype() {
            return dtypeName(dtype);
        }

        @Override
        public Floor floor() {
            return Floor.GEMM;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long[] s = fredholmShape(scale);
            long nsl = s[0];
            long nx = s[1];
            long ny = s[2];
            long nz = s[3];
            long[] slabs = slabs(nsl, comm.size());
            long first = 0;
            for (int r = 0; r < comm.rank(); r++) {
                first += slabs[r];
            }
            CountingCommunicator counting = new CountingCommunicator(comm);
            NdArray g = part(dtype, 13, first * nx, slabs[comm.rank()] * nx, ny, 0, ny)
                    .reshape(slabs[comm.rank()], nx, ny);
            MPIFredholm1 op = new MPIFredholm1(g, nz, counting, dtype, MPIFredholm1.DEFAULT_OPTIONS);
            long n = adjoint ? op.rows() : op.cols();
            DistributedArray v = DistributedArray.builder(counting, n).partition(Partition.BROADCAST).dtype(dtype)
                    .build();
            SplittableRandom rnd = new SplittableRandom(17);                 // the same values on every rank
            for (long q = 0; q < n; q++) {
                v.localArray().set(q, 2 * rnd.nextDouble() - 1, dtype.isComplex() ? 2 * rnd.nextDouble() - 1 : 0);
            }
            DistributedArray out = adjoint ? op.rmatvec(v) : op.matvec(v);              // the product's layout
            Runnable call = adjoint ? () -> op.rmatvec(v, out) : () -> op.matvec(v, out);
            counting.tally().reset();
            call.run();
            long most = 0;
            for (long c : slabs) {
                most = Math.max(most, c);
            }
            long model = (comm.size() - 1L) * most * (adjoint ? ny : nx) * nz * dtype.itemSize();
            double flops = (dtype.isComplex() ? 8.0 : 2.0) * nsl * nx * ny * nz;
            double bytes = (double) dtype.itemSize() * (nsl * nx * ny + nsl * ny * nz + nsl * nx * nz);
            String notes = "slices per rank " + java.util.Arrays.toString(slabs) + "; "
                    + traffic(comm, counting.tally(), model);
            return new Instance(nsl + "x" + nx + "x" + ny + "x" + nz, bytes, flops, notes, call);
        }
    }

    static long ceilDiv(long n, int p) {
        return (n + p - 1) / p;
    }
}
