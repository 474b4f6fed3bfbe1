package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.ThresholdKernels;

/**
 * The fused loops of the shrinkage solvers' step ({@link HostEngine#shrinkStep},
 * {@link HostEngine#extrapolatedResidualBlocks}): per element the operations of the separate
 * kernels they replace, in the same order and precision (Java arithmetic, no fused multiply-add),
 * so the same bits with fewer passes over memory.
 */
final class ShrinkLoops {

    private ShrinkLoops() {
    }

    /**
     * Real float64, soft or hard threshold: {@code x⁺ = T(z + alpha g)} into {@code g},
     * {@code d = x⁺ − x}, and with {@code extrapolate} {@code z = x⁺ + omega d}.
     */
    static void shrinkReal(boolean soft, double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega) {
        shrinkReal(soft, t, alpha, g, z, x, d, extrapolate, omega, 0, g.length);
    }

    /** {@link #shrinkReal(boolean, double, double, double[], double[], double[], double[], boolean, double)} on the entries {@code [from, from + n)}. */
    static void shrinkReal(boolean soft, double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int n) {
        int end = from + n;
        if (extrapolate) {
            for (int i = from; i < end; i++) {
                double u = z[i] + alpha * g[i];                                // x_u = z + alpha g
                double xp = soft ? HostThresholdKernels.soft(u, t) : HostThresholdKernels.hard(u, t);
                double di = xp - x[i];                                         // d = x⁺ − x
                g[i] = xp;
                d[i] = di;
                z[i] = xp + omega * di;                                        // z⁺ = x⁺ + omega d
            }
        } else {
            for (int i = from; i < end; i++) {
                double u = z[i] + alpha * g[i];
                double xp = soft ? HostThresholdKernels.soft(u, t) : HostThresholdKernels.hard(u, t);
                g[i] = xp;
                d[i] = xp - x[i];
            }
        }
    }

    /** Entries per piece of {@link #shrinkRealBlocks}: the piece of the four vectors stays in the first-level cache. */
    static final int PIECE = 1024;

    /**
     * {@link ShrinkStepLoops#shrinkRealBlocks} made of two steps on each piece of whole blocks:
     * {@code loops}' range loop, then the block sums of {@code d²} and {@code |x⁺|} while the piece is
     * in cache.
     */
    static void shrinkRealBlocks(ShrinkStepLoops loops, boolean soft, double t, double alpha, double[] g, double[] z,
            double[] x, double[] d, boolean extrapolate, double omega, int from, int n, int blockLength, double[] out,
            int outPos) {
        int piece = Math.max(1, PIECE / blockLength) * blockLength;
        int most = (Math.min(piece, n) + blockLength - 1) / blockLength;
        double[] squares = new double[most];
        double[] absolutes = new double[most];
        for (int done = 0; done < n; done += piece) {
            int m = Math.min(piece, n - done);
            loops.shrinkReal(soft, t, alpha, g, z, x, d, extrapolate, omega, from + done, m);
            HostBlockKernels.sumBlocks(d, from + done, m, false, blockLength, Reduction.SUM_SQUARES, 2, squares, 0);
            HostBlockKernels.sumBlocks(g, from + done, m, false, blockLength, Reduction.SUM_ABS, 1, absolutes, 0);
            int o = outPos + 2 * (done / blockLength);
            for (int k = 0, blocks = (m + blockLength - 1) / blockLength; k < blocks; k++) {
                out[o + 2 * k] = squares[k];
                out[o + 2 * k + 1] = absolutes[k];
            }
        }
    }

    /** Any threshold on float64 or complex128 entries (complex interleaved), as {@link #shrinkReal}. */
    static void shrink(ThresholdKernels.Kind kind, double t, double cut, boolean complex, double alpha, double[] g,
            double[] z, double[] x, double[] d, boolean extrapolate, double omega) {
        shrink(kind, t, cut, complex, alpha, g, z, x, d, extrapolate, omega, 0, g.length);
    }

