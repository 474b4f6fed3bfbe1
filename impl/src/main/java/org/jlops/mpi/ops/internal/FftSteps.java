package org.jlops.mpi.ops.internal;

import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.FftKernels;

/**
 * The steps the FFT operators (serial {@code FFT}, {@code FFT2D}, {@code FFTND}, distributed
 * {@code MPIFFTND}, {@code MPIFFT2D}, {@code MPIMDC}) compose, on row-major blocks of a given shape
 * held in engine buffers: a 1-d transform along one axis (the engine's {@link FftKernels}), rolls
 * (the FFT shifts), scaling of a range of bins along one axis (the real transform's √2 bins, and
 * of a whole block (the norms), zero-padding or truncation along an axis, and the conversions
 * between real and complex. Each step returns a new buffer or says that it works in place.
 *
 * <p>Host buffers only (the scaling and conversion loops read the Java arrays). Local: no step
 * communicates.
 */
public final class FftSteps {

    private FftSteps() {
    }

    /** The kernels in use. */
    public static FftKernels kernels() {
        return Engine.host().fft();
    }

    /** Elements before, along and after {@code axis}: {@code (outer, n, inner)}. */
    static long outer(long[] shape, int axis) {
        long o = 1;
        for (int k = 0; k < axis; k++) {
            o *= shape[k];
        }
        return o;
    }

    /** Elements after {@code axis}. */
    static long inner(long[] shape, int axis) {
        long i = 1;
        for (int k = axis + 1; k < shape.length; k++) {
            i *= shape[k];
        }
        return i;
    }

    /** The number of elements of a shape. */
    public static long size(long[] shape) {
        long s = 1;
        for (long d : shape) {
            s *= d;
        }
        return s;
    }

    /** {@code shape} with {@code axis} set to {@code length}. */
    public static long[] with(long[] shape, int axis, long length) {
        long[] s = shape.clone();
        s[axis] = length;
        return s;
    }

    /** The complex DFT along {@code axis} of the complex block {@code x}, in place (inverse: unnormalised). */
    public static void complexAlong(Buffer x, long[] shape, int axis, boolean inverse) {
        complexAlong(x, shape, axis, inverse, 1);
    }

    /**
     * {@link #complexAlong(Buffer, long[], int, boolean)} with every element of the result
     * multiplied by {@code scale} as it is written ({@link FftKernels#complex(Buffer, long, long,
     * int, long, boolean, double)}).
     */
    public static void complexAlong(Buffer x, long[] shape, int axis, boolean inverse, double scale) {
        if (shape[axis] == 0 || size(shape) == 0) {
            return;
        }
        kernels().complex(x, 0, outer(shape, axis), Math.toIntExact(shape[axis]), inner(shape, axis), inverse,
                scale);
    }

    /**
     * The complex DFT along {@code axis} of the complex block {@code x} written to {@code into}
     * (a block of the same type and length, not sharing storage with {@code x}): the bits of
     * copying and transforming in place, in one pass where the kernels allow.
     */
    public static void complexAlong(Buffer x, Buffer into, long[] shape, int axis, boolean inverse) {
        complexAlong(x, 0, into, shape, axis, inverse, 1);
    }

    /**
     * The complex DFT along {@code axis} of the complex block of shape {@code shape} that starts at
     * element {@code pos} of {@code x}, written to {@code into} from element 0 ({@code into} holds at
     * least the block's elements of {@code x}'s type and does not share storage with {@code x}).
     */
    public static void complexAlong(Buffer x, long pos, Buffer into, long[] shape, int axis, boolean inverse) {
        complexAlong(x, pos, into, shape, axis, inverse, 1);
    }

    /**
     * {@link #complexAlong(Buffer, long, Buffer, long[], int, boolean)} with every element of the
     * result multiplied by {@code scale} as it is written.
     */
    public static void complexAlong(Buffer x, long pos, Buffer into, long[] shape, int axis, boolean inverse,
            double scale) {
        if (shape[axis] == 0 || size(shape) == 0) {
            return;
        }
        kernels().complex(x, pos, into, 0, outer(shape, axis), Math.toIntExact(shape[axis]), inner(shape, axis),
                inverse, scale);
    }

