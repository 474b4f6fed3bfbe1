package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;

/**
 * The options of the FFT operators ({@link FFT}, {@link FFT2D}, {@link FFTND} and the distributed
 * {@code MPIFFT2D}, {@code MPIFFTND}), PyLops' keyword arguments as an immutable value with one
 * method per option, each returning a new value:
 *
 * <pre>{@code
 * FFTND f = new FFTND(dims, FFTND.options().axes(0, 2).norm(FftNorm.NONE).real(true).fftshiftAfter(true));
 * }</pre>
 *
 * <p>Unset options take the operator's defaults: {@code axes} (FFT: the last axis; FFT2D: the last
 * two; FFTND: all; MPIFFTND: the first three, MPIFFT2D the first two, as PyLops-MPI), {@code nffts}
 * (the dims along the axes), {@code sampling} 1, {@code norm} (serial: {@link FftNorm#ORTHO};
 * distributed: {@link FftNorm#NONE}), {@code real} false, no shifts, dtype complex128. A
 * per-axis option takes one value for every axis, or one value for all.
 */
public final class FftOptions {

    private static final FftOptions DEFAULTS = new FftOptions(null, null, null, null, false, null, null,
            DType.COMPLEX128);

    private final int[] axes;
    private final long[] nffts;
    private final double[] sampling;
    private final FftNorm norm;
    private final boolean real;
    private final boolean[] ifftshiftBefore;
    private final boolean[] fftshiftAfter;
    private final DType dtype;

    private FftOptions(int[] axes, long[] nffts, double[] sampling, FftNorm norm, boolean real,
            boolean[] ifftshiftBefore, boolean[] fftshiftAfter, DType dtype) {
        this.axes = axes;
        this.nffts = nffts;
        this.sampling = sampling;
        this.norm = norm;
        this.real = real;
        this.ifftshiftBefore = ifftshiftBefore;
        this.fftshiftAfter = fftshiftAfter;
        this.dtype = dtype;
    }

    /**
     * Every option at its default.
     *
     * @return every option at its default
     */
    public static FftOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The axes to transform (negative counts from the end), in order; the real transform is along the last.
     *
     * @param axes the axes, negative counting from the end
     * @return new options with this one changed
     */
    public FftOptions axes(int... axes) {
        return new FftOptions(axes == null ? null : axes.clone(), nffts, sampling, norm, real, ifftshiftBefore,
                fftshiftAfter, dtype);
    }

    /**
     * The transform lengths per axis (zero-padding when longer than the dims, truncation when shorter); serial only.
     *
     * @param nffts one length per axis
     * @return new options with this one changed
     */
    public FftOptions nffts(long... nffts) {
        return new FftOptions(axes, nffts == null ? null : nffts.clone(), sampling, norm, real, ifftshiftBefore,
                fftshiftAfter, dtype);
    }

    /**
     * The sampling step per axis (one value for all), for the frequency axes; positive and finite.
     *
     * @param sampling one step per axis, or one for all
     * @return new options with this one changed
     */
    public FftOptions sampling(double... sampling) {
        return new FftOptions(axes, nffts, sampling == null ? null : sampling.clone(), norm, real, ifftshiftBefore,
                fftshiftAfter, dtype);
    }

    /**
     * The scaling.
     *
     * @param norm the scaling
     * @return new options with this one changed
     */
    public FftOptions norm(FftNorm norm) {
        return new FftOptions(axes, nffts, sampling, norm, real, ifftshiftBefore, fftshiftAfter, dtype);
    }

    /**
     * A real-to-complex transform along the last axis (the model is real).
     *
     * @param real whether the model is real
     * @return new options with this one changed
     */
    public FftOptions real(boolean real) {
        return new FftOptions(axes, nffts, sampling, norm, real, ifftshiftBefore, fftshiftAfter, dtype);
    }

    /**
     * Apply {@code ifftshift} to the model along the axes (one flag for all, or one per axis) before the transform.
     *
     * @param flags one flag for all axes, or one per axis
     * @return new options with this one changed
     */
    public FftOptions ifftshiftBefore(boolean... flags) {
        return new FftOptions(axes, nffts, sampling, norm, real, flags == null ? null : flags.clone(), fftshiftAfter,
                dtype);
    }

    /**
     * Apply {@code fftshift} to the data along the axes (one flag for all, or one per axis) after the transform.
     *
     * @param flags one flag for all axes, or one per axis
     * @return new options with this one changed
     */
    public FftOptions fftshiftAfter(boolean... flags) {
        return new FftOptions(axes, nffts, sampling, norm, real, ifftshiftBefore, flags == null ? null : flags.clone(),
                dtype);
    }

