package org.jlops.mpi.engine.host;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.jlops.mpi.engine.Engine;

/**
 * {@link ShrinkLoops} on the Vector API ({@code jdk.incubator.vector}): each lane does exactly the
 * scalar loop's operations on its entry, in the same order and precision — a multiply, then an add
 * (never a fused multiply-add), the threshold of {@code HostThresholdKernels.soft}/{@code hard}
 * written as lane masks and blends, the float32 threshold in double lanes from the exactly widened
 * single-precision point and rounded once — so the bits are the scalar loop's (NaN payloads aside:
 * Java does not specify them, and an x86 add of two NaNs keeps the payload of whichever operand the
 * compiler puts first). The entries after the last whole vector take the scalar loop's body.
 *
 * <p>Loaded only when the module is in the boot layer ({@link ShrinkStepLoops#INSTANCE} checks
 * through {@link HostStencilKernels#vectorImplementation} before it touches this class), so a JVM
 * without it never links these types.
 */
final class VectorShrinkLoops implements ShrinkStepLoops {

    /** The width of {@code VectorStencilLoops}: the platform's preferred one, at most 256 bits. */
    private static final VectorShape SHAPE = VectorShape.forBitSize(
            Math.min(256, DoubleVector.SPECIES_PREFERRED.vectorBitSize()));
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, SHAPE);
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, SHAPE);
    /** Floats of half the width: as many lanes as {@link #D}, for the float32 threshold in double lanes. */
    private static final VectorSpecies<Float> FD = VectorSpecies.of(float.class,
            VectorShape.forBitSize(SHAPE.vectorBitSize() / 2));

    /** Created by {@link ShrinkStepLoops#INSTANCE} through reflection, after its module check. */
    VectorShrinkLoops() {
    }

    // One loop per threshold: a loop that picked the threshold per call would merge the two
    // thresholds' vectors at a branch, and once both had run C2 kept that merge and boxed the vectors
    // (the kind that ran second in a JVM took 3-7x the time of the same kind run first; 4M float64,
    // 2 busy cores, 2026-12-07). A store under a branch (extrapolate) merges no vectors.

    /**
     * {@code HostThresholdKernels.soft(u, t)} in each lane:
     * {@code m = |u| − t; m > 0 ? (u > 0 ? m : −m) : (isNaN(u) ? u : +0.0)}.
     */
    private static DoubleVector soft(DoubleVector u, DoubleVector t) {
        DoubleVector m = u.abs().sub(t);                                                    // |u| − t
        DoubleVector signed = m.neg().blend(m, u.compare(VectorOperators.GT, 0.0));         // u > 0 ? m : −m
        DoubleVector below = DoubleVector.zero(D).blend(u, u.test(VectorOperators.IS_NAN)); // isNaN(u) ? u : +0
        return below.blend(signed, m.compare(VectorOperators.GT, 0.0));                     // m > 0 ? signed : below
    }

    /** {@code HostThresholdKernels.hard(u, t)} in each lane: {@code |u| <= t ? +0.0 : u}. */
    private static DoubleVector hard(DoubleVector u, DoubleVector t) {
        return u.blend(DoubleVector.zero(D), u.abs().compare(VectorOperators.LE, t));
    }

    @Override
    public void shrinkReal(boolean soft, double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int n) {
        int m = from + D.loopBound(n);
        if (soft) {
            softLoop(t, alpha, g, z, x, d, extrapolate, omega, from, m);
        } else {
            hardLoop(t, alpha, g, z, x, d, extrapolate, omega, from, m);
        }
        for (int i = m, end = from + n; i < end; i++) {
            // the scalar loop's body (ShrinkLoops.shrinkReal)
            double u = z[i] + alpha * g[i];
            double xp = soft ? HostThresholdKernels.soft(u, t) : HostThresholdKernels.hard(u, t);
            double di = xp - x[i];
            g[i] = xp;
            d[i] = di;
            if (extrapolate) {
                z[i] = xp + omega * di;
            }
        }
    }

    /** Entries {@code [from, m)} of the float64 {@code shrinkReal}, soft threshold. */
    private static void softLoop(double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int m) {
        int l = D.length();
        DoubleVector vt = DoubleVector.broadcast(D, t);
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        DoubleVector vo = DoubleVector.broadcast(D, omega);
        for (int i = from; i < m; i += l) {
            DoubleVector u = DoubleVector.fromArray(D, z, i).add(va.mul(DoubleVector.fromArray(D, g, i)));
            DoubleVector xp = soft(u, vt);                                          // x⁺ = T(z + alpha g)
            DoubleVector di = xp.sub(DoubleVector.fromArray(D, x, i));              // d = x⁺ − x
            xp.intoArray(g, i);
            di.intoArray(d, i);
            if (extrapolate) {
                xp.add(vo.mul(di)).intoArray(z, i);                                 // z⁺ = x⁺ + omega d
            }
        }
    }

    /** The float64 {@code softLoop} with the hard threshold. */
    private static void hardLoop(double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int m) {
        int l = D.length();
        DoubleVector vt = DoubleVector.broadcast(D, t);
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        DoubleVector vo = DoubleVector.broadcast(D, omega);
        for (int i = from; i < m; i += l) {
            DoubleVector u = DoubleVector.fromArray(D, z, i).add(va.mul(DoubleVector.fromArray(D, g, i)));
            DoubleVector xp = hard(u, vt);
            DoubleVector di = xp.sub(DoubleVector.fromArray(D, x, i));
            xp.intoArray(g, i);
            di.intoArray(d, i);
            if (extrapolate) {
                xp.add(vo.mul(di)).intoArray(z, i);
            }
        }
    }

    @Override
    public void shrinkReal(boolean soft, double t, float alpha, float[] g, float[] z, float[] x, float[] d,
            boolean extrapolate, float omega, int from, int n) {
        int m = from + FD.loopBound(n);
        if (soft) {
            softLoop(t, alpha, g, z, x, d, extrapolate, omega, from, m);
        } else {
            hardLoop(t, alpha, g, z, x, d, extrapolate, omega, from, m);
        }
        for (int i = m, end = from + n; i < end; i++) {
            // the scalar loop's body (ShrinkLoops.shrink on float32 entries)
            float u = z[i] + alpha * g[i];
            float xp = (float) (soft ? HostThresholdKernels.soft(u, t) : HostThresholdKernels.hard(u, t));
            float di = xp - x[i];
            g[i] = xp;
            d[i] = di;
            if (extrapolate) {
                z[i] = xp + omega * di;
            }
        }
    }

    /**
     * Entries {@code [from, m)} of the float32 {@code shrinkReal}, soft threshold: the linear parts in
     * float lanes, the threshold in as many double lanes from the exactly widened point, rounded once
     * to float.
     */
    private static void softLoop(double t, float alpha, float[] g, float[] z, float[] x, float[] d,
            boolean extrapolate, float omega, int from, int m) {
        int l = FD.length();
        DoubleVector vt = DoubleVector.broadcast(D, t);
        FloatVector va = FloatVector.broadcast(FD, alpha);
        FloatVector vo = FloatVector.broadcast(FD, omega);
        for (int i = from; i < m; i += l) {
            FloatVector u = FloatVector.fromArray(FD, z, i).add(va.mul(FloatVector.fromArray(FD, g, i)));
            DoubleVector ud = (DoubleVector) u.convertShape(VectorOperators.F2D, D, 0);          // exact
            FloatVector xp = (FloatVector) soft(ud, vt).convertShape(VectorOperators.D2F, FD, 0); // rounded once
            FloatVector di = xp.sub(FloatVector.fromArray(FD, x, i));
            xp.intoArray(g, i);
            di.intoArray(d, i);
            if (extrapolate) {
                xp.add(vo.mul(di)).intoArray(z, i);
            }
        }
    }

    /** The float32 {@code softLoop} with the hard threshold. */
    private static void hardLoop(double t, float alpha, float[] g, float[] z, float[] x, float[] d,
            boolean extrapolate, float omega, int from, int m) {
        int l = FD.length();
        DoubleVector vt = DoubleVector.broadcast(D, t);
        FloatVector va = FloatVector.broadcast(FD, alpha);
        FloatVector vo = FloatVector.broadcast(FD, omega);
        for (int i = from; i < m; i += l) {
            FloatVector u = FloatVector.fromArray(FD, z, i).add(va.mul(FloatVector.fromArray(FD, g, i)));
            DoubleVector ud = (DoubleVector) u.convertShape(VectorOperators.F2D, D, 0);
            FloatVector xp = (FloatVector) hard(ud, vt).convertShape(VectorOperators.D2F, FD, 0);
            FloatVector di = xp.sub(FloatVector.fromArray(FD, x, i));
            xp.intoArray(g, i);
            di.intoArray(d, i);
            if (extrapolate) {
                xp.add(vo.mul(di)).intoArray(z, i);
            }
        }
    }

    /**
     * In registers where it can: with four double lanes and blocks of a multiple of 8 entries (the
     * tree sums' blocks of 256), the squares and absolute values are added to eight partial sums per
     * block inside the loop that writes them, lane by lane in the order of {@code Engine.blockSum}
     * (each partial sum adds its entries in order, a multiply then an add), so the same bits as the
     * loop followed by the block sums, with no second look at {@code d} and {@code x⁺}; otherwise
     * (single leaves, other widths) the loop and the block sums piece by piece
     * ({@link ShrinkLoops#shrinkRealBlocks}).
     */
    @Override
    public void shrinkRealBlocks(boolean soft, double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int n, int blockLength, double[] out, int outPos) {
        if (D.length() != 4 || blockLength % 8 != 0) {
            ShrinkLoops.shrinkRealBlocks(this, soft, t, alpha, g, z, x, d, extrapolate, omega, from, n, blockLength,
                    out, outPos);
        } else if (soft) {
            softBlocks(t, alpha, g, z, x, d, extrapolate, omega, from, n, blockLength, out, outPos);
        } else {
            hardBlocks(t, alpha, g, z, x, d, extrapolate, omega, from, n, blockLength, out, outPos);
        }
    }

    /**
     * The blocks of {@link #shrinkRealBlocks} with the soft threshold: in each block, pairs of
     * vectors (block entries {@code j .. j + 7}, {@code j} a multiple of 8, to partial sums 0 to 7
     * in order), the last {@code < 8} entries in the scalar body to partial sums 0 on, then each sum's
     * eight partial sums combined as {@code Engine.blockSum} combines them.
     */
    private static void softBlocks(double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int n, int blockLength, double[] out, int outPos) {
        DoubleVector vt = DoubleVector.broadcast(D, t);
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        DoubleVector vo = DoubleVector.broadcast(D, omega);
        DoubleVector zero = DoubleVector.zero(D);
        double[] s = new double[8];
        double[] a = new double[8];
        int end = from + n;
        int k = outPos;
        for (int b = from; b < end; b += blockLength) {
            int blockEnd = Math.min(end, b + blockLength);
            int full = b + ((blockEnd - b) & ~7);
            DoubleVector sq0 = zero, sq1 = zero, ab0 = zero, ab1 = zero;
            for (int i = b; i < full; i += 8) {
                DoubleVector u = DoubleVector.fromArray(D, z, i).add(va.mul(DoubleVector.fromArray(D, g, i)));
                DoubleVector xp = soft(u, vt);                                       // x⁺ = T(z + alpha g)
                DoubleVector di = xp.sub(DoubleVector.fromArray(D, x, i));          // d = x⁺ − x
                xp.intoArray(g, i);
                di.intoArray(d, i);
                if (extrapolate) {
                    xp.add(vo.mul(di)).intoArray(z, i);                             // z⁺ = x⁺ + omega d
                }
                sq0 = sq0.add(di.mul(di));                                          // partial sums 0-3 of d²
                ab0 = ab0.add(xp.abs());                                            // and of |x⁺|
                int j = i + 4;
                u = DoubleVector.fromArray(D, z, j).add(va.mul(DoubleVector.fromArray(D, g, j)));
                xp = soft(u, vt);
                di = xp.sub(DoubleVector.fromArray(D, x, j));
                xp.intoArray(g, j);
                di.intoArray(d, j);
                if (extrapolate) {
                    xp.add(vo.mul(di)).intoArray(z, j);
                }
                sq1 = sq1.add(di.mul(di));                                          // partial sums 4-7
                ab1 = ab1.add(xp.abs());
            }
            sq0.intoArray(s, 0);
            sq1.intoArray(s, 4);
            ab0.intoArray(a, 0);
            ab1.intoArray(a, 4);
            for (int i = full, lane = 0; i < blockEnd; i++, lane++) {
                // the scalar loop's body (ShrinkLoops.shrinkReal), then the partial sums' next entries
                double u = z[i] + alpha * g[i];
                double xp = HostThresholdKernels.soft(u, t);
                double di = xp - x[i];
                g[i] = xp;
                d[i] = di;
                if (extrapolate) {
                    z[i] = xp + omega * di;
                }
                s[lane] += di * di;
                a[lane] += Math.abs(xp);
            }
            out[k++] = Engine.combineLanes(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
            out[k++] = Engine.combineLanes(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        }
    }

    /**
     * The blocks of {@link #shrinkRealBlocks} with the hard threshold: {@link #softBlocks} with
     * {@link #hard} for {@link #soft}. Kept apart on purpose: one method choosing the threshold by a
     * flag was measured slower (4M entries, median of 15 × 10 calls: soft 3.7 → 4.7 ms, hard 3.6-4.4
     * → 8.3-8.9 ms), the compiled loop not unswitched once both thresholds had run. In each block, pairs of
     * vectors (block entries {@code j .. j + 7}, {@code j} a multiple of 8, to partial sums 0 to 7
     * in order), the last {@code < 8} entries in the scalar body to partial sums 0 on, then each sum's
     * eight partial sums combined as {@code Engine.blockSum} combines them.
     */
    private static void hardBlocks(double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int n, int blockLength, double[] out, int outPos) {
        DoubleVector vt = DoubleVector.broadcast(D, t);
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        DoubleVector vo = DoubleVector.broadcast(D, omega);
        DoubleVector zero = DoubleVector.zero(D);
        double[] s = new double[8];
        double[] a = new double[8];
        int end = from + n;
        int k = outPos;
        for (int b = from; b < end; b += blockLength) {
            int blockEnd = Math.min(end, b + blockLength);
            int full = b + ((blockEnd - b) & ~7);
            DoubleVector sq0 = zero, sq1 = zero, ab0 = zero, ab1 = zero;
            for (int i = b; i < full; i += 8) {
                DoubleVector u = DoubleVector.fromArray(D, z, i).add(va.mul(DoubleVector.fromArray(D, g, i)));
                DoubleVector xp = hard(u, vt);                                       // x⁺ = T(z + alpha g)
                DoubleVector di = xp.sub(DoubleVector.fromArray(D, x, i));          // d = x⁺ − x
                xp.intoArray(g, i);
                di.intoArray(d, i);
                if (extrapolate) {
                    xp.add(vo.mul(di)).intoArray(z, i);                             // z⁺ = x⁺ + omega d
                }
                sq0 = sq0.add(di.mul(di));                                          // partial sums 0-3 of d²
                ab0 = ab0.add(xp.abs());                                            // and of |x⁺|
                int j = i + 4;
                u = DoubleVector.fromArray(D, z, j).add(va.mul(DoubleVector.fromArray(D, g, j)));
                xp = hard(u, vt);
                di = xp.sub(DoubleVector.fromArray(D, x, j));
                xp.intoArray(g, j);
                di.intoArray(d, j);
                if (extrapolate) {
                    xp.add(vo.mul(di)).intoArray(z, j);
                }
                sq1 = sq1.add(di.mul(di));                                          // partial sums 4-7
                ab1 = ab1.add(xp.abs());
            }
            sq0.intoArray(s, 0);
            sq1.intoArray(s, 4);
            ab0.intoArray(a, 0);
            ab1.intoArray(a, 4);
            for (int i = full, lane = 0; i < blockEnd; i++, lane++) {
                // the scalar loop's body (ShrinkLoops.shrinkReal), then the partial sums' next entries
                double u = z[i] + alpha * g[i];
                double xp = HostThresholdKernels.hard(u, t);
                double di = xp - x[i];
                g[i] = xp;
                d[i] = di;
                if (extrapolate) {
                    z[i] = xp + omega * di;
                }
                s[lane] += di * di;
                a[lane] += Math.abs(xp);
            }
            out[k++] = Engine.combineLanes(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
            out[k++] = Engine.combineLanes(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        }
    }

    @Override
    public void extrapolatedResidual(double omega, double[] y, double[] p, double[] q, double[] res, int from, int n,
            double[] c) {
        int l = D.length();
        int m = D.loopBound(n);
        DoubleVector vo = DoubleVector.broadcast(D, omega);
        for (int k = 0; k < m; k += l) {
            int j = from + k;
            DoubleVector pj = DoubleVector.fromArray(D, p, j);
            DoubleVector yj = DoubleVector.fromArray(D, y, j);
            // res = y − (p + omega (p − q))
            yj.sub(pj.add(vo.mul(pj.sub(DoubleVector.fromArray(D, q, j))))).intoArray(res, j);
            yj.sub(pj).intoArray(c, k);                                                         // y − p
        }
        for (int k = m, j = from + m; k < n; k++, j++) {
            // the scalar loop's body (ShrinkLoops.extrapolatedResidual)
            double pj = p[j];
            double yj = y[j];
            res[j] = yj - (pj + omega * (pj - q[j]));
            c[k] = yj - pj;
        }
    }

    @Override
    public void extrapolatedResidual(float omega, float[] y, float[] p, float[] q, float[] res, int from, int n,
            float[] c) {
        int l = F.length();
        int m = F.loopBound(n);
        FloatVector vo = FloatVector.broadcast(F, omega);
        for (int k = 0; k < m; k += l) {
            int j = from + k;
            FloatVector pj = FloatVector.fromArray(F, p, j);
            FloatVector yj = FloatVector.fromArray(F, y, j);
            yj.sub(pj.add(vo.mul(pj.sub(FloatVector.fromArray(F, q, j))))).intoArray(res, j);
            yj.sub(pj).intoArray(c, k);
        }
        for (int k = m, j = from + m; k < n; k++, j++) {
            float pj = p[j];
            float yj = y[j];
            res[j] = yj - (pj + omega * (pj - q[j]));
            c[k] = yj - pj;
        }
    }
}
