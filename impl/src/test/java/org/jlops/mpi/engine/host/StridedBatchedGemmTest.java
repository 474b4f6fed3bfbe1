package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.DenseKernels.Op;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The host engine's strided-batched product ({@link DenseKernels#gemmStridedBatched}) is the loop
 * of {@code gemm} over the batch, bit for bit: every element type and op, overwriting and
 * accumulating, positions and leading dimensions inside larger buffers, padded strides, a stride of
 * 0 for {@code A} or {@code B} (one matrix for every product), one column, empty sizes and batches;
 * the BLAS kernels and the loop kernels alike; entries outside the outputs untouched; bad arguments
 * refused before anything is written.
 */
class StridedBatchedGemmTest {

    private static final DenseKernels BLAS = Engine.host().dense();
    /** (m, n, k, batch). */
    private static final int[][] SIZES = {{1, 1, 1, 1}, {5, 1, 7, 4}, {1, 6, 4, 3}, {8, 8, 8, 5}, {13, 9, 21, 3},
        {0, 3, 2, 3}, {3, 0, 2, 3}, {3, 2, 0, 3}, {4, 3, 2, 0}, {24, 20, 30, 2}};

    private static Buffer random(ElementType t, long n, long seed) {
        Random rnd = new Random(seed);
        Buffer b = Engine.host().allocate(t, n);
        Object a = b.hostArray();
        for (int k = 0; k < n * t.components(); k++) {
            double v = rnd.nextGaussian();
            if (a instanceof double[] d) {
                d[k] = v;
            } else {
                ((float[]) a)[k] = (float) v;
            }
        }
        return b;
    }

    private static Buffer copy(Buffer b) {
        return Engine.host().copyOf(b);
    }

    private static void assertSame(Buffer expected, Buffer actual, String what) {
        if (expected.hostArray() instanceof double[] e) {
            assertArrayEquals(e, (double[]) actual.hostArray(), what);
        } else {
            assertArrayEquals((float[]) expected.hostArray(), (float[]) actual.hostArray(), what);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void theBatchIsTheLoopOfGemmBitForBit(ElementType t) {
        long seed = 19 * (t.ordinal() + 1);
        for (DenseKernels kernels : new DenseKernels[] {BLAS, BLAS.loops()}) {
            for (int[] s : SIZES) {
                int m = s[0], n = s[1], k = s[2], batch = s[3];
                for (Op op : Op.values()) {
                    boolean plain = op == Op.NONE;
                    int aRows = plain ? m : k, aCols = plain ? k : m;
                    // leading dimensions padded by 0 or 2, strides padded by 0 or 3, stride 0 for a or b
                    for (int variant = 0; variant < 4; variant++) {
                        int pad = variant % 2 == 0 ? 0 : 2;
                        int lda = aCols + pad, ldb = n + pad, ldc = n + pad + (variant == 3 ? 1 : 0);
                        long extA = aRows == 0 ? 0 : (long) (aRows - 1) * lda + aCols;
                        long extB = k == 0 ? 0 : (long) (k - 1) * ldb + n;
                        long extC = m == 0 ? 0 : (long) (m - 1) * ldc + n;
                        long strideA = variant == 2 ? 0 : extA + (variant == 1 ? 3 : 0);
                        long strideB = variant == 3 ? 0 : extB + (variant == 1 ? 3 : 0);
                        long strideC = extC + (variant >= 1 ? 3 : 0);
                        long aPos = 5, bPos = 2, cPos = 7;
                        Buffer a = random(t, aPos + strideA * Math.max(0, batch - 1) + extA + 4, seed++);
                        Buffer b = random(t, bPos + strideB * Math.max(0, batch - 1) + extB + 4, seed++);
                        for (boolean acc : new boolean[] {false, true}) {
                            Buffer c0 = random(t, cPos + strideC * Math.max(0, batch - 1) + extC + 6, seed++);
                            Buffer expected = copy(c0), actual = copy(c0);
                            for (int i = 0; i < batch; i++) {
                                kernels.gemm(op, m, n, k, a, aPos + i * strideA, lda, b, bPos + i * strideB, ldb, acc,
                                        expected, cPos + i * strideC, ldc);
                            }
                            kernels.gemmStridedBatched(op, m, n, k, a, aPos, lda, strideA, b, bPos, ldb, strideB, acc,
                                    actual, cPos, ldc, strideC, batch);
                            assertSame(expected, actual, kernels.implementation(t) + " " + t + " " + op + " " + m + "x"
                                    + n + "x" + k + " batch " + batch + " variant " + variant + " acc " + acc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsWritten() {
        ElementType t = ElementType.FLOAT64;
        Buffer a = random(t, 4 * 6, 1), b = random(t, 4 * 6, 2), c = random(t, 4 * 4, 3);
        Buffer before = copy(c);
        // 4 products of 2x2 = (2x3)(3x2): a and b hold 4 matrices of 6, c holds 4 of 4
        assertMessage("batch", () -> BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, 6, b, 0, 2, 6, false, c, 0, 2, 4,
                -1));
        assertMessage("strideA", () -> BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, -6, b, 0, 2, 6, false, c, 0, 2,
                4, 4));
        assertMessage("op", () -> BLAS.gemmStridedBatched(null, 2, 2, 3, a, 0, 3, 6, b, 0, 2, 6, false, c, 0, 2, 4, 4));
        assertMessage("m, n, k", () -> BLAS.gemmStridedBatched(Op.NONE, -2, 2, 3, a, 0, 3, 6, b, 0, 2, 6, false, c, 0, 2,
                4, 4));
        assertMessage("strideC", () -> BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, 6, b, 0, 2, 6, false, c, 0, 2,
                3, 4));
        // the last product's a, b or c outside its buffer: nothing written, though the first products fit
        assertMessage("a: the last", () -> BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, 7, b, 0, 2, 6, false, c, 0,
                2, 4, 4));
        assertMessage("b: the last", () -> BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, 6, b, 1, 2, 6, false, c, 0,
                2, 4, 4));
        assertMessage("c: the last", () -> BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, 6, b, 0, 2, 6, false, c, 0,
                2, 5, 4));
        assertMessage("a, b, c: element types", () -> BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, 6, b, 0, 2, 6,
                false, Engine.host().allocate(ElementType.FLOAT32, 16), 0, 2, 4, 4));
        assertSame(before, c, "c after refused calls");
        // a stride of 0 for c with one product is allowed (nothing can overlap)
        BLAS.gemmStridedBatched(Op.NONE, 2, 2, 3, a, 0, 3, 6, b, 0, 2, 6, false, c, 0, 2, 0, 1);
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
