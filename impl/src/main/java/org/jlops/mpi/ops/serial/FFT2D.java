package org.jlops.mpi.ops.serial;

/**
 * The 2-d discrete Fourier transform over two axes (serial PyLops' {@code FFT2D}; default the
 * last two, norm {@link FftNorm#ORTHO}): {@link FFTND} restricted to exactly two axes.
 *
 * <pre>
 *     forward:  Y[k1, k2] = norm · Σ x[x1, x2] · exp(−2πi (k1 x1 / n1 + k2 x2 / n2))
 *     adjoint:  the exact adjoint
 * </pre>
 *
 * <p>Options, shifts, the real transform and dtypes as {@link FFTND}.
 */
public final class FFT2D extends AbstractFft {

    /**
     * The FFT with the given options.
     *
     * @param dims    (Input) the model shape, at least 2-d; not modified
     * @param options the options; {@code axes} must name exactly two
     * @throws IllegalArgumentException naming the bad option
     */
    public FFT2D(long[] dims, FftOptions options) {
        super(resolve(dims, options));
    }

    private static FftOptions.Resolved resolve(long[] dims, FftOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: must not be null");
        }
        if (dims == null || dims.length < 2) {
            throw new IllegalArgumentException("dims: FFT2D needs at least 2 dimensions, got "
                    + (dims == null ? "null" : java.util.Arrays.toString(dims)));
        }
        return options.resolve(dims, new int[] {-2, -1}, FftNorm.ORTHO, true, 2, 2);
    }

    /**
     * The default options.
     *
     * @return the default options
     */
    public static FftOptions options() {
        return FftOptions.defaults();
    }

    @Override
    public String toString() {
        return "FFT2D(dims=" + java.util.Arrays.toString(spec.dims()) + ", axes=" + java.util.Arrays.toString(spec.axes())
                + ", norm=" + spec.norm() + ", real=" + spec.real() + ", dtype=" + dtype + ")";
    }
}