    /**
     * The complex-to-real inverse DFT (unnormalised) along {@code axis} of the complex block
     * {@code x} of shape {@code cshape} ({@code n/2 + 1} along the axis), which it may overwrite,
     * written to the real buffer {@code into} (of {@code x}'s precision) from element {@code intoPos}.
     */
    public static void realInverseAlong(Buffer x, long[] cshape, int axis, int n, Buffer into, long intoPos) {
        realInverseAlong(x, cshape, axis, n, into, intoPos, 0, 0, 1);
    }

    /**
     * {@link #realInverseAlong(Buffer, long[], int, int, Buffer, long)} with the bins whose index
     * along {@code axis} is in {@code [from, to)} multiplied by {@code f} as they are read: the bits
     * of {@link #scaleAlong} on {@code x} then the transform, without the pass over {@code x}.
     */
    public static void realInverseAlong(Buffer x, long[] cshape, int axis, int n, Buffer into, long intoPos,
            long from, long to, double f) {
        realInverseAlong(x, cshape, axis, n, into, intoPos, from, to, f, 1);
    }

    /**
     * {@link #realInverseAlong(Buffer, long[], int, int, Buffer, long, long, long, double)} with
     * every bin also multiplied by {@code scale} (after {@code f}) as it is read.
     */
    public static void realInverseAlong(Buffer x, long[] cshape, int axis, int n, Buffer into, long intoPos,
            long from, long to, double f, double scale) {
        long[] rshape = with(cshape, axis, n);
        if (size(rshape) > 0) {
            kernels().realInverse(x, 0, into, intoPos, outer(rshape, axis), n, inner(rshape, axis), bin(from, n),
                    bin(to, n), f, scale);
        }
    }

    /** A bin index clamped to {@code [0, n/2 + 1]} (the kernels' bins are ints). */
    private static int bin(long k, int n) {
        return (int) Math.max(0, Math.min(n / 2 + 1, k));
    }

    /**
     * The real-to-complex DFT along {@code axis} of the real block of shape {@code shape} that
     * starts at element {@code pos} of {@code x}, written to the complex buffer {@code into} (of
     * {@code x}'s precision, room for {@code n/2 + 1} along the axis) from element 0.
     */
    public static void realForwardAlong(Buffer x, long pos, long[] shape, int axis, Buffer into) {
        realForwardAlong(x, pos, shape, axis, into, 0, 0, 1);
    }

    /**
     * {@link #realForwardAlong(Buffer, long, long[], int, Buffer)} with the bins whose index along
     * {@code axis} is in {@code [from, to)} multiplied by {@code f} as they are written: the bits of
     * the transform then {@link #scaleAlong} on {@code into}, without the pass over {@code into}.
     */
    public static void realForwardAlong(Buffer x, long pos, long[] shape, int axis, Buffer into, long from, long to,
            double f) {
        realForwardAlong(x, pos, shape, axis, into, from, to, f, 1);
    }

    /**
     * {@link #realForwardAlong(Buffer, long, long[], int, Buffer, long, long, double)} with every bin
     * then multiplied by {@code scale} as it is written.
     */
    public static void realForwardAlong(Buffer x, long pos, long[] shape, int axis, Buffer into, long from, long to,
            double f, double scale) {
        if (size(shape) > 0) {
            int n = Math.toIntExact(shape[axis]);
            kernels().realForward(x, pos, into, 0, outer(shape, axis), n, inner(shape, axis), bin(from, n),
                    bin(to, n), f, scale);
        }
    }

    /** The real-to-complex DFT along {@code axis} of the real block {@code x}: a new complex block, {@code n/2 + 1} along the axis. */
    public static Buffer realForwardAlong(Buffer x, long[] shape, int axis) {
        return realForwardAlong(x, shape, axis, null);
    }

    /**
     * {@link #realForwardAlong(Buffer, long[], int)} written into {@code into} when it is a complex
     * buffer of the result's precision and length (else into a new one): the buffer written.
     */
    public static Buffer realForwardAlong(Buffer x, long[] shape, int axis, Buffer into) {
        return realForwardAlong(x, shape, axis, into, 0, 0, 1);
    }

    /**
     * {@link #realForwardAlong(Buffer, long[], int, Buffer)} with the bins whose index along
     * {@code axis} is in {@code [from, to)} multiplied by {@code f} as they are written (the bits of
     * {@link #scaleAlong} after the transform): the buffer written.
     */
    public static Buffer realForwardAlong(Buffer x, long[] shape, int axis, Buffer into, long from, long to,
            double f) {
        return realForwardAlong(x, shape, axis, into, from, to, f, 1);
    }

