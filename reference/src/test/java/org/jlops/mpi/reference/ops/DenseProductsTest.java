package org.jlops.mpi.reference.ops;

import static org.jlops.mpi.reference.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.ZMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Fredholm1 and the grid layouts of the distributed matrix product against hand-computed values. */
class DenseProductsTest {

    /** (1, 2; 3, 4) as a complex matrix with imaginary parts (0, 1; 0, 0). */
    private static ZMatrixRMaj small() {
        ZMatrixRMaj a = new ZMatrixRMaj(2, 2);
        a.set(0, 0, 1, 0);
        a.set(0, 1, 2, 1);
        a.set(1, 0, 3, 0);
        a.set(1, 1, 4, 0);
        return a;
    }

    /** Interleaved complex vector of real values. */
    private static double[] real(double... v) {
        double[] out = new double[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            out[2 * i] = v[i];
        }
        return out;
    }

    @Test
    void fredholmIsABatchOfProducts() {
        ZMatrixRMaj g0 = small();
        ZMatrixRMaj g1 = new ZMatrixRMaj(2, 2);
        g1.set(0, 0, 0, 1);                                     // i
        g1.set(1, 1, 2, 0);
        DenseOperator f = ReferenceOperators.fredholm1(List.of(g0, g1), 2);
        assertArrayEquals(new long[] {2, 2, 2}, f.dims());
        assertArrayEquals(new long[] {2, 2, 2}, f.dimsd());
        // m[0] = (1, 0; 0, 1), m[1] = (1, 1; 1, 1) (rows y, columns z)
        double[] d = f.matvecComplex(real(1, 0, 0, 1, 1, 1, 1, 1));
        // d[0] = G0 m0 = G0; d[1] = G1 ones = (i, i; 2, 2)
        assertClose(new double[] {1, 0, 2, 1, 3, 0, 4, 0, 0, 1, 0, 1, 2, 0, 2, 0}, d, 0, 0, "forward");
        // adjoint of slice 1 on d[1] = (1, 0; 0, 0): G1^H e_0 = (-i, 0) per column z = 0
        double[] m = f.rmatvecComplex(real(0, 0, 0, 0, 1, 0, 0, 0));
        assertClose(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0}, m, 0, 0, "adjoint");
        assertEquals("otherdims: 0, expected at least 1", assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.fredholm1(List.of(g0), 0)).getMessage());
    }

    @Test
    void summaIsTheProductInTileOrder() {
        // A = (1, 2+i; 3, 4), X = (1, 2, 3; 4, 5, 6): Y = A X = (9+4i, 12+5i, 15+6i; 19, 26, 33)
        ZMatrixRMaj a = small();
        // on one rank the tiles are the matrix: row-major ravel
        double[] y1 = ReferenceOperators.summaMatrixMult(a, 3, 1).matvecComplex(real(1, 2, 3, 4, 5, 6));
        double[] want = {9, 4, 12, 5, 15, 6, 19, 0, 26, 0, 33, 0};
        assertClose(want, y1, 0, 0, "p = 1");
        // on a 2 x 2 grid: X tiles (rows of 1, columns 2 + 1) = [1 2 | 3 | 4 5 | 6], Y tiles likewise
        DenseOperator s = ReferenceOperators.summaMatrixMult(a, 3, 2);
        assertArrayEquals(new long[] {2, 3}, s.dims());
        double[] y2 = s.matvecComplex(real(1, 2, 3, 4, 5, 6));
        assertClose(new double[] {9, 4, 12, 5, 15, 6, 19, 0, 26, 0, 33, 0}, y2, 0, 0, "p = 2, same order here");
        // A = diag(1, 2, 3), X = (1, 2; 3, 4; 5, 6) on a 2 x 2 grid: row blocks 2 + 1, column blocks 1 + 1,
        // tiles in rank order [x00 x10 | x01 x11 | x20 | x21]; Y = (1, 2; 6, 8; 15, 18) likewise
        ZMatrixRMaj d = new ZMatrixRMaj(3, 3);
        d.set(0, 0, 1, 0);
        d.set(1, 1, 2, 0);
        d.set(2, 2, 3, 0);
        DenseOperator t = ReferenceOperators.summaMatrixMult(d, 2, 2);
        assertClose(real(1, 6, 2, 8, 15, 18), t.matvecComplex(real(1, 3, 2, 4, 5, 6)), 0, 0, "tile order");
        assertClose(real(1, 6, 2, 8, 15, 18), t.rmatvecComplex(real(1, 3, 2, 4, 5, 6)), 0, 0, "adjoint (A = A^H)");
        assertTrue(t.isAdjointConsistent());
    }

    @Test
    void blockReplicatesTheColumnBlocks() {
        ZMatrixRMaj a = small();
        DenseOperator b = ReferenceOperators.blockMatrixMult(a, 3, 2);
        assertArrayEquals(new long[] {2, 6}, b.dims());
        assertArrayEquals(new long[] {2, 6}, b.dimsd());
        assertFalse(b.isAdjointConsistent());
        // X = (1, 2, 3; 4, 5, 6): grid row 0 holds columns 0..1, grid row 1 column 2, each on 2 ranks
        double[] x = real(1, 2, 4, 5, 1, 2, 4, 5, 3, 6, 3, 6);
        // Y column blocks (9+4i, 12+5i; 19, 26) and (15+6i; 33), twice each
        double[] y = b.matvecComplex(x);
        double[] block0 = {9, 4, 12, 5, 19, 0, 26, 0};
        double[] block1 = {15, 6, 33, 0};
        double[] want = new double[24];
        System.arraycopy(block0, 0, want, 0, 8);
        System.arraycopy(block0, 0, want, 8, 8);
        System.arraycopy(block1, 0, want, 16, 4);
        System.arraycopy(block1, 0, want, 20, 4);
        assertClose(want, y, 0, 0, "forward on replicated blocks");
        // adjoint map on replicated Y = A^H Y, replicated: A^H (1, 0; 0, 1) = A^H
        double[] yy = real(1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0);
        double[] ahy = b.rmatvecComplex(yy);
        double[] ah = {1, 0, 3, 0, 2, -1, 4, 0};               // A^H row-major (columns of the block)
        assertClose(ah, java.util.Arrays.copyOfRange(ahy, 0, 8), 0, 0, "adjoint map, rank (0, 0)");
        assertClose(ah, java.util.Arrays.copyOfRange(ahy, 8, 16), 0, 0, "adjoint map, rank (0, 1)");
    }
}
