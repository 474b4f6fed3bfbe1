package org.jlops.mpi.engine;

import java.util.function.Supplier;
import org.jlops.mpi.engine.host.HostEngine;

/**
 * Stencil kernels: a {@link Stencil} {@code S} (length {@code n}) applied along the middle axis of
 * a row-major block viewed as {@code (outer, n, inner)}, i.e. along one axis of an n-d array:
 *
 * <pre>
 *     y[o, i, j] = sum_c S[i][c] x[o, c, j]          (or y[o, i, j] += ... when accumulating)
 * </pre>
 *
 * <p>A derivative's forward product is one call with its stencil, its adjoint one call with the
 * stencil's {@link Stencil#transpose() transpose}. An {@link Engine} supplies them through
 * {@link Engine#stencils()}; a GPU engine can supply its own.
 *
 * <p><b>Rows in pieces.</b> The input rows may come in up to three consecutive pieces — the rows
 * received from the previous rank ({@code front}), the local block ({@code x}), the rows received
 * from the next rank ({@code back}) — so that a distributed operator exchanges only ghost rows and
 * never copies its local block into an enlarged array. Each piece is a {@link Rows}: a buffer
 * holding {@code (outer, count, inner)} elements from a position, the rows
 * {@code [first, first + count)} of the sequence. The output is one such piece: only its rows are
 * computed. Every column referenced by the output rows must lie in the input pieces.
 *
 * <p><b>Types.</b> All buffers of a call have the same element type. Coefficients are real; on
 * complex buffers (interleaved re/im) the stencil acts on the real and imaginary parts alike.
 * Single-precision types use the coefficients rounded to single precision. Without
 * accumulation the output is overwritten without being read (NaN in it does not propagate).
 *
 * <p><b>Cost.</b> One pass: each input element is read once from memory (neighbouring rows are
 * re-read from cache) and each output element written once; no temporary of the block's size.
 * Results are deterministic, and a row's value does not depend on how the rows were cut into
 * pieces (bit-identical whatever the split). The output must not overlap an input. Kernels never
 * communicate.
 */
public interface StencilKernels {

    /**
     * What computes the products, in words, e.g. {@code "Vector API (jdk.incubator.vector), 8 x
     * float64 / 16 x float32 lanes"} or {@code "scalar loops (jdk.incubator.vector is not in the
     * boot layer: ...)"}, with the reason when the faster one is not used. Local.
     *
     * @return a description of the implementation
     */
    default String implementation() {
        return getClass().getSimpleName();
    }

    /**
     * Kernels with the same results computed by the engine's plain scalar loops, whatever the JVM
     * offers: to check one path against the other (the results are bit-identical) and to measure
     * them side by side. Local.
     *
     * @return the scalar kernels; this object when there is only one path
     */
    default StencilKernels scalar() {
        return this;
    }

    /**
     * Runs {@code task} in the calling thread with the host engine handing out its scalar stencil
     * kernels ({@link #scalar()}) from {@link Engine#stencils()}, whatever the JVM offers: every
     * operator product {@code task} makes in this thread then runs the plain loops, with the same
     * bits as the fast path. Other threads, and other engines, are not affected; the in-JVM
     * cluster's ranks are threads, so each rank calls this for itself. For checking that the paths
     * agree and for measuring them side by side. Local.
     *
     * @param task the work to run (its products on host buffers take the scalar loops)
     * @param <T>  the result type
     * @return what {@code task} returns
     */
    static <T> T onScalarPath(Supplier<T> task) {
        return HostEngine.onScalarStencils(task);
    }

