package org.jlops.mpi.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.DerivativeKind;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSolvers;
import org.junit.jupiter.api.Test;

/**
 * Each example's printed values at 1..4 in-JVM ranks against values computed here independently:
 * closed forms, or the EJML reference of {@code reference/} (dense matrices built from the
 * operators' definitions) on the same inputs.
 */
class ExampleValuesTest {

    private static final DerivativeKind CENTERED = DerivativeKind.CENTERED;

    // ------------------------------------------------------------------ helpers

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** How often {@code s} occurs in {@code text}. */
    private static int count(String text, String s) {
        int n = 0;
        for (int at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
            n++;
        }
        return n;
    }

    /** The printed 5x5 (or 3x3) blocks of "row NN: [...]" lines, in order. */
    private static List<double[]> rowLines(String text) {
        Matcher m = Pattern.compile("^ +row +(\\d+): \\[([^\\]]*)\\]$", Pattern.MULTILINE).matcher(text);
        List<double[]> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(Arrays.stream(m.group(2).trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray());
        }
        return rows;
    }

    /** {@code v} (row-major, {@code cols} columns) at rows {@code r0..r0+h-1}, columns {@code c0..c0+w-1}. */
    private static double[] window(double[] v, int cols, int r0, int c0, int h, int w) {
        double[] out = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                out[i * w + j] = v[(r0 + i) * cols + c0 + j];
            }
        }
        return out;
    }

    private static double[] spike(int rows, int cols) {
        double[] x = new double[rows * cols];
        x[(rows / 2) * cols + cols / 2] = 1;
        return x;
    }

    // ------------------------------------------------------------------ cgls

    @Test
    void cglsMatchesTheReferenceCgls() {
        int rows = 20;
        int cols = 15;
        int blocks = 4;
        DMatrixRMaj a = new DMatrixRMaj(rows, cols, true, CglsExample.matrix(rows, cols, CglsExample.SEED));
        List<DenseOperator> ops = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            ops.add(ReferenceOperators.matrixMult(a));
        }
        DenseOperator bd = ReferenceOperators.blockDiag(ops);
        double[] y = bd.matvec(filled(blocks * cols, 1));
        ReferenceSolvers.CglsResult ref = ReferenceSolvers.cgls(bd, y, new double[blocks * cols], 15, 0, CglsExample.TOL);
        assertTrue(ref.iterations() >= 10, "the reference iterated: " + ref.iterations());
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed("cgls", np);
            p.near(norm(y), p.number("y = BDiag x: 80 entries, norm\\(2\\) = ([0-9.]+)"), 1e-11, "||y||");
            List<Double> cost = p.all("^ +\\d+ +(\\d\\.\\d{10}e[-+]\\d+)$");
            assertEquals(ref.iterations() + 1, cost.size(), "cost history length at np=" + np);
            for (int k = 0; k < cost.size() - 1; k++) {
                p.near(ref.cost()[k], cost.get(k), 1e-9 * ref.cost()[0], "cost[" + k + "]");
            }
            // the last step lands on the solution: what is left is rounding, different in each implementation
            int last = cost.size() - 1;
            assertTrue(cost.get(last) < 1e-6 * ref.cost()[0] && ref.cost()[last] < 1e-6 * ref.cost()[0],
                    "converged: " + cost.get(last) + " and " + ref.cost()[last]);
            p.hasLine(String.format("   %d iterations, istop = %d (%s), r1norm = ||y - BDiag x|| = %s, r2norm = %s",
                    ref.iterations(), ref.istop(), ref.istop() == 1 ? "tolerance reached" : "niter reached",
                    p.group("r1norm = \\|\\|y - BDiag x\\|\\| = (\\S+),", 0), p.group("r2norm = (\\S+)$", 0)));
            p.near(ref.x(), p.vector("x_inv = "), 5e-7, "x_inv");
            p.near(filled(blocks * cols, 1), p.vector("x_inv = "), 1e-6, "x_inv against x = ones");
        }
    }

    // ------------------------------------------------------------------ derivative

    @Test
    void derivativesMatchTheReferenceOperators() {
        long[] d11 = {11, 21};
        long[] d12 = {12, 21};
        double[] x11 = spike(11, 21);
        double[] x12 = spike(12, 21);
        DenseOperator grad = ReferenceOperators.gradient(d12, 1.0, false, CENTERED);
        double[] g = grad.matvec(x12);
        double[][] ys = {
            ReferenceOperators.firstDerivative(d11, 0, 1, CENTERED, false, 3).matvec(x11),
            ReferenceOperators.secondDerivative(d11, 0, 1, CENTERED, false).matvec(x11),
            ReferenceOperators.laplacian(d12, new int[] {0, 1}, new double[] {1, 1}, new double[] {1, 1}, false, CENTERED)
                    .matvec(x12),
            ReferenceOperators.laplacian(d12, new int[] {0, 1}, new double[] {3, 1}, new double[] {1, 1}, false, CENTERED)
                    .matvec(x12),
            Arrays.copyOfRange(g, 0, 12 * 21), Arrays.copyOfRange(g, 12 * 21, 2 * 12 * 21), grad.rmatvec(g)};
        int[] rows = {11, 11, 12, 12, 12, 12, 12};
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed("derivative", np);
            List<double[]> printed = rowLines(Runs.output("derivative", np).text());
            assertEquals(7 * 5, printed.size(), "5 rows around the spike for each of 7 arrays");
            for (int k = 0; k < ys.length; k++) {
                double[] got = new double[25];
                for (int i = 0; i < 5; i++) {
                    System.arraycopy(printed.get(5 * k + i), 0, got, 5 * i, 5);
                }
                p.near(window(ys[k], 21, rows[k] / 2 - 2, 21 / 2 - 2, 5, 5), got, 5e-5, "array " + k + " around the spike");
            }
            List<Double> norms = p.all("norm\\(2\\) = ([0-9.]+)");
            double[] expected = {norm(ys[0]), norm(ys[1]), norm(ys[2]), norm(ys[3]), norm(g), norm(ys[6])};
            assertEquals(expected.length, norms.size(), "norms printed");
            for (int k = 0; k < expected.length; k++) {
                p.near(expected[k], norms.get(k), 1e-11, "norm " + k);
            }
            assertEquals(5, count(Runs.output("derivative", np).text(), "dot-test (rtol 1e-06): passed"), "dot-tests passed");
        }
    }

    // ------------------------------------------------------------------ distributed_array

    @Test
    void distributedArrayValuesAreTheClosedForms() {
        double sumSq = 0;
        double sum4 = 0;
        for (int k = 0; k < 50; k++) {
            sumSq += (double) k * k;
            sum4 += Math.pow(k, 4);
        }
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed("distributed_array", np);
            for (int s = 0; s < 3; s++) {
                p.near(Math.sqrt(sumSq), Double.parseDouble(p.group("norm\\(2\\) = ([0-9.]+)   norm\\(1\\)", s)), 1e-9,
                        "norm(2) of arange(50)");
                assertEquals("1225.0", p.group("norm\\(1\\) = ([0-9.]+)", s));
                assertEquals("49.0", p.group("norm\\(inf\\) = ([0-9.]+)", s));
            }
            assertEquals(3, count(Runs.output("distributed_array", np).text(), "in row-major order: yes"));
            double base = Math.sqrt(sumSq) / 50;
            String[] names = {"arr1", "arr2", "0.5 * arr1", "arr1 + arr2", "(arr1 + arr2) += arr2", "arr1 - arr2",
                "arr1 * arr2"};
            double[] factor = {1, 0.5, 0.5, 1.5, 2, 0.5};
            double[] firstRowTimes50 = {0, 1, 2, 3, 4};
            for (int i = 0; i < names.length; i++) {
                double n = p.number("^   " + Pattern.quote(names[i]) + " +row 0 = .*norm\\(2\\) = ([0-9.]+)$");
                double expected = i < factor.length ? factor[i] * base : Math.sqrt(sum4) / 5000;
                p.near(expected, n, 1e-9, names[i] + "norm");
                double[] row0 = p.vector("   " + names[i] + " ", 0);
                for (int j = 0; j < 5; j++) {
                    double v = firstRowTimes50[j] / 50;
                    double e = i < factor.length ? factor[i] * v : v * v / 2;
                    p.near(e, row0[j], 5e-5, names[i] + "row 0[" + j + "]");
                }
            }
            // masked: groups of subsize ranks (rank r holds r % subsize + 1), dot over one group
            int subsize = Math.max(1, np / 2);
            double dot = 0;
            for (int v = 1; v <= subsize; v++) {
                dot += 5.0 * v * v;
            }
            double[] dots = {dot, 2 * dot, 2 * dot};
            for (int s = 0; s < 3; s++) {
                p.near(dots[s], Double.parseDouble(p.group("^   dot = ([0-9.]+)", s)), 1e-4, "masked dot " + s);
            }
            p.near(Math.sqrt(dot), Double.parseDouble(p.group("^   dot = [0-9.]+   norm = ([0-9.]+)$", 0)), 1e-6,
                    "masked norm");
            p.near(new double[] {Math.sqrt(dot), Math.sqrt(dot)}, p.vector("dot = " + Report.num(2 * dot, 4) + "   norm = ", 0),
                    1e-6, "masked norms along axis 1");
            assertEquals(3 * np, count(Runs.output("distributed_array", np).text(), "True/True"),
                "every rank's dot and norm checks, three times");
        }
    }

    // ------------------------------------------------------------------ stacked_array

    @Test
    void stackedArrayValuesAreTheClosedForms() {
        double[] arr1 = concat(filled(10, 10), filled(30, 1), filled(16, 2));
        double[] arr2 = concat(filled(40, 5), filled(16, 6));
        double dot = 0;
        double l1 = 0;
        for (int i = 0; i < arr1.length; i++) {
            dot += arr1[i] * arr2[i];
            l1 += arr1[i];
        }
        double[] arr3 = concat(filled(40, 5), filled(16, 6), filled(8, 7));
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed("stacked_array", np);
            p.near(concat(filled(40, 1), filled(16, 2)), p.vector("arr1.asArray()", 0), 0, "arr1");
            p.near(arr1, p.vector("arr1.asArray()", 1), 0, "arr1 modified");
            p.near(arr2, p.vector("arr2.asArray()"), 0, "arr2");
            double[] neg = new double[arr1.length];
            double[] sum = new double[arr1.length];
            double[] sub = new double[arr1.length];
            double[] mul = new double[arr1.length];
            for (int i = 0; i < arr1.length; i++) {
                neg[i] = -arr1[i];
                sum[i] = arr1[i] + arr2[i];
                sub[i] = arr1[i] - arr2[i];
                mul[i] = arr1[i] * arr2[i];
            }
            p.near(neg, p.vector("-arr1 "), 0, "-arr1");
            p.near(sum, p.vector("arr1 + arr2 "), 0, "arr1 + arr2");
            p.near(sub, p.vector("arr1 - arr2 "), 0, "arr1 - arr2");
            p.near(mul, p.vector("arr1 * arr2 "), 0, "arr1 * arr2");
            p.near(dot, p.number("arr1.dot\\(arr2\\) += ([0-9.]+)"), 0, "dot");
            p.near(56, p.number("L0   norm of arr1 += ([0-9.]+)"), 0, "L0");
            p.near(l1, p.number("L1   norm of arr1 += ([0-9.]+)"), 0, "L1");
            p.near(norm(arr1), p.number("L2   norm of arr1 += ([0-9.]+)"), 1e-6, "L2");
            p.near(10, p.number("Linf norm of arr1 += ([0-9.]+)"), 0, "Linf");
            p.near(concat(filled(20, 10), filled(32, 20)), p.vector("y = Op x, a stack of 20 + 32: "), 0, "y");
            p.near(filled(40, 5 * 10 + 8 * 2 * 20), p.vector("x_adj = Op^H y (40 entries): "), 0, "x_adj = Op^H y");
            p.near(filled(40, 1), p.vector("   x_inv = "), 1e-6, "x_inv");
            p.near(arr3, p.vector("arr3.asArray()"), 0, "arr3");
            double[] twice = arr3.clone();
            for (int i = 0; i < twice.length; i++) {
                twice[i] *= 2;
            }
            p.near(twice, p.vector("arr3 + arr3 "), 0, "arr3 + arr3");
            p.near(new double[arr3.length], p.vector("arr3 - arr3 "), 0, "arr3 - arr3");
        }
    }

    // ------------------------------------------------------------------ mpilinop

    @Test
    void mpilinopMatchesTheReferenceChain() {
        long[] dims = {11, 22};
        int n = 11 * 22;
        int blocks = 4;
        DenseOperator f = ReferenceOperators.firstDerivative(dims, 0, 1, CENTERED, false, 3);
        List<DenseOperator> ops = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            ops.add(ReferenceOperators.secondDerivative(dims, 0, 1, CENTERED, false).times(k + 1));
        }
        DenseOperator full = ReferenceOperators.vstack(ops).compose(f);
        double[] x = spike(11, 22);
        double[] y = full.matvec(x);
        double[] xs = new double[blocks * n];
        for (int k = 0; k < blocks; k++) {
            System.arraycopy(x, 0, xs, k * n, n);
        }
        double[] adj = full.rmatvec(xs);
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed("mpilinop", np);
            p.near(0, p.number("y = Mop x: .*norm\\(2\\) = ([0-9.]+)"), 0, "Mop ones");
            p.near(norm(y), p.number("forward: .*norm\\(2\\) = ([0-9.]+)$"), 1e-11, "||FullOp x||");
            for (int k = 0; k < blocks; k++) {
                double[] col = new double[11];
                for (int i = 0; i < 11; i++) {
                    col[i] = y[(k * 11 + i) * 22 + 11];
                }
                p.near(col, p.vector("block " + k + ", column 11: "), 5e-3, "block " + k);
            }
            p.near(norm(adj), p.number("adjoint: .*norm\\(2\\) = ([0-9.]+)$"), 1e-11, "||FullOp^H x||");
            double[] col = new double[11];
            for (int i = 0; i < 11; i++) {
                col[i] = adj[i * 22 + 11];
            }
            p.near(col, p.vector("     column 11: "), 5e-3, "adjoint column");
        }
    }

    // ------------------------------------------------------------------ stacking

    @Test
    void stackingMatchesTheReferenceStacks() {
        long[] dims = {11, 22};
        int n = 11 * 22;
        int groups = 4;
        List<DenseOperator> ops = new ArrayList<>();
        for (int k = 0; k < groups; k++) {
            ops.add(ReferenceOperators.secondDerivative(dims, 0, 1, CENTERED, false).times(k + 1));
            ops.add(ReferenceOperators.secondDerivative(dims, 1, 1, CENTERED, false).times(k + 1));
        }
        double[] x = spike(11, 22);
        double[] v = ReferenceOperators.vstack(ops).matvec(x);
        double[] pair = concat(x, x);
        double[] xs = new double[2 * groups * n];
        for (int k = 0; k < groups; k++) {
            System.arraycopy(pair, 0, xs, 2 * k * n, 2 * n);
        }
        double[] h = ReferenceOperators.hstack(ops).matvec(xs);
        double[] b = ReferenceOperators.blockDiag(ops).matvec(xs);
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed("stacking", np);
            List<Double> norms = p.all("norm\\(2\\) = ([0-9.]+)$");
            assertEquals(3, norms.size());
            p.near(norm(v), norms.get(0), 1e-11, "||VStack x||");
            p.near(norm(h), norms.get(1), 1e-11, "||HStack x||");
            p.near(norm(b), norms.get(2), 1e-11, "||BlockDiag x||");
            for (int j = 0; j < 2 * groups; j++) {
                double[] s = new double[3];
                for (int t = 0; t < 3; t++) {
                    int i = j % 2 == 0 ? 4 + t : 5;
                    int c = j % 2 == 0 ? 11 : 10 + t;
                    s[t] = v[(j * 11 + i) * 22 + c];
                }
                p.near(s, p.vector("     block " + j + " = ", 0), 5e-3, "VStack block " + j);
                p.near(s, p.vector("     block " + j + " = ", 1), 5e-3, "BlockDiag block " + j);
                double[] sb = new double[3];
                for (int t = 0; t < 3; t++) {
                    int i = j % 2 == 0 ? 4 + t : 5;
                    int c = j % 2 == 0 ? 11 : 10 + t;
                    sb[t] = b[(j * 11 + i) * 22 + c];
                }
                assertArrayEquals(s, sb, "the block-diagonal output's block " + j + " equals the vertical stack's");
            }
            List<double[]> rows = rowLines(Runs.output("stacking", np).text());
            assertEquals(3, rows.size());
            for (int i = 0; i < 3; i++) {
                p.near(window(h, 22, 4 + i, 10, 1, 3), rows.get(i), 5e-3, "HStack row " + (4 + i));
            }
            assertEquals(3, count(Runs.output("stacking", np).text(), "dot-test (rtol 1e-06): passed"));
        }
    }

    // ------------------------------------------------------------------ halo

    @Test
    void haloMatchesTheDerivativesAndTheirClosedForms() {
        double[] x1 = HaloExample.input1d(128);
        double[] y3 = ReferenceOperators.firstDerivative(new long[] {128}, 0, 1, CENTERED, false, 3).matvec(x1);
        double[] y5 = ReferenceOperators.firstDerivative(new long[] {128}, 0, 1, CENTERED, false, 5).matvec(x1);
        // the centered difference of a sine is a cosine: sin(w) cos(w i) for order 3
        double w = 2 * Math.PI * 3 / 128;
        for (int i = 1; i < 127; i++) {
            assertEquals(Math.sin(w) * Math.cos(w * i), y3[i], 1e-12, "closed form at " + i);
        }
        long[] d2 = {48, 48};
        long[] d3 = {16, 16, 16};
        double[] x2 = HaloExample.inputNd(d2);
        double[] x3 = HaloExample.inputNd(d3);
        List<Double> expected = new ArrayList<>(List.of(norm(y3), norm(y5)));
        for (int axis = 0; axis < 2; axis++) {
            expected.add(norm(ReferenceOperators.firstDerivative(d2, axis, 1, CENTERED, false, 3).matvec(x2)));
        }
        for (int axis = 0; axis < 3; axis++) {
            expected.add(norm(ReferenceOperators.firstDerivative(d3, axis, 1, CENTERED, false, 3).matvec(x3)));
        }
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed("halo", np);
            List<Double> norms = p.all("norm\\(2\\) = ([0-9.]+)");
            assertEquals(expected.size(), norms.size(), "norms printed");
            for (int k = 0; k < norms.size(); k++) {
                p.near(expected.get(k), norms.get(k), 1e-11, "norm " + k);
            }
            List<Double> diffs = p.all("max \\|[^|]*\\| = (\\S+)");
            assertEquals(8, diffs.size(), "two 1-d, a diagonal and five derivative comparisons");
            for (double d : diffs) {
                assertEquals(0.0, d, "the halo sandwich equals the reference bit for bit");
            }
            assertEquals(7, count(Runs.output("halo", np).text(), "dot-test (rtol 1e-06): passed"));
        }
    }

    // ------------------------------------------------------------------ matrixmult, summamatrixmult

    /** The printed rows {@code NAME[i, :] = [...]} of an {@code rows}-row matrix, row-major. */
    private static double[] printedMatrix(Printed p, String name, int rows) {
        List<double[]> parts = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            parts.add(p.vector("     " + name + "[" + i + ", :] = "));
        }
        return concat(parts.toArray(new double[0][]));
    }

    /**
     * A matrix-product example against the reference: {@code Y = (A ⊗ I_M) vec(X)}, its adjoint
     * {@code (A ⊗ I_M)ᵀ vec(Y)} and the chain {@code chain(Y)}, each printed to {@code tol}; every
     * comparison 0, the dot-test passed, and the tiles of the 2 x 2 grid at 4 ranks.
     */
    private static void checkMatrixProduct(String name, double[] a, double[] x, int n, int k, int m, DenseOperator chain,
            double tol, String rank1AtFour) {
        DenseOperator op = ReferenceOperators.matrixMult(new DMatrixRMaj(n, k, true, a), m);
        double[] y = op.matvec(x);
        double[] xadj = op.rmatvec(y);
        double[] y1 = chain.matvec(y);
        for (int np = 1; np <= Runs.MAX_NP; np++) {
            Printed p = Runs.printed(name, np);
            String text = Runs.output(name, np).text();
            p.near(a, printedMatrix(p, "A", n), 5e-5, "A");
            p.near(x, printedMatrix(p, "X", k), 5e-5, "X");
            p.near(y, printedMatrix(p, "Y", n), tol, "Y = A X");
            p.near(xadj, printedMatrix(p, "X_adj", k), tol, "X_adj = A^H Y");
            p.near(y1, printedMatrix(p, "Y1", n), tol, "Y1");
            p.near(norm(y), p.number("Y: \\(\\d+, \\d+\\), \\|\\|Y\\|\\|_F = ([0-9.]+)"), 1e-6, "||Y||_F");
            p.near(norm(xadj), p.number("X_adj: \\(\\d+, \\d+\\), \\|\\|X_adj\\|\\|_F = ([0-9.]+)"), 1e-6,
                    "||X_adj||_F");
            List<Double> diffs = p.all("^   max \\|[^|]*\\| = (\\S+),");
            assertEquals(List.of(0.0, 0.0, 0.0), diffs, name + " at np=" + np + ": exact products, the same bits");
            assertEquals(3, count(text, "to rounding (relative difference at most "), "three comparisons");
            assertEquals(3, count(text, "): yes\n"), "three comparisons passed:\n" + text);
            assertEquals(1, count(text, "dot-test (rtol "), "one dot-test");
            assertTrue(text.contains("): passed\n"), "the dot-test passed:\n" + text);
            int side = np == 4 ? 2 : 1;
            p.hasLine(String.format("   %d rank%s: a %d x %d grid of %d active rank%s (p' = floor(sqrt(P)) = %d, cut to "
                    + "min(N, M, p') = %d)", np, np == 1 ? "" : "s", side, side, side * side, side == 1 ? "" : "s", side, side));
            assertEquals(np - side * side, count(text, ": inactive (outside the active grid"), "inactive ranks");
            if (np == 4) {
                p.hasLine(rank1AtFour);
            }
        }
    }

    @Test
    void matrixmultMatchesTheReferenceProductAndDerivative() {
        float[][] in = MatrixMultExample.inputs(4, 4, 4);
        double[] a = new double[16];
        double[] x = new double[16];
        for (int i = 0; i < 16; i++) {
            a[i] = in[0][i];
            x[i] = in[1][i];
            assertEquals(0, (a[i] * 16) % 1, "entries are multiples of 1/16");
        }
        checkMatrixProduct("matrixmult", a, x, 4, 4, 4,
                ReferenceOperators.firstDerivative(new long[] {4, 4}, 0, 1, CENTERED, false, 3), 1e-6,
                "   rank 1: active, grid rank 1 at row 0, column 1: A[2:4, 0:4] (2 x 4), X[0:4, 0:2] (4 x 2), "
                        + "Y[0:4, 0:2] (4 x 2)");
    }

    @Test
    void summamatrixmultMatchesTheReferenceProduct() {
        double[] a = new double[36];
        for (int i = 0; i < 36; i++) {
            a[i] = i;                                                   // A[i, j] = 6 i + j, X likewise
        }
        checkMatrixProduct("summamatrixmult", a, a.clone(), 6, 6, 6,
                ReferenceOperators.matrixMult(CommonOps_DDRM.identity(6), 6), 0,
                "   rank 1: active, grid rank 1 at row 0, column 1: A[0:3, 3:6] (3 x 3), X[0:3, 3:6] (3 x 3), "
                        + "Y[0:3, 3:6] (3 x 3)");
    }

    @Test
    void haloGridsAreTheMostNearlySquareFactorisations() {
        assertArrayEquals(new int[] {1, 1}, HaloExample.grid(1, 2));
        assertArrayEquals(new int[] {1, 2}, HaloExample.grid(2, 2));
        assertArrayEquals(new int[] {1, 3}, HaloExample.grid(3, 2));
        assertArrayEquals(new int[] {2, 2}, HaloExample.grid(4, 2));
        assertArrayEquals(new int[] {2, 3}, HaloExample.grid(6, 2));
        assertArrayEquals(new int[] {1, 2, 2}, HaloExample.grid(4, 3));
        assertArrayEquals(new int[] {2, 2, 2}, HaloExample.grid(8, 3));
        assertArrayEquals(new int[] {1, 2, 3}, HaloExample.grid(6, 3));
        assertArrayEquals(new int[] {1, 1, 7}, HaloExample.grid(7, 3));
    }
}
