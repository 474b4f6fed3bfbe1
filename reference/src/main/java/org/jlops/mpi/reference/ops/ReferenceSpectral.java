package org.jlops.mpi.reference.ops;

import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_ZDRM;

/**
 * Dense references of the spectral and convolution operators, built from their definitions (never
 * by probing impl): DFT matrices along an axis ({@link #fftnd}), the non-stationary convolution
 * ({@link #nonStationaryConvolve1D}) and the multi-dimensional convolution ({@link #mdc}). Meant
 * for verification sizes (a few thousand unknowns).
 */
public final class ReferenceSpectral {

    private ReferenceSpectral() {
    }

    /**
     * The 1-d matrix of one transformed axis, {@code m × n}: optional ifftshift of the input (roll
     * by {@code −⌊n/2⌋}), zero-padding or truncation to {@code nfft}, the DFT
     * {@code exp(−2πi jk/nfft)} (rows {@code 0 .. nfft/2} only, bins {@code 1 .. (nfft−1)/2} times
     * √2, when {@code real}), optional fftshift of the output (roll by {@code +⌊m/2⌋}).
     */
    public static ZMatrixRMaj dftMatrix(int n, int nfft, boolean real, boolean ifftshiftBefore, boolean fftshiftAfter) {
        int m = real ? nfft / 2 + 1 : nfft;
        ZMatrixRMaj f = new ZMatrixRMaj(m, n);
        int sb = ifftshiftBefore ? n / 2 : 0;       // input j is read from position (j + sb) mod n after the roll
        int sa = fftshiftAfter ? m / 2 : 0;
        for (int k = 0; k < m; k++) {
            double scale = real && k >= 1 && k <= (nfft - 1) / 2 ? Math.sqrt(2) : 1;
            int row = (k + sa) % m;
            for (int j = 0; j < Math.min(n, nfft); j++) {
                double a = -2 * Math.PI * (((long) j * k) % nfft) / nfft;
                int col = (j + sb) % n;                // rolled: x'[j] = x[(j + ⌊n/2⌋) mod n]
                f.set(row, col, scale * Math.cos(a), scale * Math.sin(a));
            }
        }
        return f;
    }

    /**
     * The N-d FFT as a complex matrix {@code C} (serial PyLops' {@code FFTND}, {@code MPIFFTND}):
     * the product over the axes of {@link #dftMatrix} along each, times the norm ({@code "ortho"}:
     * {@code 1/√N}, {@code "none"}: 1, {@code "1/n"}: {@code 1/N}, N the product of the nffts).
     * Forward {@code y = C x}; adjoint {@code Cᴴ y} — for a real model (real transform, or real
     * dtype) the operator maps real x to {@code C x} and its adjoint is {@code Re(Cᴴ y)}.
     *
     * @param dims  (Input) the model shape. Not modified.
     * @param axes  (Input) distinct non-negative axes; the real transform is along the last. Not modified.
     * @param nffts (Input) the transform length per axis. Not modified.
     * @param norm  {@code "ortho"}, {@code "none"} or {@code "1/n"}
     * @return the operator (complex128)
     */
    public static DenseOperator fftnd(long[] dims, int[] axes, long[] nffts, String norm, boolean real,
            boolean[] ifftshiftBefore, boolean[] fftshiftAfter) {
        Objects.requireNonNull(dims, "dims");
        long[] shape = dims.clone();
        DenseOperator op = null;
        double points = 1;
        for (int k = 0; k < axes.length; k++) {
            boolean r = real && k == axes.length - 1;
            ZMatrixRMaj d = dftMatrix((int) shape[axes[k]], (int) nffts[k], r, ifftshiftBefore[k], fftshiftAfter[k]);
            DenseOperator along = alongAxis(d, shape, axes[k]);
            op = op == null ? along : along.compose(op);
            shape = along.dimsd();
            points *= nffts[k];
        }
        double s = switch (norm) {
            case "ortho" -> 1 / Math.sqrt(points);
            case "none" -> 1;
            case "1/n" -> 1 / points;
            default -> throw new IllegalArgumentException("norm: " + norm);
        };
        return op.times(s);
    }

    /** {@code I_pre ⊗ D ⊗ I_post} for a complex 1-d matrix {@code D} along {@code axis} of {@code dims}. */
    public static DenseOperator alongAxis(ZMatrixRMaj d, long[] dims, int axis) {
        long pre = 1;
        long post = 1;
        for (int k = 0; k < axis; k++) {
            pre *= dims[k];
        }
        for (int k = axis + 1; k < dims.length; k++) {
            post *= dims[k];
        }
        long[] dimsd = dims.clone();
        dimsd[axis] = d.numRows;
        int rows = (int) (pre * d.numRows * post);
        int cols = (int) (pre * d.numCols * post);
        ZMatrixRMaj full = new ZMatrixRMaj(rows, cols);
        for (int p = 0; p < pre; p++) {
            for (int i = 0; i < d.numRows; i++) {
                for (int j = 0; j < d.numCols; j++) {
                    double re = d.getReal(i, j);
                    double im = d.getImag(i, j);
                    if (re == 0 && im == 0) {
                        continue;
                    }
                    for (int q = 0; q < post; q++) {
                        full.set((int) ((p * d.numRows + i) * post + q), (int) ((p * d.numCols + j) * post + q), re, im);
                    }
                }
            }
        }
        return DenseOperator.of(full, dims, dimsd);
    }

