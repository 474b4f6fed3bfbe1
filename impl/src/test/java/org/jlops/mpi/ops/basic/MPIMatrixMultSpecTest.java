package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Options;
import org.jlops.mpi.ops.serial.Conj;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §10 {@code test_matrixmult}: {@code test_MPIMatrixMult_block} and
 * {@code test_MPIMatrixMult_summa} with PyLops-MPI's seven (N, K, M, dtype) sets, on the active grid
 * of 2 and 4 ranks (P = 2: one active rank; P = 4: the 2 × 2 grid, or one rank when N or M is 1),
 * A and X from {@code arange} (imaginary parts 0.5 and 0.7 times the real ones for complex):
 * {@code A X} and {@code Aᴴ A X} after re-assembly against the products on the global matrices,
 * then the chains {@code MPIBlockDiag(FirstDerivative) · A} (block, mask by grid column) and
 * {@code MPIBlockDiag(Conj) · A} (summa), with PyLops-MPI's tolerances (rtol the dtype's resolution;
 * complex ×10 with atol 1e-12). The test re-assembles the block kind's vectors as PyLops-MPI's test
 * does ({@code asArray(masked)} and the column blocks side by side), independently of
 * {@link MPIMatrixMult#fromData}.
 */
class MPIMatrixMultSpecTest {

    private record Par(long n, long k, long m, DType dtype) {
    }

    static final List<Par> PARS = List.of(new Par(64, 64, 64, DType.FLOAT64), new Par(37, 37, 37, DType.FLOAT64),
            new Par(50, 30, 40, DType.FLOAT64), new Par(22, 20, 16, DType.COMPLEX128), new Par(3, 4, 5, DType.FLOAT32),
            new Par(1, 2, 1, DType.FLOAT64), new Par(2, 1, 3, DType.FLOAT32));

    /** PyLops-MPI's matrices: arange(rows·cols) reshaped, plus i·scale·arange for complex dtypes. */
    static NdArray arange(DType dt, long rows, long cols, double imagScale) {
        NdArray a = NdArray.zeros(dt, rows, cols);
        for (long q = 0; q < rows * cols; q++) {
            a.set(q, q, dt.isComplex() ? q * imagScale : 0);
        }
        return a;
    }

    /** {@code op(A) B} in complex double precision ({@code op} = conjugate transpose when {@code adjoint}). */
    static NdArray product(NdArray a, NdArray b, boolean adjoint) {
        long r = adjoint ? a.shape(1) : a.shape(0);
        long inner = adjoint ? a.shape(0) : a.shape(1);
        long c = b.shape(1);
        NdArray out = NdArray.zeros(DType.COMPLEX128, r, c);
        for (long i = 0; i < r; i++) {
            for (long j = 0; j < c; j++) {
                double sr = 0;
                double si = 0;
                for (long p = 0; p < inner; p++) {
                    long at = adjoint ? p * a.shape(1) + i : i * a.shape(1) + p;
                    double ar = a.re(at);
                    double ai = adjoint ? -a.im(at) : a.im(at);
                    sr += ar * b.re(p * c + j) - ai * b.im(p * c + j);
                    si += ar * b.im(p * c + j) + ai * b.re(p * c + j);
                }
                out.set(i * c + j, sr, si);
            }
        }
        return out;
    }

    /** numpy's {@code assert_allclose} with PyLops-MPI's {@code _allclose_tol(dtype)}. */
    static void assertAllClose(NdArray desired, NdArray actual, DType dt, String what) {
        double rtol = dt.isDoublePrecision() ? 1e-15 : 1e-6;
        double atol = 0;
        if (dt.isComplex()) {
            rtol *= 10;
            atol = 1e-12;
        }
        assertArrayEquals(desired.shape(), actual.shape(), what + ": shape");
        for (long q = 0; q < desired.size(); q++) {
            double err = Math.hypot(actual.re(q) - desired.re(q), actual.im(q) - desired.im(q));
            double lim = atol + rtol * Math.hypot(desired.re(q), desired.im(q));
            if (err > lim) {
                throw new AssertionError(what + ": entry " + q + " is " + actual.re(q) + "+" + actual.im(q)
                        + "i, expected " + desired.re(q) + "+" + desired.im(q) + "i");
            }
        }
    }

    /** PyLops-MPI test's {@code _reorganize_local_matrix}: the masked gather, column blocks side by side. */
    static NdArray reorganize(DistributedArray v, long rows, long m, int p) {
        NdArray flat = v.asArray(true);
        NdArray out = NdArray.zeros(flat.dtype(), rows, m);
        long offset = 0;
        long col = 0;
        for (int j = 0; j < p; j++) {
            long cnt = MatrixGrid.blockLength(m, p, j);
            for (long i = 0; i < rows; i++) {
                for (long c = 0; c < cnt; c++) {
                    long from = offset + i * cnt + c;
                    out.set(i * m + col + c, flat.re(from), flat.im(from));
                }
            }
            offset += rows * cnt;
            col += cnt;
        }
        return out;
    }

    static NdArray conj(NdArray a) {
        NdArray out = a.copy();
        for (long q = 0; q < a.size(); q++) {
            out.set(q, a.re(q), -a.im(q));
        }
        return out;
    }

    static void block(Communicator base, Par par) {
        MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(base, par.n(), par.m());
        if (!g.active()) {
            return;
        }
        Communicator comm = g.comm();
        int p = MatrixGrid.side(comm.size());
        DType dt = par.dtype();
        long n = par.n();
        long k = par.k();
        long m = par.m();
        NdArray aG = arange(dt, n, k, 0.5);
        NdArray xG = arange(dt, k, m, 0.7);
        long rs = MatrixGrid.blockStart(n, p, g.col());
        long cs = MatrixGrid.blockStart(m, p, g.row());
        long cols = MatrixGrid.blockLength(m, p, g.row());
        NdArray aP = aG.slice(0, rs, rs + MatrixGrid.blockLength(n, p, g.col()));
        NdArray xP = xG.slice(1, cs, cs + cols);
        MPIMatrixMult op = new MPIMatrixMult(aP, m, comm, Options.of(Kind.BLOCK).withDtype(dt));
        long[] sizes = new long[comm.size()];
        int[] mask = new int[comm.size()];
        for (int r = 0; r < sizes.length; r++) {
            sizes[r] = k * MatrixGrid.blockLength(m, p, r / p);
            mask[r] = r % p;
        }
        DistributedArray x = DistributedArray.builder(comm, k * p * m).localSizes(sizes).mask(mask).dtype(dt)
                .localArray(xP.reshape(xP.size())).build();
        DistributedArray y = op.matvec(x);
        DistributedArray xadj = op.rmatvec(y);
        String what = "block " + par + " on " + comm.size() + " active of " + base.size();
        NdArray yLoc = product(aG, xG, false);
        assertAllClose(yLoc, reorganize(y, n, m, p), dt, what + " forward");
        assertAllClose(product(aG, yLoc, true), reorganize(xadj, k, m, p), dt, what + " adjoint");
        assertAllClose(yLoc, op.fromData(y), dt, what + " fromData");
        assertEquals(dt, y.dtype(), what + " dtype");

        // chained with a first derivative along the rows of each column block, mask by grid column
        FirstDerivative d = new FirstDerivative(new long[] {n, cols}, 0, 1.0,
                org.jlops.mpi.ops.serial.DerivativeKind.CENTERED, false, 3, dt);
        MPILinearOperator chain = new MPIBlockDiag(List.of(d), comm, mask, dt).times(op);
        DistributedArray y1 = chain.matvec(x);
        DistributedArray xadj1 = chain.rmatvec(y1);
        FirstDerivative dG = new FirstDerivative(new long[] {n, m}, 0, 1.0,
                org.jlops.mpi.ops.serial.DerivativeKind.CENTERED, false, 3, DType.COMPLEX128);
        NdArray y1Loc = dG.matvec(yLoc).reshape(n, m);
        assertAllClose(y1Loc, reorganize(y1, n, m, p), dt, what + " chained forward");
        assertAllClose(product(aG, dG.rmatvec(y1Loc).reshape(n, m), true), reorganize(xadj1, k, m, p), dt,
                what + " chained adjoint");
    }

    static void summa(Communicator base, Par par) {
        MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(base, par.n(), par.m());
        if (!g.active()) {
            return;
        }
        Communicator comm = g.comm();
        DType dt = par.dtype();
        long n = par.n();
        long k = par.k();
        long m = par.m();
        NdArray aG = arange(dt, n, k, 0.5);
        NdArray xG = arange(dt, k, m, 0.7);
        NdArray aP = MatrixGrid.localBlockSplit(n, k, g.rank(), comm).of(aG);
        NdArray xP = MatrixGrid.localBlockSplit(k, m, g.rank(), comm).of(xG);
        MPIMatrixMult op = new MPIMatrixMult(aP, m, comm, Options.of(Kind.SUMMA).withDtype(dt));
        long[] sizes = new long[comm.size()];
        for (int r = 0; r < sizes.length; r++) {
            sizes[r] = MatrixGrid.localBlockSplit(k, m, r, comm).size();
        }
        DistributedArray x = DistributedArray.builder(comm, k * m).localSizes(sizes).dtype(dt)
                .localArray(xP.reshape(xP.size())).build();
        DistributedArray y = op.matvec(x);
        DistributedArray xadj = op.rmatvec(y);
        String what = "summa " + par + " on " + comm.size() + " active of " + base.size();
        NdArray yLoc = product(aG, xG, false);
        assertAllClose(yLoc, MatrixGrid.blockGather(y, n, m), dt, what + " forward");
        assertAllClose(product(aG, yLoc, true), MatrixGrid.blockGather(xadj, k, m), dt, what + " adjoint");

        // chained with the conjugation of each rank's data tile
        Conj c = new Conj(new long[] {aP.shape(0), xP.shape(1)}, dt);
        MPILinearOperator chain = new MPIBlockDiag(List.of(c), comm).times(op);
        DistributedArray y1 = chain.matvec(x);
        DistributedArray xadj1 = chain.rmatvec(y1);
        NdArray y1Loc = conj(yLoc);
        assertAllClose(y1Loc, MatrixGrid.blockGather(y1, n, m), dt, what + " chained forward");
        assertAllClose(product(aG, conj(y1Loc), true), MatrixGrid.blockGather(xadj1, k, m), dt,
                what + " chained adjoint");
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 4})
    void blockParameterSets(int np) {
        LocalCluster.run(np, comm -> {
            for (Par par : PARS) {
                block(comm, par);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 4})
    void summaParameterSets(int np) {
        LocalCluster.run(np, comm -> {
            for (Par par : PARS) {
                summa(comm, par);
            }
        });
    }

    /** The same sets on 9 ranks (a 3 x 3 grid: blocks of 22, 22, 20 for N = 64, short tiles everywhere). */
    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {9})
    void onANineRankGrid(int np) {
        List<String> done = new ArrayList<>();
        LocalCluster.run(np, comm -> {
            for (Par par : PARS) {
                block(comm, par);
                summa(comm, par);
            }
            if (comm.rank() == 0) {
                done.add("ok");
            }
        });
        assertTrue(done.size() == 1);
    }
}
