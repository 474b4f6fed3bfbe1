package org.jlops.mpi.reference.ops;

import static org.jlops.mpi.reference.TestSupport.assertClose;
import static org.jlops.mpi.reference.TestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.jlops.mpi.reference.array.ReferenceReductions;
import org.jlops.mpi.reference.array.ReferenceSplit;
import org.junit.jupiter.api.Test;

/** MPIHalo's reference: the exchanged blocks, the crop adjoint and the {@code Halo.H·D·Halo} composite. */
class HaloTest {

    private final Random rnd = new Random(3);

    @Test
    void scalarHaloIsTrimmedAtTheGlobalBoundary() {
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        DenseOperator h = ReferenceOperators.halo(new long[] {10}, 1, new int[] {2});
        assertFalse(h.isAdjointConsistent());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, /* rank 1 */ 4, 5, 6, 7, 8, 9}, h.matvec(x));
        assertArrayEquals(x, h.rmatvec(h.matvec(x)), "crop of the haloed blocks gives x back");
        DenseOperator h3 = ReferenceOperators.halo(new long[] {10}, 2, new int[] {3}); // blocks 4, 4, 2
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, /* r1 */ 2, 3, 4, 5, 6, 7, 8, 9, /* r2 */ 6, 7, 8, 9},
                h3.matvec(x));
    }

    @Test
    void tupleHaloIsNotTrimmedAndGetsZeroLayers() {
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        DenseOperator h = ReferenceOperators.halo(new long[] {10}, new int[] {1}, new int[] {2});
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 4, 5, /* rank 1 */ 4, 5, 6, 7, 8, 9, 0}, h.matvec(x));
        assertArrayEquals(new long[] {14}, h.dimsd());
        // 2-D, grid 1×2, halo (0, 1) per axis: only axis-1 layers, zero on the outer sides
        DenseOperator h2 = ReferenceOperators.halo(new long[] {2, 4}, new int[] {0, 1}, new int[] {1, 2});
        double[] x2 = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new double[] {0, 1, 2, 3, 0, 5, 6, 7, /* rank 1 */ 2, 3, 4, 0, 6, 7, 8, 0}, h2.matvec(x2));
    }

    @Test
    void cornersAreFilledFromTheDiagonalNeighbour() {
        // 4×4 over a 2×2 grid, width 1: rank 0 owns rows 0-1, cols 0-1; its extent is 3×3
        double[] x = new double[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i;
        }
        double[] y = ReferenceOperators.halo(new long[] {4, 4}, 1, new int[] {2, 2}).matvec(x);
        assertArrayEquals(new double[] {0, 1, 2, 4, 5, 6, 8, 9, 10}, Arrays.copyOfRange(y, 0, 9),
                "rank 0: core plus right column, bottom row and the corner x[2][2] = 10");
        // rank 3 owns rows 2-3, cols 2-3; its extent starts at (1, 1)
        assertArrayEquals(new double[] {5, 6, 7, 9, 10, 11, 13, 14, 15}, Arrays.copyOfRange(y, 27, 36));
    }

    @Test
    void cropInvertsTheExchangeOnEveryGrid() {
        Object[][] cases = {
            {new long[] {17}, new int[] {2}, new int[] {1}},
            {new long[] {65}, new int[] {4}, new int[] {3}},
            {new long[] {7, 9}, new int[] {2, 2}, new int[] {1}},
            {new long[] {6, 5, 4}, new int[] {2, 1, 2}, new int[] {1, 0, 2}},
            {new long[] {6, 8}, new int[] {3, 2}, new int[] {1, 1, 2, 2}},
        };
        for (Object[] c : cases) {
            long[] dims = (long[]) c[0];
            int[] grid = (int[]) c[1];
            int[] width = (int[]) c[2];
            for (DenseOperator h : new DenseOperator[] {ReferenceOperators.halo(dims, width, grid),
                ReferenceOperators.halo(dims, width[width.length - 1], grid)}) {
                double[] x = random(rnd, h.cols());
                assertArrayEquals(x, h.rmatvec(h.matvec(x)), "C·H = I for " + h);
                long total = 0;
                for (int r = 0; r < ReferenceSplit.gridSize(grid); r++) {
                    long[] local = ReferenceSplit.haloLocalShape(dims, grid, r);
                    long e = 1;
                    for (long l : local) {
                        e *= l;
                    }
                    total += e;
                }
                assertTrue(h.rows() >= total, "extents hold at least the blocks");
            }
        }
    }

    @Test
    void compositeOfLocalFirstDerivativesIsTheGlobalDerivative() {
        for (boolean edge : new boolean[] {false, true}) {
            long[] dims = {17};
            int[] grid = {2};
            DenseOperator global = ReferenceOperators.firstDerivative(dims, 0, 0.5, DerivativeKind.CENTERED, edge, 3);
            // a halo of the stencil radius reproduces the forward only: the local stencil's transpose
            // misses the contribution of the ghost row, which the library's adjoint (a crop) never adds
            DenseOperator composite1 = sandwich(dims, grid, 1, ext -> ReferenceOperators.firstDerivative(ext, 0, 0.5,
                    DerivativeKind.CENTERED, edge, 3));
            assertSameForward(global, composite1, "centered 3, halo 1, edge " + edge);
            assertAdjointDiffers(global, composite1, "centered 3, halo 1, edge " + edge);
            // twice the radius reproduces both
            DenseOperator composite2 = sandwich(dims, grid, 2, ext -> ReferenceOperators.firstDerivative(ext, 0, 0.5,
                    DerivativeKind.CENTERED, edge, 3));
            assertSameForward(global, composite2, "centered 3, halo 2, edge " + edge);
            assertSameAdjoint(global, composite2, "centered 3, halo 2, edge " + edge);
        }
        long[] dims = {20};
        int[] grid = {3};
        DenseOperator global5 = ReferenceOperators.firstDerivative(dims, 0, 1, DerivativeKind.CENTERED, false, 5);
        Function<long[], DenseOperator> local5 =
                ext -> ReferenceOperators.firstDerivative(ext, 0, 1, DerivativeKind.CENTERED, false, 5);
        assertSameForward(global5, sandwich(dims, grid, 2, local5), "centered 5, halo 2");
        DenseOperator composite4 = sandwich(dims, grid, 4, local5);
        assertSameForward(global5, composite4, "centered 5, halo 4");
        assertSameAdjoint(global5, composite4, "centered 5, halo 4");
        // a halo narrower than the stencil does not even reproduce the forward
        DenseOperator narrow = sandwich(dims, grid, 1, local5);
        double[] x = random(rnd, 20);
        assertTrue(maxDiff(global5.matvec(x), narrow.matvec(x)) > 1e-3, "a narrow halo must change the forward");
    }

    @Test
    void compositeOfLocalTwoDimensionalStencilsIsTheGlobalOperatorCornersIncluded() {
        long[] dims = {7, 9};
        int[] grid = {2, 2};
        DenseOperator global = ReferenceOperators.laplacian(dims, new int[] {0, 1}, new double[] {1, 2},
                new double[] {1, 0.5}, false, DerivativeKind.CENTERED);
        DenseOperator lap = sandwich(dims, grid, 2, ext -> ReferenceOperators.laplacian(ext, new int[] {0, 1},
                new double[] {1, 2}, new double[] {1, 0.5}, false, DerivativeKind.CENTERED));
        assertSameForward(global, lap, "laplacian");
        assertSameAdjoint(global, lap, "laplacian");
        // the mixed derivative D0·D1 reads the diagonal neighbours: the corners must be right
        DenseOperator globalMixed = ReferenceOperators.firstDerivative(dims, 0, 1, DerivativeKind.CENTERED, false, 3)
                .compose(ReferenceOperators.firstDerivative(dims, 1, 1, DerivativeKind.CENTERED, false, 3));
        Function<long[], DenseOperator> localMixed = ext ->
                ReferenceOperators.firstDerivative(ext, 0, 1, DerivativeKind.CENTERED, false, 3).compose(
                        ReferenceOperators.firstDerivative(ext, 1, 1, DerivativeKind.CENTERED, false, 3));
        assertSameForward(globalMixed, sandwich(dims, grid, 1, localMixed), "D0·D1, halo 1");
        DenseOperator mixed = sandwich(dims, grid, 2, localMixed);
        assertSameForward(globalMixed, mixed, "D0·D1, halo 2");
        assertSameAdjoint(globalMixed, mixed, "D0·D1, halo 2");
        // so the composite passes the dot test although the halo alone is not adjoint-consistent
        double[] x = random(rnd, 63);
        double[] y = random(rnd, 63);
        assertClose(ReferenceReductions.dot(mixed.matvec(x), y), ReferenceReductions.dot(x, mixed.rmatvec(y)), 1e-12,
                1e-14, "dot test of the composite");
    }

    @Test
    void invalidHalosAreRejected() {
        IllegalArgumentException tooWide = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.halo(new long[] {5}, 1, new int[] {4}));    // blocks 2, 2, 1, 0
        assertTrue(tooWide.getMessage().contains("halo width exceeds local block size"), tooWide.getMessage());
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.halo(new long[] {10}, new int[] {1, 2}, new int[] {2}));
        assertTrue(mismatch.getMessage().contains("does not match neighbor halo width"), mismatch.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.halo(new long[] {10, 4}, new int[] {1, 1, 1}, new int[] {2, 1}));
        assertTrue(length.getMessage().startsWith("halo: length 3"), length.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.halo(new long[] {10}, -1, new int[] {2}));
        assertTrue(negative.getMessage().startsWith("halo: -1"), negative.getMessage());
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.halo(new long[] {10, 4}, 1, new int[] {2}));
        assertTrue(grid.getMessage().startsWith("procGridShape: [2]"), grid.getMessage());
    }

    /** Halo.H · BlockDiag(one local operator per rank, on its extended block) · Halo, scalar (trimmed) width. */
    private static DenseOperator sandwich(long[] dims, int[] grid, int width, Function<long[], DenseOperator> factory) {
        DenseOperator halo = ReferenceOperators.halo(dims, width, grid);
        List<DenseOperator> ops = new ArrayList<>();
        for (int r = 0; r < ReferenceSplit.gridSize(grid); r++) {
            long[] ext = ReferenceSplit.haloLocalShape(dims, grid, r);
            int[] c = ReferenceSplit.gridCoords(r, grid);
            for (int k = 0; k < dims.length; k++) {
                ext[k] += (c[k] > 0 ? width : 0) + (c[k] < grid[k] - 1 ? width : 0);
            }
            ops.add(factory.apply(ext));
        }
        return ReferenceOperators.haloSandwich(halo, ops);
    }

    private void assertSameForward(DenseOperator expected, DenseOperator actual, String what) {
        for (int t = 0; t < 3; t++) {
            double[] x = random(rnd, expected.cols());
            assertClose(expected.matvec(x), actual.matvec(x), 1e-13, 1e-13, what + " forward");
        }
    }

    private void assertSameAdjoint(DenseOperator expected, DenseOperator actual, String what) {
        for (int t = 0; t < 3; t++) {
            double[] y = random(rnd, expected.rows());
            assertClose(expected.rmatvec(y), actual.rmatvec(y), 1e-13, 1e-13, what + " adjoint");
        }
    }

    private void assertAdjointDiffers(DenseOperator expected, DenseOperator actual, String what) {
        double[] y = random(rnd, expected.rows());
        assertTrue(maxDiff(expected.rmatvec(y), actual.rmatvec(y)) > 1e-3, what + ": the adjoint should differ");
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