    /**
     * The rows of a non-stationary convolution (PyLops' {@code NonStationaryConvolve1D}): filters
     * {@code hs} (one per row, all of one odd length {@code 2·half + 1}) at the positions
     * {@code oh, oh + dh, ...} of an axis of {@code n} samples, at each sample the filter
     * interpolated linearly between the two around it (the first before the first position, the
     * last from the last on); forward {@code y[iy] = Σ_ix h_ix[iy − ix + half] x[ix]}, adjoint its
     * transpose, sums truncated at the ends of the axis. Rows of {@code inner} elements along the
     * axis, real filters on real or complex elements; each output row's terms in a fixed order, so
     * a row's value does not depend on which rows are held or computed with it, and every path
     * gives the same bits. The host engine's kernels run the Vector API's loops for real float64
     * rows of one element ({@link #scalar()}: the scalar loops). Local.
     *
     * @param adjoint the adjoint instead of the forward
     * @param hs      (Input) the filters; not modified
     * @param oh      the first filter's position
     * @param dh      the spacing (any positive value when there is one filter)
     * @param n       the axis length
     * @param in      (Input) the held input rows {@code [inFrom, inFrom + inRows)}, from element 0;
     *                every row within {@code half} of an output row that lies inside the axis
     * @param inFrom  the first held row
     * @param inRows  the number of held rows
     * @param out     (Output) the output rows, from its row {@code outAt}; overwritten, never read;
     *                not sharing storage with {@code in}
     * @param outAt   the row of {@code out} that receives output row {@code outFrom}
     * @param outFrom the first output row
     * @param outRows the number of output rows
     * @param inner   elements per row
     * @throws UnsupportedOperationException when the engine has no such kernel (only the host has)
     */
    default void nonStationary(boolean adjoint, double[][] hs, long oh, long dh, long n, Buffer in, long inFrom,
            long inRows, Buffer out, long outAt, long outFrom, long outRows, long inner) {
        throw new UnsupportedOperationException("the non-stationary convolution runs on the host engine only, not on "
                + implementation());
    }

    /**
     * A run of consecutive sequence rows held in a buffer: the {@code (outer, count, inner)}
     * elements from element {@code pos} are rows {@code [first, first + count)} of every outer
     * slice.
     *
     * @param buffer the storage
     * @param pos    the element of row {@code first} of outer slice 0
     * @param first  the first sequence row held
     * @param count  the number of rows held, at least 0
     */
    record Rows(Buffer buffer, long pos, long first, long count) {

        /**
         * Checks the fields.
         *
         * @throws IllegalArgumentException naming the field when the buffer is null or a number is negative
         */
        public Rows {
            if (buffer == null) {
                throw new IllegalArgumentException("buffer: must not be null");
            }
            if (pos < 0 || first < 0 || count < 0) {
                throw new IllegalArgumentException("pos/first/count: must not be negative, got " + pos + ", " + first
                        + ", " + count);
            }
        }

        /**
         * One past the last row held.
         *
         * @return one past the last row held
         */
        public long end() {
            return first + count;
        }
    }

    /**
     * {@code y = S x} (or {@code y += S x}) on the output rows {@code [y.first, y.end)}, reading the
     * input rows from the pieces {@code front}, {@code x}, {@code back}.
     *
     * @param stencil    the stencil (length n)
     * @param outer      the number of outer slices, at least 0
     * @param inner      elements per row, at least 0
     * @param front      (Input) rows just before {@code x}'s ({@code front.end() == x.first()}), or null
     * @param x          (Input) the main input rows; not modified
     * @param back       (Input) rows just after {@code x}'s ({@code back.first() == x.end()}), or null
     * @param y          (Output) the rows to compute, inside {@code [0, n)}; overwritten, or added
     *                   to when {@code accumulate}
     * @param accumulate whether to add {@code S x} to {@code y} instead of overwriting it
     * @throws IllegalArgumentException naming the argument when the pieces do not fit together,
     *                                  an output row needs a row that no piece holds, a range
     *                                  lies outside its buffer, or the element types differ
     */
    void apply(Stencil stencil, long outer, long inner, Rows front, Rows x, Rows back, Rows y, boolean accumulate);

