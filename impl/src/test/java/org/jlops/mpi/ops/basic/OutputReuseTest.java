package org.jlops.mpi.ops.basic;

import static org.jlops.mpi.ops.basic.BasicTesting.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.BasicTesting.Layout;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.DerivativeTesting;
import org.jlops.mpi.ops.serial.Laplacian;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.junit.jupiter.api.Test;

/**
 * The output-reusing products {@code matvec(x, out)} / {@code rmatvec(y, out)}: bit-identical to
 * the allocating ones for the operators that write their output directly and for the default
 * (compute and copy) path, whatever was in {@code out} before; inputs unchanged; a misfit
 * {@code out} rejected on every rank before anything is written.
 */
class OutputReuseTest {

    private static final long[] DIMS = {9, 5};

    /** The operators under test, built on {@code comm}. */
    private static List<MPILinearOperator> operators(Communicator comm, DType dt) {
        MPILinearOperator d1 = new MPIFirstDerivative(DIMS, 0.5, DerivativeKind.CENTERED, true, 5, comm, dt);
        MPILinearOperator d2 = new MPISecondDerivative(DIMS, 1.0, DerivativeKind.FORWARD, false, comm, dt);
        MPILinearOperator lap = new MPILaplacian(DIMS, new int[] {0, 1, 0}, new double[] {2, -0.5, 1},
                new double[] {1, 2, 1}, true, DerivativeKind.CENTERED, comm, dt);
        long[] local = BasicTesting.rowCounts(DIMS, comm.size());
        long rows = local[comm.rank()] / DIMS[1];
        MPILinearOperator bd = new MPIBlockDiag(
                List.of(new SecondDerivative(new long[] {rows, DIMS[1]}, 1, 1.0, DerivativeKind.CENTERED, false, dt)),
                comm, null, dt);
        MPILinearOperator sum = d1.plus(d2.times(3.0)); // the default copy path
        return List.of(d1, d2, lap, bd, sum);
    }

    @Test
    void outputProductsEqualAllocatingOnes() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 4; p++) {
                LocalCluster.run(p, comm -> {
                    NdArray xg = DerivativeTesting.random(dt, 11, DIMS[0] * DIMS[1]);
                    for (MPILinearOperator op : operators(comm, dt)) {
                        DistributedArray x = BasicTesting.distribute(comm, xg, DIMS, Layout.ROWS, 3);
                        NdArray before = x.asArray();
                        check(op, x, op::matvec, (out) -> op.matvec(x, out), op + " forward");
                        check(op, x, op::rmatvec, (out) -> op.rmatvec(x, out), op + " adjoint");
                        assertArrayEquals(values(before), values(x.asArray()),
                                op + ": input changed");
                    }
                });
            }
        }
    }

    private static void check(MPILinearOperator op, DistributedArray x, Function<DistributedArray, DistributedArray> alloc,
            Function<DistributedArray, DistributedArray> into, String what) {
        DistributedArray expected = alloc.apply(x);
        DistributedArray out = expected.zerosLike();
        out.fill(Double.NaN); // must be overwritten, not read
        assertSame(out, into.apply(out), what + ": returns out");
        assertArrayEquals(values(expected.asArray()), values(out.asArray()),
                what + ": differs from the allocating product");
        into.apply(out); // reuse: same result again
        assertArrayEquals(values(expected.asArray()), values(out.asArray()),
                what + ": second use");
    }

    @Test
    void misfitOutputsAreRejectedOnEveryRankAndLeftUnchanged() {
        LocalCluster.run(3, comm -> {
            NdArray xg = DerivativeTesting.random(DType.FLOAT64, 5, DIMS[0] * DIMS[1]);
            for (MPILinearOperator op : operators(comm, DType.FLOAT64)) {
                DistributedArray x = BasicTesting.distribute(comm, xg, DIMS, Layout.ROWS, 3);
                DistributedArray good = op.matvec(x);
                DistributedArray wrongType = DistributedArray.builder(comm, good.globalShape())
                        .localShapes(good.localShapes()).dtype(DType.FLOAT32).build();
                DistributedArray wrongSplit = DistributedArray.builder(comm, good.globalShape()).localShapes(
                        shifted(good.localShapes())).build();
                DistributedArray wrongLength = DistributedArray.builder(comm, good.globalSize() + 1).build();
                for (DistributedArray bad : List.of(wrongType, wrongSplit, wrongLength)) {
                    bad.fill(7.0);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.matvec(x, bad),
                            op.toString());
                    assertTrue(e.getMessage().startsWith("out:"), e.getMessage());
                    for (long k = 0; k < bad.localSize(); k++) {
                        assertEquals(7.0, bad.localArray().re(k), "out written before the check");
                    }
                }
                DistributedArray sq = x;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.matvec(sq, sq));
                assertTrue(e.getMessage().contains("share storage"), e.getMessage());
            }
        });
    }

    @Test
    void laplacianWithSeveralTermsEqualsTheSerialOperatorBitForBit() {
        long[] dims = {7, 3, 1500}; // axis-0 terms with ghost rows, other terms on the slabs, in one output
        int[] axes = {2, 0, 1};
        double[] weights = {1.5, -2, 0.25};
        double[] sampling = {1, 0.5, 2};
        for (int p = 1; p <= 3; p++) {
            LocalCluster.run(p, comm -> {
                NdArray xg = DerivativeTesting.random(DType.FLOAT64, 21, 7 * 3 * 1500);
                MPILaplacian lap = new MPILaplacian(dims, axes, weights, sampling, true, DerivativeKind.CENTERED, comm,
                        DType.FLOAT64);
                Laplacian serial = new Laplacian(dims, new int[] {0, 2, 1}, new double[] {-2, 1.5, 0.25},
                        new double[] {0.5, 1, 2}, true, DerivativeKind.CENTERED, DType.FLOAT64);
                DistributedArray x = BasicTesting.distribute(comm, xg, dims, Layout.RANDOM, 5);
                assertArrayEquals(values(serial.matvec(xg)), values(lap.matvec(x).asArray()), "forward");
                assertArrayEquals(values(serial.rmatvec(xg)), values(lap.rmatvec(x).asArray()), "adjoint");
            });
        }
    }

    /** The same total with one element moved from the first non-empty rank to the last. */
    private static long[][] shifted(long[][] shapes) {
        long[][] s = new long[shapes.length][];
        for (int r = 0; r < shapes.length; r++) {
            s[r] = shapes[r].clone();
        }
        for (long[] r : s) {
            if (r[0] > 0) {
                r[0]--;
                s[s.length - 1][0]++;
                break;
            }
        }
        return s;
    }
}
