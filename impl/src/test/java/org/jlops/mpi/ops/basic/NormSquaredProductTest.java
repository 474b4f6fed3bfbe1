package org.jlops.mpi.ops.basic;

import static org.jlops.mpi.ops.basic.BasicTesting.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.BasicTesting.Layout;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.DerivativeTesting;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.junit.jupiter.api.Test;

/**
 * The products that return their output's squared norm ({@code matvecNormSquared},
 * {@code rmatvecNormSquared}; CGLS's {@code q = A c; q . q}): the output and the norm bit for bit
 * those of {@code matvec(x, out)} followed by {@code out.dot(out, true).re()}, for the derivatives
 * (which sum their rows as they write them, inside the reduction) and for the default path, on 1–4
 * in-JVM ranks with splits whose edges cut the reduction's 256-leaf blocks and rows (so the
 * reduction asks for rows out of order), for every dtype, whatever was in {@code out}; the input
 * unchanged; a misfit output rejected on every rank before anything is written.
 */
class NormSquaredProductTest {

    /** Shapes: 1-d with 1000 rows (blocks cut at every split), rows of 7 and 300 elements, a 3-d one. */
    private static final long[][] SHAPES = {{1000}, {300, 7}, {9, 300}, {6, 4, 3}};

    /** The operators under test on {@code dims}, built on {@code comm}. */
    private static List<MPILinearOperator> operators(Communicator comm, DType dt, long[] dims) {
        List<MPILinearOperator> ops = new ArrayList<>();
        for (DerivativeKind kind : DerivativeKind.values()) {
            ops.add(new MPIFirstDerivative(dims, 0.5, kind, kind == DerivativeKind.CENTERED, 3, comm, dt));
            ops.add(new MPISecondDerivative(dims, 1.5, kind, false, comm, dt));
        }
        ops.add(new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, false, 5, comm, dt));
        ops.add(new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, true, 5, comm, dt));
        long[] local = BasicTesting.rowCounts(dims, comm.size());
        long rest = DerivativeTesting.size(dims) / dims[0];
        ops.add(new MPIBlockDiag(List.of(new SecondDerivative(new long[] {local[comm.rank()] / rest, rest}, 1, 1.0,
                DerivativeKind.CENTERED, false, dt)), comm, null, dt));        // the default path
        ops.add(ops.get(0).plus(ops.get(1).times(3.0)));                        // a derived operator: default path
        return ops;
    }

    @Test
    void normSquaredProductsEqualTheProductThenItsNormBitForBit() {
        for (DType dt : DType.values()) {
            for (int np = 1; np <= 4; np++) {
                int p = np;
                for (long[] dims : SHAPES) {
                    for (Layout layout : new Layout[] {Layout.ROWS, Layout.RANDOM, Layout.BROADCAST}) {
                        LocalCluster.run(p, comm -> {
                            NdArray xg = DerivativeTesting.random(dt, 17, DerivativeTesting.size(dims));
                            for (MPILinearOperator op : operators(comm, dt, dims)) {
                                if (layout == Layout.BROADCAST && op instanceof MPIBlockDiag) {
                                    continue;                                    // block operators take SCATTER only
                                }
                                DistributedArray x = BasicTesting.distribute(comm, xg, dims, layout, 3);
                                NdArray before = x.asArray();
                                String what = op + " " + dt + " np " + p + " " + layout;
                                check(x, op::matvec, op::matvecNormSquared, what + " forward");
                                check(x, op::rmatvec, op::rmatvecNormSquared, what + " adjoint");
                                assertArrayEquals(values(before), values(x.asArray()), what + ": input changed");
                            }
                        });
                    }
                }
            }
        }
    }

    /** A vertical stack: each component's norm fused where its operator fuses it, summed as the stack's dot. */
    @Test
    void stackedVerticalStackSumsItsComponentsLikeTheStacksDot() {
        long[] dims = {1000};
        for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX64}) {
            for (int np = 1; np <= 3; np++) {
                int p = np;
                LocalCluster.run(p, comm -> {
                    MPILinearOperator d1 = new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, false, 3, comm,
                            dt);
                    MPILinearOperator d2 = new MPISecondDerivative(dims, 1.0, DerivativeKind.CENTERED, true, comm, dt);
                    MPIStackedVStack op = new MPIStackedVStack(List.of(d1, d2.times(0.5), d1), comm);
                    DistributedArray x = BasicTesting.distribute(comm,
                            DerivativeTesting.random(dt, 5, dims[0]), dims, Layout.RANDOM, 8);
                    DistributedVector expected = op.matvec(x);
                    StackedDistributedArray out = (StackedDistributedArray) expected.zerosLike();
                    for (DistributedVector c : out.arrays()) {
                        ((DistributedArray) c).fill(Double.NaN);
                    }
                    double nn = op.matvecNormSquared(x, out);
                    assertEquals(Double.doubleToRawLongBits(expected.dot(expected, true).re()),
                            Double.doubleToRawLongBits(nn), "norm " + dt + " np " + p);
                    for (int i = 0; i < out.narrays(); i++) {
                        assertArrayEquals(values(((DistributedArray) ((StackedDistributedArray) expected).get(i)).asArray()),
                                values(((DistributedArray) out.get(i)).asArray()), "component " + i);
                    }
                    DistributedVector into = expected.zerosLike();
                    op.matvec(x, into);
                    assertEquals(Double.doubleToRawLongBits(expected.dot(expected, true).re()),
                            Double.doubleToRawLongBits(into.dot(into, true).re()), "matvec into out");
                });
            }
        }
    }

    @Test
    void misfitOutputsAreRejectedOnEveryRankAndLeftUnchanged() {
        long[] dims = {300, 7};
        LocalCluster.run(3, comm -> {
            MPILinearOperator op = new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, true, 3, comm,
                    DType.FLOAT64);
            DistributedArray x = BasicTesting.distribute(comm, DerivativeTesting.random(DType.FLOAT64, 2, 2100), dims,
                    Layout.ROWS, 1);
            DistributedArray good = op.matvec(x);
            DistributedArray wrongType = DistributedArray.builder(comm, good.globalShape())
                    .localShapes(good.localShapes()).dtype(DType.FLOAT32).build();
            DistributedArray wrongLength = DistributedArray.builder(comm, good.globalSize() + 1).build();
            // only rank 1 holds the wrong output; every rank must fail
            DistributedArray oneRank = comm.rank() == 1 ? wrongType : good.zerosLike();
            for (DistributedArray bad : List.of(wrongType, wrongLength, oneRank)) {
                bad.fill(7.0);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> op.matvecNormSquared(x, bad), op.toString());
                assertTrue(e.getMessage().startsWith("out"), e.getMessage());
                for (long k = 0; k < bad.localSize(); k++) {
                    assertEquals(7.0, bad.localArray().re(k), "out written before the check");
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> op.rmatvecNormSquared(x, x));
            assertTrue(e.getMessage().contains("share storage"), e.getMessage());
        });
    }

    private static void check(DistributedArray x, Function<DistributedArray, DistributedArray> alloc,
            BiFunction<DistributedArray, DistributedArray, Double> fused, String what) {
        DistributedArray expected = alloc.apply(x);
        double norm = expected.dot(expected, true).re();
        DistributedArray out = expected.zerosLike();
        out.fill(Double.NaN);                                                   // must be overwritten, not read
        for (int use = 0; use < 2; use++) {
            double nn = fused.apply(x, out);
            assertEquals(Double.doubleToRawLongBits(norm), Double.doubleToRawLongBits(nn), what + ": the norm, use " + use);
            assertArrayEquals(values(expected.asArray()), values(out.asArray()), what + ": the output, use " + use);
        }
    }
}
