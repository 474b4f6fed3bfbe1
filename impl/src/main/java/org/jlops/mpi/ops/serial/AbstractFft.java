package org.jlops.mpi.ops.serial;

import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.internal.FftSteps;

/**
 * The serial FFT operators' shared body ({@link FFT}, {@link FFT2D}, {@link FFTND}): the checked
 * options and the forward and adjoint products as chains of {@link FftSteps}.
 *
 * <pre>
 *     forward:  y = fftshift_after( norm · S · DFT_axes( pad_nfft( re?( ifftshift_before(x) ) ) ) )
 *     adjoint:  x = fftshift_before( crop_dims( re?( norm · IDFT_axes( S⁻¹ · ifftshift_after(y) ) ) ) )
 * </pre>
 *
 * <p>with {@code DFT_axes} the unnormalised transform along every axis (real-to-complex along the
 * last one when {@code real}), {@code IDFT_axes} its unnormalised inverse (complex-to-real along
 * the real axis, which counts bins {@code 1 .. (n−1)/2} twice and ignores the imaginary parts of
 * the others), {@code S} the √2 on those bins (real only), {@code re?} the real part when the model
 * is real, and {@code norm} the factor of {@link FftNorm#factor}. So the adjoint is the exact
 * adjoint, over the reals when the model is real.
 */
abstract class AbstractFft extends HostOperator {

    /** The resolved options. */
    final FftOptions.Resolved spec;

    AbstractFft(FftOptions.Resolved spec) {
        super(spec.dims(), spec.dimsd(), spec.cdtype());
        this.spec = spec;
    }

    /**
     * The resolved options: axes, lengths, sampling, norm, shifts, dtypes, data shape.
     *
     * @return the resolved options: axes, lengths, sampling, norm, shifts, dtypes, data shape
     */
    public final FftOptions.Resolved spec() {
        return spec;
    }

    /**
     * The frequencies of the data along transformed axis {@code k} (PyLops' {@code fs[k]}, {@code f1}, {@code f2}).
     *
     * @param k the index of the axis among the transformed ones
     * @return the frequencies (PyLops' {@code fs[k]})
     */
    public final double[] frequencies(int k) {
        return spec.frequencies(k);
    }

    /**
     * The exact inverse of the forward, {@code rmatvec(y) / scale} (PyLops' {@code Op / y}) with
     * scale {@code N} (norm NONE), {@code 1/N} (ONE_OVER_N) or 1 (ORTHO); with {@code nffts} shorter
     * than the dims the forward truncates and this is its least-squares inverse only. Local.
     *
     * @param y (Input) {@link #rows()} entries; not modified
     * @return a new 1-d array of {@link #cols()} entries
     */
    public final NdArray inverse(NdArray y) {
        NdArray x = rmatvec(y);
        double s = 1 / spec.norm().inverseScale(spec.points());
        NdArray out = x.copy();
        for (long k = 0; k < out.size(); k++) {
            out.set(k, x.re(k) * s, x.im(k) * s);
        }
        return out;
    }

