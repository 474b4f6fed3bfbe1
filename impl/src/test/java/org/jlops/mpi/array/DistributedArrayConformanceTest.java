package org.jlops.mpi.array;

import static org.jlops.mpi.array.ArrayTesting.assertClose;
import static org.jlops.mpi.array.ArrayTesting.rtol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The array rows of SPEC §10 (PyLops-MPI's {@code test_distributedarray.py} parameter sets, plus
 * single-precision variants and small shapes that leave some ranks empty), on the in-JVM backend at
 * every rank count 1..8. Each result is compared with a plain serial computation on the global
 * data (rtol 1e-14 double, 1e-6 single precision).
 */
class DistributedArrayConformanceTest {

    /** One parameter set: global shape, partition, distribution axis, dtype. */
    record Par(String name, long[] shape, Partition partition, int axis, DType dtype) {
        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " " + partition + " axis " + axis + " " + dtype;
        }
    }

    private static Par par(String name, Partition p, int axis, DType dtype, long... shape) {
        return new Par(name, shape, p, axis, dtype);
    }

    /** test_creation / test_local_shapes parameters (par1..par6), single-precision twins, small shapes. */
    static final List<Par> CREATION = List.of(
            par("par1", Partition.SCATTER, 1, DType.FLOAT64, 500, 501),
            par("par2", Partition.SCATTER, 0, DType.COMPLEX128, 501, 500),
            par("par3", Partition.BROADCAST, 1, DType.FLOAT64, 500, 501),
            par("par4", Partition.BROADCAST, 0, DType.COMPLEX128, 501, 500),
            par("par5", Partition.SCATTER, 1, DType.FLOAT64, 200, 201, 101),
            par("par6", Partition.SCATTER, 2, DType.COMPLEX128, 200, 201, 101),
            par("par1-f32", Partition.SCATTER, 1, DType.FLOAT32, 500, 501),
            par("par4-c64", Partition.UNSAFE_BROADCAST, 0, DType.COMPLEX64, 501, 500),
            par("small-1d", Partition.SCATTER, 0, DType.FLOAT64, 5),
            par("small-2d", Partition.SCATTER, -1, DType.COMPLEX64, 3, 4),
            par("small-3d", Partition.SCATTER, 1, DType.FLOAT32, 2, 3, 4),
            par("empty", Partition.SCATTER, 0, DType.FLOAT64, 0, 3));

    private static <T> T cached(String key, java.util.function.Supplier<T> f) {
        return ArrayTesting.memo(key, f);
    }

    // ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void creation(int n) {
        LocalCluster.run(n, comm -> {
            for (Par p : CREATION) {
                DistributedArray x = DistributedArray.builder(comm, p.shape()).partition(p.partition()).axis(p.axis())
                        .dtype(p.dtype()).build();
                assertArrayEquals(p.shape(), x.globalShape(), p + ": global shape");
                assertArrayEquals(LocalSplit.localSplit(p.shape(), comm, p.partition(), p.axis()), x.localShape(),
                        p + ": local shape");
                assertEquals(p.dtype(), x.dtype());
                assertEquals(Shapes.normaliseAxis("axis", p.axis(), p.shape().length), x.axis());
                for (double v : new double[] {1, 0}) {
                    x.fill(v);
                    NdArray expectedLocal = ArrayTesting.full(p.dtype(), v, 0, x.localShape());
                    assertEquals(expectedLocal, x.localArray(), p + ": local array filled with " + v);
                    assertEquals(ArrayTesting.full(p.dtype(), v, 0, p.shape()), x.asArray(), p + ": asArray " + v);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void toDist(int n) {
        List<Par> pars = List.of(
                par("real", Partition.SCATTER, 1, DType.FLOAT64, 500, 501),
                par("complex", Partition.SCATTER, 1, DType.COMPLEX128, 500, 501),
                par("real-bc", Partition.BROADCAST, 1, DType.FLOAT64, 500, 501),
                par("complex-ubc", Partition.UNSAFE_BROADCAST, 1, DType.COMPLEX128, 500, 501),
                par("f32", Partition.SCATTER, 0, DType.FLOAT32, 50, 51),
                par("c64", Partition.SCATTER, 1, DType.COMPLEX64, 50, 51),
                par("3d", Partition.SCATTER, 2, DType.FLOAT64, 3, 4, 5),
                par("tiny", Partition.SCATTER, 0, DType.COMPLEX128, 3));
        LocalCluster.run(n, comm -> {
            int seed = 0;
            for (Par p : pars) {
                NdArray x = ArrayTesting.random(p.dtype(), seed++, 100, 100, p.shape());
                NdArray before = x.copy();
                DistributedArray d = DistributedArray.toDist(x, comm, p.partition(), p.axis());
                assertArrayEquals(p.shape(), d.globalShape(), p + ": global shape");
                assertEquals(p.axis(), d.axis(), p + ": axis");
                assertEquals(p.partition(), d.partition());
                assertEquals(x, d.asArray(), p + ": asArray after toDist");
                assertEquals(before, x, p + ": input unchanged");
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void localShapes(int n) {
        LocalCluster.run(n, comm -> {
            for (Par p : CREATION) {
                long[][] shapes = LocalSplit.localShapes(p.shape(), n, p.partition(), p.axis());
                List<long[]> reversed = new ArrayList<>(Arrays.asList(shapes));
                java.util.Collections.reverse(reversed);
                long[][] rev = reversed.toArray(new long[0][]);
                DistributedArray x = DistributedArray.builder(comm, p.shape()).partition(p.partition()).axis(p.axis())
                        .dtype(p.dtype()).localShapes(rev).build();
                assertArrayEquals(rev[comm.rank()], x.localShape(), p + ": local shape");
                assertTrue(Arrays.deepEquals(rev, x.localShapes()), p + ": local shapes");
                x.fill(1);
                assertEquals(ArrayTesting.full(p.dtype(), 1, 0, p.shape()), x.asArray(), p + ": ones");
                if (Shapes.size(p.shape()) <= 300_000) {
                    NdArray data = ArrayTesting.arange(p.dtype(), p.shape());
                    DistributedArray y = DistributedArray.toDist(data, comm, p.partition(), p.axis(), rev, null);
                    assertEquals(data, y.asArray(), p + ": uneven toDist/asArray round trip");
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void redistribute(int n) {
        record Move(Par p, int to) {
        }
        List<Move> moves = List.of(
                new Move(par("real", Partition.SCATTER, 1, DType.FLOAT64, 500, 501), 0),
                new Move(par("complex", Partition.SCATTER, 1, DType.COMPLEX128, 500, 501), 0),
                new Move(par("scatter", Partition.SCATTER, 0, DType.FLOAT64, 600, 600), -1),
                new Move(par("broadcast", Partition.BROADCAST, 0, DType.FLOAT64, 600, 600), -1),
                new Move(par("f32-3d", Partition.SCATTER, 0, DType.FLOAT32, 7, 5, 3), 2),
                new Move(par("c64-3d", Partition.SCATTER, 2, DType.COMPLEX64, 7, 5, 3), 1),
                new Move(par("tiny", Partition.SCATTER, 1, DType.COMPLEX128, 2, 3), 0));
        LocalCluster.run(n, comm -> {
            int seed = 10;
            for (Move m : moves) {
                Par p = m.p();
                NdArray data = ArrayTesting.random(p.dtype(), seed++, 300, 300, p.shape());
                DistributedArray x = DistributedArray.toDist(data, comm, p.partition(), p.axis());
                DistributedArray y = x.redistribute(m.to());
                assertEquals(data, y.asArray(), p + ": asArray after redistribute(" + m.to() + ")");
                if (p.partition() == Partition.SCATTER) {
                    int to = Shapes.normaliseAxis("to", m.to(), p.shape().length);
                    assertEquals(to, y.axis());
                    assertTrue(Arrays.deepEquals(LocalSplit.localShapes(p.shape(), n, Partition.SCATTER, to),
                            y.localShapes()), p + ": balanced split after redistribute");
                    DistributedArray back = y.redistribute(p.axis());
                    assertEquals(data, back.asArray(), p + ": round trip");
                    assertEquals(x.localArray(), back.localArray(), p + ": local block after round trip");
                } else {
                    assertSame(x, y, p + ": a replicated array redistributes to itself");
                }
                assertSame(x, x.redistribute(p.axis()), "same axis: same object");
            }
            // an unbalanced split becomes balanced
            long[] shape = {9, 4};
            long[][] uneven = new long[n][];
            for (int r = 0; r < n; r++) {
                uneven[r] = new long[] {r == n - 1 ? 9 : 0, 4};
            }
            NdArray data = ArrayTesting.arange(DType.FLOAT64, shape);
            DistributedArray x = DistributedArray.toDist(data, comm, Partition.SCATTER, 0, uneven, null);
            DistributedArray y = x.redistribute(1).redistribute(0);
            assertTrue(Arrays.deepEquals(LocalSplit.localShapes(shape, n, Partition.SCATTER, 0), y.localShapes()));
            assertEquals(data, y.asArray(), "unbalanced round trip");
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void math(int n) {
        List<Par> pars = List.of(
                par("real", Partition.SCATTER, 0, DType.FLOAT64, 500, 501),
                par("complex", Partition.SCATTER, 0, DType.COMPLEX128, 500, 501),
                par("f32", Partition.SCATTER, 1, DType.FLOAT32, 60, 61),
                par("c64-bc", Partition.BROADCAST, 0, DType.COMPLEX64, 60, 61),
                par("tiny", Partition.SCATTER, 0, DType.COMPLEX128, 3));
        LocalCluster.run(n, comm -> {
            int seed = 100;
            for (Par p : pars) {
                double tol = rtol(p.dtype());
                NdArray a = ArrayTesting.random(p.dtype(), seed++, 100, 100, p.shape());
                NdArray b = ArrayTesting.random(p.dtype(), seed++, 50, 20, p.shape());
                DistributedArray x = DistributedArray.toDist(a, comm, p.partition(), p.axis());
                DistributedArray y = DistributedArray.toDist(b, comm, p.partition(), p.axis());
                NdArray xl = x.localArray().copy(), yl = y.localArray().copy();
                assertClose(ref(p, "+", () -> apply(a, b, '+')), x.add(y).asArray(), tol, p + ": add");
                assertClose(ref(p, "-", () -> apply(a, b, '-')), x.subtract(y).asArray(), tol, p + ": subtract");
                assertClose(ref(p, "*", () -> apply(a, b, '*')), x.multiply(y).asArray(), tol, p + ": multiply");
                assertClose(ref(p, "n", () -> apply(a, null, 'n')), x.negate().asArray(), tol, p + ": negate");
                assertClose(ref(p, "c", () -> apply(a, null, 'c')), x.conj().asArray(), tol, p + ": conj");
                assertClose(ref(p, "2.5", () -> scale(a, 2.5, 0)), x.multiply(2.5).asArray(), tol, p + ": scalar");
                assertClose(ref(p, "2.5-1.5j", () -> scale(a, 2.5, -1.5)), x.multiply(2.5, -1.5).asArray(), tol, p + ": complex scalar");
                assertEquals(xl, x.localArray(), p + ": left operand unchanged");
                assertEquals(yl, y.localArray(), p + ": right operand unchanged");
                DistributedArray z = x.copy();
                assertNotSame(x.localBuffer(), z.localBuffer());
                assertSame(z, z.iadd(y));
                assertClose(ref(p, "+", () -> apply(a, b, '+')), z.asArray(), tol, p + ": iadd");
                z.isub(y).isub(y);
                assertClose(ref(p, "+--", () -> apply(apply(apply(a, b, '+'), b, '-'), b, '-')), z.asArray(), tol, p + ": isub");
                assertEquals(xl, x.localArray(), p + ": copy is independent");
                assertEquals(NdArray.zeros(p.dtype(), p.shape()), x.zerosLike().asArray(), p + ": zerosLike");
                // Java additions: into an existing array (aliasing allowed), one-pass updates
                DistributedArray out = x.zerosLike();
                assertSame(out, x.add(y, out));
                assertClose(ref(p, "+", () -> apply(a, b, '+')), out.asArray(), tol, p + ": add into");
                assertClose(ref(p, "-", () -> apply(a, b, '-')), x.subtract(y, out).asArray(), tol, p + ": subtract into");
                assertClose(ref(p, "1.5+2j", () -> scale(a, 1.5, 2)), x.multiply(1.5, 2, out).asArray(), tol, p + ": multiply into");
                DistributedArray w = x.copy();
                w.add(w, w);
                assertClose(ref(p, "2", () -> scale(a, 2, 0)), w.asArray(), tol, p + ": add into itself");
                w.imultiply(0.5, 0);
                assertEquals(x.asArray(), w.asArray(), p + ": imultiply");
                w.iaxpy(-2, 0.5, y);
                NdArray axpy = ref(p, "axpy", () -> apply(a, scale(b, -2, 0.5), '+'));
                assertClose(axpy, w.asArray(), 4 * tol, p + ": iaxpy");
                w.copy().iaypx(3, -1, w);
                w.iaypx(0.25, 0, y);
                assertClose(ref(p, "aypx", () -> apply(b, scale(axpy, 0.25, 0), '+')), w.asArray(), 4 * tol, p + ": iaypx");
                assertEquals(xl, x.localArray(), p + ": operands of the Java additions unchanged");
                assertEquals(yl, y.localArray());
                assertEquals(x.partition(), x.emptyLike().partition());
            }
        });
    }

    /** A reference result of the math test, computed once for all ranks and rank counts. */
    private static NdArray ref(Par p, String op, java.util.function.Supplier<NdArray> f) {
        return cached("math " + p + " " + op, f);
    }

    /** Element-wise reference: '+', '-', '*', 'n' (negate), 'c' (conj). */
    static NdArray apply(NdArray a, NdArray b, char op) {
        NdArray out = NdArray.zeros(a.dtype(), a.shape());
        for (long k = 0; k < a.size(); k++) {
            double ar = a.re(k), ai = a.im(k);
            double br = b == null ? 0 : b.re(k), bi = b == null ? 0 : b.im(k);
            switch (op) {
                case '+' -> out.set(k, ar + br, ai + bi);
                case '-' -> out.set(k, ar - br, ai - bi);
                case '*' -> out.set(k, ar * br - ai * bi, ar * bi + ai * br);
                case 'n' -> out.set(k, -ar, -ai);
                default -> out.set(k, ar, -ai);
            }
        }
        return out;
    }

    /** {@code (re + i im) * a} in a's dtype (real dtypes keep the real part). */
    static NdArray scale(NdArray a, double re, double im) {
        NdArray out = NdArray.zeros(a.dtype(), a.shape());
        for (long k = 0; k < a.size(); k++) {
            out.set(k, re * a.re(k) - im * a.im(k), re * a.im(k) + im * a.re(k));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void dot(int n) {
        List<Par> pars = new ArrayList<>();
        for (DType t : DType.values()) {
            pars.add(par("matrix", Partition.SCATTER, 0, t, 600, 600));
            pars.add(par("matrix-bc", Partition.BROADCAST, 0, t, 600, 600));
            pars.add(par("vector", Partition.SCATTER, 0, t, 1200));
            pars.add(par("vector-bc", Partition.BROADCAST, 0, t, 1200));
        }
        pars.add(par("axis1-bc", Partition.BROADCAST, 1, DType.COMPLEX128, 7, 9));
        pars.add(par("tiny", Partition.SCATTER, 0, DType.FLOAT64, 3));
        LocalCluster.run(n, comm -> {
            int seed = 200;
            for (Par p : pars) {
                NdArray a = ArrayTesting.random(p.dtype(), seed++, 100, 100, p.shape());
                NdArray b = ArrayTesting.random(p.dtype(), seed++, 100, 100, p.shape());
                DistributedArray x = DistributedArray.toDist(a, comm, p.partition(), p.axis());
                DistributedArray y = DistributedArray.toDist(b, comm, p.partition(), p.axis());
                for (boolean vdot : new boolean[] {false, true}) {
                    Complex expected = cached("dot " + p + vdot, () -> ArrayTesting.dot(a, b, vdot));
                    assertClose(expected, x.dot(y, vdot), rtol(p.dtype()), p + ": dot vdot=" + vdot);
                }
                Complex self = x.dot(x.conj());
                assertEquals(0.0, self.im(), 1e-9 * self.re(), "x . conj(x) is real");
            }
        });
    }

    static final double[] ORDS = {0, 1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, 1.5, -1};

    private static boolean isBasicOrd(double ord) {
        return ord == 0 || ord == 1 || ord == 2 || Double.isInfinite(ord);
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void norm(int n) {
        List<Par> pars = List.of(
                par("500x501-ax0", Partition.SCATTER, 0, DType.FLOAT64, 500, 501),
                par("500x501-ax1", Partition.SCATTER, 1, DType.COMPLEX128, 500, 501),
                par("600x600-bc", Partition.BROADCAST, 0, DType.FLOAT64, 600, 600),
                par("600x600-bc-ax1", Partition.BROADCAST, 1, DType.COMPLEX128, 600, 600),
                par("1200", Partition.SCATTER, 0, DType.FLOAT64, 1200),
                par("1200-bc", Partition.UNSAFE_BROADCAST, 0, DType.COMPLEX128, 1200),
                par("f32", Partition.SCATTER, 1, DType.FLOAT32, 40, 41),
                par("c64-3d", Partition.SCATTER, 1, DType.COMPLEX64, 6, 7, 5),
                par("f64-3d", Partition.BROADCAST, 2, DType.FLOAT64, 6, 7, 5),
                par("other-p", Partition.SCATTER, 1, DType.COMPLEX128, 90, 101),
                par("other-p-bc", Partition.BROADCAST, 0, DType.FLOAT64, 101, 90),
                par("tiny", Partition.SCATTER, 0, DType.FLOAT64, 3, 2));
        LocalCluster.run(n, comm -> {
            int seed = 300;
            for (Par p : pars) {
                NdArray a = ArrayTesting.random(p.dtype(), seed++, 100, 100, p.shape());
                DistributedArray x = DistributedArray.toDist(a, comm, p.partition(), p.axis());
                double tol = rtol(p.dtype());
                for (double ord : ORDS) {
                    if (!isBasicOrd(ord) && Shapes.size(p.shape()) > 50_000) {
                        continue; // other p (pow per element) on the smaller arrays only, to keep the suite fast
                    }
                    double flat = cached("norm " + p + ord, () -> ArrayTesting.norm(a, ord));
                    assertClose(flat, x.norm(ord), tol, p + ": norm(" + ord + ")");
                    for (int ax = -1; ax < p.shape().length; ax++) {
                        int axis = ax;
                        int na = Shapes.normaliseAxis("axis", axis, p.shape().length);
                        double[] expected = cached("norm " + p + ord + " axis " + na,
                                () -> ArrayTesting.norm(a, ord, na));
                        NdArray got = x.norm(ord, axis);
                        assertArrayEquals(Shapes.without(p.shape(), na), got.shape(), p + ": norm shape");
                        assertEquals(p.dtype().realType(), got.dtype());
                        assertClose(expected, got, tol, p + ": norm(" + ord + ", axis " + axis + ")");
                    }
                }
                assertClose(ArrayTesting.norm(a, 2), x.norm(), tol, p + ": norm()");
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 3, 4, 6, 8})
    void masked(int n) {
        int nsub = n % 2 == 0 ? 2 : 3;
        List<Par> pars = List.of(
                par("matrix", Partition.SCATTER, 0, DType.FLOAT64, 600, 600),
                par("vector", Partition.SCATTER, 0, DType.COMPLEX128, 1200),
                par("matrix-bc", Partition.BROADCAST, 0, DType.COMPLEX128, 600, 600),
                par("vector-bc", Partition.BROADCAST, 0, DType.FLOAT64, 1200),
                par("vector-f32", Partition.SCATTER, 0, DType.FLOAT32, 1200),
                par("matrix-ax1", Partition.SCATTER, 1, DType.FLOAT64, 60, 600));
        int[] mask = new int[n];
        for (int r = 0; r < n; r++) {
            mask[r] = r / (n / nsub);
        }
        LocalCluster.run(n, comm -> {
            int seed = 400;
            for (Par p : pars) {
                double tol = rtol(p.dtype());
                long[] baseShape = p.shape().clone();
                baseShape[p.axis()] /= nsub;
                NdArray base = ArrayTesting.random(p.dtype(), seed, 100, 100, baseShape);
                NdArray base2 = ArrayTesting.random(p.dtype(), seed + 1, 10, 100, baseShape);
                seed += 2;
                NdArray full = ArrayTesting.replicate(base, nsub, p.axis());
                NdArray full2 = ArrayTesting.replicate(base2, nsub, p.axis());
                DistributedArray x = DistributedArray.toDist(full, comm, p.partition(), p.axis(), null, mask);
                DistributedArray y = DistributedArray.toDist(full2, comm, p.partition(), p.axis(), null, mask);
                assertEquals(full, x.asArray(), p + ": asArray()");
                if (p.partition() == Partition.SCATTER) {
                    assertEquals(base, x.asArray(true), p + ": asArray(masked)");
                }
                Complex fullDot = ArrayTesting.dot(full, full2, false);
                assertClose(new Complex(fullDot.re() / nsub, fullDot.im() / nsub), x.dot(y), tol, p + ": masked dot");
                assertClose(ArrayTesting.norm(full, 1) / nsub, x.norm(1), tol, p + ": masked norm 1");
                assertClose(ArrayTesting.norm(full, 2) / Math.sqrt(nsub), x.norm(2), 10 * tol, p + ": masked norm 2");
                assertClose(ArrayTesting.norm(full, Double.POSITIVE_INFINITY), x.norm(Double.POSITIVE_INFINITY), tol,
                        p + ": masked norm inf");
                for (int ax = 0; ax < p.shape().length; ax++) {
                    double[] e1 = ArrayTesting.norm(full, 1, ax);
                    double[] e2 = ArrayTesting.norm(full, 2, ax);
                    if (ax == p.axis()) {
                        for (int k = 0; k < e1.length; k++) {
                            e1[k] /= nsub;
                            e2[k] /= Math.sqrt(nsub);
                        }
                    }
                    assertClose(e1, x.norm(1, ax), tol, p + ": masked norm 1 along " + ax);
                    assertClose(e2, x.norm(2, ax), 10 * tol, p + ": masked norm 2 along " + ax);
                    assertClose(ArrayTesting.norm(full, Double.POSITIVE_INFINITY, ax),
                            x.norm(Double.POSITIVE_INFINITY, ax), tol, p + ": masked norm inf along " + ax);
                }
                DistributedArray sum = x.add(y).zerosLike().add(x);
                assertArrayEquals(mask, sum.mask(), "results keep the mask");
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void ghostCells(int n) {
        List<Par> pars = List.of(
                par("1d", Partition.SCATTER, 0, DType.FLOAT64, 20),
                par("2d-ax1", Partition.SCATTER, 1, DType.COMPLEX128, 4, 23),
                par("3d-ax0", Partition.SCATTER, 0, DType.FLOAT32, 17, 2, 3),
                par("short", Partition.SCATTER, 0, DType.COMPLEX64, 5));
        LocalCluster.run(n, comm -> {
            for (Par p : pars) {
                NdArray data = ArrayTesting.arange(p.dtype(), p.shape());
                DistributedArray x = DistributedArray.toDist(data, comm, p.partition(), p.axis());
                long[][] shapes = x.localShapes();
                int r = comm.rank();
                int ax = x.axis();
                for (int variant = 0; variant < 3; variant++) {
                    // each rank asks for a different amount, at most what its neighbour holds
                    int front = r == 0 ? 0 : (int) Math.min(shapes[r - 1][ax], variant + r % 2);
                    int back = r == n - 1 ? 0 : (int) Math.min(shapes[r + 1][ax], variant == 2 ? 3 : variant);
                    NdArray before = x.localArray().copy();
                    NdArray got = x.addGhostCells(front, back);
                    long start = 0;
                    for (int q = 0; q < r; q++) {
                        start += shapes[q][ax];
                    }
                    NdArray expected = data.slice(ax, start - front, start + shapes[r][ax] + back);
                    assertEquals(expected, got, p + ": ghost cells front " + front + " back " + back + " rank " + r);
                    assertEquals(before, x.localArray(), "array unchanged");
                }
                // requests at the edges with no neighbour are ignored
                NdArray edge = x.addGhostCells(r == 0 ? 1 : 0, r == n - 1 ? 1 : 0);
                assertEquals(x.localArray(), edge, "front cells of rank 0 and back cells of the last rank are ignored");
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void ravelAndReshape(int n) {
        LocalCluster.run(n, comm -> {
            NdArray data = ArrayTesting.arange(DType.COMPLEX128, 6, 7, 3);
            for (int axis = 0; axis < 3; axis++) {
                for (Partition part : Partition.values()) {
                    DistributedArray x = DistributedArray.toDist(data, comm, part, axis);
                    DistributedArray flat = x.ravel();
                    assertArrayEquals(new long[] {126}, flat.globalShape());
                    assertEquals(data.ravel(), flat.asArray(), "ravel = global C-order ravel, axis " + axis + " " + part);
                    assertEquals(0, flat.axis());
                }
            }
            // reshape: local (len, 7, 3) -> (len * 7, 3) along axis 0, and (len*21,) 1-d
            DistributedArray x = DistributedArray.toDist(data, comm, Partition.SCATTER, 0);
            long len = x.localShape()[0];
            DistributedArray r2 = x.reshape(new long[] {len * 7, 3}, 0);
            assertArrayEquals(new long[] {42, 3}, r2.globalShape());
            assertEquals(data.reshape(42, 3), r2.asArray());
            assertSame(x.localBuffer(), r2.localBuffer(), "reshape shares storage");
            // reshape honours its axis: local (1, len * 21) blocks joined along axis 1
            DistributedArray r3 = x.reshape(new long[] {1, len * 21}, 1);
            assertArrayEquals(new long[] {1, 126}, r3.globalShape());
            assertEquals(1, r3.axis());
            assertEquals(data.reshape(1, 126), r3.asArray());
            DistributedArray b = DistributedArray.toDist(data, comm, Partition.BROADCAST, 1);
            assertEquals(data.reshape(18, 7), b.reshape(new long[] {18, 7}, -1).asArray());
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {3, 5})
    void deterministic(int n) {
        List<List<Object>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            runs.add(LocalCluster.call(n, comm -> {
                List<Object> out = new ArrayList<>();
                for (DType t : DType.values()) {
                    NdArray a = ArrayTesting.random(t, 7, 1, 3, 301, 17);
                    NdArray b = ArrayTesting.random(t, 8, -2, 5, 301, 17);
                    DistributedArray x = DistributedArray.toDist(a, comm, Partition.SCATTER, 1);
                    DistributedArray y = DistributedArray.toDist(b, comm, Partition.SCATTER, 1);
                    DistributedArray z = x.multiply(0.3, 0.1).add(y.multiply(y)).subtract(x.conj());
                    out.add(z.asArray());
                    out.add(z.dot(y, true));
                    for (double ord : ORDS) {
                        out.add(Double.doubleToRawLongBits(z.norm(ord)));
                        out.add(z.norm(ord, 0));
                        out.add(z.norm(ord, 1));
                    }
                    out.add(z.redistribute(0).asArray());
                }
                return out;
            }));
        }
        assertEquals(runs.get(0), runs.get(1), "two runs give bit-identical results");
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 3})
    void storageWidthsAndLiveViews(int n) {
        LocalCluster.run(n, comm -> {
            for (DType t : DType.values()) {
                DistributedArray x = DistributedArray.builder(comm, 12, 3).dtype(t).build();
                Object storage = x.localBuffer().hostArray();
                assertEquals(t.isDoublePrecision() ? double[].class : float[].class, storage.getClass(),
                        t + " is stored at its own width");
                int entries = storage instanceof double[] d ? d.length : ((float[]) storage).length;
                assertEquals(x.localSize() * t.components(), entries);
                // localArray() is a live view; a local array given to the builder is used by reference
                x.localArray().set(0, 5, 1);
                assertEquals(5.0, x.localArray().re(0), 0.0);
                NdArray mine = NdArray.zeros(t, x.localShape());
                DistributedArray y = DistributedArray.builder(comm, 12, 3).dtype(t).localArray(mine).build();
                y.fill(2);
                y.iadd(y.copy());
                assertEquals(4.0, mine.re(mine.size() - 1), 0.0);
            }
            assertEquals(2 * DType.FLOAT32.itemSize(), DType.FLOAT64.itemSize(), "float32 takes half the memory");
            assertEquals(2 * DType.COMPLEX64.itemSize(), DType.COMPLEX128.itemSize());
        });
    }

    @org.junit.jupiter.api.Test
    void maskSubCommunicatorsAreCached() {
        LocalCluster.run(4, comm -> {
            int[] mask = {0, 0, 1, 1};
            DistributedArray x = DistributedArray.builder(comm, 8).mask(mask).build();
            assertEquals(1, Masks.cachedCount(comm));
            DistributedArray y = DistributedArray.builder(comm, 8).mask(0, 0, 1, 1).build();
            assertSame(x.subCommunicator(), y.subCommunicator(), "one split per mask");
            x.fill(1);
            x.add(y).multiply(2).copy().conj().zerosLike();
            assertEquals(1, Masks.cachedCount(comm), "arithmetic results do not split");
            DistributedArray.builder(comm, 8).mask(0, 1, 0, 1).build();
            assertEquals(2, Masks.cachedCount(comm));
            assertEquals(2, x.subCommunicator().size());
            assertEquals(4.0, x.norm(1), "norm over the group of 2 ranks, 2 elements each");
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 3, 8})
    void globalShapesBeyondIntRange(int n) {
        LocalCluster.run(n, comm -> {
            long big = 3L << 31;
            DistributedArray x = DistributedArray.builder(comm, big, 0).dtype(DType.COMPLEX64).build();
            assertArrayEquals(new long[] {LocalSplit.count(big, comm.rank(), n), 0}, x.localShape());
            assertEquals(0.0, x.norm(2));
            assertEquals(0.0, x.dot(x).re());
            DistributedArray y = x.redistribute(1);
            assertEquals(0, y.localSize());
            assertEquals(0, x.norm(1, 0).size());
            DistributedArray v = DistributedArray.builder(comm, 1L << 40, 0).partition(Partition.SCATTER).build();
            assertEquals((1L << 40) / n + (comm.rank() < (1L << 40) % n ? 1 : 0), v.localShape()[0]);
        });
    }
}
