package org.jlops.mpi.engine;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A banded linear map {@code S} on sequences of {@code n} samples, with real coefficients: the
 * 1-d operator a finite-difference derivative applies along one axis. It is described by
 *
 * <ul>
 *   <li><b>interior taps</b> {@code (o_k, c_k)}: {@code y[i] = sum_k c_k x[i + o_k]} for the
 *       interior rows {@code lo <= i < n - hi};</li>
 *   <li><b>explicit rows</b> for the {@code lo} first and {@code hi} last rows: each a short list
 *       of {@code (column, coefficient)} pairs (possibly empty: a zero row).</li>
 * </ul>
 *
 * <p>For example the centered order-3 first derivative with sampling {@code h} is the tap pair
 * {@code (-1, -0.5/h), (+1, 0.5/h)} on rows {@code 1 .. n-2} and two zero rows (or, with edge
 * formulas, the rows {@code (x[1] - x[0])/h} and {@code (x[n-1] - x[n-2])/h}). The
 * {@link #transpose()} is again such a stencil, computed exactly (the same coefficients, moved), so
 * a forward kernel and its adjoint are one kernel run on two stencils.
 *
 * <p>Instances are immutable. Interior taps never reach outside {@code [0, n)}, columns of explicit
 * rows are in {@code [0, n)}, and the explicit rows are few (at most a handful at each end, or all
 * rows of a very short sequence), so kernels may resolve them row by row.
 */
public final class Stencil {

    /**
     * Largest number of explicit rows of one stencil (a bound on boundary rows, not on n): room
     * for the edge rows of a derivative and for the truncated rows of a convolution with a filter
     * of up to {@code MAX_EXPLICIT_ROWS / 2 + 1} taps.
     */
    public static final int MAX_EXPLICIT_ROWS = 1024;

    private static final long[] NO_COLUMNS = {};
    private static final double[] NO_WEIGHTS = {};

    private final long n;
    private final int[] offsets;
    private final double[] coefficients;
    private final int lo;
    private final int hi;
    /** Explicit rows: index k &lt; lo is row k, index lo + k is row n - hi + k. */
    private final long[][] columns;
    private final double[][] weights;

    private Stencil(long n, int[] offsets, double[] coefficients, int lo, int hi, long[][] columns,
            double[][] weights) {
        this.n = n;
        this.offsets = offsets;
        this.coefficients = coefficients;
        this.lo = lo;
        this.hi = hi;
        this.columns = columns;
        this.weights = weights;
    }

    /**
     * The stencil with interior taps on rows {@code [lo, n - hi)} and zero rows elsewhere. When
     * {@code lo + hi >= n} there is no interior and every row is zero.
     *
     * @param n            the sequence length, at least 0
     * @param offsets      (Input) tap offsets, distinct; not modified
     * @param coefficients (Input) tap coefficients, one per offset; not modified (zeros are dropped)
     * @param lo           rows before the interior, at least {@code max(0, -min offset)}
     * @param hi           rows after the interior, at least {@code max(0, max offset)}
     * @return a new stencil
     * @throws IllegalArgumentException naming the argument when a tap would reach outside the
     *                                  sequence, offsets repeat, or lengths differ
     */
    public static Stencil banded(long n, int[] offsets, double[] coefficients, int lo, int hi) {
        if (n < 0) {
            throw new IllegalArgumentException("n: must not be negative, got " + n);
        }
        if (offsets == null || coefficients == null || offsets.length != coefficients.length) {
            throw new IllegalArgumentException("offsets/coefficients: need one coefficient per offset, got "
                    + (offsets == null ? "null" : offsets.length) + " offsets and "
                    + (coefficients == null ? "null" : coefficients.length) + " coefficients");
        }
        if (lo < 0 || hi < 0 || lo > MAX_EXPLICIT_ROWS / 2 || hi > MAX_EXPLICIT_ROWS / 2) {
            throw new IllegalArgumentException("lo/hi: must be in [0, " + MAX_EXPLICIT_ROWS / 2 + "], got " + lo
                    + " and " + hi);
        }
        TreeMap<Integer, Double> taps = new TreeMap<>();
        for (int k = 0; k < offsets.length; k++) {
            if (taps.put(offsets[k], coefficients[k]) != null) {
                throw new IllegalArgumentException("offsets: offset " + offsets[k] + " appears twice in "
                        + Arrays.toString(offsets));
            }
            if (offsets[k] < -lo || offsets[k] > hi) {
                throw new IllegalArgumentException("offsets: offset " + offsets[k] + " reaches outside the sequence"
                        + " from the interior rows [" + lo + ", n - " + hi + ")");
            }
        }
        taps.values().removeIf(c -> c == 0.0);
        int[] o = taps.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] c = taps.values().stream().mapToDouble(Double::doubleValue).toArray();
        if ((long) lo + hi >= n) {
            int rows = (int) n;
            return new Stencil(n, new int[0], new double[0], rows, 0, emptyRows(rows), emptyWeights(rows));
        }
        return new Stencil(n, o, c, lo, hi, emptyRows(lo + hi), emptyWeights(lo + hi));
    }

    /**
     * The convolution with the taps {@code (o_k, c_k)} applied on <em>every</em> row, inputs outside
     * {@code [0, n)} being zero: {@code y[i] = sum_k c_k x[i + o_k]} over the {@code k} with
     * {@code 0 <= i + o_k < n}. The rows whose taps all fall inside the sequence are interior, the
     * others explicit rows holding the taps that remain. Its exact transpose is
     * {@code convolution(n, -o, c)} (the taps mirrored), which is what a convolution operator's
     * adjoint runs.
     *
     * @param n            the sequence length, at least 0
     * @param offsets      (Input) tap offsets, distinct; not modified
     * @param coefficients (Input) one coefficient per offset; not modified (zeros are dropped)
     * @return a new stencil
     * @throws IllegalArgumentException naming the argument when offsets repeat, lengths differ, or
     *                                  the taps span more than {@code MAX_EXPLICIT_ROWS / 2} rows on a side
     */
    public static Stencil convolution(long n, int[] offsets, double[] coefficients) {
        if (n < 0) {
            throw new IllegalArgumentException("n: must not be negative, got " + n);
        }
        if (offsets == null || coefficients == null || offsets.length != coefficients.length) {
            throw new IllegalArgumentException("offsets/coefficients: need one coefficient per offset, got "
                    + (offsets == null ? "null" : offsets.length) + " offsets and "
                    + (coefficients == null ? "null" : coefficients.length) + " coefficients");
        }
        long minOff = 0;
        long maxOff = 0;
        for (int o : offsets) {
            minOff = Math.min(minOff, o);
            maxOff = Math.max(maxOff, o);
        }
        if (-minOff > MAX_EXPLICIT_ROWS / 2 || maxOff > MAX_EXPLICIT_ROWS / 2) {
            throw new IllegalArgumentException("offsets: taps reach " + (-minOff) + " rows back and " + maxOff
                    + " rows ahead, at most " + MAX_EXPLICIT_ROWS / 2 + " each way");
        }
        int lo = (int) -minOff;
        int hi = (int) maxOff;
        Stencil taps = banded(Math.max(n, (long) lo + hi + 1), offsets, coefficients, lo, hi);
        int[] o = taps.offsets;
        double[] c = taps.coefficients;
        int rows = (long) lo + hi >= n ? (int) n : lo + hi;
        int first = (long) lo + hi >= n ? (int) n : lo;
        long[][] cols = new long[rows][];
        double[][] wts = new double[rows][];
        for (int k = 0; k < rows; k++) {
            long row = k < first ? k : n - hi + (k - lo);
            int m = 0;
            for (int t : o) {
                if (row + t >= 0 && row + t < n) {
                    m++;
                }
            }
            cols[k] = new long[m];
            wts[k] = new double[m];
            m = 0;
            for (int t = 0; t < o.length; t++) {
                if (row + o[t] >= 0 && row + o[t] < n) {
                    cols[k][m] = row + o[t];
                    wts[k][m++] = c[t];
                }
            }
        }
        if ((long) lo + hi >= n) {
            return new Stencil(n, new int[0], new double[0], (int) n, 0, cols, wts);
        }
        return new Stencil(n, o, c, lo, hi, cols, wts);
    }

    /**
     * The product {@code P = this · right} (apply {@code right}, then this), exactly as a stencil:
     * {@code P[i][j] = sum_c this[i][c] right[c][j]}. Interior rows of {@code P} are the rows where
     * this stencil is interior and reads interior rows of {@code right} only; their taps are the
     * convolution of the two tap lists. A derivative followed by a convolution becomes one pass.
     *
     * @param right the stencil applied first, of the same length
     * @return a new stencil
     * @throws IllegalArgumentException when the lengths differ or the product needs more than
     *                                  {@code MAX_EXPLICIT_ROWS} explicit rows
     */
    public Stencil times(Stencil right) {
        if (right == null || right.n != n) {
            throw new IllegalArgumentException("right: " + (right == null ? "null" : "length " + right.n)
                    + ", expected a stencil of length " + n);
        }
        int min1 = offsets.length == 0 ? 0 : offsets[0];
        int max1 = offsets.length == 0 ? 0 : offsets[offsets.length - 1];
        long pLo = Math.max(lo, (long) right.lo - min1);
        long pHi = Math.max(hi, (long) right.hi + max1);
        TreeMap<Integer, Double> taps = new TreeMap<>();
        for (int a = 0; a < offsets.length; a++) {                       // P's taps: the tap lists convolved
            for (int b = 0; b < right.offsets.length; b++) {
                taps.merge(offsets[a] + right.offsets[b], coefficients[a] * right.coefficients[b], Double::sum);
            }
        }
        taps.values().removeIf(w -> w == 0.0);
        boolean noInterior = pLo + pHi >= n;
        if (noInterior ? n > MAX_EXPLICIT_ROWS : pLo + pHi > MAX_EXPLICIT_ROWS) {
            throw new IllegalArgumentException("right: the product of " + this + " and " + right + " needs "
                    + Math.min(n, pLo + pHi) + " explicit rows, more than " + MAX_EXPLICIT_ROWS);
        }
        int lo2 = noInterior ? (int) n : (int) pLo;
        int hi2 = noInterior ? 0 : (int) pHi;
        long[][] cols = new long[lo2 + hi2][];
        double[][] wts = new double[lo2 + hi2][];
        for (int k = 0; k < lo2 + hi2; k++) {
            long row = k < lo2 ? k : n - hi2 + (k - lo2);
            TreeMap<Long, Double> m = new TreeMap<>();
            long[] c1 = columns(row);
            double[] w1 = weights(row);
            for (int t = 0; t < c1.length; t++) {
                long[] c2 = right.columns(c1[t]);
                double[] w2 = right.weights(c1[t]);
                for (int u = 0; u < c2.length; u++) {
                    m.merge(c2[u], w1[t] * w2[u], Double::sum);
                }
            }
            m.values().removeIf(w -> w == 0.0);
            cols[k] = m.keySet().stream().mapToLong(Long::longValue).toArray();
            wts[k] = m.values().stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (noInterior) {
            return new Stencil(n, new int[0], new double[0], (int) n, 0, cols, wts);
        }
        return new Stencil(n, taps.keySet().stream().mapToInt(Integer::intValue).toArray(),
                taps.values().stream().mapToDouble(Double::doubleValue).toArray(), lo2, hi2, cols, wts);
    }

    private static long[][] emptyRows(int k) {
        long[][] r = new long[k][];
        Arrays.fill(r, NO_COLUMNS);
        return r;
    }

    private static double[][] emptyWeights(int k) {
        double[][] r = new double[k][];
        Arrays.fill(r, NO_WEIGHTS);
        return r;
    }

    /**
     * This stencil with row {@code row} replaced by {@code y[row] = sum_t weights[t] x[columns[t]]}
     * (an explicit row; interior rows between it and the nearer end become explicit too).
     *
     * @param row     the row, in {@code [0, n)}
     * @param columns (Input) columns in {@code [0, n)}; not modified (repeats are summed)
     * @param weights (Input) one coefficient per column; not modified
     * @return a new stencil
     * @throws IllegalArgumentException naming the argument when out of range
     */
    public Stencil withRow(long row, long[] columns, double[] weights) {
        if (row < 0 || row >= n) {
            throw new IllegalArgumentException("row: " + row + " is outside [0, " + n + ")");
        }
        if (columns == null || weights == null || columns.length != weights.length) {
            throw new IllegalArgumentException("columns/weights: need one weight per column");
        }
        for (long c : columns) {
            if (c < 0 || c >= n) {
                throw new IllegalArgumentException("columns: column " + c + " is outside [0, " + n + ")");
            }
        }
        int newLo = lo;
        int newHi = hi;
        if (row >= lo && row < n - hi) {
            if (row - lo <= n - hi - 1 - row) {
                newLo = (int) Math.min(row + 1, Integer.MAX_VALUE);
            } else {
                newHi = (int) Math.min(n - row, Integer.MAX_VALUE);
            }
        }
        if (newLo + newHi > MAX_EXPLICIT_ROWS) {
            throw new IllegalArgumentException("row: making row " + row + " explicit needs " + (newLo + newHi)
                    + " explicit rows, more than " + MAX_EXPLICIT_ROWS);
        }
        long[][] cols = new long[newLo + newHi][];
        double[][] wts = new double[newLo + newHi][];
        for (int k = 0; k < newLo; k++) {
            cols[k] = columns(k);
            wts[k] = weights(k);
        }
        for (int k = 0; k < newHi; k++) {
            cols[newLo + k] = columns(n - newHi + k);
            wts[newLo + k] = weights(n - newHi + k);
        }
        long[][] merged = merge(columns, weights);
        int index = row < newLo ? (int) row : (int) (newLo + row - (n - newHi));
        cols[index] = merged[0];
        wts[index] = toDoubles(merged[1]);
        if ((long) newLo + newHi >= n) {
            return new Stencil(n, new int[0], new double[0], (int) n, 0, cols, wts);
        }
        return new Stencil(n, offsets, coefficients, newLo, newHi, cols, wts);
    }

    /** Sorted distinct columns and their summed weights (as raw long bits), zero weights dropped. */
    private static long[][] merge(long[] columns, double[] weights) {
        TreeMap<Long, Double> m = new TreeMap<>();
        for (int t = 0; t < columns.length; t++) {
            m.merge(columns[t], weights[t], Double::sum);
        }
        m.values().removeIf(w -> w == 0.0);
        long[] c = m.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] w = m.values().stream().mapToLong(Double::doubleToRawLongBits).toArray();
        return new long[][] {c, w};
    }

    private static double[] toDoubles(long[] bits) {
        double[] d = new double[bits.length];
        for (int k = 0; k < bits.length; k++) {
            d[k] = Double.longBitsToDouble(bits[k]);
        }
        return d;
    }

    /**
     * The transpose {@code S^T}, exactly: {@code S^T[j][i] = S[i][j]} with the same coefficient
     * values. For a derivative this is the stencil of its adjoint.
     *
     * @return a new stencil
     */
    public Stencil transpose() {
        int maxOff = 0;
        int minOff = 0;
        for (int o : offsets) {
            maxOff = Math.max(maxOff, o);
            minOff = Math.min(minOff, o);
        }
        long newLo = lo + (long) maxOff;
        long newHi = hi - (long) minOff;
        // no interior column j of S^T may be referenced by an explicit row of S
        for (long[] row : columns) {
            for (long c : row) {
                if (c < n / 2) {
                    newLo = Math.max(newLo, c + 1);
                } else {
                    newHi = Math.max(newHi, n - c);
                }
            }
        }
        boolean noInterior = (long) lo + hi >= n;
        if (noInterior || newLo + newHi >= n || newLo + newHi > MAX_EXPLICIT_ROWS) {
            if (n > MAX_EXPLICIT_ROWS) {
                throw new IllegalStateException("transpose: " + this + " has no compact transpose");
            }
            int rows = (int) n;
            long[][] cols = new long[rows][];
            double[][] wts = new double[rows][];
            for (int j = 0; j < rows; j++) {
                long[][] col = column(j);
                cols[j] = col[0];
                wts[j] = toDoubles(col[1]);
            }
            return new Stencil(n, new int[0], new double[0], rows, 0, cols, wts);
        }
        int tl = (int) newLo;
        int th = (int) newHi;
        int[] o = new int[offsets.length];
        double[] c = new double[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            o[offsets.length - 1 - k] = -offsets[k];
            c[offsets.length - 1 - k] = coefficients[k];
        }
        long[][] cols = new long[tl + th][];
        double[][] wts = new double[tl + th][];
        for (int k = 0; k < tl + th; k++) {
            long j = k < tl ? k : n - th + (k - tl);
            long[][] col = column(j);
            cols[k] = col[0];
            wts[k] = toDoubles(col[1]);
        }
        return new Stencil(n, o, c, tl, th, cols, wts);
    }

    /** Column {@code j} of this stencil: the rows that reference it and their coefficients (raw bits). */
    private long[][] column(long j) {
        TreeMap<Long, Double> m = new TreeMap<>();
        for (int k = 0; k < lo + hi; k++) {
            long row = k < lo ? k : n - hi + (k - lo);
            for (int t = 0; t < columns[k].length; t++) {
                if (columns[k][t] == j) {
                    m.merge(row, weights[k][t], Double::sum);
                }
            }
        }
        for (int k = 0; k < offsets.length; k++) {
            long row = j - offsets[k];
            if (row >= lo && row < n - hi) {
                m.merge(row, coefficients[k], Double::sum);
            }
        }
        m.values().removeIf(w -> w == 0.0);
        return new long[][] {m.keySet().stream().mapToLong(Long::longValue).toArray(),
            m.values().stream().mapToLong(Double::doubleToRawLongBits).toArray()};
    }

    /**
     * This stencil times {@code s}: every coefficient multiplied by {@code s}.
     *
     * @param s the factor
     * @return a new stencil ({@code this} when {@code s == 1})
     */
    public Stencil scaled(double s) {
        if (s == 1.0) {
            return this;
        }
        double[] c = coefficients.clone();
        for (int k = 0; k < c.length; k++) {
            c[k] *= s;
        }
        double[][] w = new double[weights.length][];
        for (int k = 0; k < w.length; k++) {
            w[k] = weights[k].clone();
            for (int t = 0; t < w[k].length; t++) {
                w[k][t] *= s;
            }
        }
        return new Stencil(n, offsets.clone(), c, lo, hi, columns.clone(), w);
    }

    /**
     * The sequence length n (rows = columns).
     *
     * @return n
     */
    public long length() {
        return n;
    }

    /**
     * The first interior row ({@code lo}).
     *
     * @return the row
     */
    public long interiorStart() {
        return lo;
    }

    /**
     * One past the last interior row ({@code n - hi}); equal to {@link #interiorStart()} when there is none.
     *
     * @return the row
     */
    public long interiorEnd() {
        return n - hi;
    }

    /**
     * The interior tap offsets, ascending (a copy).
     *
     * @return the offsets
     */
    public int[] offsets() {
        return offsets.clone();
    }

    /**
     * The interior tap coefficients, in the order of {@link #offsets()} (a copy).
     *
     * @return the coefficients
     */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * Whether {@code row} is an interior row (computed from the taps).
     *
     * @param row the row
     * @return whether it is interior
     */
    public boolean isInterior(long row) {
        return row >= lo && row < n - hi;
    }

    /**
     * The columns row {@code row} references, ascending (a copy; empty for a zero row).
     *
     * @param row the row, in {@code [0, n)}
     * @return the columns
     * @throws IllegalArgumentException when the row is outside {@code [0, n)}
     */
    public long[] columns(long row) {
        checkRow(row);
        if (isInterior(row)) {
            long[] c = new long[offsets.length];
            for (int k = 0; k < c.length; k++) {
                c[k] = row + offsets[k];
            }
            return c;
        }
        return columns[explicitIndex(row)].clone();
    }

    /**
     * The coefficients of row {@code row}, in the order of {@link #columns(long)} (a copy).
     *
     * @param row the row, in {@code [0, n)}
     * @return the coefficients
     * @throws IllegalArgumentException when the row is outside {@code [0, n)}
     */
    public double[] weights(long row) {
        checkRow(row);
        return isInterior(row) ? coefficients.clone() : weights[explicitIndex(row)].clone();
    }

    /**
     * The entry {@code S[row][col]} (0 outside the band).
     *
     * @param row the row
     * @param col the column
     * @return the entry
     */
    public double entry(long row, long col) {
        long[] c = columns(row);
        double[] w = weights(row);
        for (int t = 0; t < c.length; t++) {
            if (c[t] == col) {
                return w[t];
            }
        }
        return 0.0;
    }

    /**
     * The lowest column referenced by rows {@code [from, to)}, or {@code from} when they reference
     * nothing below it (and for an empty range).
     *
     * @param from the first row
     * @param to   one past the last row
     * @return the column
     */
    public long firstColumn(long from, long to) {
        long first = from;
        if (to <= from) {
            return first;
        }
        for (long row = from; row < Math.min(to, lo); row++) {
            first = Math.min(first, minOf(columns(row), first));
        }
        long a = Math.max(from, lo);
        if (a < Math.min(to, n - hi) && offsets.length > 0) {
            first = Math.min(first, a + offsets[0]);
        }
        for (long row = Math.max(from, n - hi); row < to; row++) {
            first = Math.min(first, minOf(columns(row), first));
        }
        return first;
    }

    /**
     * One past the highest column referenced by rows {@code [from, to)}, or {@code to} when they
     * reference nothing at or above it (and for an empty range).
     *
     * @param from the first row
     * @param to   one past the last row
     * @return the column
     */
    public long endColumn(long from, long to) {
        long end = to;
        if (to <= from) {
            return end;
        }
        for (long row = from; row < Math.min(to, lo); row++) {
            end = Math.max(end, maxOf(columns(row), end - 1) + 1);
        }
        long b = Math.min(to, n - hi);
        if (b > Math.max(from, lo) && offsets.length > 0) {
            end = Math.max(end, b - 1 + offsets[offsets.length - 1] + 1);
        }
        for (long row = Math.max(from, n - hi); row < to; row++) {
            end = Math.max(end, maxOf(columns(row), end - 1) + 1);
        }
        return end;
    }

    private static long minOf(long[] v, long dflt) {
        long m = dflt;
        for (long x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static long maxOf(long[] v, long dflt) {
        long m = dflt;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private int explicitIndex(long row) {
        return row < lo ? (int) row : (int) (lo + row - (n - hi));
    }

    private void checkRow(long row) {
        if (row < 0 || row >= n) {
            throw new IllegalArgumentException("row: " + row + " is outside [0, " + n + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Stencil s) || s.n != n || s.lo != lo || s.hi != hi) {
            return false;
        }
        return Arrays.equals(offsets, s.offsets) && Arrays.equals(coefficients, s.coefficients)
                && Arrays.deepEquals(columns, s.columns) && Arrays.deepEquals(weights, s.weights);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(n) * 31 + Arrays.hashCode(offsets) * 17 + Arrays.hashCode(coefficients)
                + Arrays.deepHashCode(columns);
    }

    /** The taps, the interior range and the explicit rows, e.g. {@code Stencil[n=5, taps {-1: -0.5, 1: 0.5} on [1, 4), rows ...]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Stencil[n=").append(n).append(", taps {");
        for (int k = 0; k < offsets.length; k++) {
            s.append(k == 0 ? "" : ", ").append(offsets[k]).append(": ").append(coefficients[k]);
        }
        s.append("} on [").append(lo).append(", ").append(n - hi).append("), rows {");
        for (int k = 0; k < lo + hi; k++) {
            long row = k < lo ? k : n - hi + (k - lo);
            s.append(k == 0 ? "" : "; ").append(row).append(':');
            for (int t = 0; t < columns[k].length; t++) {
                s.append(' ').append(weights[k][t]).append("·x").append(columns[k][t]);
            }
        }
        return s.append("}]").toString();
    }
}
