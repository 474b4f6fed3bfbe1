package org.jlops.mpi.engine;

/**
 * Batched one-dimensional discrete Fourier transforms on an engine's buffers: the kernels of the
 * FFT operators. A transform runs along the middle axis of a row-major block viewed as
 * {@code (outer, n, inner)}: line {@code (o, i)} holds the elements {@code pos + o·n·inner + k·inner + i}
 * for {@code k < n}, and every one of the {@code outer · inner} lines is transformed. No element
 * outside the block is read or written.
 *
 * <pre>
 *     forward:   X[k] = Σ_j x[j] · exp(−2πi jk/n)          k = 0 .. n−1
 *     inverse:   x[j] = Σ_k X[k] · exp(+2πi jk/n)          (unnormalised: n times NumPy's ifft)
 *     real forward:  the bins k = 0 .. n/2 of the forward transform of a real line (NumPy's rfft)
 *     real inverse:  n times NumPy's irfft of n/2 + 1 bins: the imaginary parts of bin 0 and, for
 *                    even n, of bin n/2 are ignored; bins 1 .. (n−1)/2 count twice (once for their
 *                    conjugate mirror)
 * </pre>
 *
 * <p>No kernel scales by itself: the operators apply their norms; the real transforms multiply a
 * range of bins by a factor only when given one, as they write (or read) each line (the real FFT's
 * √2 bins, without a pass of their own over the block). Complex elements are interleaved
 * {@code (re, im)} pairs; real transforms read or write a real buffer and a complex buffer of the
 * same precision. Transforms of any length work, primes included.
 *
 * <p>The host engine ({@link Engine#fft()}) runs FFTW through the Foreign Function &amp; Memory
 * API where the system has it ({@code libfftw3}, {@code libfftw3f}), else JTransforms;
 * {@link #implementation(ElementType)} says which, and the system property {@code jlops.fft.backend}
 * ({@code fftw}, {@code jtransforms}, default {@code auto}) forces one. Each path is deterministic:
 * the same block gives the same bits. Whether a line's result depends on the batch it is part of is
 * said by {@link #linesIndependent()}.
 *
 * <p>Kernels never communicate.
 */
public interface FftKernels {

    /**
     * What computes transforms of this element type (the complex type or its real counterpart),
     * e.g. {@code "FFTW 3.3.10 libfftw3.so.3 (FFM, guru64 plans, FFTW_ESTIMATE, panels through aligned scratch)"} or
     * {@code "JTransforms 3.1 (pure Java)"}, with the reason when the preferred one is not used.
     * Local.
     *
     * @param type an element type (either precision, real or complex)
     * @return the implementation's description
     */
    String implementation(ElementType type);

    /**
     * Whether every line's result depends on that line alone (not on the batch's shape, strides or
     * alignment): then a distributed transform that sees whole lines gives the same bits at every
     * rank count. True for JTransforms (one line at a time) and for FFTW (every line through the
     * one plan of its length on aligned scratch). Local.
     *
     * @return whether a line's bits depend on the line alone
     */
    boolean linesIndependent();

    /**
     * The complex transform of every line, in place. Local.
     *
     * @param x       (Modified) a complex buffer holding the block from {@code pos}
     * @param pos     the block's first element
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param inverse {@code true} for the {@code +} sign (inverse, unnormalised)
     * @throws IllegalArgumentException if the block does not fit the buffer or the buffer is real
     */
    void complex(Buffer x, long pos, long outer, int n, long inner, boolean inverse);

    /**
     * The complex transform of every line of the block of {@code in} written to the block of the
     * same shape in {@code out}: the same bits as copying the block and transforming it in place.
     * Local.
     *
     * @param in      (Input) a complex buffer holding the block from {@code inPos}; not modified
     * @param out     (Output) a complex buffer of the same type; its block is overwritten; must not
     *                share storage with {@code in}
     * @param inPos   the first element of {@code in}'s block
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param inverse {@code true} for the {@code +} sign (inverse, unnormalised)
     * @throws IllegalArgumentException if a block does not fit its buffer, the types differ or the
     *                                  buffers share storage
     */
    void complex(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, boolean inverse);

