package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.host.HostEngine;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.basic.BasicTesting.Layout;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.DerivativeTesting;
import org.jlops.mpi.ops.signal.MPINonStationaryConvolve1D;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the outputs allocated without zeroing ({@link Engine#allocateUninitialized}) are
 * written in full. Every allocating product that takes such an output — the row-stencil operators'
 * {@code matvec(x)}/{@code rmatvec(y)} (first and second derivatives of every kind, order and
 * edge; the Laplacian on its fused, its axis-0 and its other-axes paths; the gradient, built on
 * them; {@code MPINonStationaryConvolve1D}, whose buffers of ghost and edge rows are uninitialised) and the
 * element-wise results of {@link DistributedArray} — runs with the host engine's
 * uninitialised allocations poisoned with a NaN ({@link HostEngine#onPoisonedAllocations}); its
 * output must equal, bit for bit, the same product into a zero-filled output. An element the code
 * leaves unwritten keeps the NaN there and 0 in the zero-filled one. On 1–3 in-JVM ranks, every
 * dtype, row-slab, random (with empty ranks) and broadcast inputs.
 */
class UninitializedOutputsTest {

    /** 1-d, rows of 7 and of 33 elements, 3-d. */
    private static final long[][] SHAPES = {{50}, {23, 7}, {9, 33}, {6, 4, 5}};

    private static List<DistributedOperator<?>> operators(Communicator comm, DType dt, long[] dims) {
        List<DistributedOperator<?>> ops = new ArrayList<>();
        for (DerivativeKind kind : DerivativeKind.values()) {
            for (boolean edge : new boolean[] {false, true}) {
                ops.add(new MPIFirstDerivative(dims, 0.5, kind, edge, 3, comm, dt));
                ops.add(new MPISecondDerivative(dims, 1.5, kind, edge, comm, dt));
            }
        }
        ops.add(new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, false, 5, comm, dt));
        ops.add(new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, true, 5, comm, dt));
        int last = dims.length - 1;
        if (last > 0) {
            ops.add(new MPILaplacian(dims, comm));                                 // the two last axes
            ops.add(new MPILaplacian(dims, new int[] {0, last}, new double[] {2, 0.5}, new double[] {1, 2}, true,
                    DerivativeKind.FORWARD, comm, dt));                           // axis 0 + last: fused
            ops.add(new MPILaplacian(dims, new int[] {last}, new double[] {3}, new double[] {1}, false,
                    DerivativeKind.CENTERED, comm, dt));                          // no axis-0 term
        }
        if (last > 1) {
            ops.add(new MPILaplacian(dims, new int[] {0, 1, 2}, new double[] {1, 2, 3}, new double[] {1, 1, 1},
                    false, DerivativeKind.BACKWARD, comm, dt));                   // axis 0, then the others
        }
        ops.add(new MPILaplacian(dims, new int[] {0}, new double[] {1.5}, new double[] {0.5}, false,
                DerivativeKind.CENTERED, comm, dt));                              // axis 0 alone
        if (last > 0) {
            ops.add(new MPIGradient(dims, 0.5, true, DerivativeKind.CENTERED, comm, dt));
        }
        if (dims.length <= 2) {                                                // its ghost and edge rows
            double[][] hs = {{0.5, -1, 2, 0.25, 1}, {1, 2, 3, 4, 5}, {-1, 0.5, 0, 2, 1}};
            long step = (dims[0] - 3) / 2;                                     // regularly sampled, inside
            long[] ih = {1, 1 + step, 1 + 2 * step};
            ops.add(new MPINonStationaryConvolve1D(dims, hs, ih, 0, comm, dt,
                    MPINonStationaryConvolve1D.Options.ANY_SPLIT));
        }
        return ops;
    }

    @Test
    void poisonedAllocatingProductsEqualTheProductsIntoZeroedOutputs() {
        for (DType dt : DType.values()) {
            for (int np = 1; np <= 3; np++) {
                int p = np;
                for (long[] dims : SHAPES) {
                    for (Layout layout : new Layout[] {Layout.ROWS, Layout.RANDOM, Layout.BROADCAST}) {
                        LocalCluster.run(p, comm -> {
                            assertPoisonIsOn(dt);
                            NdArray xg = DerivativeTesting.random(dt, 11, DerivativeTesting.size(dims));
                            for (DistributedOperator<?> o : operators(comm, dt, dims)) {
                                if (layout == Layout.BROADCAST && o instanceof MPINonStationaryConvolve1D) {
                                    continue;                                    // it takes SCATTER only
                                }
                                DistributedOperator<DistributedVector> op = DistributedOperator.general(o);
                                DistributedArray x = BasicTesting.distribute(comm, xg, dims, layout, 3);
                                String what = op + " " + dt + " np " + p + " " + layout;
                                check(x, op::matvec, op::matvec, what + " forward");
                                check(op.matvec(x), op::rmatvec, op::rmatvec, what + " adjoint");
                            }
                        });
                    }
                }
            }
        }
    }

    @Test
    void poisonedElementWiseResultsEqualTheKernelsIntoZeroedOutputs() {
        for (DType dt : DType.values()) {
            for (int np = 1; np <= 3; np++) {
                LocalCluster.run(np, comm -> {
                    long[] dims = {37};
                    DistributedArray x = BasicTesting.distribute(comm, DerivativeTesting.random(dt, 5, 37), dims,
                            Layout.RANDOM, 4);
                    DistributedArray y = BasicTesting.distribute(comm, DerivativeTesting.random(dt, 6, 37), dims,
                            Layout.RANDOM, 4);
                    Engine e = x.engine();
                    elementWise(x, a -> a.negate(), (a, out) -> e.negate(a, out), dt + " negate");
                    elementWise(x, a -> a.add(y), (a, out) -> e.add(a, y.localBuffer(), out), dt + " add");
                    elementWise(x, a -> a.subtract(y), (a, out) -> e.subtract(a, y.localBuffer(), out),
                            dt + " subtract");
                    elementWise(x, a -> a.multiply(y), (a, out) -> e.multiply(a, y.localBuffer(), out),
                            dt + " multiply");
                    elementWise(x, a -> a.multiply(2.5), (a, out) -> e.scale(a, 2.5, 0, out), dt + " scale");
                    elementWise(x, a -> a.multiply(2.5, -1.25),
                            (a, out) -> e.scale(a, 2.5, dt.isComplex() ? -1.25 : 0, out), dt + " complex scale");
                    elementWise(x, a -> a.conj(), (a, out) -> e.conj(a, out), dt + " conj");
                });
            }
        }
    }

    /** The poison is on in this thread's scope (else the tests above could not fail). */
    private static void assertPoisonIsOn(DType dt) {
        Buffer b = HostEngine.onPoisonedAllocations(() -> Engine.host().allocateUninitialized(dt.elementType(), 3));
        long[] bits = rawBits(b);
        for (long v : bits) {
            assertNotEquals(0L, v, "the poison is not on");
            assertEquals(dt.isDoublePrecision() ? 0x7ff8_dead_beef_0badL : 0x7fc0_deadL, v, "the poison's bits");
        }
    }

    private static void check(DistributedVector in, Function<DistributedVector, DistributedVector> alloc,
            BiConsumer<DistributedVector, DistributedVector> into, String what) {
        DistributedVector fresh = HostEngine.onPoisonedAllocations(() -> alloc.apply(in));
        DistributedVector held = fresh.zerosLike();
        into.accept(in, held);
        List<DistributedArray> a = components(fresh);
        List<DistributedArray> b = components(held);
        assertEquals(b.size(), a.size(), what);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(rawBits(b.get(i).localBuffer()), rawBits(a.get(i).localBuffer()),
                    what + ": component " + i + " on rank " + a.get(i).communicator().rank() + " of the allocating "
                            + "product differs from the held one (NaN 0x7ff8deadbeef0bad or 0x7fc0dead: an element "
                            + "left unwritten)");
        }
    }

    private static void elementWise(DistributedArray x, Function<DistributedArray, DistributedArray> op,
            BiConsumer<Buffer, Buffer> kernel, String what) {
        DistributedArray fresh = HostEngine.onPoisonedAllocations(() -> op.apply(x));
        Buffer zeroed = x.engine().allocate(x.localBuffer().type(), x.localBuffer().length());
        kernel.accept(x.localBuffer(), zeroed);
        assertArrayEquals(rawBits(zeroed), rawBits(fresh.localBuffer()), what + " on rank " + x.communicator().rank());
    }

    private static List<DistributedArray> components(DistributedVector v) {
        List<DistributedArray> c = new ArrayList<>();
        if (v instanceof StackedDistributedArray s) {
            for (DistributedVector part : s.arrays()) {
                c.addAll(components(part));
            }
        } else {
            c.add((DistributedArray) v);
        }
        return c;
    }

    /** The raw bits of every real entry of a host buffer (NaN payloads kept). */
    static long[] rawBits(Buffer b) {
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            long[] bits = new long[d.length];
            for (int k = 0; k < d.length; k++) {
                bits[k] = Double.doubleToRawLongBits(d[k]);
            }
            return bits;
        }
        float[] f = (float[]) a;
        long[] bits = new long[f.length];
        for (int k = 0; k < f.length; k++) {
            bits[k] = Float.floatToRawIntBits(f[k]);
        }
        return bits;
    }
}
