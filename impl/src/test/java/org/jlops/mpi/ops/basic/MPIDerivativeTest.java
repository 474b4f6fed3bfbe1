package org.jlops.mpi.ops.basic;

import static org.jlops.mpi.ops.basic.BasicTesting.distribute;
import static org.jlops.mpi.ops.basic.BasicTesting.dotRtol;
import static org.jlops.mpi.ops.basic.BasicTesting.dottest;
import static org.jlops.mpi.ops.basic.BasicTesting.rowCounts;
import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.apply;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.DerivativeTesting.ref;
import static org.jlops.mpi.ops.serial.DerivativeTesting.rtol;
import static org.jlops.mpi.ops.serial.DerivativeTesting.size;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.BasicTesting.Layout;
import org.jlops.mpi.ops.internal.GhostRows;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.DerivativeTesting.Config;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MPIFirstDerivative and MPISecondDerivative on 1..8 in-JVM ranks: every kind, order, edge option
 * and dtype, inputs in the default, row-slab, random (with empty ranks) and BROADCAST layouts, on
 * small shapes whose slabs hold 0, 1 or a few rows (more ranks than rows included). Forward and
 * adjoint equal the serial operator on the gathered data bit for bit (the kernel computes every
 * row the same way whatever the split) and the EJML reference to rtol; distributed dot-tests;
 * inputs unchanged.
 */
class MPIDerivativeTest {

    /** Shapes whose axis 0 is shorter than, equal to and longer than the rank counts. */
    private static final long[][] SHAPES = {{5}, {3, 4}, {7, 2, 3}, {1, 3}, {2}, {9, 2}, {0, 2}};

    private static MPILinearOperator distributed(boolean first, long[] dims, double h, Config c,
            org.jlops.mpi.comm.Communicator comm, DType dt) {
        return first ? new MPIFirstDerivative(dims, h, c.kind(), c.edge(), c.order(), comm, dt)
                : new MPISecondDerivative(dims, h, c.kind(), c.edge(), comm, dt);
    }

    private static LocalOperator serial(boolean first, long[] dims, double h, Config c, DType dt) {
        return first ? new FirstDerivative(dims, 0, h, c.kind(), c.edge(), c.order(), dt)
                : new SecondDerivative(dims, 0, h, c.kind(), c.edge(), dt);
    }

