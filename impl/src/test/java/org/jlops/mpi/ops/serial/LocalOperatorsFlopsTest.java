package org.jlops.mpi.ops.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;
import org.junit.jupiter.api.Test;

/**
 * The flop counts and descriptions of the serial algebra ({@link LocalOperators}): each composite
 * adds its own element-wise work (an add 1 real / 2 complex flops per output element, a scale 1 / 6)
 * to its operands' counts, unknown ({@code -1}) when an operand's is; stacks that sum into a shared
 * output count the adds. Operands are stubs with fixed counts, so every number below is exact.
 */
class LocalOperatorsFlopsTest {

    /** A {@code rows x cols} operator with the given counts and name, never applied. */
    private record Stub(String name, long rows, long cols, DType dtype, long forward, long adjoint)
            implements LocalOperator {
        @Override
        public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long flops(boolean adj) {
            return adj ? adjoint : forward;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void compositesAddTheirElementwiseWork() {
        LocalOperator a = new Stub("A", 3, 5, DType.FLOAT64, 100, 200);
        LocalOperator b = new Stub("B", 3, 5, DType.FLOAT64, 10, 20);
        LocalOperator u = new Stub("U", 3, 5, DType.FLOAT64, -1, -1);
        LocalOperator z = new Stub("Z", 3, 5, DType.COMPLEX128, 1000, 2000);
        LocalOperator c = new Stub("C", 5, 2, DType.FLOAT64, 7, 9);
        LocalOperator s = new Stub("S", 4, 4, DType.FLOAT64, 30, 40);

        LocalOperator h = LocalOperators.adjoint(a);
        assertEquals(200, h.flops(false));
        assertEquals(100, h.flops(true));
        assertEquals("A.H", h.toString());
        assertEquals(1000, LocalOperators.conj(z).flops(false));
        assertEquals(2000, LocalOperators.conj(z).flops(true));
        assertEquals("conj(Z)", LocalOperators.conj(z).toString());

        LocalOperator sum = LocalOperators.sum(a, b);
        assertEquals(100 + 10 + 3, sum.flops(false));      // one add per output row
        assertEquals(200 + 20 + 5, sum.flops(true));       // per output column of the adjoint
        assertEquals("(A + B)", sum.toString());
        assertEquals("(A - B)", LocalOperators.difference(a, b).toString());
        assertEquals(-1, LocalOperators.sum(a, u).flops(false));
        assertEquals(-1, LocalOperators.sum(u, a).flops(true));
        assertEquals(1000 + 100 + 2 * 3, LocalOperators.sum(z, a).flops(false));

        assertEquals(100 + 3, LocalOperators.scale(a, -2.5).flops(false));
        assertEquals(200 + 5, LocalOperators.scale(a, -2.5).flops(true));
        assertEquals(100 + 6 * 3, LocalOperators.scale(a, 1, 2).flops(false));   // complex: 6 per element
        assertEquals(-1, LocalOperators.scale(u, 2).flops(false));
        assertEquals("-2.5 * A", LocalOperators.scale(a, -2.5).toString());
        assertEquals("(1.0+2.0j) * A", LocalOperators.scale(a, 1, 2).toString());
        assertEquals("(1.0-2.0j) * A", LocalOperators.scale(a, 1, -2).toString());
        assertEquals("-1.0 * A", LocalOperators.negate(a).toString());

        LocalOperator ac = LocalOperators.compose(a, c);
        assertEquals(107, ac.flops(false));
        assertEquals(209, ac.flops(true));
        assertEquals("(A * C)", ac.toString());

        assertEquals(90, LocalOperators.power(s, 3).flops(false));
        assertEquals(80, LocalOperators.power(s, 2).flops(true));
        assertEquals(-1, LocalOperators.power(new Stub("V", 4, 4, DType.FLOAT64, -1, -1), 2).flops(false));
        assertEquals(0, LocalOperators.power(new Stub("N", 4, 4, DType.FLOAT64, 0, 0), 2).flops(false));
        assertEquals("S ** 3", LocalOperators.power(s, 3).toString());
    }

    @Test
    void stacksCountTheAddsIntoASharedOutput() {
        LocalOperator a = new Stub("A", 3, 5, DType.FLOAT64, 100, 200);
        LocalOperator b = new Stub("B", 3, 5, DType.FLOAT64, 10, 20);
        LocalOperator d = new Stub("D", 3, 5, DType.FLOAT64, 1, 2);
        LocalOperator u = new Stub("U", 3, 5, DType.FLOAT64, -1, -1);
        LocalOperator z = new Stub("Z", 3, 5, DType.COMPLEX128, 1000, 2000);
        List<LocalOperator> abd = List.of(a, b, d);

        LocalOperator bd = LocalOperators.blockDiag(abd);
        assertEquals(111, bd.flops(false));
        assertEquals(222, bd.flops(true));
        assertEquals("BlockDiag[A, B, D]", bd.toString());

        // vstack: the adjoint sums three 5-element results (two adds per element)
        LocalOperator v = LocalOperators.vstack(abd);
        assertEquals(111, v.flops(false));
        assertEquals(222 + 2 * 5, v.flops(true));
        assertEquals("VStack[A, B, D]", v.toString());
        assertEquals(2000 + 200 + 2 * 5, LocalOperators.vstack(List.of(z, a)).flops(true));   // complex adds: 2 each

        // hstack: the forward sums three 3-element results
        LocalOperator hs = LocalOperators.hstack(abd);
        assertEquals(111 + 2 * 3, hs.flops(false));
        assertEquals(222, hs.flops(true));
        assertEquals("HStack[A, B, D]", hs.toString());
        assertEquals(1100 + 2 * 3, LocalOperators.hstack(List.of(z, a)).flops(false));

        assertEquals(-1, LocalOperators.blockDiag(List.of(a, u)).flops(false));
        assertEquals(-1, LocalOperators.vstack(List.of(u, a)).flops(true));
        assertEquals(-1, LocalOperators.hstack(List.of(a, u)).flops(false));
        assertEquals(100, LocalOperators.hstack(List.of(a)).flops(false));
    }
}