    /**
     * {@link #realForwardAlong(Buffer, long[], int, Buffer, long, long, double)} with every bin then
     * multiplied by {@code scale} as it is written: the buffer written.
     */
    public static Buffer realForwardAlong(Buffer x, long[] shape, int axis, Buffer into, long from, long to,
            double f, double scale) {
        int n = Math.toIntExact(shape[axis]);
        ElementType ct = x.type().isDoublePrecision() ? ElementType.COMPLEX128 : ElementType.COMPLEX64;
        Buffer out = fits(into, ct, size(with(shape, axis, n / 2 + 1)));
        if (size(shape) > 0) {
            kernels().realForward(x, 0, out, 0, outer(shape, axis), n, inner(shape, axis), bin(from, n), bin(to, n),
                    f, scale);
        }
        return out;
    }

    /**
     * The complex-to-real inverse DFT (unnormalised) along {@code axis} of the complex block
     * {@code x} of shape {@code cshape} ({@code n/2 + 1} along the axis), which it may overwrite: a
     * new real block of {@code n} along the axis.
     */
    public static Buffer realInverseAlong(Buffer x, long[] cshape, int axis, int n) {
        return realInverseAlong(x, cshape, axis, n, null);
    }

    /**
     * {@link #realInverseAlong(Buffer, long[], int, int)} written into {@code into} when it is a
     * real buffer of the result's precision and length (else into a new one): the buffer written.
     */
    public static Buffer realInverseAlong(Buffer x, long[] cshape, int axis, int n, Buffer into) {
        return realInverseAlong(x, cshape, axis, n, into, 0, 0, 1);
    }

    /**
     * {@link #realInverseAlong(Buffer, long[], int, int, Buffer)} with the bins whose index along
     * {@code axis} is in {@code [from, to)} multiplied by {@code f} as they are read (the bits of
     * {@link #scaleAlong} before the transform): the buffer written.
     */
    public static Buffer realInverseAlong(Buffer x, long[] cshape, int axis, int n, Buffer into, long from, long to,
            double f) {
        return realInverseAlong(x, cshape, axis, n, into, from, to, f, 1);
    }

    /**
     * {@link #realInverseAlong(Buffer, long[], int, int, Buffer, long, long, double)} with every bin
     * also multiplied by {@code scale} (after {@code f}) as it is read: the buffer written.
     */
    public static Buffer realInverseAlong(Buffer x, long[] cshape, int axis, int n, Buffer into, long from, long to,
            double f, double scale) {
        ElementType rt = x.type().isDoublePrecision() ? ElementType.FLOAT64 : ElementType.FLOAT32;
        long[] rshape = with(cshape, axis, n);
        Buffer out = fits(into, rt, size(rshape));
        if (size(rshape) > 0) {
            kernels().realInverse(x, 0, out, 0, outer(rshape, axis), n, inner(rshape, axis), bin(from, n), bin(to, n),
                    f, scale);
        }
        return out;
    }

    /** {@code into} when it holds {@code length} elements of {@code type}, else a new host buffer of them. */
    private static Buffer fits(Buffer into, ElementType type, long length) {
        return into != null && into.type() == type && into.length() == length ? into
                : Engine.host().allocate(type, length);
    }

    /**
     * NumPy's {@code roll} along {@code axis}: element {@code i} goes to {@code (i + shift) mod n}.
     * A new buffer ({@code x} itself when the shift is 0 modulo n).
     */
    public static Buffer roll(Buffer x, long[] shape, int axis, long shift) {
        long n = shape[axis];
        if (n == 0 || Math.floorMod(shift, n) == 0) {
            return x;
        }
        long s = Math.floorMod(shift, n);
        long o = outer(shape, axis);
        long in = inner(shape, axis);
        Engine e = Engine.host();
        Buffer out = e.allocate(x.type(), x.length());
        // per outer block: [0, n - s) moves to [s, n), [n - s, n) to [0, s)
        e.copyRows(x, 0, n * in, out, s * in, n * in, o, (n - s) * in);
        e.copyRows(x, (n - s) * in, n * in, out, 0, n * in, o, s * in);
        return out;
    }


