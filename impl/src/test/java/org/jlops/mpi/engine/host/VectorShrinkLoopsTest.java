package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API's loops of the shrinkage step ({@link VectorShrinkLoops}) against the scalar loops
 * ({@link ShrinkStepLoops#SCALAR}): the same inputs through both give the same bits — random values
 * mixed with every special value (NaN of several payloads and signs, ±∞, ±0, subnormals, the largest
 * values, values exactly at and one ulp either side of ±t), thresholds from 0, subnormal and
 * negative to ∞ and NaN, lengths 0 to 70 (every tail of a vector), offsets {@code from} ≠ 0 for the
 * residual and the ranged shrink loops, soft and hard, with and without extrapolation, float64 and float32.
 *
 * <p>Bits are compared raw (so {@code +0.0} is not {@code −0.0}); two NaNs count as equal whatever
 * their payloads, which Java does not specify for arithmetic: an x86 add of two NaNs keeps the
 * payload of whichever operand the compiler puts first, and the vector and scalar code do differ
 * there (a signalling NaN in {@code z} and a NaN in {@code alpha g}).
 */
class VectorShrinkLoopsTest {

    private static final ShrinkStepLoops VECTOR = ShrinkStepLoops.Selection.vectorLoops(new StringBuilder());
    private static final ShrinkStepLoops SCALAR = ShrinkStepLoops.SCALAR;

    private static final double[] THRESHOLDS = {0.0, -0.0, 0.5, 1.0, 0.1, 3.0e-39, Double.MIN_VALUE, 1e-310,
        Double.POSITIVE_INFINITY, Double.NaN, -1.0, Double.NEGATIVE_INFINITY};
    private static final double[] ALPHAS = {1.0, 0.37, -2.0, 0.0};
    private static final double[] OMEGAS = {0.0, 0.6180339887, 1.0, -0.25};

    @Test
    void theBuildRunsTheTestsOnTheVectorPath() {
        // the parent pom gives surefire --add-modules jdk.incubator.vector: without it this suite
        // would fail here rather than compare nothing
        StringBuilder why = new StringBuilder();
        assertNotNull(ShrinkStepLoops.Selection.vectorLoops(why), why.toString());
        assertInstanceOf(VectorShrinkLoops.class, ShrinkStepLoops.INSTANCE);
    }

    @Test
    void shrinkRealFloat64IsTheScalarLoop() {
        long seed = 2026_12_07_16L;
        SplittableRandom r = new SplittableRandom(seed);
        int cases = 0;
        for (double t : THRESHOLDS) {
            for (int n = 0; n <= 70; n++) {
                for (int variant = 0; variant < 8; variant++) {
                    boolean soft = (variant & 1) == 0;
                    boolean extrapolate = (variant & 2) == 0;
                    boolean zIsX = !extrapolate && (variant & 4) != 0;   // allowed without extrapolation
                    double alpha = ALPHAS[r.nextInt(ALPHAS.length)];
                    double omega = OMEGAS[r.nextInt(OMEGAS.length)];
                    double[] g = values(n, t, r);
                    double[] z = values(n, t, r);
                    double[] x = values(n, t, r);
                    double[] d = values(n, t, r);
                    if (zIsX) {
                        z = x;
                    }
                    double[] gs = g.clone(), zs = zIsX ? x.clone() : z.clone(), xs = zIsX ? zs : x.clone();
                    double[] ds = d.clone();
                    SCALAR.shrinkReal(soft, t, alpha, gs, zs, xs, ds, extrapolate, omega, 0, gs.length);
                    VECTOR.shrinkReal(soft, t, alpha, g, z, x, d, extrapolate, omega, 0, g.length);
                    String what = "seed " + seed + ": " + (soft ? "soft" : "hard") + " t=" + t + " n=" + n + " alpha="
                            + alpha + " extrapolate=" + extrapolate + " omega=" + omega + " z==x " + zIsX;
                    assertSameBits(gs, g, what + ", x⁺");
                    assertSameBits(ds, d, what + ", d");
                    assertSameBits(zs, z, what + ", z");
                    assertSameBits(xs, x, what + ", x");
                    cases++;
                }
            }
        }
        assertEquals(THRESHOLDS.length * 71 * 8, cases);
    }

    @Test
    void shrinkRealFloat32IsTheScalarLoop() {
        long seed = 2026_12_07_32L;
        SplittableRandom r = new SplittableRandom(seed);
        for (double t : THRESHOLDS) {
            for (int n = 0; n <= 70; n++) {
                for (int variant = 0; variant < 8; variant++) {
                    boolean soft = (variant & 1) == 0;
                    boolean extrapolate = (variant & 2) == 0;
                    boolean zIsX = !extrapolate && (variant & 4) != 0;
                    float alpha = (float) ALPHAS[r.nextInt(ALPHAS.length)];
                    float omega = (float) OMEGAS[r.nextInt(OMEGAS.length)];
                    float[] g = values32(n, t, r);
                    float[] z = values32(n, t, r);
                    float[] x = values32(n, t, r);
                    float[] d = values32(n, t, r);
                    if (zIsX) {
                        z = x;
                    }
                    float[] gs = g.clone(), zs = zIsX ? x.clone() : z.clone(), xs = zIsX ? zs : x.clone();
                    float[] ds = d.clone();
                    SCALAR.shrinkReal(soft, t, alpha, gs, zs, xs, ds, extrapolate, omega, 0, gs.length);
                    VECTOR.shrinkReal(soft, t, alpha, g, z, x, d, extrapolate, omega, 0, g.length);
                    String what = "seed " + seed + ": " + (soft ? "soft" : "hard") + " t=" + t + " n=" + n + " alpha="
                            + alpha + " extrapolate=" + extrapolate + " omega=" + omega + " z==x " + zIsX;
                    assertSameBits(gs, g, what + ", x⁺");
                    assertSameBits(ds, d, what + ", d");
                    assertSameBits(zs, z, what + ", z");
                    assertSameBits(xs, x, what + ", x");
                }
            }
        }
    }

    @Test
    void theFloat32ThresholdIsRoundedOnceFromDouble() {
        // |u| − t in double, rounded once to float, is not |u| − (float) t in float: the values just
        // above a threshold that float cannot hold tell the two apart, so a vector loop that
        // thresholded in float lanes would fail here (and in the random cases above)
        double t = 0.1;
        float[] z = new float[64];
        for (int i = 0; i < z.length; i++) {
            z[i] = (i % 2 == 0 ? 1 : -1) * Math.nextUp((float) t + i * Math.ulp((float) t));
        }
        float[] gs = new float[64], g = new float[64], ds = new float[64], d = new float[64];
        float[] x = new float[64];
        SCALAR.shrinkReal(true, t, 1f, gs, z.clone(), x, ds, false, 0f, 0, gs.length);
        VECTOR.shrinkReal(true, t, 1f, g, z.clone(), x, d, false, 0f, 0, g.length);
        assertSameBits(gs, g, "soft t=0.1 near t");
        boolean differs = false;
        for (int i = 0; i < z.length; i++) {
            float inFloat = Math.abs(z[i]) - (float) t;
            differs |= Float.floatToRawIntBits(Math.abs(gs[i])) != Float.floatToRawIntBits(inFloat);
        }
        assertEquals(true, differs, "the case should tell double from float thresholding apart");
    }

    @Test
    void extrapolatedResidualIsTheScalarLoop() {
        long seed = 2026_12_07_64L;
        SplittableRandom r = new SplittableRandom(seed);
        for (int from = 0; from <= 5; from++) {
            for (int n = 0; n <= 70; n++) {
                for (double omega : new double[] {0.0, 0.6180339887, 1.0, -0.25, Double.NaN,
                    Double.POSITIVE_INFINITY}) {
                    int len = from + n + r.nextInt(3);
                    double[] y = values(len, 1.0, r), p = values(len, 1.0, r), q = values(len, 1.0, r);
                    double[] res = values(len, 1.0, r), c = values(n + r.nextInt(3), 1.0, r);
                    double[] ress = res.clone(), cs = c.clone();
                    SCALAR.extrapolatedResidual(omega, y, p, q, ress, from, n, cs);
                    VECTOR.extrapolatedResidual(omega, y, p, q, res, from, n, c);
                    String what = "seed " + seed + ": float64 from=" + from + " n=" + n + " omega=" + omega;
                    assertSameBits(ress, res, what + ", res");
                    assertSameBits(cs, c, what + ", c");

                    float[] yf = values32(len, 1.0, r), pf = values32(len, 1.0, r), qf = values32(len, 1.0, r);
                    float[] resf = values32(len, 1.0, r), cf = values32(n + r.nextInt(3), 1.0, r);
                    float[] resfs = resf.clone(), cfs = cf.clone();
                    SCALAR.extrapolatedResidual((float) omega, yf, pf, qf, resfs, from, n, cfs);
                    VECTOR.extrapolatedResidual((float) omega, yf, pf, qf, resf, from, n, cf);
                    what = "seed " + seed + ": float32 from=" + from + " n=" + n + " omega=" + omega;
                    assertSameBits(resfs, resf, what + ", res");
                    assertSameBits(cfs, cf, what + ", c");
                }
            }
        }
    }

    @Test
    void theSpecialValuesMeetEveryThreshold() {
        // every special value as u = z + 1·0 against every threshold, each value in every lane
        double[] specials = specials(1.0);
        for (double t : THRESHOLDS) {
            double[] s = specials(t);
            for (int shift = 0; shift < 8; shift++) {
                int n = s.length + specials.length;
                double[] z = new double[n];
                for (int i = 0; i < n; i++) {
                    z[(i + shift) % n] = i < s.length ? s[i] : specials[i - s.length];
                }
                for (boolean soft : new boolean[] {true, false}) {
                    double[] gs = new double[n], g = new double[n], ds = new double[n], d = new double[n];
                    double[] zs = z.clone(), zv = z.clone(), x = new double[n];
                    SCALAR.shrinkReal(soft, t, 1.0, gs, zs, x, ds, true, 0.5, 0, gs.length);
                    VECTOR.shrinkReal(soft, t, 1.0, g, zv, x, d, true, 0.5, 0, g.length);
                    String what = (soft ? "soft" : "hard") + " t=" + t + " shift=" + shift;
                    assertSameBits(gs, g, what + ", x⁺");
                    assertSameBits(zs, zv, what + ", z");
                    float[] zf = new float[n];
                    for (int i = 0; i < n; i++) {
                        zf[i] = (float) z[i];
                    }
                    float[] gfs = new float[n], gf = new float[n], dfs = new float[n], df = new float[n];
                    float[] zfs = zf.clone(), zfv = zf.clone(), xf = new float[n];
                    SCALAR.shrinkReal(soft, t, 1f, gfs, zfs, xf, dfs, true, 0.5f, 0, gfs.length);
                    VECTOR.shrinkReal(soft, t, 1f, gf, zfv, xf, df, true, 0.5f, 0, gf.length);
                    assertSameBits(gfs, gf, what + ", float32 x⁺");
                    assertSameBits(zfs, zfv, what + ", float32 z");
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Every special double, with those at and around {@code ±t}. */
    private static double[] specials(double t) {
        double a = Math.abs(t);
        return new double[] {Double.NaN, Double.longBitsToDouble(0xfff8_0000_0000_0000L),
            Double.longBitsToDouble(0x7ff8_0000_0000_1234L), Double.longBitsToDouble(0xfff0_0000_0000_0001L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, -Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), -Math.nextDown(Double.MIN_NORMAL),
            Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, a, -a, Math.nextUp(a), -Math.nextUp(a), Math.nextDown(a),
            -Math.nextDown(a), (float) a, -(float) a, Math.nextUp((float) a), -Math.nextUp((float) a),
            Math.nextDown((float) a), -Math.nextDown((float) a)};
    }

    /** {@code n} values: about half special ones (those around {@code ±t} among them), half random. */
    /**
     * The loops on a range {@code [from, from + n)} (the folded norms' pieces, issue 16), both the
     * scalar and the vector ones: the whole-array scalar loop on a copy of the range, the entries
     * outside the range untouched.
     */
    @Test
    void rangesAreTheWholeLoopOnTheRange() {
        long seed = 2026_12_07_17L;
        SplittableRandom r = new SplittableRandom(seed);
        for (ShrinkStepLoops loops : new ShrinkStepLoops[] {SCALAR, VECTOR}) {
            for (int trial = 0; trial < 400; trial++) {
                boolean soft = trial % 2 == 0;
                boolean extrapolate = trial % 4 < 2;
                double t = THRESHOLDS[r.nextInt(THRESHOLDS.length)];
                int from = r.nextInt(40);
                int n = r.nextInt(70);
                int len = from + n + r.nextInt(9);
                String what = "seed " + seed + " " + (loops == SCALAR ? "scalar" : "vector") + " trial " + trial
                        + " from=" + from + " n=" + n;
                double[] g = values(len, t, r), z = values(len, t, r), x = values(len, t, r), d = values(len, t, r);
                double[] gw = java.util.Arrays.copyOfRange(g, from, from + n);
                double[] zw = java.util.Arrays.copyOfRange(z, from, from + n);
                double[] xw = java.util.Arrays.copyOfRange(x, from, from + n);
                double[] dw = new double[n];
                double[] ge = g.clone(), ze = z.clone(), de = d.clone();
                SCALAR.shrinkReal(soft, t, 0.37, gw, zw, xw, dw, extrapolate, 0.6, 0, gw.length);
                System.arraycopy(gw, 0, ge, from, n);
                System.arraycopy(dw, 0, de, from, n);
                if (extrapolate) {
                    System.arraycopy(zw, 0, ze, from, n);
                }
                loops.shrinkReal(soft, t, 0.37, g, z, x, d, extrapolate, 0.6, from, n);
                assertSameBits(ge, g, what + ", x⁺");
                assertSameBits(de, d, what + ", d");
                assertSameBits(ze, z, what + ", z");

                float[] gf = values32(len, t, r), zf = values32(len, t, r), xf = values32(len, t, r);
                float[] df = values32(len, t, r);
                float[] gfw = java.util.Arrays.copyOfRange(gf, from, from + n);
                float[] zfw = java.util.Arrays.copyOfRange(zf, from, from + n);
                float[] xfw = java.util.Arrays.copyOfRange(xf, from, from + n);
                float[] dfw = new float[n];
                float[] gfe = gf.clone(), zfe = zf.clone(), dfe = df.clone();
                SCALAR.shrinkReal(soft, t, 0.37f, gfw, zfw, xfw, dfw, extrapolate, 0.6f, 0, gfw.length);
                System.arraycopy(gfw, 0, gfe, from, n);
                System.arraycopy(dfw, 0, dfe, from, n);
                if (extrapolate) {
                    System.arraycopy(zfw, 0, zfe, from, n);
                }
                loops.shrinkReal(soft, t, 0.37f, gf, zf, xf, df, extrapolate, 0.6f, from, n);
                assertSameBits(gfe, gf, what + ", float32 x⁺");
                assertSameBits(dfe, df, what + ", float32 d");
                assertSameBits(zfe, zf, what + ", float32 z");
            }
        }
    }

    /**
     * The loop with its block sums in registers ({@link VectorShrinkLoops#shrinkRealBlocks}) against
     * the scalar loop followed by the block sums: blocks of multiples of 8 (summed in the loop), of
     * other lengths and of one entry (the pieces), lengths with every tail of a block and of a vector.
     */
    @Test
    void blockSumsInTheLoopAreTheLoopThenTheSums() {
        long seed = 2026_12_07_18L;
        SplittableRandom r = new SplittableRandom(seed);
        int[] blocks = {256, 8, 16, 24, 64, 1, 7, 100, 255};
        for (int trial = 0; trial < 600; trial++) {
            boolean soft = trial % 2 == 0;
            boolean extrapolate = trial % 4 < 2;
            double t = THRESHOLDS[r.nextInt(THRESHOLDS.length)];
            int block = blocks[trial % blocks.length];
            int from = r.nextInt(20);
            int n = trial < 100 ? r.nextInt(40) : r.nextInt(1400);
            int len = from + n + r.nextInt(9);
            double[] g = values(len, t, r), z = values(len, t, r), x = values(len, t, r), d = values(len, t, r);
            double[] gs = g.clone(), zs = z.clone(), ds = d.clone();
            int count = (n + block - 1) / block;
            double[] want = new double[2 * count + 1];
            double[] got = new double[2 * count + 1];
            SCALAR.shrinkRealBlocks(soft, t, 0.37, gs, zs, x, ds, extrapolate, 0.6, from, n, block, want, 1);
            VECTOR.shrinkRealBlocks(soft, t, 0.37, g, z, x, d, extrapolate, 0.6, from, n, block, got, 1);
            String what = "seed " + seed + " trial " + trial + " " + (soft ? "soft" : "hard") + " t=" + t + " from="
                    + from + " n=" + n + " block=" + block;
            assertSameBits(want, got, what + ", block sums");
            assertSameBits(gs, g, what + ", x⁺");
            assertSameBits(ds, d, what + ", d");
            assertSameBits(zs, z, what + ", z");
        }
        double[] g = {3, -2, 0.5, 7, -9, 1, 1, 2, 4};                           // a closed form: t = 1, soft, z = x = 0
        double[] z = new double[9];
        double[] d = new double[9];
        double[] out = new double[4];
        VECTOR.shrinkRealBlocks(true, 1.0, 1.0, g, z, new double[9], d, false, 0, 0, 9, 8, out, 0);
        // x⁺ = {2, -1, 0, 6, -8, 0, 0, 1 | 3}: block 0 sums 4+1+36+64+1 = 106 and 18; block 1 9 and 3
        assertSameBits(new double[] {106, 18, 9, 3}, out, "closed form");
    }

    private static double[] values(int n, double t, SplittableRandom r) {
        double[] s = specials(t);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (r.nextInt(4)) {
                case 0, 1 -> s[r.nextInt(s.length)];
                case 2 -> r.nextGaussian() * Math.scalb(1.0, r.nextInt(-8, 8));
                default -> (r.nextBoolean() ? 1 : -1) * (Math.abs(t) + r.nextGaussian() * 1e-3);
            };
        }
        return v;
    }

    /** {@link #values} rounded to float, with float subnormals and NaN payloads of their own. */
    private static float[] values32(int n, double t, SplittableRandom r) {
        double[] d = values(n, t, r);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (r.nextInt(8)) {
                case 0 -> Float.intBitsToFloat(0xffc0_0000 | r.nextInt(1 << 22));           // NaN payloads
                case 1 -> (r.nextBoolean() ? 1 : -1) * Float.MIN_VALUE * r.nextInt(1, 1 << 23); // subnormals
                default -> (float) d[i];
            };
        }
        return v;
    }

    private static void assertSameBits(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            boolean same = Double.isNaN(want[i]) ? Double.isNaN(got[i])
                    : Double.doubleToRawLongBits(want[i]) == Double.doubleToRawLongBits(got[i]);
            if (!same) {
                fail(what + ": entry " + i + " is " + got[i] + " (0x" + Long.toHexString(Double.doubleToRawLongBits(
                        got[i])) + "), the scalar loop gives " + want[i] + " (0x" + Long.toHexString(
                        Double.doubleToRawLongBits(want[i])) + ")");
            }
        }
    }

    private static void assertSameBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            boolean same = Float.isNaN(want[i]) ? Float.isNaN(got[i])
                    : Float.floatToRawIntBits(want[i]) == Float.floatToRawIntBits(got[i]);
            if (!same) {
                fail(what + ": entry " + i + " is " + got[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(
                        got[i])) + "), the scalar loop gives " + want[i] + " (0x" + Integer.toHexString(
                        Float.floatToRawIntBits(want[i])) + ")");
            }
        }
    }
}