    /**
     * The real-to-complex transform of every line: a real {@code (outer, n, inner)} block to a
     * complex {@code (outer, n/2 + 1, inner)} block. Local.
     *
     * @param in     (Input) a real buffer; not modified
     * @param out    (Output) a complex buffer of the same precision; the block is overwritten; must
     *               not share storage with {@code in}
     * @param inPos   the first element of {@code in}'s block
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @throws IllegalArgumentException if a block does not fit its buffer or the types do not suit
     */
    default void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner) {
        realForward(in, inPos, out, outPos, outer, n, inner, 0, 0, 1);
    }

    /**
     * {@link #realForward(Buffer, long, Buffer, long, long, int, long)} with the bins
     * {@code from .. to−1} of every line (those of {@code 0 .. n/2} among them) multiplied by
     * {@code factor}, both parts, as the line is written: the bits of the transform followed by
     * multiplying those elements of {@code out}'s block by {@code factor} (by {@code (float) factor}
     * for complex64), without a pass of its own over the block (the real transform's √2 bins).
     * Local.
     *
     * @param in      (Input) a real buffer; not modified
     * @param out     (Output) a complex buffer of the same precision; the block is overwritten; must
     *                not share storage with {@code in}
     * @param inPos   the first element of {@code in}'s block
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param from    the first bin multiplied
     * @param to      one past the last bin multiplied (none when at most {@code from})
     * @param factor  the factor
     * @throws IllegalArgumentException if a block does not fit its buffer or the types do not suit
     */
    void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from, int to,
            double factor);

    /**
     * The complex-to-real inverse of every line (unnormalised): a complex
     * {@code (outer, n/2 + 1, inner)} block to a real {@code (outer, n, inner)} block. Local.
     *
     * @param in  (Modified) a complex buffer; its block may be overwritten (used as work space)
     * @param out (Output) a real buffer of the same precision; the block is overwritten; must not
     *            share storage with {@code in}
     * @param inPos   the first element of {@code in}'s block
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @throws IllegalArgumentException if a block does not fit its buffer or the types do not suit
     */
    default void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner) {
        realInverse(in, inPos, out, outPos, outer, n, inner, 0, 0, 1);
    }

    /**
     * {@link #realInverse(Buffer, long, Buffer, long, long, int, long)} of every line with its bins
     * {@code from .. to−1} (those of {@code 0 .. n/2} among them) multiplied by {@code factor},
     * both parts, as the line is read: the bits of multiplying those elements of {@code in}'s block
     * by {@code factor} (by {@code (float) factor} for complex64) and then transforming, without a
     * pass of its own over the block (the real adjoint's division of the √2 bins). Local.
     *
     * @param in      (Modified) a complex buffer; its block may be overwritten (used as work space)
     * @param out     (Output) a real buffer of the same precision; the block is overwritten; must not
     *                share storage with {@code in}
     * @param inPos   the first element of {@code in}'s block
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param from    the first bin multiplied
     * @param to      one past the last bin multiplied (none when at most {@code from})
     * @param factor  the factor
     * @throws IllegalArgumentException if a block does not fit its buffer or the types do not suit
     */
    void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from, int to,
            double factor);

    /**
     * {@link #complex(Buffer, long, long, int, long, boolean)} with every element of the result
     * multiplied by {@code scale} (float32 and complex64: by {@code (float) scale}) as the line is
     * written: a normalisation folded into the transform. The result is the same for a line
     * wherever it lies (a line's bits depend on the line, {@code scale} and the kernels alone).
     * By default the transform, then a pass over the block. Local.
     *
     * @param x       (Modified) a complex buffer holding the block from {@code pos}
     * @param pos     the block's first element
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param inverse {@code true} for the {@code +} sign (inverse, unnormalised)
     * @param scale   the factor of every element of the result
     * @throws IllegalArgumentException if the block does not fit the buffer or the buffer is real
     */
    default void complex(Buffer x, long pos, long outer, int n, long inner, boolean inverse, double scale) {
        complex(x, pos, outer, n, inner, inverse);
        scaleBlock(x, pos, outer * n * inner, scale);
    }

    /**
     * {@link #complex(Buffer, long, Buffer, long, long, int, long, boolean)} with every element of
     * the result multiplied by {@code scale}, as
     * {@link #complex(Buffer, long, long, int, long, boolean, double)}. Local.
     *
     * @param in      (Input) a complex buffer holding the block from {@code inPos}; not modified
     * @param inPos   the first element of {@code in}'s block
     * @param out     (Output) a complex buffer of the same type; its block is overwritten; must not
     *                share storage with {@code in}
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param inverse {@code true} for the {@code +} sign (inverse, unnormalised)
     * @param scale   the factor of every element of the result
     * @throws IllegalArgumentException if a block does not fit its buffer, the types differ or the
     *                                  buffers share storage
     */
    default void complex(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner,
            boolean inverse, double scale) {
        complex(in, inPos, out, outPos, outer, n, inner, inverse);
        scaleBlock(out, outPos, outer * n * inner, scale);
    }

    /**
     * {@link #realForward(Buffer, long, Buffer, long, long, int, long, int, int, double)} with every
     * bin then multiplied by {@code scale} (the bins {@code from .. to−1} by {@code factor} first),
     * as the line is written. By default the transform, then a pass over the block. Local.
     *
     * @param in      (Input) a real buffer; not modified
     * @param inPos   the first element of {@code in}'s block
     * @param out     (Output) a complex buffer of the same precision; the block is overwritten; must
     *                not share storage with {@code in}
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param from    the first bin multiplied by {@code factor}
     * @param to      one past the last bin multiplied by {@code factor}
     * @param factor  the factor of those bins
     * @param scale   the factor of every bin, after {@code factor}
     * @throws IllegalArgumentException if a block does not fit its buffer or the types do not suit
     */
    default void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor, double scale) {
        realForward(in, inPos, out, outPos, outer, n, inner, from, to, factor);
        scaleBlock(out, outPos, outer * (n / 2 + 1) * inner, scale);
    }

    /**
     * {@link #realInverse(Buffer, long, Buffer, long, long, int, long, int, int, double)} of lines
     * whose bins are also multiplied by {@code scale} (after {@code factor}) as the line is read; by
     * default the transform, then a pass over the real block. Local.
     *
     * @param in      (Modified) a complex buffer; its block may be overwritten (used as work space)
     * @param inPos   the first element of {@code in}'s block
     * @param out     (Output) a real buffer of the same precision; the block is overwritten; must not
     *                share storage with {@code in}
     * @param outPos  the first element of {@code out}'s block
     * @param outer   blocks of lines, at least 0
     * @param n       the transform length, at least 1
     * @param inner   the distance between a line's elements, and the number of lines per outer block, at least 0
     * @param from    the first bin multiplied by {@code factor}
     * @param to      one past the last bin multiplied by {@code factor}
     * @param factor  the factor of those bins
     * @param scale   the factor of every bin, after {@code factor}
     * @throws IllegalArgumentException if a block does not fit its buffer or the types do not suit
     */
    default void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor, double scale) {
        realInverse(in, inPos, out, outPos, outer, n, inner, from, to, factor);
        scaleBlock(out, outPos, outer * n * inner, scale);
    }

    /**
     * Multiplies {@code length} elements of the host buffer {@code b} from {@code pos} by
     * {@code scale} (by {@code (float) scale} in single precision); nothing when it is 1.
     */
    private static void scaleBlock(Buffer b, long pos, long length, double scale) {
        if (scale == 1 || length == 0) {
            return;
        }
        int c = b.type().components();
        int from = Math.toIntExact(pos * c);
        int to = Math.toIntExact((pos + length) * c);
        if (b.hostArray() instanceof double[] d) {
            for (int i = from; i < to; i++) {
                d[i] *= scale;
            }
        } else {
            float[] f = (float[]) b.hostArray();
            float s = (float) scale;
            for (int i = from; i < to; i++) {
                f[i] *= s;
            }
        }
    }

    /**
     * Kernels whose every line is transformed by JTransforms, whatever is installed: to check one
     * path against the other. Local.
     *
     * @return JTransforms' kernels
     */
    FftKernels java();
}
