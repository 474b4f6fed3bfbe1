package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;

/**
 * A serial operator from two functions on host arrays (serial PyLops' {@code FunctionOperator}):
 * the quickest way to a new operator. Give the model and data shapes, the dtype, the forward
 * product and the adjoint product; the library does the rest (buffer ranges, dtype checks, complex
 * data through a real operator, use inside {@code MPIBlockDiag}, {@code MPIVStack}, ...):
 *
 * <pre>{@code
 * // y[i] = x[i] - x[i-1] (a causal difference) on 100 samples, and its transpose
 * LocalOperator d = FunctionOperator.of(new long[] {100}, new long[] {100}, DType.FLOAT64,
 *         (x, y) -> { for (int i = 0; i < 100; i++) y.set(i, x.re(i) - (i > 0 ? x.re(i - 1) : 0)); },
 *         (y, x) -> { for (int i = 0; i < 100; i++) x.set(i, y.re(i) - (i < 99 ? y.re(i + 1) : 0)); });
 * MPIBlockDiag op = new MPIBlockDiag(List.of(d), comm);
 * }</pre>
 *
 * <p><b>Contract of the functions.</b> {@code forward.apply(x, y)} receives the model {@code x}
 * (an array of the operator's dtype and shape {@code dims}, read only) and the data {@code y}
 * (shape {@code dimsd}, zero-filled) and writes {@code y = A x}; {@code adjoint.apply(y, x)} writes
 * {@code x = A^H y} likewise. They must not keep either array, must not write the input, and must
 * be safe to call from several threads at once (in-JVM ranks share operators). The adjoint must be
 * the true adjoint: {@code Dottest} checks it.
 *
 * <p><b>Cost.</b> When a buffer range is a whole host array of the operator's dtype the functions
 * see it directly; otherwise (a block inside a larger local array, or complex data through a real
 * operator, which is applied to the real and imaginary parts in turn) the range is copied into a
 * temporary array and the result copied back.
 */
public final class FunctionOperator extends HostOperator {

    /**
     * One product of a function operator.
     */
    @FunctionalInterface
    public interface Product {
        /**
         * Writes the product of {@code in} into {@code out}.
         *
         * @param in  (Input) the operand, of the operator's dtype; must not be modified
         * @param out (Output) zero-filled on entry; receives the product
         */
        void apply(NdArray in, NdArray out);
    }

    private final Product forward;
    private final Product adjoint;
    private final String name;

    private FunctionOperator(long[] dims, long[] dimsd, DType dtype, Product forward, Product adjoint, String name) {
        super(dims, dimsd, dtype);
        this.forward = forward;
        this.adjoint = adjoint;
        this.name = name;
    }

    /**
     * An operator from its two products.
     *
     * @param dims    (Input) the model shape; copied
     * @param dimsd   (Input) the data shape; copied
     * @param dtype   the operator's dtype (the arrays the functions see have it)
     * @param forward {@code (x, y) -> y = A x}
     * @param adjoint {@code (y, x) -> x = A^H y}
     * @return the operator
     * @throws IllegalArgumentException naming the bad argument
     */
    public static FunctionOperator of(long[] dims, long[] dimsd, DType dtype, Product forward, Product adjoint) {
        return of(dims, dimsd, dtype, forward, adjoint, "FunctionOperator");
    }

    /**
     * {@link #of(long[], long[], DType, Product, Product)} with a name for descriptions and logs.
     *
     * @param name the name (e.g. the physics it models)
     * @param dims    (Input) the model shape; copied
     * @param dimsd   (Input) the data shape; copied
     * @param dtype   the dtype
     * @param forward {@code y = A x}
     * @param adjoint {@code x = A^H y}
     * @return the operator
     * @throws IllegalArgumentException naming the bad argument
     */
    public static FunctionOperator of(long[] dims, long[] dimsd, DType dtype, Product forward, Product adjoint,
            String name) {
        long[] d = AxisStencil.checkDims(dims);
        long[] dd = AxisStencil.checkDims(dimsd);
        if (forward == null || adjoint == null) {
            throw new IllegalArgumentException((forward == null ? "forward" : "adjoint") + ": must not be null");
        }
        for (long[] s : new long[][] {d, dd}) {
            if (AxisStencil.size(s) > NdArray.MAX_ENTRIES / 2) {
                throw new IllegalArgumentException((s == d ? "dims" : "dimsd") + ": " + Arrays.toString(s)
                        + " is too large for one host array");
            }
        }
        return new FunctionOperator(d, dd, AxisStencil.checkDtype(dtype), forward, adjoint,
                name == null ? "FunctionOperator" : name);
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjointProduct) {
        boolean split = checkBuffers(in, inPos, out, outPos, adjointProduct);
        long[] inShape = adjointProduct ? dimsd() : dims();
        long[] outShape = adjointProduct ? dims() : dimsd();
        Product f = adjointProduct ? adjoint : forward;
        long nIn = AxisStencil.size(inShape);
        long nOut = AxisStencil.size(outShape);
        if (!split) {
            NdArray x = view(in, inPos, nIn, inShape);
            boolean direct = isWhole(out, outPos, nOut);
            NdArray y = direct ? NdArray.wrap(dtype, out.hostArray(), outShape) : NdArray.zeros(dtype, outShape);
            if (direct) {
                AxisGather.fill(out.hostArray(), 0, Math.toIntExact(nOut * dtype.components()));
            }
            f.apply(x, y);
            if (!direct) {
                HostRanges.stageOut(y.data(), out, outPos);
            }
            return;
        }
        // complex buffers through a real operator: the real parts, then the imaginary parts
        NdArray whole = NdArray.wrap(dtype.complexType(), HostRanges.stageIn(in, inPos, nIn), nIn);
        NdArray re = NdArray.zeros(dtype, inShape);
        NdArray im = NdArray.zeros(dtype, inShape);
        for (long k = 0; k < nIn; k++) {
            re.set(k, whole.re(k));
            im.set(k, whole.im(k));
        }
        NdArray yr = NdArray.zeros(dtype, outShape);
        NdArray yi = NdArray.zeros(dtype, outShape);
        f.apply(re, yr);
        f.apply(im, yi);
        NdArray y = NdArray.zeros(dtype.complexType(), nOut);
        for (long k = 0; k < nOut; k++) {
            y.set(k, yr.re(k), yi.re(k));
        }
        HostRanges.stageOut(y.data(), out, outPos);
    }

    private static boolean isWhole(Buffer b, long pos, long n) {
        return b.isHost() && pos == 0 && b.length() == n;
    }

    private NdArray view(Buffer b, long pos, long n, long[] shape) {
        if (isWhole(b, pos, n)) {
            return NdArray.wrap(dtype, b.hostArray(), shape);
        }
        return NdArray.wrap(dtype, HostRanges.stageIn(b, pos, n), shape);
    }

    @Override
    public String toString() {
        return name + "(dims=" + Arrays.toString(dims()) + ", dimsd=" + Arrays.toString(dimsd()) + ", dtype=" + dtype
                + ")";
    }
}