    /**
     * {@code y = R x + C x} on the output rows {@code [y.first, y.end)}: {@code R} along the rows as
     * in {@link #apply(Stencil, long, long, Rows, Rows, Rows, Rows, boolean) apply} (one outer
     * slice), plus {@code C} along the last axis, that is within each row, whose {@code inner}
     * elements are {@code inner / C.length()} consecutive runs of {@code C.length()} elements. This is
     * a 2-d Laplacian-like sum of an axis-0 and a last-axis term in one call, so that an engine can
     * compute it in one pass over memory.
     *
     * <p>The result is bit-identical to the two passes this default makes: {@code y = R x}, then
     * {@code y += C x} on the same rows (the last-axis term reads the input rows of {@code y}'s
     * rows, which {@code x} must hold).
     *
     * @param rows  the stencil along the rows (length n)
     * @param last  the stencil along the last axis; its length must divide {@code inner}
     * @param inner elements per row, at least 0
     * @param front (Input) rows just before {@code x}'s, or null
     * @param x     (Input) the main input rows, holding at least the rows of {@code y}; not modified
     * @param back  (Input) rows just after {@code x}'s, or null
     * @param y     (Output) the rows to compute; overwritten
     * @throws IllegalArgumentException as {@code apply} does, and naming {@code last} or {@code x}
     *                                  when {@code last}'s length does not divide {@code inner} or
     *                                  {@code x} does not hold the rows of {@code y}
     */
    default void applyRowsAndLast(Stencil rows, Stencil last, long inner, Rows front, Rows x, Rows back, Rows y) {
        checkRowsAndLast(last, inner, x, y);
        apply(rows, 1, inner, front, x, back, y, false);
        if (inner > 0 && y.count() > 0) {
            long n = last.length();
            long xPos = x.pos() + (y.first() - x.first()) * inner;
            apply(last, y.count() * (inner / n), 1, x.buffer(), xPos, y.buffer(), y.pos(), true);
        }
    }

    /**
     * The checks of {@link #apply(Stencil, long, long, Rows, Rows, Rows, Rows, boolean)}, the same for
     * every engine: pieces contiguous around {@code x} and inside the stencil, of {@code y}'s element
     * type and the engine's buffer class, fitting their buffers, and holding every input row the
     * output rows need.
     *
     * @param stencil     the stencil
     * @param outer       the outer extent
     * @param inner       the inner extent
     * @param front       the rows before {@code x}, or null
     * @param x           the input rows
     * @param back        the rows after {@code x}, or null
     * @param y           the output rows
     * @param buffers     the engine's buffer class
     * @param wrongBuffer what the message says of a buffer of another class
     * @return whether there is anything to compute
     * @throws IllegalArgumentException naming the bad argument
     */
    static boolean checked(Stencil stencil, long outer, long inner, Rows front, Rows x, Rows back, Rows y,
            Class<? extends Buffer> buffers, String wrongBuffer) {
        if (stencil == null) {
            throw new IllegalArgumentException("stencil: must not be null");
        }
        if (x == null || y == null) {
            throw new IllegalArgumentException((x == null ? "x" : "y") + ": must not be null");
        }
        if (outer < 0 || inner < 0) {
            throw new IllegalArgumentException("outer/inner: must not be negative, got " + outer + " and " + inner);
        }
        long n = stencil.length();
        if (front != null && front.end() != x.first()) {
            throw new IllegalArgumentException("front: holds rows [" + front.first() + ", " + front.end()
                    + "), which must end where x's rows start (" + x.first() + ")");
        }
        if (back != null && back.first() != x.end()) {
            throw new IllegalArgumentException("back: holds rows [" + back.first() + ", " + back.end()
                    + "), which must start where x's rows end (" + x.end() + ")");
        }
        long haveLo = front != null ? front.first() : x.first();
        long haveHi = back != null ? back.end() : x.end();
        if (haveHi > n || y.end() > n) {
            throw new IllegalArgumentException((y.end() > n ? "y" : "x") + ": rows beyond the stencil length " + n);
        }
        ElementType type = y.buffer().type();
        checkPiece("x", x, type, outer, inner, buffers, wrongBuffer);
        checkPiece("y", y, type, outer, inner, buffers, wrongBuffer);
        if (front != null) {
            checkPiece("front", front, type, outer, inner, buffers, wrongBuffer);
        }
        if (back != null) {
            checkPiece("back", back, type, outer, inner, buffers, wrongBuffer);
        }
        long needLo = stencil.firstColumn(y.first(), y.end());
        long needHi = stencil.endColumn(y.first(), y.end());
        if (y.count() > 0 && (needLo < haveLo || needHi > haveHi)) {
            throw new IllegalArgumentException("x: output rows [" + y.first() + ", " + y.end() + ") need input rows ["
                    + needLo + ", " + needHi + "), but the pieces hold [" + haveLo + ", " + haveHi + ")");
        }
        return outer != 0 && inner != 0 && y.count() != 0;
    }