    /**
     * {@link #shrink(ThresholdKernels.Kind, double, double, boolean, double, double[], double[], double[], double[], boolean, double)}
     * on the entries {@code [from, from + n)} (complex: {@code from} and {@code n} even).
     */
    static void shrink(ThresholdKernels.Kind kind, double t, double cut, boolean complex, double alpha, double[] g,
            double[] z, double[] x, double[] d, boolean extrapolate, double omega, int from, int n) {
        double[] o = new double[2];
        int c = complex ? 2 : 1;
        for (int j = from, end = from + n; j < end; j += c) {
            double ur = z[j] + alpha * g[j];
            double ui = complex ? z[j + 1] + alpha * g[j + 1] : 0;
            HostThresholdKernels.apply(kind, ur, ui, complex, t, cut, o);
            double dr = o[0] - x[j];
            g[j] = o[0];
            d[j] = dr;
            if (extrapolate) {
                z[j] = o[0] + omega * dr;
            }
            if (complex) {
                double di = o[1] - x[j + 1];
                g[j + 1] = o[1];
                d[j + 1] = di;
                if (extrapolate) {
                    z[j + 1] = o[1] + omega * di;
                }
            }
        }
    }

    /**
     * Any threshold on float32 or complex64 entries: the linear parts in single precision, the
     * threshold in double precision from the single-precision point, rounded once.
     */
    static void shrink(ThresholdKernels.Kind kind, double t, double cut, boolean complex, float alpha, float[] g,
            float[] z, float[] x, float[] d, boolean extrapolate, float omega) {
        shrink(kind, t, cut, complex, alpha, g, z, x, d, extrapolate, omega, 0, g.length);
    }

    /**
     * {@link #shrink(ThresholdKernels.Kind, double, double, boolean, float, float[], float[], float[], float[], boolean, float)}
     * on the entries {@code [from, from + n)} (complex: {@code from} and {@code n} even).
     */
    static void shrink(ThresholdKernels.Kind kind, double t, double cut, boolean complex, float alpha, float[] g,
            float[] z, float[] x, float[] d, boolean extrapolate, float omega, int from, int n) {
        double[] o = new double[2];
        int c = complex ? 2 : 1;
        for (int j = from, end = from + n; j < end; j += c) {
            float ur = z[j] + alpha * g[j];
            float ui = complex ? z[j + 1] + alpha * g[j + 1] : 0;
            HostThresholdKernels.apply(kind, ur, ui, complex, t, cut, o);
            float xr = (float) o[0];
            float dr = xr - x[j];
            g[j] = xr;
            d[j] = dr;
            if (extrapolate) {
                z[j] = xr + omega * dr;
            }
            if (complex) {
                float xi = (float) o[1];
                float di = xi - x[j + 1];
                g[j + 1] = xi;
                d[j + 1] = di;
                if (extrapolate) {
                    z[j + 1] = xi + omega * di;
                }
            }
        }
    }

    /**
     * Entries {@code [from, from + n)}: {@code res = y − (p + omega (p − q))}, and {@code y − p} into
     * {@code c[0, n)}.
     */
    static void extrapolatedResidual(double omega, double[] y, double[] p, double[] q, double[] res, int from, int n,
            double[] c) {
        for (int k = 0, j = from; k < n; k++, j++) {
            double pj = p[j];
            double yj = y[j];
            res[j] = yj - (pj + omega * (pj - q[j]));                          // y − A z⁺, A z⁺ = p + omega (p − q)
            c[k] = yj - pj;                                                    // y − A x⁺
        }
    }

    /** As {@link #extrapolatedResidual(double, double[], double[], double[], double[], int, int, double[])} in single precision. */
    static void extrapolatedResidual(float omega, float[] y, float[] p, float[] q, float[] res, int from, int n,
            float[] c) {
        for (int k = 0, j = from; k < n; k++, j++) {
            float pj = p[j];
            float yj = y[j];
            res[j] = yj - (pj + omega * (pj - q[j]));
            c[k] = yj - pj;
        }
    }
}
