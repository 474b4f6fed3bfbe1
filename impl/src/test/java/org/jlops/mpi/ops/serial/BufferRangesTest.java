package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.SerialTesting.matrix;
import static org.jlops.mpi.ops.serial.SerialTesting.productInsideLargerBuffers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.SerialTesting.RangeProduct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The buffer products of the basic serial operators and of the operator algebra on ranges that
 * start inside larger host buffers, at every dtype (complex buffers hold two components per
 * element, float32 ones are float arrays): the range gets the product of the input range alone,
 * the rest of the output is left as it was; ranges that do not fit are refused.
 */
class BufferRangesTest {

    private static List<LocalOperator> operators(DType dt) {
        NdArray d = random(dt, 11, 3);
        MatrixMult mm = new MatrixMult(matrix(dt, 12, 3, 4), null, dt);
        return List.of(
                new Identity(4, 2, dt),
                new Identity(2, 4, dt),
                new Zero(3, 2, dt),
                new Conj(new long[] {3}, dt),
                new Diagonal(d, new long[] {3}, 0, dt),
                new Diagonal(d, new long[] {2, 3}, 1, dt),
                LocalOperators.conj(mm),
                LocalOperators.scale(mm, 2, dt.isComplex() ? 0.5 : 0), // a complex scale makes a complex operator
                LocalOperators.sum(mm, mm),
                // no columns, then no rows: the output range is still overwritten (with zeros)
                new MatrixMult(matrix(dt, 13, 3, 0), null, dt),
                new MatrixMult(matrix(dt, 14, 0, 3), null, dt));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void productsOnRangesInsideLargerBuffers(DType dt) {
        for (LocalOperator op : operators(dt)) {
            for (boolean adjoint : new boolean[] {false, true}) {
                RangeProduct r = productInsideLargerBuffers(op, dt, adjoint);
                String what = op + " adjoint=" + adjoint;
                assertClose(r.expect(), r.written(), dt.isDoublePrecision() ? 1e-14 : 1e-6, what);
                for (long k : new long[] {0, 1, r.nOut() + 2, r.nOut() + 3}) {
                    assertEquals(r.before().re(k), r.out().re(k), what + ": entry " + k + " outside the range changed");
                    assertEquals(r.before().im(k), r.out().im(k), what + ": entry " + k + " outside the range changed");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "COMPLEX64"})
    void rangesThatDoNotFitAreRefused(DType dt) {
        Engine e = Engine.host();
        for (LocalOperator op : operators(dt)) {
            long n = op.cols();
            long m = op.rows();
            Buffer x = e.wrap(random(dt, 1, n + 1).data(), dt.elementType());
            Buffer y = e.wrap(random(dt, 2, m + 1).data(), dt.elementType());
            // the input range runs past its buffer, then the output range does
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> op.matvec(x, 2, y, 0),
                    op + " forward, input");
            assertTrue(ex.getMessage().startsWith("x"), op + ": " + ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> op.matvec(x, 0, y, 2), op + " forward, output");
            assertTrue(ex.getMessage().startsWith("y"), op + ": " + ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> op.rmatvec(y, 2, x, 0), op + " adjoint, input");
            assertTrue(ex.getMessage().startsWith("y"), op + ": " + ex.getMessage());
            ex = assertThrows(IllegalArgumentException.class, () -> op.rmatvec(y, 0, x, 2), op + " adjoint, output");
            assertTrue(ex.getMessage().startsWith("x"), op + ": " + ex.getMessage());
        }
    }
}
