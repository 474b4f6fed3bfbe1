package org.jlops.mpi.engine.host;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StencilLoops} on the Vector API ({@code jdk.incubator.vector}): the lanes of vectors of
 * the platform's preferred width, at most 256 bits, compute the entries, each lane with exactly the scalar loop's
 * operations ({@code c_0 x_0}, then one fused multiply-add per tap, then the store or the add to
 * {@code y}), so the bits are the scalar loop's; the entries after the last whole vector take the
 * scalar loop. Any number of taps is one call (a banded operator of any width).
 *
 * <p>Loaded only when the module is in the boot layer ({@link HostStencilKernels} checks before it
 * touches this class), so a JVM without it never links these types.
 */
final class VectorStencilLoops implements StencilLoops {

    /**
     * The vector width: the platform's preferred one up to 256 bits. Wider vectors were slower on
     * the AVX-512 AMD EPYC of this project: with 512 bits the order-5 derivative, the second
     * derivative and the Laplacian ran at 0.6-0.7 of their 256-bit speed (side by side in one JVM,
     * {@code -XX:MaxVectorSize=32} against the default; an unaligned 64-byte load of a neighbouring
     * column spans two cache lines every time).
     */
    private static final VectorShape SHAPE = VectorShape.forBitSize(
            Math.min(256, DoubleVector.SPECIES_PREFERRED.vectorBitSize()));
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, SHAPE);
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, SHAPE);

    /** Created by {@link HostStencilKernels} through reflection, after its module check. */
    VectorStencilLoops() {
    }

    @Override
    public String description() {
        return "Vector API (jdk.incubator.vector), " + D.length() + " x float64 / " + F.length() + " x float32 lanes";
    }

    // ---------------------------------------------------------------------------------------
    // Double precision. The single-precision loops further down are these, retyped (double ->
    // float, DoubleVector -> FloatVector, D -> F); VectorStencilLoopsTest checks that the two halves
    // do not drift apart. They cannot be one generic body over the species: a loop over
    // Vector<E> that runs for both types in one JVM is compiled once with both vector classes in its
    // type profile, C2 boxes every vector, and the loop ran 15-25x slower than these (3-tap bulk,
    // 2048^2, float64 and float32 interleaved in one JVM; 2 busy cores, 2026-12-07).

    @Override
    public void bulk(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc,
            double[] scratch) {
        int t = s.length;
        int m = D.loopBound(len);
        if (t == 0 || m == 0) {
            HostStencilKernels.bulk(x, xi, s, c, y, yi, len, acc, scratch);
            return;
        }
        switch (t) {
            case 1 -> taps1(x, xi + s[0], c[0], y, yi, m, acc);
            case 2 -> taps2(x, xi + s[0], c[0], xi + s[1], c[1], y, yi, m, acc);
            case 3 -> taps3(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], y, yi, m, acc);
            case 4 -> taps4(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], xi + s[3], c[3], y, yi, m, acc);
            default -> tapsN(x, xi, s, c, y, yi, m, acc, scratch);
        }
        if (m < len) {
            // the entries after the last whole vector: the scalar loop, whose operations the lanes repeat
            HostStencilKernels.bulk(x, xi + m, s, c, y, yi + m, len - m, acc, scratch);
        }
    }

    private static void store(DoubleVector v, double[] y, int at, boolean acc) {
        (acc ? DoubleVector.fromArray(D, y, at).add(v) : v).intoArray(y, at);
    }

    // Every loop below is software-pipelined: the loads of the next vector come before the store of
    // this one (legal: the output never overlaps the input), so that a store whose address matches
    // a later load modulo 4 KiB (arrays allocated one after the other, taps along the last axis)
    // does not hold that load back. m is a positive multiple of the vector length.

    private static void taps1(double[] x, int a, double ca, double[] y, int yi, int m, boolean acc) {
        int l = D.length();
        DoubleVector va = DoubleVector.broadcast(D, ca);
        DoubleVector cur = DoubleVector.fromArray(D, x, a).mul(va);
        for (int j = l; j < m; j += l) {
            DoubleVector next = DoubleVector.fromArray(D, x, a + j).mul(va);
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    /** {@code fma(c_b, x_b, c_a x_a)} at entry {@code j}: the first two taps. */
    private static DoubleVector sum2(double[] x, int a, DoubleVector va, int b, DoubleVector vb, int j) {
        return vb.fma(DoubleVector.fromArray(D, x, b + j), DoubleVector.fromArray(D, x, a + j).mul(va));
    }

    /** The first three taps at entry {@code j}. */
    private static DoubleVector sum3(double[] x, int a, DoubleVector va, int b, DoubleVector vb, int c, DoubleVector vc,
            int j) {
        return vc.fma(DoubleVector.fromArray(D, x, c + j), sum2(x, a, va, b, vb, j));
    }

    private static void taps2(double[] x, int a, double ca, int b, double cb, double[] y, int yi, int m, boolean acc) {
        int l = D.length();
        DoubleVector va = DoubleVector.broadcast(D, ca);
        DoubleVector vb = DoubleVector.broadcast(D, cb);
        DoubleVector cur = sum2(x, a, va, b, vb, 0);
        for (int j = l; j < m; j += l) {
            DoubleVector next = sum2(x, a, va, b, vb, j);
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    private static void taps3(double[] x, int a, double ca, int b, double cb, int c, double cc, double[] y, int yi, int m,
            boolean acc) {
        int l = D.length();
        DoubleVector va = DoubleVector.broadcast(D, ca);
        DoubleVector vb = DoubleVector.broadcast(D, cb);
        DoubleVector vc = DoubleVector.broadcast(D, cc);
        DoubleVector cur = sum3(x, a, va, b, vb, c, vc, 0);
        for (int j = l; j < m; j += l) {
            DoubleVector next = sum3(x, a, va, b, vb, c, vc, j);
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    private static void taps4(double[] x, int a, double ca, int b, double cb, int c, double cc, int d, double cd,
            double[] y, int yi, int m, boolean acc) {
        int l = D.length();
        DoubleVector va = DoubleVector.broadcast(D, ca);
        DoubleVector vb = DoubleVector.broadcast(D, cb);
        DoubleVector vc = DoubleVector.broadcast(D, cc);
        DoubleVector vd = DoubleVector.broadcast(D, cd);
        DoubleVector cur = vd.fma(DoubleVector.fromArray(D, x, d), sum3(x, a, va, b, vb, c, vc, 0));
        for (int j = l; j < m; j += l) {
            DoubleVector next = vd.fma(DoubleVector.fromArray(D, x, d + j), sum3(x, a, va, b, vb, c, vc, j));
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    /** Any number of taps: per vector of entries, the taps in order in registers (no partial sums in memory). */
    /**
     * More than four taps (a convolution): per block of {@link HostStencilKernels#TAP_BLOCK}
     * entries, the partial sums {@code t = c_0 x_0} into the scratch array, then the taps four at a
     * time over the whole block ({@code t = fma(c_k, x_k, t)} in tap order, so each lane makes the
     * scalar loop's operations), then the store or the add to {@code y}. The coefficients are
     * broadcast once per tap and block, and the partial sums stay in L1. The former form, all taps
     * per vector of entries from an array of broadcast vectors, ran 41 taps at the scalar loop's
     * speed (C2 reloads every vector of such an array from the heap).
     */
    private static void tapsN(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int m, boolean acc,
            double[] scratch) {
        int l = D.length();
        int t = s.length;
        double[] sums = scratch != null && scratch.length >= Math.min(HostStencilKernels.TAP_BLOCK, m) ? scratch
                : new double[Math.min(HostStencilKernels.TAP_BLOCK, m)];
        for (int b = 0; b < m; b += HostStencilKernels.TAP_BLOCK) {
            int n = Math.min(HostStencilKernels.TAP_BLOCK, m - b);       // a multiple of l, as m is
            int base = xi + b;
            DoubleVector c0 = DoubleVector.broadcast(D, c[0]);
            for (int j = 0; j < n; j += l) {
                DoubleVector.fromArray(D, x, base + s[0] + j).mul(c0).intoArray(sums, j);
            }
            int k = 1;
            for (; k + 3 < t; k += 4) {
                DoubleVector ca = DoubleVector.broadcast(D, c[k]);
                DoubleVector cb = DoubleVector.broadcast(D, c[k + 1]);
                DoubleVector cc = DoubleVector.broadcast(D, c[k + 2]);
                DoubleVector cd = DoubleVector.broadcast(D, c[k + 3]);
                int xa = base + s[k];
                int xb = base + s[k + 1];
                int xc = base + s[k + 2];
                int xd = base + s[k + 3];
                for (int j = 0; j < n; j += l) {
                    DoubleVector v = ca.fma(DoubleVector.fromArray(D, x, xa + j), DoubleVector.fromArray(D, sums, j));
                    v = cb.fma(DoubleVector.fromArray(D, x, xb + j), v);
                    v = cc.fma(DoubleVector.fromArray(D, x, xc + j), v);
                    cd.fma(DoubleVector.fromArray(D, x, xd + j), v).intoArray(sums, j);
                }
            }
            for (; k < t; k++) {
                DoubleVector ck = DoubleVector.broadcast(D, c[k]);
                int xk = base + s[k];
                for (int j = 0; j < n; j += l) {
                    ck.fma(DoubleVector.fromArray(D, x, xk + j), DoubleVector.fromArray(D, sums, j)).intoArray(sums, j);
                }
            }
            for (int j = 0; j < n; j += l) {
                store(DoubleVector.fromArray(D, sums, j), y, yi + b + j, acc);
            }
        }
    }

    @Override
    public void fused(double[] x, int xi, int[] sR, double[] cR, int[] sC, double[] cC, double[] y, int yi,
            int len) {
        int m = D.loopBound(len);
        int r0 = xi + sR[0];
        int r1 = xi + sR[1];
        int r2 = xi + sR[2];
        int c0 = xi + sC[0];
        int c1 = xi + sC[1];
        int c2 = xi + sC[2];
        DoubleVector a0 = DoubleVector.broadcast(D, cR[0]);
        DoubleVector a1 = DoubleVector.broadcast(D, cR[1]);
        DoubleVector a2 = DoubleVector.broadcast(D, cR[2]);
        DoubleVector b0 = DoubleVector.broadcast(D, cC[0]);
        DoubleVector b1 = DoubleVector.broadcast(D, cC[1]);
        DoubleVector b2 = DoubleVector.broadcast(D, cC[2]);
        if (m > 0) {
            int l = D.length();
            DoubleVector cur = sum3(x, r0, a0, r1, a1, r2, a2, 0).add(sum3(x, c0, b0, c1, b1, c2, b2, 0));
            for (int k = l; k < m; k += l) {
                DoubleVector next = sum3(x, r0, a0, r1, a1, r2, a2, k).add(sum3(x, c0, b0, c1, b1, c2, b2, k));
                cur.intoArray(y, yi + k - l);
                cur = next;
            }
            cur.intoArray(y, yi + m - l);
        }
        if (m < len) {
            HostStencilKernels.fused(x, xi + m, sR, cR, sC, cC, y, yi + m, len - m);
        }
    }

    /**
     * Lanes 0-3 and 4-7 of the scalar kernel's eight sums in two 4-lane vectors: {@code s_l += x y}
     * is a lane's multiply (rounded) then add (rounded), as in the scalar loop; the tail and the
     * final combination are the scalar kernel's. Other vector widths take the scalar kernel.
     */
    @Override
    public void dotBlocks(double[] x, int xo, double[] y, int yo, int n, int block, double[] out, int outPos) {
        if (D.length() != 4) {
            HostBlockKernels.dotBlocksScalar(x, xo, y, yo, n, block, out, outPos);
            return;
        }
        int k = outPos;
        int d = yo - xo;
        int stop = xo + n;
        for (int i = xo; i < stop; ) {
            int end = Math.min(stop, i + block);
            int full = i + ((end - i) & ~7);
            DoubleVector lo = DoubleVector.zero(D);
            DoubleVector hi = DoubleVector.zero(D);
            for (; i < full; i += 8) {
                lo = lo.add(DoubleVector.fromArray(D, x, i).mul(DoubleVector.fromArray(D, y, i + d)));
                hi = hi.add(DoubleVector.fromArray(D, x, i + 4).mul(DoubleVector.fromArray(D, y, i + 4 + d)));
            }
            double s0 = lo.lane(0);
            double s1 = lo.lane(1);
            double s2 = lo.lane(2);
            double s3 = lo.lane(3);
            double s4 = hi.lane(0);
            double s5 = hi.lane(1);
            double s6 = hi.lane(2);
            double s7 = hi.lane(3);
            for (int lane = 0; i < end; i++, lane++) {
                double a = x[i] * y[i + d];
                switch (lane) {
                    case 0 -> s0 += a;
                    case 1 -> s1 += a;
                    case 2 -> s2 += a;
                    case 3 -> s3 += a;
                    case 4 -> s4 += a;
                    case 5 -> s5 += a;
                    default -> s6 += a;
                }
            }
            out[k++] = org.jlops.mpi.engine.Engine.combineLanes(s0, s1, s2, s3, s4, s5, s6, s7);
            out[k++] = 0;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Single precision: the double-precision loops above, retyped.

    @Override
    public void bulk(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc,
            float[] scratch) {
        int t = s.length;
        int m = F.loopBound(len);
        if (t == 0 || m == 0) {
            HostStencilKernels.bulk(x, xi, s, c, y, yi, len, acc, scratch);
            return;
        }
        switch (t) {
            case 1 -> taps1(x, xi + s[0], c[0], y, yi, m, acc);
            case 2 -> taps2(x, xi + s[0], c[0], xi + s[1], c[1], y, yi, m, acc);
            case 3 -> taps3(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], y, yi, m, acc);
            case 4 -> taps4(x, xi + s[0], c[0], xi + s[1], c[1], xi + s[2], c[2], xi + s[3], c[3], y, yi, m, acc);
            default -> tapsN(x, xi, s, c, y, yi, m, acc, scratch);
        }
        if (m < len) {
            // the entries after the last whole vector: the scalar loop, whose operations the lanes repeat
            HostStencilKernels.bulk(x, xi + m, s, c, y, yi + m, len - m, acc, scratch);
        }
    }

    private static void store(FloatVector v, float[] y, int at, boolean acc) {
        (acc ? FloatVector.fromArray(F, y, at).add(v) : v).intoArray(y, at);
    }

    // Every loop below is software-pipelined: the loads of the next vector come before the store of
    // this one (legal: the output never overlaps the input), so that a store whose address matches
    // a later load modulo 4 KiB (arrays allocated one after the other, taps along the last axis)
    // does not hold that load back. m is a positive multiple of the vector length.

    private static void taps1(float[] x, int a, float ca, float[] y, int yi, int m, boolean acc) {
        int l = F.length();
        FloatVector va = FloatVector.broadcast(F, ca);
        FloatVector cur = FloatVector.fromArray(F, x, a).mul(va);
        for (int j = l; j < m; j += l) {
            FloatVector next = FloatVector.fromArray(F, x, a + j).mul(va);
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    /** {@code fma(c_b, x_b, c_a x_a)} at entry {@code j}: the first two taps. */
    private static FloatVector sum2(float[] x, int a, FloatVector va, int b, FloatVector vb, int j) {
        return vb.fma(FloatVector.fromArray(F, x, b + j), FloatVector.fromArray(F, x, a + j).mul(va));
    }

    /** The first three taps at entry {@code j}. */
    private static FloatVector sum3(float[] x, int a, FloatVector va, int b, FloatVector vb, int c, FloatVector vc,
            int j) {
        return vc.fma(FloatVector.fromArray(F, x, c + j), sum2(x, a, va, b, vb, j));
    }

    private static void taps2(float[] x, int a, float ca, int b, float cb, float[] y, int yi, int m, boolean acc) {
        int l = F.length();
        FloatVector va = FloatVector.broadcast(F, ca);
        FloatVector vb = FloatVector.broadcast(F, cb);
        FloatVector cur = sum2(x, a, va, b, vb, 0);
        for (int j = l; j < m; j += l) {
            FloatVector next = sum2(x, a, va, b, vb, j);
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    private static void taps3(float[] x, int a, float ca, int b, float cb, int c, float cc, float[] y, int yi, int m,
            boolean acc) {
        int l = F.length();
        FloatVector va = FloatVector.broadcast(F, ca);
        FloatVector vb = FloatVector.broadcast(F, cb);
        FloatVector vc = FloatVector.broadcast(F, cc);
        FloatVector cur = sum3(x, a, va, b, vb, c, vc, 0);
        for (int j = l; j < m; j += l) {
            FloatVector next = sum3(x, a, va, b, vb, c, vc, j);
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    private static void taps4(float[] x, int a, float ca, int b, float cb, int c, float cc, int d, float cd,
            float[] y, int yi, int m, boolean acc) {
        int l = F.length();
        FloatVector va = FloatVector.broadcast(F, ca);
        FloatVector vb = FloatVector.broadcast(F, cb);
        FloatVector vc = FloatVector.broadcast(F, cc);
        FloatVector vd = FloatVector.broadcast(F, cd);
        FloatVector cur = vd.fma(FloatVector.fromArray(F, x, d), sum3(x, a, va, b, vb, c, vc, 0));
        for (int j = l; j < m; j += l) {
            FloatVector next = vd.fma(FloatVector.fromArray(F, x, d + j), sum3(x, a, va, b, vb, c, vc, j));
            store(cur, y, yi + j - l, acc);
            cur = next;
        }
        store(cur, y, yi + m - l, acc);
    }

    /** Any number of taps: per vector of entries, the taps in order in registers (no partial sums in memory). */
    /**
     * More than four taps (a convolution): per block of {@link HostStencilKernels#TAP_BLOCK}
     * entries, the partial sums {@code t = c_0 x_0} into the scratch array, then the taps four at a
     * time over the whole block ({@code t = fma(c_k, x_k, t)} in tap order, so each lane makes the
     * scalar loop's operations), then the store or the add to {@code y}. The coefficients are
     * broadcast once per tap and block, and the partial sums stay in L1. The former form, all taps
     * per vector of entries from an array of broadcast vectors, ran 41 taps at the scalar loop's
     * speed (C2 reloads every vector of such an array from the heap).
     */
    private static void tapsN(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int m, boolean acc,
            float[] scratch) {
        int l = F.length();
        int t = s.length;
        float[] sums = scratch != null && scratch.length >= Math.min(HostStencilKernels.TAP_BLOCK, m) ? scratch
                : new float[Math.min(HostStencilKernels.TAP_BLOCK, m)];
        for (int b = 0; b < m; b += HostStencilKernels.TAP_BLOCK) {
            int n = Math.min(HostStencilKernels.TAP_BLOCK, m - b);       // a multiple of l, as m is
            int base = xi + b;
            FloatVector c0 = FloatVector.broadcast(F, c[0]);
            for (int j = 0; j < n; j += l) {
                FloatVector.fromArray(F, x, base + s[0] + j).mul(c0).intoArray(sums, j);
            }
            int k = 1;
            for (; k + 3 < t; k += 4) {
                FloatVector ca = FloatVector.broadcast(F, c[k]);
                FloatVector cb = FloatVector.broadcast(F, c[k + 1]);
                FloatVector cc = FloatVector.broadcast(F, c[k + 2]);
                FloatVector cd = FloatVector.broadcast(F, c[k + 3]);
                int xa = base + s[k];
                int xb = base + s[k + 1];
                int xc = base + s[k + 2];
                int xd = base + s[k + 3];
                for (int j = 0; j < n; j += l) {
                    FloatVector v = ca.fma(FloatVector.fromArray(F, x, xa + j), FloatVector.fromArray(F, sums, j));
                    v = cb.fma(FloatVector.fromArray(F, x, xb + j), v);
                    v = cc.fma(FloatVector.fromArray(F, x, xc + j), v);
                    cd.fma(FloatVector.fromArray(F, x, xd + j), v).intoArray(sums, j);
                }
            }
            for (; k < t; k++) {
                FloatVector ck = FloatVector.broadcast(F, c[k]);
                int xk = base + s[k];
                for (int j = 0; j < n; j += l) {
                    ck.fma(FloatVector.fromArray(F, x, xk + j), FloatVector.fromArray(F, sums, j)).intoArray(sums, j);
                }
            }
            for (int j = 0; j < n; j += l) {
                store(FloatVector.fromArray(F, sums, j), y, yi + b + j, acc);
            }
        }
    }

    @Override
    public void fused(float[] x, int xi, int[] sR, float[] cR, int[] sC, float[] cC, float[] y, int yi,
            int len) {
        int m = F.loopBound(len);
        int r0 = xi + sR[0];
        int r1 = xi + sR[1];
        int r2 = xi + sR[2];
        int c0 = xi + sC[0];
        int c1 = xi + sC[1];
        int c2 = xi + sC[2];
        FloatVector a0 = FloatVector.broadcast(F, cR[0]);
        FloatVector a1 = FloatVector.broadcast(F, cR[1]);
        FloatVector a2 = FloatVector.broadcast(F, cR[2]);
        FloatVector b0 = FloatVector.broadcast(F, cC[0]);
        FloatVector b1 = FloatVector.broadcast(F, cC[1]);
        FloatVector b2 = FloatVector.broadcast(F, cC[2]);
        if (m > 0) {
            int l = F.length();
            FloatVector cur = sum3(x, r0, a0, r1, a1, r2, a2, 0).add(sum3(x, c0, b0, c1, b1, c2, b2, 0));
            for (int k = l; k < m; k += l) {
                FloatVector next = sum3(x, r0, a0, r1, a1, r2, a2, k).add(sum3(x, c0, b0, c1, b1, c2, b2, k));
                cur.intoArray(y, yi + k - l);
                cur = next;
            }
            cur.intoArray(y, yi + m - l);
        }
        if (m < len) {
            HostStencilKernels.fused(x, xi + m, sR, cR, sC, cC, y, yi + m, len - m);
        }
    }
}
