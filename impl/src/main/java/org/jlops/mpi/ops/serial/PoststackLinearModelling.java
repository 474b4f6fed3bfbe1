package org.jlops.mpi.ops.serial;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Stencil;

/**
 * Post-stack linear modelling (serial PyLops' {@code PoststackLinearModelling}, its non-explicit
 * form): the seismic trace of a log-impedance (or any) profile {@code m(t)} is the convolution of
 * its first derivative with the wavelet,
 *
 * <pre>
 *     d = W D m,    D: the first derivative along the time axis (centered: (m[i+1] - m[i-1]) / 2,
 *                      zero first and last rows; or forward: m[i+1] - m[i], zero last row),
 *                   W: Convolve1D with the wavelet w, offset = len(w) / 2 (the centred wavelet)
 *     m = D^T W^T d  (the adjoint)
 * </pre>
 *
 * <p>The two banded stencils are multiplied once at construction ({@link Stencil#times}): the
 * product {@code W D} is one stencil of {@code len(w) + 2} taps, applied in one pass over the data
 * along the time axis, and its transpose is the adjoint — exact, and without the intermediate
 * array of the two products. Every trace (every line along the time axis) is modelled alike.
 *
 * <p>Layout: PyLops puts time first ({@code dims = (nt0, spatdims...)}, axis 0); the tutorials of
 * PyLops-MPI distribute a {@code (ny, nx, nz)} cube with time last and wrap the operator in
 * {@code Transpose}. Here the time axis is a parameter, so {@code axis = -1} models the cube
 * directly (the same operator as {@code T^H P T}).
 *
 * <p>Differences from PyLops: only the operator form (no {@code explicit} dense matrix, no sparse
 * matrix); a real 1-d wavelet (no non-stationary 2-d wavelet); any time axis.
 */
public final class PoststackLinearModelling extends StencilOperator {

    private final double[] wavelet;
    private final DerivativeKind kind;

    /**
     * PyLops' layout: time first, {@code dims = (nt0, spatdims...)}, centered derivative, float64.
     *
     * @param wav      (Input) the wavelet, odd length preferred (centred at {@code len / 2}); copied
     * @param nt0      the number of time samples, at least 0
     * @param spatdims (Input) the spatial dimensions after time, or none; copied
     * @throws IllegalArgumentException naming the bad argument
     */
    public PoststackLinearModelling(double[] wav, long nt0, long... spatdims) {
        this(wav, prepend(nt0, spatdims), 0, DerivativeKind.CENTERED, DType.FLOAT64);
    }

    /**
     * Modelling along {@code axis} of {@code dims}.
     *
     * @param wav   (Input) the wavelet, at least one finite tap; copied
     * @param dims  (Input) the model shape; copied
     * @param axis  the time axis, in {@code [-ndim, ndim)}
     * @param kind  {@link DerivativeKind#CENTERED} (PyLops' default) or {@link DerivativeKind#FORWARD}
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument ({@code kind} BACKWARD is rejected, as in PyLops)
     */
    public PoststackLinearModelling(double[] wav, long[] dims, int axis, DerivativeKind kind, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        if (kind != DerivativeKind.CENTERED && kind != DerivativeKind.FORWARD) {
            throw new IllegalArgumentException("kind: " + kind + ", expected CENTERED or FORWARD");
        }
        Stencil dm = FirstDerivative.stencil(d[ax], 1.0, kind, false, 3);
        int offset = wav == null ? 0 : wav.length / 2;
        Stencil product = Convolve1D.stencil(d[ax], wav, offset).times(dm);   // W D, one stencil
        super(new AxisStencil(d, ax, product), dtype);                             // adjoint: its transpose
        this.wavelet = wav.clone();
        this.kind = kind;
    }

    private static long[] prepend(long nt0, long[] spatdims) {
        long[] s = spatdims == null ? new long[0] : spatdims;
        long[] d = new long[s.length + 1];
        d[0] = nt0;
        System.arraycopy(s, 0, d, 1, s.length);
        return d;
    }

    /**
     * The wavelet (a copy).
     *
     * @return the wavelet (a copy)
     */
    public double[] wavelet() {
        return wavelet.clone();
    }

    /**
     * The derivative's scheme.
     *
     * @return the derivative's scheme
     */
    public DerivativeKind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "PoststackLinearModelling(" + shapeText() + ", nwav=" + wavelet.length + ", kind=" + kind + ")";
    }
}