    /**
     * The dtype (PyLops' {@code dtype}): the operator's dtype is its complex counterpart; a real
     * dtype (or {@code real}) makes the model real.
     *
     * @param dtype the dtype
     * @return new options with this one changed
     */
    public FftOptions dtype(DType dtype) {
        return new FftOptions(axes, nffts, sampling, norm, real, ifftshiftBefore, fftshiftAfter, dtype);
    }

    /**
     * The norm, or null when unset.
     *
     * @return the norm, or null when unset
     */
    public FftNorm norm() {
        return norm;
    }

    /**
     * Whether the transform along the last axis is real-to-complex.
     *
     * @return whether the transform along the last axis is real-to-complex
     */
    public boolean real() {
        return real;
    }

    /**
     * The dtype.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    @Override
    public String toString() {
        return "FftOptions[axes=" + (axes == null ? "default" : Arrays.toString(axes)) + ", nffts="
                + (nffts == null ? "default" : Arrays.toString(nffts)) + ", sampling="
                + (sampling == null ? "1" : Arrays.toString(sampling)) + ", norm=" + (norm == null ? "default" : norm)
                + ", real=" + real + ", ifftshiftBefore=" + (ifftshiftBefore == null ? "false"
                : Arrays.toString(ifftshiftBefore)) + ", fftshiftAfter=" + (fftshiftAfter == null ? "false"
                : Arrays.toString(fftshiftAfter)) + ", dtype=" + dtype + "]";
    }

    /**
     * The options checked against the model shape, every default filled in.
     *
     * @param dims            the model shape, copied
     * @param axes            the normalised axes, distinct
     * @param nffts           the transform length per axis
     * @param sampling        per axis
     * @param norm            the scaling
     * @param real            real-to-complex along {@code axes[last]}
     * @param ifftshiftBefore per axis
     * @param fftshiftAfter   per axis
     * @param cdtype          the operator's (complex) dtype
     * @param rdtype          the model's dtype: real when {@code real} or a real dtype was given, else {@code cdtype}
     * @param clinear         whether the operator is linear over the complex numbers (the model is complex)
     * @param dimsd           the data shape: {@code nffts} along the axes, {@code n/2 + 1} along the real one
     */
    public record Resolved(long[] dims, int[] axes, long[] nffts, double[] sampling, FftNorm norm, boolean real,
            boolean[] ifftshiftBefore, boolean[] fftshiftAfter, DType cdtype, DType rdtype, boolean clinear,
            long[] dimsd) {

        /**
         * The product of the transform lengths, N.
         *
         * @return the product of the transform lengths, N
         */
        public double points() {
            double n = 1;
            for (long f : nffts) {
                n *= f;
            }
            return n;
        }

        /**
         * The index of the real axis in {@code axes} (the last), or -1 when not real.
         *
         * @return the index of the real axis in {@code axes} (the last), or -1 when not real
         */
        public int realIndex() {
            return real ? axes.length - 1 : -1;
        }

        /**
         * The frequencies of data axis {@code k} (PyLops' {@code fs[k]}): {@code fftfreq(nfft, d)}, or
         * {@code rfftfreq} for the real axis, fftshifted where {@code fftshiftAfter}.
         *
         * @param k the index of the axis among the transformed ones
         * @return the frequencies (PyLops' {@code fs[k]})
         */
        public double[] frequencies(int k) {
            long n = nffts[k];
            double d = sampling[k];
            int m = Math.toIntExact(dimsd[axes[k]]);
            double[] f = new double[m];
            for (int j = 0; j < m; j++) {
                long idx = (k == realIndex() || j < (n + 1) / 2) ? j : j - n;
                f[j] = idx / (n * d);
            }
            if (fftshiftAfter[k]) {
                double[] s = new double[m];
                for (int j = 0; j < m; j++) {
                    s[(j + m / 2) % m] = f[j];
                }
                return s;
            }
            return f;
        }
    }