    /**
     * The filter at position {@code ix} of a non-stationary convolution (PyLops'
     * {@code _interpolate_h}): linear between the two provided filters around it, the first one
     * before the first position, the last one from the last position on.
     *
     * @param hs (Input) the filters, one per row. Not modified.
     * @param oh the first filter's position
     * @param dh the spacing of the filters
     */
    public static double[] interpolatedFilter(double[][] hs, int ix, int oh, int dh) {
        int nh = hs.length;
        int j = Math.floorDiv(ix - oh, dh);
        if (j < 0) {
            return hs[0].clone();
        }
        if (j >= nh - 1) {
            return hs[nh - 1].clone();
        }
        double w = (double) (ix - oh) / dh - j;
        double[] h = new double[hs[0].length];
        for (int k = 0; k < h.length; k++) {
            h[k] = (1 - w) * hs[j][k] + w * hs[j + 1][k];
        }
        return h;
    }

    /**
     * The non-stationary convolution along axis 0 of {@code dims} (serial PyLops'
     * {@code NonStationaryConvolve1D}) as a real matrix: input sample {@code x[ix]} spreads
     * {@code x[ix] · h_ix} centred at {@code ix} (truncated at the ends), {@code h_ix} from
     * {@link #interpolatedFilter}; adjoint the transpose.
     *
     * @param dims (Input) the shape; the convolution runs along axis 0. Not modified.
     * @param hs   (Input) the filters (odd length). Not modified.
     * @param ih   (Input) their positions, regularly spaced. Not modified.
     */
    public static DenseOperator nonStationaryConvolve1D(long[] dims, double[][] hs, int[] ih) {
        int n = (int) dims[0];
        int inner = 1;
        for (int k = 1; k < dims.length; k++) {
            inner *= (int) dims[k];
        }
        int dh = ih.length > 1 ? ih[1] - ih[0] : 1;
        int half = hs[0].length / 2;
        DMatrixRMaj a = new DMatrixRMaj(n * inner, n * inner);
        for (int ix = 0; ix < n; ix++) {
            double[] h = interpolatedFilter(hs, ix, ih[0], dh);
            for (int k = 0; k < h.length; k++) {
                int iy = ix + k - half;
                if (iy < 0 || iy >= n) {
                    continue;
                }
                for (int q = 0; q < inner; q++) {
                    a.set(iy * inner + q, ix * inner + q, a.get(iy * inner + q, ix * inner + q) + h[k]);
                }
            }
        }
        return DenseOperator.of(a, dims, dims);
    }

    /**
     * The multi-dimensional convolution of PyLops' {@code MDC} as a real matrix:
     * {@code Re(F1ᴴ · I1ᴴ · blockdiag_f(G_f ⊗ I_nv) · I · F)} restricted to real models, with
     * {@code F} the real FFT (ortho, bins √2, ifftshift before when two-sided) of {@code (nt, nr, nv)}
     * along axis 0, {@code I} the selector of the first {@code nfreq} bins, {@code F1} the real FFT
     * of {@code (nt, ns, nv)} without shift, and {@code G_f} the {@code ns × nr} kernel of frequency
     * f (conjugated when {@code conj}) times {@code scale}.
     *
     * @param g     (Input) the kernel per frequency, each {@code ns × nr}. Not modified.
     * @param nt    the time samples
     * @param nv    the virtual sources
     * @param scale the kernel's factor ({@code dr · dt · √nt}, or 1 when prescaled)
     */
    public static DenseOperator mdc(ZMatrixRMaj[] g, int nt, int nv, double scale, boolean twosided, boolean conj) {
        int nf = g.length;
        int ns = g[0].numRows;
        int nr = g[0].numCols;
        int nfft = nt / 2 + 1;
        double ortho = 1 / Math.sqrt(nt);
        DenseOperator f = alongAxis(dftMatrix(nt, nt, true, twosided, false), new long[] {nt, nr, nv}, 0).times(ortho);
        DenseOperator f1 = alongAxis(dftMatrix(nt, nt, true, false, false), new long[] {nt, ns, nv}, 0).times(ortho);
        ZMatrixRMaj blocks = new ZMatrixRMaj(nfft * ns * nv, nfft * nr * nv);
        for (int k = 0; k < Math.min(nf, nfft); k++) {
            for (int i = 0; i < ns; i++) {
                for (int j = 0; j < nr; j++) {
                    double re = g[k].getReal(i, j) * scale;
                    double im = (conj ? -1 : 1) * g[k].getImag(i, j) * scale;
                    for (int v = 0; v < nv; v++) {
                        blocks.set((k * ns + i) * nv + v, (k * nr + j) * nv + v, re, im);
                    }
                }
            }
        }
        // bins beyond nfreq are zero rows and columns of the block diagonal: the selector and its adjoint
        DenseOperator mid = DenseOperator.of(blocks, new long[] {nfft, nr, nv}, new long[] {nfft, ns, nv});
        ZMatrixRMaj k = f1.adjoint().compose(mid).compose(f).complexMatrix();
        DMatrixRMaj re = new DMatrixRMaj(k.numRows, k.numCols);
        CommonOps_ZDRM.real(k, re);
        return DenseOperator.of(re, new long[] {nt, nr, nv}, new long[] {nt, ns, nv});
    }

    /** The shape as text, for messages. */
    static String str(long[] shape) {
        return Arrays.toString(shape);
    }
}
