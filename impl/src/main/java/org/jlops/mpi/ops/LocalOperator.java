package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * A serial (local) linear operator: what one rank applies to its own data, inside
 * {@code MPIBlockDiag}, {@code MPIVStack}, {@code MPIHStack} or
 * {@link MPILinearOperator#asMpiLinearOperator}. The counterpart of serial PyLops'
 * {@code LinearOperator}.
 *
 * <p>The products work on ranges of engine buffers, so that a block operator applies each of its
 * blocks to a slice of one local array without copying, and a GPU engine can supply its own
 * kernels. Buffers passed to {@link #matvec(Buffer, long, Buffer, long)} and
 * {@link #rmatvec(Buffer, long, Buffer, long)} have this operator's {@link #dtype()}.
 */
public interface LocalOperator {

    /**
     * Number of rows M (length of the data vector).
     *
     * @return number of rows M (length of the data vector)
     */
    long rows();

    /**
     * Number of columns N (length of the model vector).
     *
     * @return number of columns N (length of the model vector)
     */
    long cols();

    /**
     * The n-d model shape (product = {@link #cols()}); default {@code {cols()}}.
     *
     * @return the n-d model shape (product = {@link #cols()})
     */
    default long[] dims() {
        return new long[] {cols()};
    }

    /**
     * The n-d data shape (product = {@link #rows()}); default {@code {rows()}}.
     *
     * @return the n-d data shape (product = {@link #rows()})
     */
    default long[] dimsd() {
        return new long[] {rows()};
    }

    /**
     * The element type of the operator and of the buffers it works on.
     *
     * @return the element type of the operator and of the buffers it works on
     */
    DType dtype();

    /**
     * {@code y[yPos, yPos + rows) = A x[xPos, xPos + cols)}. The output range is overwritten and
     * must not overlap the input range.
     *
     * @param x (Input) holds the model; not modified
     * @param y (Output) receives the data
     * @param xPos the first element of {@code x}
     * @param yPos the first element of {@code y}
     */
    void matvec(Buffer x, long xPos, Buffer y, long yPos);

    /**
     * {@code x[xPos, xPos + cols) = A^H y[yPos, yPos + rows)}. The output range is overwritten and
     * must not overlap the input range.
     *
     * @param y (Input) holds the data; not modified
     * @param x (Output) receives the model
     * @param xPos the first element of {@code x}
     * @param yPos the first element of {@code y}
     */
    void rmatvec(Buffer y, long yPos, Buffer x, long xPos);

    /**
     * Whether the buffer products ({@link #matvec(Buffer, long, Buffer, long)},
     * {@link #rmatvec(Buffer, long, Buffer, long)}) run on buffers of {@code engine}. The default
     * says the host engine only, for products written as host loops; an operator that computes
     * through the kernels of its buffers' engine ({@link Buffer#engine()}) returns {@code true} for
     * every engine. The block operators ask it of every block before a product, so that an array on
     * an engine some block cannot run on is refused on every rank alike. Local.
     *
     * @param engine an engine
     * @return whether the products run on its buffers
     */
    default boolean runsOn(Engine engine) {
        return engine == Engine.host();
    }

    /**
     * The floating-point operations of one product, for the log view ({@code jlops.logView}): a
     * real multiply-add counts 2, a complex one 8. The default, {@code -1}, says the count is not
     * known; block operators then report none for the product.
     *
     * @param adjoint the adjoint product ({@code true}) or the forward one
     * @return the count, or {@code -1} when not known
     */
    default long flops(boolean adjoint) {
        return -1;
    }

    /**
     * {@code A x} on a host array of {@link #cols()} entries (any shape). Input of another dtype
     * is converted to this operator's dtype first, except that a real operator applied to complex
     * input acts on its real and imaginary parts separately (the result is complex).
     *
     * @param x (Input) not modified
     * @return a new 1-d array of {@link #rows()} entries
     */
    default NdArray matvec(NdArray x) {
        return apply(this, x, false);
    }

    /**
     * {@code A^H y} on a host array of {@link #rows()} entries (any shape), with the dtype rules of
     * {@link #matvec(NdArray)}.
     *
     * @param y (Input) not modified
     * @return a new 1-d array of {@link #cols()} entries
     */
    default NdArray rmatvec(NdArray y) {
        return apply(this, y, true);
    }

    private static NdArray apply(LocalOperator op, NdArray in, boolean adjoint) {
        long n = adjoint ? op.rows() : op.cols();
        long m = adjoint ? op.cols() : op.rows();
        if (in.size() != n) {
            throw new IllegalArgumentException((adjoint ? "y" : "x") + ": dimension mismatch, " + in.size()
                    + " entries but the operator needs " + n);
        }
        if (in.dtype().isComplex() && !op.dtype().isComplex()) {
            NdArray re = NdArray.zeros(op.dtype(), n);
            NdArray im = NdArray.zeros(op.dtype(), n);
            for (long k = 0; k < n; k++) {
                re.set(k, in.re(k));
                im.set(k, in.im(k));
            }
            NdArray yr = apply(op, re, adjoint);
            NdArray yi = apply(op, im, adjoint);
            NdArray out = NdArray.zeros(op.dtype().complexType(), m);
            for (long k = 0; k < m; k++) {
                out.set(k, yr.re(k), yi.re(k));
            }
            return out;
        }
        NdArray src = in.dtype() == op.dtype() ? in : in.astype(op.dtype());
        NdArray out = NdArray.zeros(op.dtype(), m);
        Engine host = Engine.host();
        Buffer bi = host.wrap(src.data(), op.dtype().elementType());
        Buffer bo = host.wrap(out.data(), op.dtype().elementType());
        if (adjoint) {
            op.rmatvec(bi, 0, bo, 0);
        } else {
            op.matvec(bi, 0, bo, 0);
        }
        return out;
    }
}