    private static DenseOperator reference(boolean first, long[] dims, double h, Config c) {
        return first ? ReferenceOperators.firstDerivative(dims, 0, h, ref(c.kind()), c.edge(), c.order())
                : ReferenceOperators.secondDerivative(dims, 0, h, ref(c.kind()), c.edge());
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void matchesTheSerialOperatorAtEveryRankCount(int np) {
        LocalCluster.run(np, comm -> {
            long seed = 1000L * np;
            for (long[] dims : SHAPES) {
                long n = size(dims);
                long[] counts = rowCounts(dims, np);
                for (boolean first : new boolean[] {true, false}) {
                    for (Config c : first ? Config.firstDerivatives() : Config.secondDerivatives()) {
                        if (dims[0] < (first ? c.minFirst() : c.minSecond())) {
                            continue;
                        }
                        double h = seed % 2 == 0 ? 1.0 : 0.4;
                        DenseOperator reference = reference(first, dims, h, c);
                        for (DType dt : DTYPES) {
                            seed++;
                            String what = (first ? "D1 " : "D2 ") + c + " " + dt + " dims " + java.util.Arrays
                                    .toString(dims) + " on " + np;
                            MPILinearOperator op = distributed(first, dims, h, c, comm, dt);
                            LocalOperator s = serial(first, dims, h, c, dt);
                            Layout layout = Layout.values()[(int) (seed % Layout.values().length)];
                            NdArray xg = random(dt, seed, n);
                            NdArray yg = random(dt, seed + 1, n);
                            DistributedArray x = distribute(comm, xg, dims, layout, seed);
                            DistributedArray y = distribute(comm, yg, dims, Layout.values()[(int) ((seed + 1) % 4)],
                                    seed + 7);
                            DistributedArray ax = op.matvec(x);
                            DistributedArray ahy = op.rmatvec(y);
                            for (DistributedArray out : List.of(ax, ahy)) {
                                assertEquals(Partition.SCATTER, out.partition(), what);
                                assertEquals(dt, out.dtype(), what);
                                assertArrayEquals(new long[] {counts[comm.rank()]}, out.localShape(), what);
                            }
                            NdArray axg = ax.asArray();
                            NdArray ahyg = ahy.asArray();
                            assertClose(s.matvec(xg), axg, 0, what + " forward (" + layout + ")");
                            assertClose(s.rmatvec(yg), ahyg, 0, what + " adjoint");
                            assertClose(apply(reference, xg, false), axg, rtol(dt), what + " forward vs reference");
                            assertClose(apply(reference, yg, true), ahyg, rtol(dt), what + " adjoint vs reference");
                            assertClose(xg, x.asArray(), 0, what + ": x unchanged");
                            assertClose(yg, y.asArray(), 0, what + ": y unchanged");
                            dottest(op, distribute(comm, xg, dims, Layout.ROWS, 0), seed + 3, dotRtol(dt), what);
                        }
                    }
                }
            }
        });
    }

    /** A real operator on complex input computes in complex (PyLops-MPI would drop the imaginary part). */
    @Test
    void complexInputToARealOperatorStaysComplex() {
        LocalCluster.run(3, comm -> {
            long[] dims = {6, 3};
            for (DType real : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                DType complex = real.complexType();
                MPIFirstDerivative op = new MPIFirstDerivative(dims, 0.5, DerivativeKind.CENTERED, true, 5, comm, real);
                NdArray xg = random(DType.COMPLEX128, 5, 18);
                DistributedArray x = distribute(comm, xg, dims, Layout.RANDOM, 3);
                DistributedArray y = op.matvec(x);
                assertEquals(complex, y.dtype());
                FirstDerivative s = new FirstDerivative(dims, 0, 0.5, DerivativeKind.CENTERED, true, 5, real);
                assertClose(s.matvec(xg), y.asArray(), rtol(real), "complex input to " + real);
                // float64 input to a float32 operator is converted
                DistributedArray xr = distribute(comm, random(DType.FLOAT64, 9, 18), dims, Layout.DEFAULT, 1);
                assertEquals(real, op.rmatvec(xr).dtype());
            }
        });
    }

    /** The output keeps the input's mask. */
    @Test
    void outputsKeepTheInputMask() {
        LocalCluster.run(4, comm -> {
            long[] dims = {8, 2};
            NdArray xg = random(DType.FLOAT64, 1, 16);
            int[] mask = {0, 0, 1, 1};
            DistributedArray x = DistributedArray.builder(comm, 16).mask(mask).localArray(
                    xg.slice(0, 4L * comm.rank(), 4L * comm.rank() + 4)).build();
            MPISecondDerivative d2 = new MPISecondDerivative(dims, comm);
            DistributedArray y = d2.matvec(x);
            assertArrayEquals(mask, y.mask());
            assertClose(new SecondDerivative(dims, 0).matvec(xg), y.asArray(), 0, "masked input");
            MPILaplacian lap = new MPILaplacian(dims, comm);
            assertArrayEquals(mask, lap.matvec(x).mask());
            assertArrayEquals(mask, lap.rmatvec(x).mask());
        });
    }

    @Test
    void defaultsAndAccessors() {
        LocalCluster.run(3, comm -> {
            MPIFirstDerivative d1 = new MPIFirstDerivative(new long[] {7, 2}, comm);
            assertEquals(DerivativeKind.CENTERED, d1.kind());
            assertEquals(3, d1.order());
            assertEquals(1.0, d1.sampling());
            assertEquals(DType.FLOAT64, d1.dtype());
            assertArrayEquals(new long[] {3, 2, 2}, d1.rowCounts());
            assertArrayEquals(new long[] {7, 2}, d1.dims());
            assertArrayEquals(new long[] {7, 2}, d1.dimsd());
            assertArrayEquals(new long[] {14, 14}, d1.shape());
            MPISecondDerivative d2 = new MPISecondDerivative(new long[] {4}, comm);
            assertEquals(DerivativeKind.CENTERED, d2.kind());
            assertArrayEquals(new long[] {2, 1, 1}, d2.rowCounts());
            // dims and dimsd survive the algebra (SPEC §10 test_copy_dims_dimsd)
            assertArrayEquals(new long[] {7, 2}, d1.times(2).dims());
            assertArrayEquals(new long[] {7, 2}, d1.plus(d1.times(-2)).dimsd());
            assertArrayEquals(new long[] {7, 2}, d1.power(3).dims());
            assertArrayEquals(new long[] {7, 2}, d1.adjoint().dimsd());
        });
    }

    /** The ghost plan: one neighbour hop when slabs are large enough, further ranks when they are not. */
    @Test
    void ghostRowsComeFromFurtherRanksWhenSlabsAreThin() {
        var c5 = FirstDerivative.stencil(6, 1, DerivativeKind.CENTERED, false, 5);
        GhostRows thick = new GhostRows(c5, new long[] {3, 3});
        assertEquals(1, thick.hops());
        assertEquals(0, thick.front(0));
        assertEquals(2, thick.back(0));
        assertEquals(2, thick.front(1));
        GhostRows thin = new GhostRows(c5, new long[] {1, 1, 1, 1, 1, 1, 0, 0});
        assertEquals(2, thin.hops());
        assertEquals(0, thin.front(1)); // row 1 is a zero row without edge formulas
        assertEquals(2, thin.front(2));
        assertEquals(2, thin.back(3));
        assertEquals(0, thin.front(6));
        GhostRows adjoint = new GhostRows(c5.transpose(), new long[] {1, 1, 1, 1, 1, 1});
        assertEquals(2, adjoint.hops());
        GhostRows one = new GhostRows(c5, new long[] {6});
        assertEquals(0, one.hops());
    }

    @Test
    void ghostBuffersAreGivenBackAndReusedWithFreshRows() {
        // issue 20: a product gives its ghost buffers back; the next exchange overwrites every row
        var c5 = FirstDerivative.stencil(6, 1, DerivativeKind.CENTERED, false, 5);
        LocalCluster.run(2, comm -> {
            GhostRows plan = new GhostRows(c5, new long[] {3, 3});
            Engine host = Engine.host();
            double[] mine = new double[3 * 2];
            for (int k = 0; k < mine.length; k++) {
                mine[k] = 10 * comm.rank() + k;
            }
            var local = host.wrap(mine, ElementType.FLOAT64);
            GhostRows.Ghosts first = plan.exchange(comm, host, local, 2, DType.FLOAT64);
            plan.recycle(host, first);
            for (int k = 0; k < mine.length; k++) {
                mine[k] = -mine[k];
            }
            GhostRows.Ghosts second = plan.exchange(comm, host, local, 2, DType.FLOAT64);
            Buffer got = comm.rank() == 0 ? second.back() : second.front();
            Buffer old = comm.rank() == 0 ? first.back() : first.front();
            assertSame(old, got);
            // rank 0 receives rank 1's first two rows, rank 1 rank 0's last two, negated this time
            double[] want = comm.rank() == 0 ? new double[] {-10, -11, -12, -13} : new double[] {-2, -3, -4, -5};
            assertArrayEquals(want, (double[]) got.hostArray());
            // another element type gets buffers of its own
            GhostRows.Ghosts single = plan.exchange(comm, host, host.wrap(new float[6],
                    ElementType.FLOAT32), 2, DType.FLOAT32);
            assertNotSame(got, comm.rank() == 0 ? single.back() : single.front());
        });
    }
}
