package org.jlops.mpi.array;

import static org.jlops.mpi.testkit.SerialArrays.assertClose;
import static org.jlops.mpi.testkit.SerialArrays.rtol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §10 {@code test_stackedarray}: creation (flat and nested), math, dot and norms against a
 * serial computation on the concatenated global vector, at every rank count 1..8.
 */
class StackedDistributedArrayTest {

    record Par(String name, long[] shape, Partition partition, int axis, DType dtype) {
    }

    private static Par par(String name, Partition p, int axis, DType t, long... shape) {
        return new Par(name, shape, p, axis, t);
    }

    static final List<Par> PARS = List.of(
            par("par1", Partition.SCATTER, 1, DType.FLOAT64, 500, 501),
            par("par2", Partition.SCATTER, 0, DType.COMPLEX128, 501, 500),
            par("par3", Partition.BROADCAST, 1, DType.FLOAT64, 500, 501),
            par("par4", Partition.BROADCAST, 0, DType.COMPLEX128, 501, 500),
            par("par5", Partition.SCATTER, 1, DType.FLOAT64, 100, 101, 51),
            par("par6", Partition.SCATTER, 2, DType.COMPLEX128, 100, 101, 51),
            par("par7-f32", Partition.SCATTER, 0, DType.FLOAT32, 30, 7),
            par("par8-c64", Partition.UNSAFE_BROADCAST, 0, DType.COMPLEX64, 5));

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void creation(int n) {
        LocalCluster.run(n, comm -> {
            for (Par p : PARS) {
                DistributedArray a = DistributedArray.builder(comm, p.shape()).partition(p.partition()).axis(p.axis())
                        .dtype(p.dtype()).build();
                DistributedArray b = a.zerosLike();
                a.fill(1);
                StackedDistributedArray s = StackedDistributedArray.of(a, b);
                long[] twice = p.shape().clone();
                for (int i = 0; i < twice.length; i++) {
                    twice[i] *= 2;
                }
                assertArrayEquals(twice, s.globalShape(), p + ": global shape sums every dimension");
                assertEquals(2 * Shapes.size(p.shape()), s.globalSize());
                assertEquals(2, s.narrays());
                assertSame(a, s.get(0));
                assertSame(Engine.host(), s.engine());
                // b changes in place after the stack was built: the stack sees it (by reference)
                b.iadd(a);
                NdArray expected = SerialArrays.full(p.dtype(), 1, 0, 2 * Shapes.size(p.shape()));
                assertEquals(expected, s.asArray(), p + ": asArray is the concatenated ravels, in-place edit visible");
                // nested: [[a, b], [a, b]] has 4x the global shape
                StackedDistributedArray nested = StackedDistributedArray.of(s, s);
                long[] four = p.shape().clone();
                for (int i = 0; i < four.length; i++) {
                    four[i] *= 4;
                }
                assertArrayEquals(four, nested.globalShape());
                assertEquals(4 * Shapes.size(p.shape()), nested.globalSize());
                if (Shapes.size(p.shape()) <= 100_000) {
                    assertEquals(SerialArrays.full(p.dtype(), 1, 0, 4 * Shapes.size(p.shape())), nested.asArray());
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void math(int n) {
        List<Par> pars = List.of(
                par("vector", Partition.SCATTER, 0, DType.FLOAT64, 1001),
                par("complex", Partition.SCATTER, 1, DType.COMPLEX128, 31, 40),
                par("broadcast", Partition.BROADCAST, 0, DType.FLOAT64, 57),
                par("f32", Partition.SCATTER, 0, DType.FLOAT32, 101),
                par("c64", Partition.SCATTER, 0, DType.COMPLEX64, 3));
        LocalCluster.run(n, comm -> {
            for (Par p : pars) {
                double tol = rtol(p.dtype());
                // components 0 and arange, as PyLops-MPI's test_stacked_math
                DistributedArray zero = DistributedArray.builder(comm, p.shape()).partition(p.partition())
                        .axis(p.axis()).dtype(p.dtype()).build();
                DistributedArray ar = DistributedArray.toDist(SerialArrays.arange(p.dtype(), p.shape()), comm,
                        p.partition(), p.axis());
                DistributedArray rnd = DistributedArray.toDist(SerialArrays.random(p.dtype(), 5, 1, 2, p.shape()), comm,
                        p.partition(), p.axis());
                StackedDistributedArray s1 = StackedDistributedArray.of(zero, ar);
                StackedDistributedArray s2 = StackedDistributedArray.of(ar, rnd);
                NdArray g1 = s1.asArray(), g2 = s2.asArray();
                assertClose(DistributedArrayConformanceTest.apply(g1, g2, '+'), s1.add(s2).asArray(), tol, p + ": +");
                assertClose(DistributedArrayConformanceTest.apply(g1, g2, '-'), s1.subtract(s2).asArray(), tol, p + ": -");
                assertClose(DistributedArrayConformanceTest.apply(g1, g2, '*'), s1.multiply(s2).asArray(), tol, p + ": *");
                assertClose(DistributedArrayConformanceTest.apply(g1, null, 'n'), s1.negate().asArray(), tol, p + ": neg");
                assertClose(DistributedArrayConformanceTest.apply(g1, null, 'c'), s1.conj().asArray(), tol, p + ": conj");
                assertClose(DistributedArrayConformanceTest.scale(g1, -2, 0.5), s1.multiply(-2, 0.5).asArray(), tol,
                        p + ": scale");
                assertClose(DistributedArrayConformanceTest.scale(g1, 3, 0), s1.multiply(3).asArray(), tol, p + ": scale");
                StackedDistributedArray c = s1.copy();
                c.iadd(s2).isub(s2).isub(s2);
                NdArray expected = DistributedArrayConformanceTest.apply(g1, g2, '+');
                expected = DistributedArrayConformanceTest.apply(expected, g2, '-');
                expected = DistributedArrayConformanceTest.apply(expected, g2, '-');
                assertClose(expected, c.asArray(), tol, p + ": iadd/isub");
                assertEquals(g1, s1.asArray(), "copy is independent");
                for (boolean vdot : new boolean[] {false, true}) {
                    assertClose(SerialArrays.dot(g1, g2, vdot), s1.dot(s2, vdot), tol, p + ": dot " + vdot);
                }
                for (double ord : new double[] {0, 1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    assertClose(SerialArrays.norm(g2, ord), s2.norm(ord), tol, p + ": norm " + ord);
                }
                assertClose(SerialArrays.norm(g2, 2), s2.norm(), p.dtype().isDoublePrecision() ? 1e-14 : 1e-6,
                        p + ": norm 2");
                assertClose(SerialArrays.norm(g2, 3), s2.norm(3), Math.max(1e-10, tol), p + ": norm 3");
                // Java additions: results into an existing stack, axpy-style updates
                StackedDistributedArray out = s1.zerosLike();
                assertSame(out, s1.add(s2, out));
                assertClose(DistributedArrayConformanceTest.apply(g1, g2, '+'), out.asArray(), tol, p + ": add into");
                s1.subtract(s2, out);
                assertClose(DistributedArrayConformanceTest.apply(g1, g2, '-'), out.asArray(), tol, p + ": sub into");
                s1.multiply(0.5, -1, out);
                assertClose(DistributedArrayConformanceTest.scale(g1, 0.5, -1), out.asArray(), tol, p + ": scale into");
                out.imultiply(2, 0).iaxpy(-1, 0, s1);
                assertClose(DistributedArrayConformanceTest.scale(g1, 0, -2), out.asArray(), tol, p + ": imultiply/iaxpy");
                out.iaypx(0, 0, s2);
                assertClose(g2, out.asArray(), 0, p + ": iaypx with 0");
                // nested stacks
                StackedDistributedArray n1 = StackedDistributedArray.of(s1, ar);
                StackedDistributedArray n2 = StackedDistributedArray.of(s2, rnd);
                NdArray h1 = n1.asArray(), h2 = n2.asArray();
                assertClose(DistributedArrayConformanceTest.apply(h1, h2, '+'), n1.add(n2).asArray(), tol, p + ": nested +");
                assertClose(DistributedArrayConformanceTest.apply(h1, h2, '*'), n1.multiply(n2).asArray(), tol,
                        p + ": nested *");
                assertClose(SerialArrays.dot(h1, h2, false), n1.dot(n2), tol, p + ": nested dot");
                for (double ord : new double[] {0, 1, 2, Double.POSITIVE_INFINITY}) {
                    double t = ord == 2 ? Math.max(1e-10, tol) : tol;
                    assertClose(SerialArrays.norm(h2, ord), n2.norm(ord), t, p + ": nested norm " + ord);
                }
                StackedDistributedArray z = n1.zerosLike();
                assertEquals(NdArray.zeros(h1.dtype(), h1.size()), z.asArray(), "zerosLike works on nested stacks");
                assertTrue(z.get(0) instanceof StackedDistributedArray);
                assertEquals(h1.size(), n1.emptyLike().globalSize());
            }
        });
    }

    @Test
    void setWritesIntoComponents() {
        LocalCluster.run(3, comm -> {
            DistributedArray a = DistributedArray.builder(comm, 7).build();
            DistributedArray b = DistributedArray.builder(comm, 4).partition(Partition.BROADCAST).build();
            StackedDistributedArray s = StackedDistributedArray.of(a, StackedDistributedArray.of(b, a.copy()));
            s.set(0, DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 7), comm));
            assertEquals(SerialArrays.arange(DType.FLOAT64, 7), a.asArray());
            s.set(1, 2, 0);
            assertEquals(SerialArrays.full(DType.FLOAT64, 2, 0, 4), b.asArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set(1, a));
            assertTrue(e.getMessage().startsWith("value:"), e.getMessage());
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5})
    void asArrayJoinsTheRavelsInOrder(int n) {
        LocalCluster.run(n, comm -> {
            NdArray m = SerialArrays.random(DType.COMPLEX128, 3, 0, 1, 3, 4);
            NdArray v = SerialArrays.random(DType.COMPLEX128, 4, 0, 1, 5);
            DistributedArray a = DistributedArray.toDist(m, comm, Partition.SCATTER, 1);
            DistributedArray b = DistributedArray.toDist(v, comm, Partition.BROADCAST, 0);
            NdArray expected = NdArray.concatenate(0, List.of(m.ravel(), v, m.ravel()));
            assertEquals(expected, StackedDistributedArray.of(a, StackedDistributedArray.of(b, a)).asArray());
        });
    }

    @Test
    void mixedDtypesJoinAsNumpyDoes() {
        LocalCluster.run(2, comm -> {
            DistributedArray a = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT32, 3), comm);
            DistributedArray b = DistributedArray.toDist(SerialArrays.arange(DType.COMPLEX128, 2), comm);
            NdArray joined = StackedDistributedArray.of(a, b).asArray();
            assertEquals(DType.COMPLEX128, joined.dtype());
            assertEquals(5, joined.size());
            assertEquals(-0.5, joined.im(4));
        });
    }

    /** An engine that behaves as the host one but is a different engine (PyLops-MPI's engine "foo"). */
    private static final class OtherEngine implements Engine {
        private final Engine host = Engine.host();

        @Override
        public String name() {
            return "foo";
        }

        @Override
        public StencilKernels stencils() {
            return host.stencils();
        }

        @Override
        public org.jlops.mpi.engine.DenseKernels dense() {
            return host.dense();
        }

        @Override
        public org.jlops.mpi.engine.FftKernels fft() {
            return host.fft();
        }

        @Override
        public Buffer allocate(ElementType type, long length) {
            return host.allocate(type, length);
        }

        @Override
        public Buffer wrap(Object hostArray, ElementType type) {
            return host.wrap(hostArray, type);
        }

        @Override
        public Buffer copyOf(Buffer src) {
            return host.copyOf(src);
        }

        @Override
        public void copy(Buffer src, long srcPos, Buffer dst, long dstPos, long length) {
            host.copy(src, srcPos, dst, dstPos, length);
        }

        @Override
        public void sumBlocks(Buffer x, long pos, long length, int blockLength, org.jlops.mpi.engine.Reduction reduction,
                double p, double[] out, int outPos) {
            host.sumBlocks(x, pos, length, blockLength, reduction, p, out, outPos);
        }

        @Override
        public void dotBlocks(Buffer x, long xPos, Buffer y, long yPos, long length, int blockLength, boolean conjugate,
                double[] out, int outPos) {
            host.dotBlocks(x, xPos, y, yPos, length, blockLength, conjugate, out, outPos);
        }

        @Override
        public void copyRows(Buffer src, long srcPos, long srcStride, Buffer dst, long dstPos, long dstStride,
                long rows, long rowLength) {
            host.copyRows(src, srcPos, srcStride, dst, dstPos, dstStride, rows, rowLength);
        }

        @Override
        public void fill(Buffer b, long pos, long length, double re, double im) {
            host.fill(b, pos, length, re, im);
        }

        @Override
        public void negate(Buffer x, Buffer out) {
            host.negate(x, out);
        }

        @Override
        public void add(Buffer x, Buffer y, Buffer out) {
            host.add(x, y, out);
        }

        @Override
        public void subtract(Buffer x, Buffer y, Buffer out) {
            host.subtract(x, y, out);
        }

        @Override
        public void multiply(Buffer x, Buffer y, Buffer out) {
            host.multiply(x, y, out);
        }

        @Override
        public void scale(Buffer x, double re, double im, Buffer out) {
            host.scale(x, re, im, out);
        }

        @Override
        public void axpy(double re, double im, Buffer x, Buffer y) {
            host.axpy(re, im, x, y);
        }

        @Override
        public void aypx(double re, double im, Buffer x, Buffer y) {
            host.aypx(re, im, x, y);
        }

        @Override
        public void conj(Buffer x, Buffer out) {
            host.conj(x, out);
        }

        @Override
        public void dot(Buffer x, long xPos, Buffer y, long yPos, long length, boolean conjugate, double[] acc) {
            host.dot(x, xPos, y, yPos, length, conjugate, acc);
        }

        @Override
        public double reduce(Buffer x, long pos, long length, Reduction reduction, double p) {
            return host.reduce(x, pos, length, reduction, p);
        }

        @Override
        public void reduceAxis(Buffer x, long outer, long axisLength, long inner, Reduction reduction, double p,
                double[] out) {
            host.reduceAxis(x, outer, axisLength, inner, reduction, p, out);
        }
    }

    @Test
    void wrongEngine() {
        LocalCluster.run(2, comm -> {
            DistributedArray a = DistributedArray.builder(comm, 4).build();
            DistributedArray foo = DistributedArray.builder(comm, 4).engine(new OtherEngine()).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StackedDistributedArray.of(a, foo));
            assertTrue(e.getMessage().contains("Stacked arrays have mismatching engines"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> StackedDistributedArray.of(StackedDistributedArray.of(a, a), foo));
            assertTrue(e.getMessage().contains("Stacked arrays have mismatching engines"), e.getMessage());
            List<DistributedVector> many = new ArrayList<>(List.of(a, a));
            assertEquals(2, new StackedDistributedArray(many).narrays());
            many.add(a);
            assertThrows(UnsupportedOperationException.class, () -> StackedDistributedArray.of(a).arrays().add(a));
        });
    }
}