    /** Multiplies the complex block's elements whose index along {@code axis} is in {@code [from, to)} by {@code f}, in place. */
    public static void scaleAlong(Buffer x, long[] shape, int axis, long from, long to, double f) {
        long n = shape[axis];
        long lo = Math.max(0, from);
        long hi = Math.min(n, to);
        if (hi <= lo) {
            return;
        }
        long o = outer(shape, axis);
        long in = inner(shape, axis);
        int c = x.type().components();
        for (long b = 0; b < o; b++) {
            long start = c * (b * n * in + lo * in);
            long end = c * (b * n * in + hi * in);
            if (x.hostArray() instanceof double[] d) {
                for (long q = start; q < end; q++) {
                    d[(int) q] *= f;
                }
            } else {
                float[] a = (float[]) x.hostArray();
                float ff = (float) f;
                for (long q = start; q < end; q++) {
                    a[(int) q] *= ff;
                }
            }
        }
    }
    /** Multiplies every element by {@code f} in place (nothing when {@code f == 1}). */
    public static void scale(Buffer x, double f) {
        if (f != 1) {
            Engine.host().scale(x, f, 0, x);
        }
    }

    /**
     * Zero-pads (at the end) or truncates {@code x} along {@code axis} to {@code length}: a new
     * buffer ({@code x} itself when the length is already {@code length}).
     */
    public static Buffer resize(Buffer x, long[] shape, int axis, long length) {
        long n = shape[axis];
        if (n == length) {
            return x;
        }
        long o = outer(shape, axis);
        long in = inner(shape, axis);
        Engine e = Engine.host();
        Buffer out = e.allocate(x.type(), o * length * in);
        e.copyRows(x, 0, n * in, out, 0, length * in, o, Math.min(n, length) * in);
        return out;
    }

    /**
     * {@code x} as a new complex buffer of type {@code ct} (its precision): real input gets zero
     * imaginary parts; complex input is copied, with its imaginary parts set to zero when
     * {@code realPartOnly}.
     */
    public static Buffer toComplex(Buffer x, ElementType ct, boolean realPartOnly) {
        Buffer out = Engine.host().allocate(ct, x.length());
        int n = Math.toIntExact(x.length());
        Object src = x.hostArray();
        Object dst = out.hostArray();
        boolean complexIn = x.type().isComplex();
        boolean keepIm = complexIn && !realPartOnly;
        // one monomorphic loop per pair of storage types (a generic element access costs ~10x)
        if (dst instanceof double[] d && src instanceof double[] a) {
            if (keepIm) {
                System.arraycopy(a, 0, d, 0, 2 * n);
            } else {
                int step = complexIn ? 2 : 1;
                for (int k = 0; k < n; k++) {
                    d[2 * k] = a[step * k];
                }
            }
        } else if (dst instanceof float[] f && src instanceof float[] a) {
            if (keepIm) {
                System.arraycopy(a, 0, f, 0, 2 * n);
            } else {
                int step = complexIn ? 2 : 1;
                for (int k = 0; k < n; k++) {
                    f[2 * k] = a[step * k];
                }
            }
        } else if (dst instanceof double[] d) {
            float[] a = (float[]) src;
            int step = complexIn ? 2 : 1;
            for (int k = 0; k < n; k++) {
                d[2 * k] = a[step * k];
                d[2 * k + 1] = keepIm ? a[step * k + 1] : 0;
            }
        } else {
            float[] f = (float[]) dst;
            double[] a = (double[]) src;
            int step = complexIn ? 2 : 1;
            for (int k = 0; k < n; k++) {
                f[2 * k] = (float) a[step * k];
                f[2 * k + 1] = keepIm ? (float) a[step * k + 1] : 0;
            }
        }
        return out;
    }

    /** The real parts of the complex (or real) buffer {@code x}, as a new real buffer of type {@code rt}. */
    public static Buffer realPart(Buffer x, ElementType rt) {
        Buffer out = Engine.host().allocate(rt, x.length());
        int step = x.type().components();
        int n = Math.toIntExact(x.length());
        Object src = x.hostArray();
        if (out.hostArray() instanceof double[] d) {
            if (src instanceof double[] a) {
                for (int k = 0; k < n; k++) {
                    d[k] = a[step * k];
                }
            } else {
                float[] a = (float[]) src;
                for (int k = 0; k < n; k++) {
                    d[k] = a[step * k];
                }
            }
        } else {
            float[] f = (float[]) out.hostArray();
            if (src instanceof float[] a) {
                for (int k = 0; k < n; k++) {
                    f[k] = a[step * k];
                }
            } else {
                double[] a = (double[]) src;
                for (int k = 0; k < n; k++) {
                    f[k] = (float) a[step * k];
                }
            }
        }
        return out;
    }
}
