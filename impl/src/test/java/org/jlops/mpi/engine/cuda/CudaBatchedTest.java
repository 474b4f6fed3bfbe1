package org.jlops.mpi.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.serial.Fredholm1;
import org.jlops.mpi.ops.signal.MPIFredholm1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CUDA engine's strided-batched product against the host engine's loop of {@code gemm}, on a
 * GPU: every element type and op, overwriting and accumulating, positions, padded leading
 * dimensions and strides, a stride of 0 for {@code A}; then {@link Fredholm1} on device buffers
 * (one cuBLAS call per product) forward and adjoint, with and without {@code saveGt}, a real
 * operator on complex buffers, and {@link MPIFredholm1} on arrays of the CUDA engine at 1 and 2
 * in-JVM ranks (the second through {@link Communicators#staging}), each against the host within
 * rtol 1e-12 (float64, complex128) / 1e-5 (float32, complex64) of the largest entry (times k for
 * the raw products). Without a GPU every test here reports itself skipped with what is missing
 * (the engine's start-up message), never passed.
 */
class CudaBatchedTest {

    private static final Engine HOST = Engine.host();
    private static final long SEED = 1919_19L;

    private static Engine gpu() {
        Optional<String> why;
        try {
            Engine.cuda();
            why = Optional.empty();
        } catch (IllegalStateException e) {
            why = Optional.of(e.getMessage());
        }
        Optional<String> reason = why;
        assumeTrue(reason.isEmpty(), () -> "no GPU: " + reason.orElse(""));
        return Engine.cuda();
    }

    private static Object random(ElementType t, long n, Random rnd) {
        int entries = (int) (n * t.components());
        if (t.isDoublePrecision()) {
            double[] d = new double[entries];
            for (int k = 0; k < entries; k++) {
                d[k] = rnd.nextGaussian();
            }
            return d;
        }
        float[] f = new float[entries];
        for (int k = 0; k < entries; k++) {
            f[k] = (float) rnd.nextGaussian();
        }
        return f;
    }

    private static double rtol(ElementType t) {
        return t.isDoublePrecision() ? 1e-12 : 1e-5;
    }

    /** Entry by entry within {@code rtol · max(1, largest |entry|) · factor}. */
    private static void assertClose(Object expected, Object actual, double rtol, double factor, String what) {
        int n = Array.getLength(expected);
        assertEquals(n, Array.getLength(actual), what + ": length");
        double scale = 1;
        for (int q = 0; q < n; q++) {
            scale = Math.max(scale, Math.abs(Array.getDouble(expected, q)));
        }
        double tol = rtol * scale * factor;
        for (int q = 0; q < n; q++) {
            double e = Array.getDouble(expected, q), a = Array.getDouble(actual, q);
            assertTrue(Math.abs(e - a) <= tol, what + ": entry " + q + " host " + e + ", cuda " + a + " (tolerance "
                    + tol + "; seed " + SEED + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void batchedProductsEqualTheHostLoopOfGemm(ElementType t) {
        Engine gpu = gpu();
        Random rnd = new Random(SEED + t.ordinal());
        // (m, n, k, batch)
        int[][] sizes = {{1, 7, 5, 3}, {7, 1, 5, 4}, {33, 17, 9, 5}, {64, 64, 64, 3}, {5, 3, 0, 2}, {4, 4, 4, 0},
            {16, 1, 16, 64}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2], batch = s[3];
            for (DenseKernels.Op op : DenseKernels.Op.values()) {
                boolean plain = op == DenseKernels.Op.NONE;
                int aRows = plain ? m : k, aCols = plain ? k : m;
                for (int variant = 0; variant < 3; variant++) {
                    int pad = variant == 0 ? 0 : 2;
                    int lda = Math.max(1, aCols + pad), ldb = n + pad, ldc = n + pad;
                    long extA = aRows == 0 ? 0 : (long) (aRows - 1) * lda + aCols;
                    long extB = k == 0 ? 0 : (long) (k - 1) * ldb + n;
                    long extC = m == 0 ? 0 : (long) (m - 1) * ldc + n;
                    long strideA = variant == 2 ? 0 : extA + pad, strideB = extB + pad, strideC = extC + pad;
                    long aPos = variant, bPos = 2L * variant, cPos = 3L * variant;
                    long last = Math.max(0, batch - 1);
                    // the last matrices end at their buffers' ends (the padding of their last rows is not there)
                    Object as = random(t, aPos + last * strideA + extA, rnd);
                    Object bs = random(t, bPos + last * strideB + extB, rnd);
                    for (boolean acc : new boolean[] {false, true}) {
                        Object cs = random(t, cPos + last * strideC + extC, rnd);
                        Buffer hc = HOST.fromHost(cs, t), dc = gpu.fromHost(cs, t);
                        HOST.dense().gemmStridedBatched(op, m, n, k, HOST.fromHost(as, t), aPos, lda, strideA,
                                HOST.fromHost(bs, t), bPos, ldb, strideB, acc, hc, cPos, ldc, strideC, batch);
                        gpu.dense().gemmStridedBatched(op, m, n, k, gpu.fromHost(as, t), aPos, lda, strideA,
                                gpu.fromHost(bs, t), bPos, ldb, strideB, acc, dc, cPos, ldc, strideC, batch);
                        assertClose(hc.hostArray(), gpu.toHost(dc), rtol(t), Math.max(1, k), "gemmStridedBatched " + op
                                + " " + t + " " + m + "x" + n + "x" + k + " batch " + batch + " variant " + variant
                                + " acc " + acc);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void fredholm1OnDeviceBuffersEqualsTheHost(ElementType t) {
        Engine gpu = gpu();
        Random rnd = new Random(SEED + 10 + t.ordinal());
        DType dt = DType.of(t);
        long[][] shapes = {{6, 5, 7, 3}, {3, 4, 2, 1}, {2, 1, 3, 4}, {16, 32, 24, 8}};
        for (long[] s : shapes) {
            NdArray g = NdArray.wrap(dt, random(t, s[0] * s[1] * s[2], rnd), s[0], s[1], s[2]);
            for (Fredholm1.Options o : List.of(Fredholm1.Options.DEFAULT, new Fredholm1.Options(false, true))) {
                Fredholm1 f = new Fredholm1(g, s[3], dt, o);
                // the operator's own type, and for a real operator complex buffers of its precision
                List<ElementType> types = t.isComplex() ? List.of(t) : List.of(t, dt.complexType().elementType());
                for (ElementType bt : types) {
                    for (boolean adjoint : new boolean[] {false, true}) {
                        long nIn = adjoint ? f.rows() : f.cols(), nOut = adjoint ? f.cols() : f.rows();
                        Object xs = random(bt, nIn + 3, rnd), ys = random(bt, nOut + 2, rnd);
                        Buffer hy = HOST.fromHost(ys, bt), dy = gpu.fromHost(ys, bt);
                        Buffer hx = HOST.fromHost(xs, bt), dx = gpu.fromHost(xs, bt);
                        if (adjoint) {
                            f.rmatvec(hx, 3, hy, 2);
                            f.rmatvec(dx, 3, dy, 2);
                        } else {
                            f.matvec(hx, 3, hy, 2);
                            f.matvec(dx, 3, dy, 2);
                        }
                        assertClose(hy.hostArray(), gpu.toHost(dy), rtol(t), Math.max(s[1], s[2]), f + " on " + bt
                                + (adjoint ? " adjoint" : " forward"));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void mpiFredholm1OnDeviceArraysEqualsTheHost(int np) {
        Engine gpu = gpu();
        LocalCluster.run(np, base -> {
            Communicator comm = np > 1 ? Communicators.staging(base) : base;
            long nsl = 6, nx = 5, ny = 7, nz = 3;
            long mine = nsl / np, first = mine * comm.rank();
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128}) {
                ElementType t = dt.elementType();
                Random rnd = new Random(SEED + 20 + dt.ordinal());     // the same numbers on every rank
                Object gAll = random(t, nsl * nx * ny, rnd);
                NdArray g = NdArray.wrap(dt, gAll, nsl, nx, ny).slice(0, first, first + mine).copy();
                for (Fredholm1.Options o : List.of(MPIFredholm1.DEFAULT_OPTIONS, Fredholm1.Options.DEFAULT)) {
                    MPIFredholm1 op = new MPIFredholm1(g, nz, comm, dt, o);
                    for (boolean adjoint : new boolean[] {false, true}) {
                        long n = adjoint ? op.rows() : op.cols();
                        Object vs = random(t, n, rnd);
                        DistributedArray hv = DistributedArray.builder(comm, n).partition(Partition.BROADCAST).dtype(dt)
                                .localArray(NdArray.wrap(dt, vs, n)).build();
                        DistributedArray dv = DistributedArray.builder(comm, n).like(hv).engine(gpu).build();
                        Buffer up = gpu.fromHost(vs, t);
                        gpu.copy(up, 0, dv.localBuffer(), 0, n);
                        DistributedArray hy = (DistributedArray) (adjoint ? op.rmatvec(hv) : op.matvec(hv));
                        DistributedArray dy = (DistributedArray) (adjoint ? op.rmatvec(dv) : op.matvec(dv));
                        String what = "MPIFredholm1 " + dt + " saveGt " + o.saveGt() + " np " + np
                                + (adjoint ? " adjoint" : " forward");
                        assertSame(gpu, dy.engine(), what + ": the result stays on the device");
                        assertClose(hy.localBuffer().hostArray(), gpu.toHost(dy.localBuffer()), rtol(t),
                                Math.max(nx, ny), what);
                    }
                }
            }
        });
    }

    @Test
    void theEngineOfADeviceBufferIsTheCudaEngine() {
        Engine gpu = gpu();
        assertSame(gpu, gpu.allocate(ElementType.FLOAT32, 4).engine());
        assertSame(HOST, HOST.allocate(ElementType.FLOAT32, 4).engine());
    }
}
