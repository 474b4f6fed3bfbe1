package org.jlops.mpi.ops.serial;

import java.util.stream.IntStream;
import org.jlops.mpi.array.NdArray;

/**
 * The N-d discrete Fourier transform over any set of axes (serial PyLops' {@code FFTND}, SPEC §9
 * and §5.12), on the engine's batched FFTs (FFTW or JTransforms, see
 * {@code Engine.host().fft().implementation(...)}):
 *
 * <pre>
 *     forward:  Y[k_1 .. k_m] = norm · Σ_x x[x_1 .. x_m] · exp(−2πi Σ_j k_j x_j / n_j)   along axes a_1 .. a_m
 *     adjoint:  the exact adjoint (norm · the unnormalised inverse DFT)
 *     dims → dimsd: n_j = nffts[j] along axis a_j (n/2 + 1 along the last when real)
 * </pre>
 *
 * <p>with the shifts, the real transform (bins {@code 1 .. (n−1)/2} of the last axis times √2, so
 * that the adjoint stays exact) and the norms of {@link AbstractFft} and {@link FftNorm}
 * (default {@link FftNorm#ORTHO}). The operator's dtype is the complex counterpart of the options'
 * dtype; the model is real (its imaginary parts are ignored, and the adjoint returns zero
 * imaginary parts) when {@code real} is set or the options' dtype is real.
 *
 * <p>Differences from PyLops: a repeated axis is refused (PyLops warns); the forward computes in the
 * operator's precision (PyLops computes in complex128 and casts); the frequencies are
 * {@link #frequencies(int)}.
 */
public final class FFTND extends AbstractFft {

    /**
     * The FFT over every axis of {@code dims} with the default options.
     *
     * @param dims (Input) the model shape; not modified
     * @throws IllegalArgumentException naming the bad argument
     */
    public FFTND(long... dims) {
        this(dims, FftOptions.defaults());
    }

    /**
     * The FFT with the given options (default axes: all).
     *
     * @param dims    (Input) the model shape; not modified
     * @param options the options ({@link #options()})
     * @throws IllegalArgumentException naming the bad option
     */
    public FFTND(long[] dims, FftOptions options) {
        super(resolve(dims, options));
    }

    private static FftOptions.Resolved resolve(long[] dims, FftOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: must not be null");
        }
        int nd = dims == null ? 0 : dims.length;
        return options.resolve(dims, IntStream.range(0, nd).toArray(), FftNorm.ORTHO, true, 1, Math.max(1, nd));
    }

    /**
     * The default options, to be changed one by one: {@code FFTND.options().axes(0, 1).norm(FftNorm.NONE)}.
     *
     * @return the default options
     */
    public static FftOptions options() {
        return FftOptions.defaults();
    }

    /**
     * NumPy's {@code fftshift}: rolls {@code x} by {@code n/2} along each of {@code axes} (all when
     * none are given), so that the zero frequency moves to the middle. Local.
     *
     * @param axes the axes to roll (all when none are given)
     * @param x (Input) not modified
     * @return a new array of {@code x}'s shape and dtype
     * @throws IllegalArgumentException naming an axis out of range
     */
    public static NdArray fftshift(NdArray x, int... axes) {
        return shift(x, 1, axes);
    }

    /**
     * NumPy's {@code ifftshift}, the inverse of {@link #fftshift}: rolls by {@code −(n/2)}. Local.
     *
     * @param x (Input) the array; not modified
     * @param axes the axes to roll (all when none are given)
     * @return a new array
     */
    public static NdArray ifftshift(NdArray x, int... axes) {
        return shift(x, -1, axes);
    }

    @Override
    public String toString() {
        return "FFTND(dims=" + java.util.Arrays.toString(spec.dims()) + ", axes=" + java.util.Arrays.toString(spec.axes())
                + ", norm=" + spec.norm() + ", real=" + spec.real() + ", dtype=" + dtype + ")";
    }
}
