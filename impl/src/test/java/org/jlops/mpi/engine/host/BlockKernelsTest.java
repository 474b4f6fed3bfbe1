package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.junit.jupiter.api.Test;

/**
 * The block kernels of the reproducible reductions equal {@link Engine#blockSum} of the mapped
 * values bit for bit, for every element type, block length (1, odd, the tree's 16, longer than the
 * scratch buffer) and offset, so that a block summed by one rank or reassembled from leaves
 * gathered from several gives the same bits.
 */
class BlockKernelsTest {

    private static final int[] BLOCKS = {1, 3, 16, 1000, 3001};

    /** Random values of wildly different magnitudes (the order of additions shows in the bits). */
    private static double[] values(Random rnd, int entries) {
        double[] v = new double[entries];
        for (int i = 0; i < entries; i++) {
            v[i] = Math.pow(10, rnd.nextInt(12) - 6) * (rnd.nextDouble() - 0.5);
        }
        return v;
    }

    private static Buffer buffer(ElementType t, double[] v) {
        if (t.isDoublePrecision()) {
            return Engine.host().wrap(v, t);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Engine.host().wrap(f, t);
    }

    /** The entries of a buffer as doubles (floats widened). */
    private static double[] entries(Buffer b) {
        if (b.hostArray() instanceof double[] d) {
            return d;
        }
        float[] f = (float[]) b.hostArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** f(x) of element k, as the reductions define it. */
    private static double mapped(double[] e, boolean complex, int k, Reduction r, double p) {
        double abs2 = complex ? e[2 * k] * e[2 * k] + e[2 * k + 1] * e[2 * k + 1] : e[k] * e[k];
        double abs = complex ? HostKernels.cabs(e[2 * k], e[2 * k + 1]) : Math.abs(e[k]);
        return switch (r) {
            case SUM_SQUARES -> abs2;
            case SUM_ABS -> abs;
            case SUM_POW -> Math.pow(abs, p);
            case COUNT_NONZERO -> (complex ? e[2 * k] != 0 || e[2 * k + 1] != 0 : e[k] != 0) ? 1 : 0;
            default -> throw new IllegalArgumentException(r.toString());
        };
    }

    @Test
    void sumBlocksAreTheFixedOrderOfTheMappedValues() {
        Random rnd = new Random(1);
        for (ElementType t : ElementType.values()) {
            int c = t.components();
            for (Reduction r : new Reduction[] {Reduction.SUM_SQUARES, Reduction.SUM_ABS, Reduction.SUM_POW,
                Reduction.COUNT_NONZERO}) {
                for (int block : BLOCKS) {
                    int n = 1 + rnd.nextInt(5000);
                    int pos = rnd.nextInt(7);
                    Buffer x = buffer(t, values(rnd, c * (n + pos)));
                    double[] e = entries(x);
                    int blocks = (n + block - 1) / block;
                    double[] out = new double[blocks + 2];
                    Engine.host().sumBlocks(x, pos, n, block, r, 2.5, out, 1);
                    for (int b = 0; b < blocks; b++) {
                        int len = Math.min(block, n - b * block);
                        double[] f = new double[len];
                        for (int j = 0; j < len; j++) {
                            f[j] = mapped(e, t.isComplex(), pos + b * block + j, r, 2.5);
                        }
                        assertEquals(Double.doubleToRawLongBits(Engine.blockSum(f, 0, len, 1)),
                                Double.doubleToRawLongBits(out[1 + b]), t + " " + r + " block " + block + " #" + b);
                    }
                }
            }
        }
    }

    @Test
    void dotBlocksAreTheFixedOrderOfTheProducts() {
        Random rnd = new Random(2);
        for (ElementType t : ElementType.values()) {
            int c = t.components();
            for (boolean conj : new boolean[] {false, true}) {
                for (int block : BLOCKS) {
                    int n = 1 + rnd.nextInt(5000);
                    int xo = rnd.nextInt(5);
                    int yo = rnd.nextInt(5);
                    Buffer x = buffer(t, values(rnd, c * (n + xo)));
                    Buffer y = buffer(t, values(rnd, c * (n + yo)));
                    double[] a = entries(x);
                    double[] b = entries(y);
                    int blocks = (n + block - 1) / block;
                    double[] out = new double[2 * blocks];
                    Engine.host().dotBlocks(x, xo, y, yo, n, block, conj, out, 0);
                    for (int k = 0; k < blocks; k++) {
                        int len = Math.min(block, n - k * block);
                        double[] re = new double[len];
                        double[] im = new double[len];
                        for (int j = 0; j < len; j++) {
                            int i = k * block + j;
                            if (t.isComplex()) {
                                double xr = a[2 * (xo + i)], xi = (conj ? -1 : 1) * a[2 * (xo + i) + 1];
                                double yr = b[2 * (yo + i)], yi = b[2 * (yo + i) + 1];
                                re[j] = xr * yr - xi * yi;
                                im[j] = xr * yi + xi * yr;
                            } else {
                                re[j] = a[xo + i] * b[yo + i];
                            }
                        }
                        String what = t + " conj=" + conj + " block " + block + " #" + k;
                        assertEquals(Double.doubleToRawLongBits(Engine.blockSum(re, 0, len, 1)),
                                Double.doubleToRawLongBits(out[2 * k]), what + " re");
                        assertEquals(Double.doubleToRawLongBits(t.isComplex() ? Engine.blockSum(im, 0, len, 1) : 0),
                                Double.doubleToRawLongBits(out[2 * k + 1]), what + " im");
                    }
                }
            }
        }
    }
}