    /**
     * Checks these options against {@code dims} and fills in the defaults.
     *
     * @param dims         (Input) the model shape; not modified
     * @param defaultAxes  the operator's axes when none were set
     * @param defaultNorm  the operator's norm when none was set
     * @param allowNffts   whether {@code nffts} other than the dims are accepted (serial only)
     * @param minAxes      the fewest axes the operator takes
     * @param maxAxes      the most axes the operator takes
     * @return the options resolved for {@code dims}, defaults filled in
     * @throws IllegalArgumentException naming the option, its value and what was expected
     */
    public Resolved resolve(long[] dims, int[] defaultAxes, FftNorm defaultNorm, boolean allowNffts, int minAxes,
            int maxAxes) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("dims: expected at least one dimension, got "
                    + (dims == null ? "null" : "[]"));
        }
        for (long d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("dims: every dimension must be at least 1, got "
                        + Arrays.toString(dims));
            }
        }
        int nd = dims.length;
        int[] ax = (axes != null ? axes : defaultAxes).clone();
        if (ax.length < minAxes || ax.length > maxAxes) {
            throw new IllegalArgumentException("axes: expected " + (minAxes == maxAxes ? "exactly " + minAxes
                    : "between " + minAxes + " and " + maxAxes) + " axes, got " + Arrays.toString(ax));
        }
        for (int k = 0; k < ax.length; k++) {
            int a = ax[k];
            if (a < -nd || a >= nd) {
                throw new IllegalArgumentException("axes: axis " + a + " is out of range for " + nd + "-d dims "
                        + Arrays.toString(dims));
            }
            ax[k] = a < 0 ? a + nd : a;
            for (int j = 0; j < k; j++) {
                if (ax[j] == ax[k]) {
                    throw new IllegalArgumentException("axes: axis " + ax[k] + " is repeated in "
                            + Arrays.toString(axes != null ? axes : defaultAxes) + "; give each axis once");
                }
            }
        }
        int m = ax.length;
        long[] nf = new long[m];
        for (int k = 0; k < m; k++) {
            nf[k] = dims[ax[k]];
        }
        if (nffts != null) {
            if (nffts.length != m) {
                throw new IllegalArgumentException("nffts: " + nffts.length + " values for " + m + " axes");
            }
            for (int k = 0; k < m; k++) {
                if (nffts[k] < 1) {
                    throw new IllegalArgumentException("nffts: every length must be at least 1, got "
                            + Arrays.toString(nffts));
                }
                if (!allowNffts && nffts[k] != nf[k]) {
                    throw new IllegalArgumentException("nffts: " + Arrays.toString(nffts) + " differ from the dims "
                            + "along the axes " + Arrays.toString(nf) + "; this operator does not pad or truncate");
                }
            }
            nf = nffts.clone();
        }
        for (long f : nf) {
            if (f > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("nffts: a transform length above 2^31-1: " + Arrays.toString(nf));
            }
        }
        double[] sp = perAxis("sampling", sampling, m, 1.0);
        for (double s : sp) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("sampling: every step must be positive and finite, got "
                        + Arrays.toString(sp));
            }
        }
        boolean[] before = perAxis("ifftshiftBefore", ifftshiftBefore, m);
        boolean[] after = perAxis("fftshiftAfter", fftshiftAfter, m);
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        DType cd = dtype.complexType();
        boolean realModel = real || !dtype.isComplex();
        DType rd = real ? dtype.realType() : dtype;
        long[] dd = dims.clone();
        for (int k = 0; k < m; k++) {
            dd[ax[k]] = nf[k];
        }
        if (real) {
            dd[ax[m - 1]] = nf[m - 1] / 2 + 1;
        }
        return new Resolved(dims.clone(), ax, nf, sp, norm != null ? norm : defaultNorm, real, before, after, cd, rd,
                !realModel, dd);
    }

    private static double[] perAxis(String name, double[] v, int m, double dflt) {
        if (v == null) {
            double[] out = new double[m];
            Arrays.fill(out, dflt);
            return out;
        }
        if (v.length == 1) {
            double[] out = new double[m];
            Arrays.fill(out, v[0]);
            return out;
        }
        if (v.length != m) {
            throw new IllegalArgumentException(name + ": " + v.length + " values for " + m + " axes; give one value "
                    + "or one per axis");
        }
        return v.clone();
    }

    private static boolean[] perAxis(String name, boolean[] v, int m) {
        boolean[] out = new boolean[m];
        if (v == null) {
            return out;
        }
        if (v.length == 1) {
            Arrays.fill(out, v[0]);
            return out;
        }
        if (v.length != m) {
            throw new IllegalArgumentException(name + ": " + v.length + " flags for " + m + " axes; give one flag "
                    + "or one per axis");
        }
        return v.clone();
    }
}
