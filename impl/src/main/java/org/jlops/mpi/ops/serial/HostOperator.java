package org.jlops.mpi.ops.serial;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The frame shared by the element-wise and dense serial operators of this package
 * ({@link Identity}, {@link Zero}, {@link Conj}, {@link Diagonal}, {@link MatrixMult}, the
 * one-axis stencils of {@link StencilOperator}, the index shuffles): the shape
 * and dtype, fixed at construction; the forward and adjoint products on buffers, routed to one
 * routine {@link #apply} (which checks its ranges and types with {@link #checkBuffers}); and the
 * products on host arrays, through {@link AxisStencil#applyNd}. Whether the output range may be
 * the input's (in place) is said by each operator.
 */
abstract class HostOperator implements LocalOperator {

    private final long[] dims;
    private final long[] dimsd;
    private final long rows;
    private final long cols;
    /** The operator's dtype, never null. */
    final DType dtype;

    /**
     * Keeps the shapes (checked by the subclass, not copied) and checks and keeps the dtype.
     *
     * @param dims  the model shape, dimensions at least 0; the caller gives up the array
     * @param dimsd the data shape, dimensions at least 0; the caller gives up the array
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException if {@code dtype} is null
     */
    HostOperator(long[] dims, long[] dimsd, DType dtype) {
        this.dims = dims;
        this.dimsd = dimsd;
        this.rows = AxisStencil.size(dimsd);
        this.cols = AxisStencil.size(dims);
        this.dtype = AxisStencil.checkDtype(dtype);
    }

    /**
     * {@code out = A in}, or {@code out = A^H in} when {@code adjoint}: {@code in} holds
     * {@code cols()} elements from {@code inPos} ({@code rows()} for the adjoint) and is not
     * modified, {@code out} the other count from {@code outPos}, overwritten.
     */
    abstract void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint);

    /**
     * The host arrays of one product of an operator that works on them directly (index shuffles,
     * diagonal scalings): {@code in} and {@code out} are the buffers' live host arrays,
     * {@code inOffset}/{@code outOffset} the positions in entries (elements × components) and
     * {@code components} 2 for complex buffers, else 1.
     */
    record HostOperands(Object in, int inOffset, Object out, int outOffset, int components) {
    }

    /**
     * {@link #checkBuffers Checks} the buffers of {@link #apply}, then returns their host arrays
     * and entry offsets.
     *
     * @throws IllegalArgumentException naming the bad buffer ({@code x} or {@code y}), also when one
     *                                  is not a host buffer
     */
    final HostOperands hostOperands(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        checkBuffers(in, inPos, out, outPos, adjoint);
        int c = in.type().components();
        requireHostMemory(in, out, adjoint, false);
        return new HostOperands(in.hostArray(), Math.toIntExact(inPos * c), out.hostArray(),
                Math.toIntExact(outPos * c), c);
    }

    /**
     * Refuses, naming this operator and the engine, a buffer that host code must not read: one of
     * another engine (a GPU's), and, unless {@code plainMemory}, any buffer that is not a host
     * array (plain native memory of no engine can be staged through the heap).
     */
    private void requireHostMemory(Buffer in, Buffer out, boolean adjoint, boolean plainMemory) {
        for (Buffer b : new Buffer[] {in, out}) {
            if (plainMemory ? HostRanges.ofAnotherEngine(b) : !b.isHost()) {
                throw new IllegalArgumentException((b == in ? adjoint ? "y" : "x" : adjoint ? "x" : "y") + ": "
                        + HostRanges.onTheHostOnly(getClass().getSimpleName(), b));
            }
        }
    }

    /**
     * Checks the buffers of {@link #apply}: both ranges inside their buffers, one element type
     * the operator accepts (its own, or for a real operator also the complex type of its
     * precision).
     *
     * @return whether the buffers are complex while the operator is real
     * @throws IllegalArgumentException naming the bad buffer ({@code x} or {@code y})
     */
    final boolean checkBuffers(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        HostRanges.checkRange(adjoint ? "y" : "x", in, inPos, adjoint ? rows() : cols());
        HostRanges.checkRange(adjoint ? "x" : "y", out, outPos, adjoint ? cols() : rows());
        return HostRanges.checkTypes(dtype, in, out, true, getClass().getSimpleName());
    }

    /**
     * One dense product on host views of the buffers, called by {@link #applyDense}: {@code src}
     * from element {@code srcPos} holds the input, {@code dst} from {@code dstPos} receives the
     * output, both of the operator's element type; {@code scale} is 2 when complex buffers are seen
     * as real ones by a real operator (every complex row of {@code w} elements is then a real row
     * of {@code 2w}), else 1.
     */
    @FunctionalInterface
    interface DenseProduct {
        void apply(Buffer src, long srcPos, Buffer dst, long dstPos, int scale);
    }

    /**
     * Runs a dense product on host views of {@code in} and {@code out}: checks the buffers, views
     * complex buffers of a real operator as real ones of twice the length (an interleaved complex
     * {@code r × w} block is a real {@code r × 2w} block), and stages buffers that do not live on
     * the host through heap arrays (one copy in, one out) when they belong to no engine; a buffer of
     * another engine (a GPU's) is refused, naming the operator and the engine.
     */
    final void applyDense(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint, DenseProduct product) {
        boolean split = checkBuffers(in, inPos, out, outPos, adjoint);
        requireHostMemory(in, out, adjoint, true);
        long nIn = adjoint ? rows() : cols();
        long nOut = adjoint ? cols() : rows();
        Engine host = Engine.host();
        ElementType view = dtype.elementType();
        int scale = split ? 2 : 1;
        Buffer src;
        long sp;
        if (in.isHost()) {
            src = split ? host.wrap(in.hostArray(), view) : in;
            sp = inPos * scale;
        } else {
            src = host.wrap(HostRanges.stageIn(in, inPos, nIn), view);
            sp = 0;
        }
        boolean hostOut = out.isHost();
        Object staged = hostOut ? null : HostRanges.stageIn(out, outPos, nOut);
        Buffer dst = hostOut ? (split ? host.wrap(out.hostArray(), view) : out) : host.wrap(staged, view);
        product.apply(src, sp, dst, hostOut ? outPos * scale : 0, scale);
        if (!hostOut) {
            HostRanges.stageOut(staged, out, outPos);
        }
    }

    @Override
    public final long rows() {
        return rows;
    }

    @Override
    public final long cols() {
        return cols;
    }

    @Override
    public final long[] dims() {
        return dims.clone();
    }

    @Override
    public final long[] dimsd() {
        return dimsd.clone();
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    /**
     * {@code y = A x}. Local. Buffers of the operator's dtype, or for a real operator of the
     * complex type of its precision (the operator then acts on the real and imaginary parts).
     *
     * @param x (Input) {@link #cols()} elements from {@code xPos}; not modified
     * @param y (Output) {@link #rows()} elements from {@code yPos}, overwritten
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public final void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        onItsEngine(x, y, false);
        apply(x, xPos, y, yPos, false);
    }

    /**
     * {@code x = A^H y}. Local; buffers as for {@link #matvec(Buffer, long, Buffer, long)}.
     *
     * @param y (Input) {@link #rows()} elements from {@code yPos}; not modified
     * @param x (Output) {@link #cols()} elements from {@code xPos}, overwritten
     * @throws IllegalArgumentException if a range is outside its buffer or a buffer has another type
     */
    @Override
    public final void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        onItsEngine(y, x, true);
        apply(y, yPos, x, xPos, true);
    }

    /**
     * Refuses a buffer of an engine this operator does not run on ({@link #runsOn}; by default
     * every engine but the host's: operators written as host loops), naming the operator and the
     * engine, instead of reading its memory.
     */
    private void onItsEngine(Buffer in, Buffer out, boolean adjoint) {
        if (in == null || out == null || in.isHost() && out.isHost()) {
            return;
        }
        for (Buffer b : new Buffer[] {in, out}) {
            if (HostRanges.ofAnotherEngine(b) && !runsOn(b.engine())) {
                throw new IllegalArgumentException((b == in ? adjoint ? "y" : "x" : adjoint ? "x" : "y") + ": "
                        + HostRanges.onTheHostOnly(getClass().getSimpleName(), b));
            }
        }
    }

    /**
     * {@code A x} on a host array (complex input to a real operator gives a complex result). Local.
     *
     * @param x (Input) {@link #cols()} entries, any shape; not modified
     * @return a new 1-d array of {@link #rows()} entries
     * @throws IllegalArgumentException if {@code x} is null or has another size
     */
    @Override
    public final NdArray matvec(NdArray x) {
        return AxisStencil.applyNd(this, x, false);
    }

    /**
     * {@code A^H y} on a host array (as {@link #matvec(NdArray)}). Local.
     *
     * @param y (Input) {@link #rows()} entries, any shape; not modified
     * @return a new 1-d array of {@link #cols()} entries
     * @throws IllegalArgumentException if {@code y} is null or has another size
     */
    @Override
    public final NdArray rmatvec(NdArray y) {
        return AxisStencil.applyNd(this, y, true);
    }
}
