package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * The path {@link Fredholm1} takes on device buffers ({@code applyOn}: the kernel copied to the
 * buffers' engine once, every slice in one batched call) run here on the host engine, against the
 * host path: bit for bit for every dtype, forward and adjoint, with and without {@code saveGt},
 * ranges inside larger buffers; a real operator on complex buffers (a complex copy of the kernel
 * on the engine, where the host path views the buffers as real) within rounding. And
 * {@link Buffer#engine}, which names the engine of a buffer. The CUDA side is {@code CudaBatchedTest}
 * (on a GPU).
 */
class Fredholm1EngineTest {

    private static final Engine HOST = Engine.host();

    private static Object data(Buffer b) {
        return b.hostArray();
    }

    private static void assertEqualArrays(Object e, Object a, String what) {
        if (e instanceof double[] d) {
            assertArrayEquals(d, (double[]) a, what);
        } else {
            assertArrayEquals((float[]) e, (float[]) a, what);
        }
    }

    @Test
    void theEnginePathEqualsTheHostPathBitForBit() {
        long seed = 3;
        long[][] shapes = {{5, 4, 6, 3}, {3, 1, 2, 1}, {2, 7, 3, 4}, {4, 3, 3, 1}};
        for (long[] s : shapes) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128}) {
                NdArray g = random(dt, seed++, s[0] * s[1] * s[2]).reshape(s[0], s[1], s[2]);
                for (Fredholm1.Options o : List.of(Fredholm1.Options.DEFAULT, new Fredholm1.Options(false, true))) {
                    Fredholm1 f = new Fredholm1(g, s[3], dt, o);
                    for (boolean adjoint : new boolean[] {false, true}) {
                        long nIn = adjoint ? f.rows() : f.cols(), nOut = adjoint ? f.cols() : f.rows();
                        ElementType t = dt.elementType();
                        Buffer in = HOST.wrap(random(dt, seed++, nIn + 5).data(), t);
                        Buffer host = HOST.wrap(random(dt, seed++, nOut + 4).data(), t);
                        Buffer engine = HOST.copyOf(host);
                        if (adjoint) {
                            f.rmatvec(in, 3, host, 2);
                        } else {
                            f.matvec(in, 3, host, 2);
                        }
                        f.applyOn(HOST, in, 3, engine, 2, adjoint);
                        assertEqualArrays(data(host), data(engine), f + (adjoint ? " adjoint" : " forward"));
                    }
                }
            }
        }
    }

    @Test
    void aRealOperatorOnComplexBuffersMultipliesByAComplexCopyOfItsKernel() {
        long seed = 40;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            DType ct = dt.complexType();
            double rtol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
            NdArray g = random(dt, seed++, 4 * 5 * 3).reshape(4, 5, 3);
            for (Fredholm1.Options o : List.of(Fredholm1.Options.DEFAULT, new Fredholm1.Options(false, true))) {
                Fredholm1 f = new Fredholm1(g, 2, dt, o);
                for (boolean adjoint : new boolean[] {false, true}) {
                    long nIn = adjoint ? f.rows() : f.cols(), nOut = adjoint ? f.cols() : f.rows();
                    Buffer in = HOST.wrap(random(ct, seed++, nIn).data(), ct.elementType());
                    Buffer host = HOST.allocate(ct.elementType(), nOut), engine = HOST.allocate(ct.elementType(), nOut);
                    if (adjoint) {
                        f.rmatvec(in, 0, host, 0);
                    } else {
                        f.matvec(in, 0, host, 0);
                    }
                    f.applyOn(HOST, in, 0, engine, 0, adjoint);
                    NdArray e = NdArray.wrap(ct, host.hostArray(), nOut), a = NdArray.wrap(ct, engine.hostArray(), nOut);
                    for (long k = 0; k < nOut; k++) {
                        double tol = rtol * Math.max(1, Math.hypot(e.re(k), e.im(k)));
                        assertEquals(e.re(k), a.re(k), tol, f + " re " + k);
                        assertEquals(e.im(k), a.im(k), tol, f + " im " + k);
                    }
                }
            }
        }
    }

    @Test
    void aBufferNamesItsEngine() {
        assertSame(HOST, HOST.allocate(ElementType.FLOAT64, 3).engine());
        assertSame(HOST, HOST.wrap(new float[4], ElementType.COMPLEX64).engine());
        Buffer foreign = new Buffer() {
            @Override
            public ElementType type() {
                return ElementType.FLOAT64;
            }

            @Override
            public long length() {
                return 0;
            }

            @Override
            public MemorySegment segment() {
                return MemorySegment.NULL;
            }

            @Override
            public boolean isHost() {
                return false;
            }

            @Override
            public Object hostArray() {
                throw new UnsupportedOperationException();
            }
        };
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, foreign::engine);
        assertTrue(e.getMessage().endsWith("does not name its engine"), e.getMessage());
    }
}