    /** One piece of {@link #checked}: the engine's buffer class, {@code y}'s element type, room in its buffer. */
    private static void checkPiece(String what, Rows r, ElementType type, long outer, long inner,
            Class<? extends Buffer> buffers, String wrongBuffer) {
        if (!buffers.isInstance(r.buffer())) {
            throw new IllegalArgumentException(what + ": " + wrongBuffer + ", got " + r.buffer().getClass().getName());
        }
        if (r.buffer().type() != type) {
            throw new IllegalArgumentException(what + ": element type " + r.buffer().type() + " differs from y's "
                    + type);
        }
        long need = r.pos() + outer * r.count() * inner;
        if (need > r.buffer().length()) {
            throw new IllegalArgumentException(what + ": " + outer + " x " + r.count() + " rows of " + inner
                    + " elements from element " + r.pos() + " do not fit a buffer of " + r.buffer().length());
        }
    }


    /**
     * The checks of {@link #applyRowsAndLast} that {@code apply} does not make.
     *
     * @param last  the stencil of the last axis
     * @param inner the inner extent
     * @param x     the input rows
     * @param y     the output rows
     * @throws IllegalArgumentException naming {@code last}, {@code x} or {@code y}
     */
    static void checkRowsAndLast(Stencil last, long inner, Rows x, Rows y) {
        if (last == null) {
            throw new IllegalArgumentException("last: must not be null");
        }
        if (x == null || y == null) {
            throw new IllegalArgumentException((x == null ? "x" : "y") + ": must not be null");
        }
        if (inner > 0 && (last.length() == 0 || inner % last.length() != 0)) {
            throw new IllegalArgumentException("last: length " + last.length() + " does not divide the "
                    + inner + " elements of a row");
        }
        if (y.count() > 0 && (y.first() < x.first() || y.end() > x.end())) {
            throw new IllegalArgumentException("x: holds rows [" + x.first() + ", " + x.end()
                    + "), but the last-axis term needs the output rows [" + y.first() + ", " + y.end() + ")");
        }
    }

    /**
     * {@code y = S x} (or {@code y += S x}) on whole blocks of {@code (outer, n, inner)} elements,
     * without ghost rows: {@link #apply(Stencil, long, long, Rows, Rows, Rows, Rows, boolean)} with
     * {@code x} and {@code y} holding all n rows.
     *
     * @param stencil    the stencil (length n)
     * @param outer      the number of outer slices, at least 0
     * @param inner      elements per row, at least 0
     * @param x          (Input) the input block from element {@code xPos}; not modified
     * @param xPos       the first element of the input block
     * @param y          (Output) the output block from element {@code yPos}; overwritten, or added
     *                   to when {@code accumulate}; must not overlap the input block
     * @param yPos       the first element of the output block
     * @param accumulate whether to add {@code S x} to {@code y} instead of overwriting it
     * @throws IllegalArgumentException naming the argument when a block lies outside its buffer or
     *                                  the element types differ
     */
    default void apply(Stencil stencil, long outer, long inner, Buffer x, long xPos, Buffer y, long yPos,
            boolean accumulate) {
        long n = stencil.length();
        apply(stencil, outer, inner, null, new Rows(x, xPos, 0, n), null, new Rows(y, yPos, 0, n), accumulate);
    }
}