    @Override
    final void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        checkBuffers(in, inPos, out, outPos, adjoint);
        Engine e = Engine.host();
        long n = adjoint ? rows() : cols();
        Buffer w = e.allocate(in.type(), n);
        e.copy(in, inPos, w, 0, n);
        Buffer r = adjoint ? adjoint(w, spec) : forward(w, spec);
        Buffer c = FftSteps.toComplex(r, dtype.elementType(), false);
        e.copy(c, 0, out, outPos, adjoint ? cols() : rows());
    }

    /**
     * The forward chain on a block of the model shape (complex or real, of the operator's
     * precision; not modified): a new complex block of the data shape.
     */
    static Buffer forward(Buffer x, FftOptions.Resolved s) {
        long[] shape = s.dims().clone();
        int m = s.axes().length;
        Buffer w = x;
        for (int k = 0; k < m; k++) {
            if (s.ifftshiftBefore()[k]) {
                int a = s.axes()[k];
                w = FftSteps.roll(w, shape, a, -(shape[a] / 2));
            }
        }
        ElementType ct = s.cdtype().elementType();
        w = s.real() ? FftSteps.realPart(w, s.cdtype().realType().elementType())
                : FftSteps.toComplex(w, ct, !s.clinear());          // a copy: the transforms work in place
        for (int k = 0; k < m; k++) {
            int a = s.axes()[k];
            w = FftSteps.resize(w, shape, a, s.nffts()[k]);
            shape[a] = s.nffts()[k];
        }
        // the norm's factor (and the real axis's √2) multiply the first transform's output as it
        // is written: no pass of their own
        double factor = s.norm().factor(s.points());
        if (s.real()) {
            int a = s.axes()[m - 1];
            long nl = shape[a];
            w = FftSteps.realForwardAlong(w, shape, a, null, 1, 1 + (nl - 1) / 2, Math.sqrt(2), factor);
            shape[a] = nl / 2 + 1;
        }
        for (int k = 0; k < (s.real() ? m - 1 : m); k++) {
            FftSteps.complexAlong(w, shape, s.axes()[k], false, k == 0 && !s.real() ? factor : 1);
        }
        if (m == 0) {
            FftSteps.scale(w, factor);
        }
        for (int k = 0; k < m; k++) {
            if (s.fftshiftAfter()[k]) {
                int a = s.axes()[k];
                w = FftSteps.roll(w, shape, a, shape[a] / 2);
            }
        }
        return w;
    }

    /**
     * The adjoint chain on a complex block of the data shape (not modified): a new block of the
     * model shape, real when the model is real.
     */
    static Buffer adjoint(Buffer y, FftOptions.Resolved s) {
        long[] shape = s.dimsd().clone();
        int m = s.axes().length;
        Buffer w = FftSteps.toComplex(y, s.cdtype().elementType(), false);   // a copy
        for (int k = 0; k < m; k++) {
            if (s.fftshiftAfter()[k]) {
                int a = s.axes()[k];
                w = FftSteps.roll(w, shape, a, -(shape[a] / 2));
            }
        }
        // the norm's factor multiplies the first transform's output as it is written (a real-only
        // adjoint's: its input, as the complex-to-real transform reads it, with the √2 bins' 1/√2)
        double factor = s.norm().factor(s.points());
        int complexAxes = s.real() ? m - 1 : m;
        for (int k = 0; k < complexAxes; k++) {
            FftSteps.complexAlong(w, shape, s.axes()[k], true, k == 0 ? factor : 1);
        }
        if (s.real()) {
            int a = s.axes()[m - 1];
            int n = (int) s.nffts()[m - 1];
            w = FftSteps.realInverseAlong(w, shape, a, n, null, 1, 1 + (n - 1) / 2, 1 / Math.sqrt(2),
                    complexAxes == 0 ? factor : 1);
            shape[a] = n;
        }
        if (m == 0) {
            FftSteps.scale(w, factor);
        }
        for (int k = 0; k < m; k++) {
            int a = s.axes()[k];
            w = FftSteps.resize(w, shape, a, s.dims()[a]);
            shape[a] = s.dims()[a];
        }
        if (!s.real() && !s.clinear()) {
            w = FftSteps.realPart(w, s.cdtype().realType().elementType());
        }
        for (int k = 0; k < m; k++) {
            if (s.ifftshiftBefore()[k]) {
                int a = s.axes()[k];
                w = FftSteps.roll(w, shape, a, shape[a] / 2);
            }
        }
        return w;
    }

    /**
     * NumPy's {@code fftshift} ({@code shift = +1}) or {@code ifftshift} ({@code -1}) of {@code x}
     * along {@code axes} (all when empty): a new array.
     */
    static NdArray shift(NdArray x, int sign, int... axes) {
        if (x == null) {
            throw new IllegalArgumentException("x: must not be null");
        }
        long[] shape = x.shape();
        int nd = shape.length;
        int[] ax = axes == null || axes.length == 0 ? java.util.stream.IntStream.range(0, nd).toArray() : axes;
        Buffer w = Engine.host().wrap(x.copy().data(), x.dtype().elementType());
        for (int a0 : ax) {
            if (a0 < -nd || a0 >= nd) {
                throw new IllegalArgumentException("axes: axis " + a0 + " is out of range for a " + nd + "-d array");
            }
            int a = a0 < 0 ? a0 + nd : a0;
            w = FftSteps.roll(w, shape, a, sign * (shape[a] / 2));
        }
        return NdArray.wrap(x.dtype(), w.hostArray(), shape);
    }
}
