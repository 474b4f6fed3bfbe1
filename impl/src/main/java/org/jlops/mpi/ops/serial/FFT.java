package org.jlops.mpi.ops.serial;

/**
 * The 1-d discrete Fourier transform along one axis (serial PyLops' {@code FFT}; default the last,
 * norm {@link FftNorm#ORTHO}), with zero-padding or truncation to {@code nfft}:
 *
 * <pre>
 *     forward:  Y[k] = norm · Σ_{x &lt; min(n, nfft)} x[x] · exp(−2πi k x / nfft)      k = 0 .. nfft−1
 *               (real: k = 0 .. nfft/2, bins 1 .. (nfft−1)/2 times √2)
 *     adjoint:  the exact adjoint: the unnormalised inverse of length nfft, times norm, cropped
 *               or zero-padded back to n
 * </pre>
 *
 * <p>Options as {@link FFTND} with one axis ({@code FFT.options().axes(0).nffts(64).real(true)}).
 * {@code MPIMDC} applies it along the time axis with {@code real} and {@code ifftshiftBefore}.
 */
public final class FFT extends AbstractFft {

    /**
     * The FFT with the given options.
     *
     * @param dims    (Input) the model shape; not modified
     * @param options the options; {@code axes} names one axis at most (default the last)
     * @throws IllegalArgumentException naming the bad option
     */
    public FFT(long[] dims, FftOptions options) {
        super(resolve(dims, options));
    }

    private static FftOptions.Resolved resolve(long[] dims, FftOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: must not be null");
        }
        return options.resolve(dims, new int[] {-1}, FftNorm.ORTHO, true, 1, 1);
    }

    /**
     * The default options.
     *
     * @return the default options
     */
    public static FftOptions options() {
        return FftOptions.defaults();
    }

    /**
     * The transformed axis.
     *
     * @return the transformed axis
     */
    public int axis() {
        return spec.axes()[0];
    }

    /**
     * The transform length.
     *
     * @return the transform length
     */
    public long nfft() {
        return spec.nffts()[0];
    }

    @Override
    public String toString() {
        return "FFT(dims=" + java.util.Arrays.toString(spec.dims()) + ", axis=" + axis() + ", nfft=" + nfft()
                + ", norm=" + spec.norm() + ", real=" + spec.real() + ", dtype=" + dtype + ")";
    }
}
