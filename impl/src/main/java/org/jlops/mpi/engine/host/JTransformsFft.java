package org.jlops.mpi.engine.host;

import java.util.HashMap;
import java.util.Map;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.FftKernels;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * The FFT kernels on JTransforms (pure Java): every line is copied into a contiguous work array
 * (lines of a stride-1 block are transformed where they lie), transformed by one
 * {@code DoubleFFT_1D}/{@code FloatFFT_1D} of its length, and copied back. Lines with a stride are
 * gathered {@value #PANEL} at a time, so that the copies read and write runs of {@value #PANEL}
 * consecutive elements. A line's result depends on the line alone.
 *
 * <p>JTransforms' plans (twiddle tables) are kept per thread and length: the in-JVM ranks are
 * threads, and a plan's work arrays are not meant to be shared.
 */
final class JTransformsFft implements FftKernels {

    static final JTransformsFft INSTANCE = new JTransformsFft();

    /** Lines gathered together from a strided block. */
    static final int PANEL = 16;

    private static final ThreadLocal<Map<Long, DoubleFFT_1D>> DOUBLE_PLANS = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<Long, FloatFFT_1D>> FLOAT_PLANS = ThreadLocal.withInitial(HashMap::new);

    private JTransformsFft() {
    }

    private static DoubleFFT_1D dplan(int n) {
        return DOUBLE_PLANS.get().computeIfAbsent((long) n, DoubleFFT_1D::new);
    }

    private static FloatFFT_1D fplan(int n) {
        return FLOAT_PLANS.get().computeIfAbsent((long) n, FloatFFT_1D::new);
    }

    @Override
    public String implementation(ElementType type) {
        return "JTransforms 3.1 (pure Java)";
    }

    @Override
    public boolean linesIndependent() {
        return true;
    }

    @Override
    public FftKernels java() {
        return this;
    }

    @Override
    public void complex(Buffer x, long pos, long outer, int n, long inner, boolean inverse) {
        FftChecks.complex(x, pos, outer, n, inner);
        if (x.type().isDoublePrecision()) {
            complex((double[]) x.hostArray(), pos, outer, n, inner, inverse);
        } else {
            complex((float[]) x.hostArray(), pos, outer, n, inner, inverse);
        }
    }

    /** Copies the block, then transforms it in place. */
    @Override
    public void complex(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner,
            boolean inverse) {
        FftChecks.complexPair(in, inPos, out, outPos, outer, n, inner);
        long length = outer * n * inner;
        if (length > 0) {
            HostEngine.INSTANCE.copy(in, inPos, out, outPos, length);
            complex(out, outPos, outer, n, inner, inverse);
        }
    }

    /** The bins {@code [from, to)} are multiplied as each line is written (the same bits as a pass after). */
    @Override
    public void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor) {
        FftChecks.real(in, inPos, out, outPos, outer, n, inner, false);
        int lo = Math.max(0, from);
        int hi = Math.min(n / 2 + 1, to);
        if (in.type().isDoublePrecision()) {
            realForward((double[]) in.hostArray(), inPos, (double[]) out.hostArray(), outPos, outer, n, inner, lo, hi,
                    factor);
        } else {
            realForward((float[]) in.hostArray(), inPos, (float[]) out.hostArray(), outPos, outer, n, inner, lo, hi,
                    (float) factor);
        }
    }

    /** The bins {@code [from, to)} are multiplied as each line is read (the same bits as a pass before). */
    @Override
    public void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor) {
        FftChecks.real(out, outPos, in, inPos, outer, n, inner, true);
        int lo = Math.max(0, from);
        int hi = Math.min(n / 2 + 1, to);
        if (in.type().isDoublePrecision()) {
            realInverse((double[]) in.hostArray(), inPos, (double[]) out.hostArray(), outPos, outer, n, inner, lo, hi,
                    factor);
        } else {
            realInverse((float[]) in.hostArray(), inPos, (float[]) out.hostArray(), outPos, outer, n, inner, lo, hi,
                    (float) factor);
        }
    }

    // ------------------------------------------------------------------------------------- float64

    private static void complex(double[] a, long pos, long outer, int n, long inner, boolean inverse) {
        DoubleFFT_1D fft = dplan(n);
        if (inner == 1) {
            for (long o = 0; o < outer; o++) {
                int off = (int) (2 * (pos + o * n));
                if (inverse) {
                    fft.complexInverse(a, off, false);
                } else {
                    fft.complexForward(a, off);
                }
            }
            return;
        }
        double[] w = new double[2 * n * (int) Math.min(PANEL, inner)];
        for (long o = 0; o < outer; o++) {
            long base = pos + o * n * inner;
            for (long i0 = 0; i0 < inner; i0 += PANEL) {
                int b = (int) Math.min(PANEL, inner - i0);
                for (int k = 0; k < n; k++) {                    // gather b lines
                    int src = (int) (2 * (base + k * inner + i0));
                    for (int l = 0; l < b; l++) {
                        w[2 * (l * n + k)] = a[src + 2 * l];
                        w[2 * (l * n + k) + 1] = a[src + 2 * l + 1];
                    }
                }
                for (int l = 0; l < b; l++) {
                    if (inverse) {
                        fft.complexInverse(w, 2 * l * n, false);
                    } else {
                        fft.complexForward(w, 2 * l * n);
                    }
                }
                for (int k = 0; k < n; k++) {                    // scatter them back
                    int dst = (int) (2 * (base + k * inner + i0));
                    for (int l = 0; l < b; l++) {
                        a[dst + 2 * l] = w[2 * (l * n + k)];
                        a[dst + 2 * l + 1] = w[2 * (l * n + k) + 1];
                    }
                }
            }
        }
    }

    private static void realForward(double[] in, long inPos, double[] out, long outPos, long outer, int n,
            long inner, int lo, int hi, double f) {
        DoubleFFT_1D fft = dplan(n);
        int h = n / 2 + 1;
        double[] w = new double[n];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long src = inPos + o * n * inner + i;
                long dst = outPos + o * h * inner + i;
                for (int k = 0; k < n; k++) {
                    w[k] = in[(int) (src + k * inner)];
                }
                fft.realForward(w);
                // JTransforms' packed order: w[2k] = Re X_k, w[2k+1] = Im X_k for 0 < k < n/2 (odd n:
                // k < (n-1)/2 + 1 with Im X_{(n-1)/2} in w[1]); w[0] = Re X_0; w[1] = Re X_{n/2} for even n
                out[(int) (2 * dst)] = w[0];
                out[(int) (2 * dst) + 1] = 0;
                for (int k = 1; k < (n + 1) / 2; k++) {
                    int d = (int) (2 * (dst + k * inner));
                    out[d] = w[2 * k];
                    out[d + 1] = n % 2 == 1 && k == (n - 1) / 2 ? w[1] : w[2 * k + 1];
                }
                if (n % 2 == 0 && n > 1) {
                    int d = (int) (2 * (dst + (n / 2) * inner));
                    out[d] = w[1];
                    out[d + 1] = 0;
                }
                for (int k = lo; k < hi; k++) {
                    int d = (int) (2 * (dst + k * inner));
                    out[d] *= f;
                    out[d + 1] *= f;
                }
            }
        }
    }

    private static void realInverse(double[] in, long inPos, double[] out, long outPos, long outer, int n,
            long inner, int lo, int hi, double f) {
        DoubleFFT_1D fft = dplan(n);
        int h = n / 2 + 1;
        double[] w = new double[n];
        double scale = n;
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long src = inPos + o * h * inner + i;
                long dst = outPos + o * n * inner + i;
                // a bin in [lo, hi) times f, as if multiplied in place before (times 1 is exact)
                w[0] = in[(int) (2 * src)] * (lo <= 0 && 0 < hi ? f : 1);
                for (int k = 1; k < (n + 1) / 2; k++) {
                    int s = (int) (2 * (src + k * inner));
                    double g = lo <= k && k < hi ? f : 1;
                    w[2 * k] = in[s] * g;
                    if (n % 2 == 1 && k == (n - 1) / 2) {
                        w[1] = in[s + 1] * g;
                    } else {
                        w[2 * k + 1] = in[s + 1] * g;
                    }
                }
                if (n % 2 == 0 && n > 1) {
                    w[1] = in[(int) (2 * (src + (n / 2) * inner))] * (lo <= n / 2 && n / 2 < hi ? f : 1);
                }
                // JTransforms' unscaled real inverse is n/2 times the inverse for some lengths, n times for
                // others: the scaled one (the inverse itself) times n is the same for all
                fft.realInverse(w, true);
                for (int k = 0; k < n; k++) {
                    out[(int) (dst + k * inner)] = scale * w[k];
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------- float32

    private static void complex(float[] a, long pos, long outer, int n, long inner, boolean inverse) {
        FloatFFT_1D fft = fplan(n);
        if (inner == 1) {
            for (long o = 0; o < outer; o++) {
                int off = (int) (2 * (pos + o * n));
                if (inverse) {
                    fft.complexInverse(a, off, false);
                } else {
                    fft.complexForward(a, off);
                }
            }
            return;
        }
        float[] w = new float[2 * n * (int) Math.min(PANEL, inner)];
        for (long o = 0; o < outer; o++) {
            long base = pos + o * n * inner;
            for (long i0 = 0; i0 < inner; i0 += PANEL) {
                int b = (int) Math.min(PANEL, inner - i0);
                for (int k = 0; k < n; k++) {
                    int src = (int) (2 * (base + k * inner + i0));
                    for (int l = 0; l < b; l++) {
                        w[2 * (l * n + k)] = a[src + 2 * l];
                        w[2 * (l * n + k) + 1] = a[src + 2 * l + 1];
                    }
                }
                for (int l = 0; l < b; l++) {
                    if (inverse) {
                        fft.complexInverse(w, 2 * l * n, false);
                    } else {
                        fft.complexForward(w, 2 * l * n);
                    }
                }
                for (int k = 0; k < n; k++) {
                    int dst = (int) (2 * (base + k * inner + i0));
                    for (int l = 0; l < b; l++) {
                        a[dst + 2 * l] = w[2 * (l * n + k)];
                        a[dst + 2 * l + 1] = w[2 * (l * n + k) + 1];
                    }
                }
            }
        }
    }

    private static void realForward(float[] in, long inPos, float[] out, long outPos, long outer, int n,
            long inner, int lo, int hi, float f) {
        FloatFFT_1D fft = fplan(n);
        int h = n / 2 + 1;
        float[] w = new float[n];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long src = inPos + o * n * inner + i;
                long dst = outPos + o * h * inner + i;
                for (int k = 0; k < n; k++) {
                    w[k] = in[(int) (src + k * inner)];
                }
                fft.realForward(w);
                out[(int) (2 * dst)] = w[0];
                out[(int) (2 * dst) + 1] = 0;
                for (int k = 1; k < (n + 1) / 2; k++) {
                    int d = (int) (2 * (dst + k * inner));
                    out[d] = w[2 * k];
                    out[d + 1] = n % 2 == 1 && k == (n - 1) / 2 ? w[1] : w[2 * k + 1];
                }
                if (n % 2 == 0 && n > 1) {
                    int d = (int) (2 * (dst + (n / 2) * inner));
                    out[d] = w[1];
                    out[d + 1] = 0;
                }
                for (int k = lo; k < hi; k++) {
                    int d = (int) (2 * (dst + k * inner));
                    out[d] *= f;
                    out[d + 1] *= f;
                }
            }
        }
    }

    private static void realInverse(float[] in, long inPos, float[] out, long outPos, long outer, int n,
            long inner, int lo, int hi, float f) {
        FloatFFT_1D fft = fplan(n);
        int h = n / 2 + 1;
        float[] w = new float[n];
        float scale = n;
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long src = inPos + o * h * inner + i;
                long dst = outPos + o * n * inner + i;
                // a bin in [lo, hi) times f, as if multiplied in place before (times 1 is exact)
                w[0] = in[(int) (2 * src)] * (lo <= 0 && 0 < hi ? f : 1);
                for (int k = 1; k < (n + 1) / 2; k++) {
                    int s = (int) (2 * (src + k * inner));
                    float g = lo <= k && k < hi ? f : 1;
                    w[2 * k] = in[s] * g;
                    if (n % 2 == 1 && k == (n - 1) / 2) {
                        w[1] = in[s + 1] * g;
                    } else {
                        w[2 * k + 1] = in[s + 1] * g;
                    }
                }
                if (n % 2 == 0 && n > 1) {
                    w[1] = in[(int) (2 * (src + (n / 2) * inner))] * (lo <= n / 2 && n / 2 < hi ? f : 1);
                }
                // JTransforms' unscaled real inverse is n/2 times the inverse for some lengths, n times for
                // others: the scaled one (the inverse itself) times n is the same for all
                fft.realInverse(w, true);
                for (int k = 0; k < n; k++) {
                    out[(int) (dst + k * inner)] = scale * w[k];
                }
            }
        }
    }
}
