package org.jlops.mpi.ops.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionOperator}: the function sees a zero-filled output even when the caller's buffer
 * holds stale values (a function that writes only some entries), in both storage paths (the whole
 * buffer, and a range of a larger one); the argument checks and their messages, with the size limit
 * at exactly half the largest host array.
 */
class FunctionOperatorEdgesTest {

    /** Writes only entry 0 of the output: {@code y = (x0, 0, 0)}. */
    private static final FunctionOperator.Product FIRST = (in, out) -> out.set(0, in.re(0), in.im(0));

    @Test
    void theFunctionSeesAZeroFilledOutput() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
            FunctionOperator op = FunctionOperator.of(new long[] {3}, new long[] {3}, dt, FIRST, FIRST, "First");
            int c = dt.components();
            double[] x = new double[3 * c];
            Arrays.fill(x, 2);
            // the whole buffer
            double[] y = new double[3 * c];
            Arrays.fill(y, 5);
            ElementType et = dt.elementType();
            op.matvec(Engine.host().wrap(x, et), 0, Engine.host().wrap(y, et), 0);
            double[] want = new double[3 * c];
            Arrays.fill(want, 0, c, 2);
            assertArrayEquals(want, y, dt + " whole");
            // a range of a larger buffer
            double[] big = new double[5 * c];
            Arrays.fill(big, 5);
            Buffer b = Engine.host().wrap(big, et);
            op.rmatvec(Engine.host().wrap(x, et), 0, b, 1);
            double[] wantBig = new double[5 * c];
            Arrays.fill(wantBig, 5);
            Arrays.fill(wantBig, c, 4 * c, 0);
            Arrays.fill(wantBig, c, 2 * c, 2);
            assertArrayEquals(wantBig, big, dt + " range");
        }
    }

    @Test
    void argumentChecks() {
        long half = NdArray.MAX_ENTRIES / 2;
        FunctionOperator big = FunctionOperator.of(new long[] {half}, new long[] {1}, DType.FLOAT64, FIRST, FIRST, null);
        assertEquals("FunctionOperator(dims=[" + half + "], dimsd=[1], dtype=FLOAT64)", big.toString());
        assertEquals("dims: [" + (half + 1) + "] is too large for one host array",
                assertThrows(IllegalArgumentException.class, () -> FunctionOperator.of(new long[] {half + 1},
                        new long[] {1}, DType.FLOAT64, FIRST, FIRST, null)).getMessage());
        assertEquals("dimsd: [" + (half + 1) + "] is too large for one host array",
                assertThrows(IllegalArgumentException.class, () -> FunctionOperator.of(new long[] {1},
                        new long[] {half + 1}, DType.FLOAT64, FIRST, FIRST, null)).getMessage());
        assertEquals("forward: must not be null", assertThrows(IllegalArgumentException.class,
                () -> FunctionOperator.of(new long[] {1}, new long[] {1}, DType.FLOAT64, null, FIRST, null)).getMessage());
        assertEquals("adjoint: must not be null", assertThrows(IllegalArgumentException.class,
                () -> FunctionOperator.of(new long[] {1}, new long[] {1}, DType.FLOAT64, FIRST, null, null)).getMessage());
    }
}
