package org.jlops.mpi.ops.signal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.FftSteps;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.ops.internal.SlabMove;
import org.jlops.mpi.ops.serial.FftOptions;

/**
 * The distributed N-d FFT's body, shared by {@link MPIFFTND} and {@link MPIFFT2D}: slab
 * decomposition with transposes by all-to-all ({@link SlabMove}: what
 * {@link DistributedArray#redistribute} computes, into blocks held across calls).
 *
 * <p>The 1-d input is re-split (if needed) into row slabs of the model shape, i.e. an n-d array
 * distributed along axis 0. The axes are then transformed one at a time: the forward takes the
 * real one first when {@code real}, then the complex ones from the last array axis to the first
 * (the contiguous lines first: the first transform reads the caller's block and writes a new one,
 * which costs least on contiguous lines); the adjoint takes the complex ones in the same order and
 * the real one last. An axis is transformed where it is whole on every rank; when the next axis is
 * the distributed one, the array is redistributed (one all-to-all) to another axis — one already
 * transformed or not transformed at all, the longest such. Each axis's shifts and the √2 of the
 * real bins are applied with its transform (they commute with the transforms along the other
 * axes), and the norm at the end. The result is redistributed to axis 0 and ravelled: the 1-d
 * output's row slabs.
 *
 * <p>At more than one rank, the blocks between two all-to-alls are written into work blocks the
 * operator holds from one product to the next (with the all-to-all's send and receive buffers):
 * up to about three times the local block per operator, kept while the operator lives. The
 * result's block is never one of them. A transform followed by an all-to-all that packs what it
 * sends (the first transpose of a complex product or a real forward: after the last axis of a 2-d
 * array, after axis 1 of a 3-d one) is one pass: the transform writes a few rows at a time, which
 * go straight to the send buffer and this rank's part of the next block ({@link SlabMove}'s rows
 * form); so is the move that unpacks before the last transform of a real adjoint (the √2 and the
 * complex-to-real transform read a few rows at a time where they arrived); the same bits. At one
 * rank a real adjoint holds one work block too, the complex block its complex transforms write
 * before the complex-to-real one reads it (the caller's block is read, not written, and the result
 * is real): a product allocates nothing then, as the forward, which writes the held output.
 */
abstract class DistributedFft extends MPILinearOperator {

    /** The resolved options. */
    final FftOptions.Resolved spec;
    /** The forward's transform order: indices into {@code spec.axes()}, the real axis first. */
    private final int[] forwardOrder;
    /** The adjoint's transform order: indices into {@code spec.axes()}, the real axis last. */
    private final int[] adjointOrder;
    /**
     * The buffers held between products at more than one rank, or at one rank by a real adjoint of
     * more than one axis (taken by a product, given back after it).
     */
    private final AtomicReference<Held> held = new AtomicReference<>();

    DistributedFft(FftOptions.Resolved spec, Communicator comm) {
        super(spec.dims(), spec.dimsd(), spec.cdtype(), comm);
        this.spec = spec;
        int m = spec.axes().length;
        int nc = spec.real() ? m - 1 : m;
        // the complex axes, the last array axis first (stable for equal axes, which are refused anyway)
        Integer[] complex = new Integer[nc];
        for (int k = 0; k < nc; k++) {
            complex[k] = k;
        }
        java.util.Arrays.sort(complex, (p, q) -> Integer.compare(spec.axes()[q], spec.axes()[p]));
        this.forwardOrder = new int[m];
        this.adjointOrder = new int[m];
        int q = 0;
        if (spec.real()) {
            forwardOrder[q++] = m - 1;
            adjointOrder[m - 1] = m - 1;
        }
        for (int k = 0; k < nc; k++) {
            forwardOrder[q++] = complex[k];
            adjointOrder[k] = complex[k];
        }
    }

    /**
     * The resolved options: axes, sampling, norm, shifts, dtypes, data shape. Local.
     *
     * @return the resolved options
     */
    public final FftOptions.Resolved spec() {
        return spec;
    }

    /**
     * The frequencies along transformed axis {@code k} (PyLops-MPI's {@code fs[k]}). Local.
     *
     * @param k the index into the transformed axes
     * @return a new array of the frequencies
     */
    public final double[] frequencies(int k) {
        return spec.frequencies(k);
    }

    /**
     * The model's dtype: real when {@code real} or a real dtype was given, else the operator's. Local.
     *
     * @return the model's dtype
     */
    public final DType modelDtype() {
        return spec.rdtype();
    }

    /**
     * The exact inverse of the forward: {@code rmatvec(y) / scale} (PyLops-MPI's {@code Op / y}),
     * scale {@code N} for norm NONE, {@code 1/N} for ONE_OVER_N, 1 for ORTHO. Collective.
     *
     * @param y (Input) a data vector; not modified
     * @return a new model vector
     */
    public final DistributedArray inverse(DistributedArray y) {
        return rmatvec(y).multiply(1 / spec.norm().inverseScale(spec.points()));
    }

    @Override
    protected final DistributedArray doMatvec(DistributedArray x) {
        return transform(x, false, null);
    }

    @Override
    protected final DistributedArray doRmatvec(DistributedArray y) {
        return transform(y, true, null);
    }

    /** {@code out = F x}: written in place of {@code out}'s block when its layout is the product's (no allocation at one rank). Collective. */
    @Override
    protected final DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return heldFits(out, x, false) ? transform(x, false, out) : super.doMatvec(x, out);
    }

    /** {@code out = Fᴴ y}, as {@link #doMatvec(DistributedArray, DistributedArray)}. Collective. */
    @Override
    protected final DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return heldFits(out, y, true) ? transform(y, true, out) : super.doRmatvec(y, out);
    }

    /**
     * The walk. The input's block is read where it lies while no step has written (a real
     * forward's first transform reads it; a complex one copies it first), so that one copy at most
     * precedes the first transform; at one rank the redistributions only relabel the axis, the
     * held output ({@code out}, when its layout is the product's) is the block the walk writes, and
     * the result wraps the walk's last block: no copy after the last transform.
     */
    private DistributedArray transform(DistributedArray v, boolean adjoint, DistributedArray out) {
        String what = adjoint ? "y" : "x";
        Communicator comm = communicator();
        long[] inShape = adjoint ? spec.dimsd() : spec.dims();
        long[] outShape = adjoint ? spec.dims() : spec.dimsd();
        DType outType = adjoint ? spec.rdtype() : spec.cdtype();
        long[] counts = OperandChecks.rowCounts(outShape, comm.size());
        DistributedArray rows = OperandChecks.resplit(what, v, OperandChecks.rowCounts(inShape, comm.size()), false);
        // the working block: real (a real forward) or complex of the operator's precision
        boolean realIn = !adjoint && spec.real();
        DType work = realIn ? spec.rdtype() : spec.cdtype();
        Buffer in = rows.localBuffer();
        boolean keepIm = adjoint || spec.clinear();
        boolean borrowed = in.type() == work.elementType() && (realIn || keepIm);
        Buffer local = borrowed ? in
                : realIn ? FftSteps.realPart(in, work.elementType())
                : FftSteps.toComplex(in, work.elementType(), !keepIm);
        boolean keep = comm.size() > 1 || adjoint && spec.real() && spec.axes().length > 1;
        Held h = keep ? held.getAndSet(null) : null;
        if (keep && h == null) {
            h = new Held();
        }
        try {
            return walk(v, adjoint, out, outType, counts,
                    Slab.of(comm, inShape, work, local, borrowed, out == null ? null : out.localBuffer(), h));
        } finally {
            if (h != null) {
                held.set(h);
            }
        }
    }

    /** {@link #transform}'s walk from the first slab {@code s}. */
    private DistributedArray walk(DistributedArray v, boolean adjoint, DistributedArray out, DType outType,
            long[] counts, Slab s) {
        Communicator comm = communicator();
        int[] order = adjoint ? adjointOrder : forwardOrder;
        int m = order.length;
        // the norm's factor multiplies the first transform's output as it is written (or its
        // input as a complex-to-real transform reads it): the same step on every path and rank
        // count, so the bits stay those of every rank count, and no pass of its own
        double factor = spec.norm().factor(spec.points());
        for (int step = 0; step < m; step++) {
            double scale = step == 0 ? factor : 1;
            // a real adjoint's complex-to-real transform (its last step) writes a block of its own
            boolean realAhead = adjoint && spec.real() && step < m - 1;
            int k = order[step];
            int a = spec.axes()[k];
            if (s.array.axis() == a) {
                int b = pickAxis(s.array.globalShape(), a, order, step);
                if (step == m - 1 && s.fusableAfterMove(k, a, spec, adjoint, b)) {
                    s = s.movedTransformed(k, a, spec, b, movesAfter(order, step, b), scale);
                    continue;
                }
                s = s.redistribute(b, movesAfter(order, step, b));
            }
            s = s.ahead(movesAfter(order, step, s.array.axis()) || realAhead);
            int next = step + 1 < m ? spec.axes()[order[step + 1]] : -1;
            int b = next >= 0 && next == s.array.axis() ? pickAxis(transformedShape(s, k, a, adjoint), next, order,
                    step + 1) : -1;
            if (b >= 0 && s.fusable(k, a, spec, adjoint, b)) {
                s = s.transformMoved(k, a, spec, adjoint, b, movesAfter(order, step + 1, b), scale);
            } else {
                s = adjoint ? s.inverseAlong(k, a, spec, scale) : s.forwardAlong(k, a, spec, scale);
            }
        }
        if (m == 0 && factor != 1) {
            s = s.owned();
            FftSteps.scale(s.array.localBuffer(), factor);
        }
        s = s.redistribute(0, false);
        Buffer flat = s.array.localBuffer();
        boolean mine = !s.borrowed && (s.held == null || !s.held.holds(flat));
        if (outType != s.array.dtype()) {
            flat = outType.isComplex() ? FftSteps.toComplex(flat, outType.elementType(), false)
                    : FftSteps.realPart(flat, outType.elementType());
            mine = true;
        }
        if (out != null) {
            if (flat.hostArray() != out.localBuffer().hostArray()) {
                out.engine().copy(flat, 0, out.localBuffer(), 0, counts[comm.rank()]);
            }
            return out;
        }
        if (mine && flat.isHost() && flat.length() == counts[comm.rank()]) {
            NdArray block = NdArray.wrap(outType, flat.hostArray(), counts[comm.rank()]);
            return DistributedArray.builder(comm, adjoint ? cols() : rows()).localSizes(counts).mask(v.mask())
                    .dtype(outType).engine(v.engine()).localArray(block).buildLocal();
        }
        DistributedArray result = OperandChecks.newScatter1d(v, counts, v.mask(), outType);
        result.engine().copy(flat, 0, result.localBuffer(), 0, counts[comm.rank()]);
        return result;
    }

    /**
     * Whether {@code out} has the layout of the product of {@code v}: SCATTER row slabs of the
     * output shape, the output dtype, v's mask and engine, host storage (else the product is
     * computed apart and copied, which also names a wrong layout). Local: layouts are agreed.
     */
    private boolean heldFits(DistributedArray out, DistributedArray v, boolean adjoint) {
        long[] counts = OperandChecks.rowCounts(adjoint ? spec.dims() : spec.dimsd(), communicator().size());
        DType dtype = adjoint ? spec.rdtype() : spec.cdtype();
        if (out.dtype() != dtype || out.partition() != Partition.SCATTER || out.ndim() != 1
                || !java.util.Arrays.equals(out.mask(), v.mask()) || out.engine() != v.engine()
                || !out.localBuffer().isHost()) {
            return false;
        }
        long[][] shapes = out.localShapes();
        for (int r = 0; r < counts.length; r++) {
            if (shapes[r][0] != counts[r]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an all-to-all is still ahead once the array is distributed along {@code axis} after
     * step {@code position} of {@code order}: at more than one rank, when a later step transforms
     * that axis, or when it is not axis 0 (the result's distribution).
     */
    private boolean movesAfter(int[] order, int position, int axis) {
        if (communicator().size() == 1) {
            return false;
        }
        if (axis != 0) {
            return true;
        }
        for (int q = position + 1; q < order.length; q++) {
            if (spec.axes()[order[q]] == axis) {
                return true;
            }
        }
        return false;
    }

    /** The global shape of slab {@code s} once transformed along axis {@code a} (index {@code k}). */
    private long[] transformedShape(Slab s, int k, int a, boolean adjoint) {
        long[] shape = s.array.globalShape();
        return !adjoint && k == spec.realIndex() ? FftSteps.with(shape, a, shape[a] / 2 + 1) : shape;
    }

    /**
     * The axis to move the distribution to when axis {@code a} of an array of global shape
     * {@code shape} must be transformed: one not
     * transformed later in this walk (done, or not transformed), the longest; ties to the first.
     */
    private int pickAxis(long[] shape, int a, int[] order, int position) {
        List<Integer> later = new ArrayList<>();
        for (int q = position + 1; q < order.length; q++) {
            later.add(spec.axes()[order[q]]);
        }
        int best = -1;
        for (int c = 0; c < shape.length; c++) {
            if (c != a && !later.contains(c) && (best < 0 || shape[c] > shape[best])) {
                best = c;
            }
        }
        if (best < 0) {                              // every other axis comes later: take the longest
            for (int c = 0; c < shape.length; c++) {
                if (c != a && (best < 0 || shape[c] > shape[best])) {
                    best = c;
                }
            }
        }
        return best;
    }

    /**
     * What a product keeps for the next one at more than one rank (or at one rank for a real
     * adjoint): the all-to-all's buffers and two work blocks per element type and length (a step
     * writes into the one that is not its input). Used by one product at a time (see
     * {@link #transform}).
     */
    private static final class Held {
        final SlabMove mover = new SlabMove();
        private final Map<String, Buffer[]> work = new HashMap<>();

        /** A work block of {@code length} elements of {@code type} whose storage is not {@code avoid}. */
        Buffer block(ElementType type, long length, Object avoid) {
            Buffer[] two = work.computeIfAbsent(type + ":" + length, key -> new Buffer[2]);
            for (int i = 0; i < 2; i++) {
                if (two[i] == null) {
                    two[i] = Engine.host().allocate(type, length);
                }
                if (two[i].hostArray() != avoid) {
                    return two[i];
                }
            }
            throw new IllegalStateException("both work blocks are the input");   // not reached: they differ
        }

        /** Whether {@code b}'s storage is one of the work blocks. */
        boolean holds(Buffer b) {
            for (Buffer[] two : work.values()) {
                for (Buffer w : two) {
                    if (w != null && w.hostArray() == b.hostArray()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * An n-d array distributed along one axis, as the walk holds it: {@code borrowed} when its
     * block is the caller's (read, never written), {@code spare} a block the walk may write its
     * next new block into (the held output), or null; {@code held} the operator's work blocks (null
     * at one rank but for a real adjoint), written while {@code moving}: while an all-to-all or a
     * real adjoint's complex-to-real transform is still ahead, so that the block is not the
     * result's.
     */
    private record Slab(DistributedArray array, boolean borrowed, Buffer spare, Held held, boolean moving) {

        static Slab of(Communicator comm, long[] shape, DType dtype, Buffer local, boolean borrowed, Buffer spare,
                Held held) {
            long[][] shapes = OperandChecks.rowShapes(shape, comm.size());
            return new Slab(wrap(comm, shape, shapes, 0, dtype, local), borrowed, spare, held, false);
        }

        static DistributedArray wrap(Communicator comm, long[] shape, long[][] shapes, int axis, DType dtype,
                Buffer local) {
            NdArray block = NdArray.wrap(dtype, local.hostArray(), shapes[comm.rank()]);
            return DistributedArray.builder(comm, shape).partition(Partition.SCATTER).axis(axis).localShapes(shapes)
                    .dtype(dtype).localArray(block).buildLocal();
        }

        /** This slab, saying whether an all-to-all is still ahead. */
        Slab ahead(boolean movesAhead) {
            return movesAhead == moving ? this : new Slab(array, borrowed, spare, held, movesAhead);
        }

        /**
         * The array distributed along {@code axis}: one all-to-all into a work block (the spare or a
         * new block when none is ahead after it), or at one rank the same block relabelled.
         */
        Slab redistribute(int axis, boolean movesAfter) {
            if (array.axis() == axis) {
                return ahead(movesAfter);
            }
            Communicator comm = array.communicator();
            long[] shape = array.globalShape();
            if (comm.size() == 1) {
                return new Slab(wrap(comm, shape, new long[][] {shape}, axis, array.dtype(), array.localBuffer()),
                        borrowed, spare, held, movesAfter);
            }
            long[][] shapes = LocalSplit.localShapes(shape, comm.size(), Partition.SCATTER, axis);
            Slab next = ahead(movesAfter);
            Buffer dst = next.take(array.dtype().elementType(), FftSteps.size(shapes[comm.rank()]));
            held.mover.move(comm, shape, array.axis(), axis, array.dtype(), array.localBuffer(), dst);
            return new Slab(wrap(comm, shape, shapes, axis, array.dtype(), dst), false, next.spareAfter(dst), held,
                    movesAfter);
        }

        /**
         * A block for a step's output of {@code type} and {@code length}, not this slab's block:
         * while an all-to-all is ahead a work block, else the spare when it fits, else a new block.
         */
        Buffer take(ElementType type, long length) {
            if (moving && held != null) {
                return held.block(type, length, array.localBuffer().hostArray());
            }
            return spare != null && spare.type() == type && spare.length() == length ? spare
                    : Engine.host().allocate(type, length);
        }

        /** The spare once {@code used} holds a step's output: null when it is the spare. */
        Buffer spareAfter(Buffer used) {
            return spare != null && used.hostArray() == spare.hostArray() ? null : spare;
        }

        /** This slab with a block the walk may write: the caller's copied (into the spare when it fits). */
        Slab owned() {
            if (!borrowed) {
                return this;
            }
            Buffer src = array.localBuffer();
            Buffer dst = take(src.type(), src.length());
            array.engine().copy(src, 0, dst, 0, src.length());
            return new Slab(wrap(array.communicator(), array.globalShape(), array.localShapes(), array.axis(),
                    array.dtype(), dst), false, spareAfter(dst), held, moving);
        }

        /**
         * The complex transform along local axis {@code a}: in place on a block of the walk's own, else
         * from the caller's block into a new one (the spare when it fits) in one pass.
         */
        Slab transformed(int a, boolean inverse, double scale) {
            long[] shape = array.localShape();
            if (!borrowed) {
                FftSteps.complexAlong(array.localBuffer(), shape, a, inverse, scale);
                return this;
            }
            Buffer src = array.localBuffer();
            Buffer dst = take(src.type(), src.length());
            FftSteps.complexAlong(src, 0, dst, shape, a, inverse, scale);
            return new Slab(wrap(array.communicator(), array.globalShape(), array.localShapes(), array.axis(),
                    array.dtype(), dst), false, spareAfter(dst), held, moving);
        }

        /** This slab with a new local block whose length along local axis {@code a} is {@code n}. */
        Slab with(Buffer local, int a, long n, DType dtype) {
            long[][] shapes = array.localShapes();
            for (long[] sh : shapes) {
                sh[a] = n;
            }
            long[] global = FftSteps.with(array.globalShape(), a, n);
            boolean stillBorrowed = borrowed && local == array.localBuffer();
            return new Slab(wrap(array.communicator(), global, shapes, array.axis(), dtype, local), stillBorrowed,
                    spareAfter(local), held, moving);
        }

        /**
         * Whether the transform along local axis {@code a} (index {@code k}) and the move to
         * {@code newAxis} after it can be one pass ({@link #transformMoved}): at more than one rank,
         * when the move packs what it sends, nothing follows the transform before the move (a
         * shift), the transform is not the complex-to-real one, the lines along {@code a} lie
         * within the rows along axis 0, and a line's bits do not depend on the batch it is in.
         */
        boolean fusable(int k, int a, FftOptions.Resolved spec, boolean inverse, int newAxis) {
            if (held == null || array.communicator().size() == 1 || a == 0
                    || !FftSteps.kernels().linesIndependent()) {
                return false;
            }
            if (inverse ? spec.ifftshiftBefore()[k] || k == spec.realIndex() : spec.fftshiftAfter()[k]) {
                return false;
            }
            long[] shape = array.localShape();
            long[] out = !inverse && k == spec.realIndex() ? FftSteps.with(shape, a, shape[a] / 2 + 1) : shape;
            return SlabMove.packs(out, newAxis);
        }

        /**
         * The shift before the transform along local axis {@code a} (index {@code k}), then the
         * transform (r2c and √2 for the real axis) and the move to {@code newAxis} in one pass: the
         * transform writes a few rows at a time into the mover's cache-sized buffer, from where
         * they go to the send buffer and this rank's own box ({@link SlabMove#move(Communicator,
         * long[], int, int, DType, SlabMove.Rows, Buffer)}). The bits of {@link #forwardAlong} (or
         * {@link #inverseAlong}) then {@link #redistribute}. Collective.
         */
        Slab transformMoved(int k, int a, FftOptions.Resolved spec, boolean inverse, int newAxis, boolean movesAfter,
                double scale) {
            long[] shape = array.localShape();
            Slab s = this;
            if (inverse ? spec.fftshiftAfter()[k] : spec.ifftshiftBefore()[k]) {
                s = with(FftSteps.roll(array.localBuffer(), shape, a, -(shape[a] / 2)), a, shape[a], array.dtype());
            }
            boolean real = !inverse && k == spec.realIndex();
            long n = shape[a];
            DType type = real ? spec.cdtype() : s.array.dtype();
            long[] outShape = real ? FftSteps.with(shape, a, n / 2 + 1) : shape;
            long[] global = FftSteps.with(s.array.globalShape(), a, outShape[a]);
            Buffer src = s.array.localBuffer();
            long row = FftSteps.size(FftSteps.with(shape, 0, 1));
            SlabMove.Rows rows = (from, to, into) -> {
                long[] part = FftSteps.with(shape, 0, to - from);
                if (real) {
                    FftSteps.realForwardAlong(src, from * row, part, a, into, 1, 1 + (n - 1) / 2, Math.sqrt(2), scale);
                } else {
                    FftSteps.complexAlong(src, from * row, into, part, a, inverse, scale);
                }
            };
            Communicator comm = array.communicator();
            long[][] shapes = LocalSplit.localShapes(global, comm.size(), Partition.SCATTER, newAxis);
            Slab next = s.ahead(movesAfter);
            Buffer dst = next.take(type.elementType(), FftSteps.size(shapes[comm.rank()]));
            held.mover.move(comm, global, s.array.axis(), newAxis, type, rows, dst);
            return new Slab(wrap(comm, global, shapes, newAxis, type, dst), false, next.spareAfter(dst), held,
                    movesAfter);
        }

        /**
         * Whether the move to {@code newAxis} and the transform along local axis {@code a} (index
         * {@code k}) after it can be one pass ({@link #movedTransformed}): at more than one rank,
         * for the complex-to-real transform of an adjoint (the only transform a move that unpacks
         * can precede: the complex ones end with the lowest axis) without shifts, when the move
         * unpacks what it receives, the lines along {@code a} lie within the rows along axis 0, and
         * a line's bits do not depend on the batch it is in.
         */
        boolean fusableAfterMove(int k, int a, FftOptions.Resolved spec, boolean inverse, int newAxis) {
            if (held == null || array.communicator().size() == 1 || a == 0 || !inverse || k != spec.realIndex()
                    || !FftSteps.kernels().linesIndependent()
                    || spec.ifftshiftBefore()[k] || spec.fftshiftAfter()[k]) {
                return false;
            }
            Communicator comm = array.communicator();
            long[] target = LocalSplit.localShapes(array.globalShape(), comm.size(), Partition.SCATTER,
                    newAxis)[comm.rank()];
            return SlabMove.unpacks(target, array.axis());
        }

        /**
         * The move to {@code newAxis}, then the real axis's division of its bins by √2 and
         * complex-to-real transform along local axis {@code a} (index {@code k}), in one pass: the
         * transform reads a few rows at a time as the mover assembles them from what it received
         * ({@link SlabMove#move(Communicator, long[], int, int, DType, Buffer, SlabMove.RowSink)})
         * and writes its block. The bits of {@link #redistribute} then {@link #inverseAlong}.
         * Collective.
         */
        Slab movedTransformed(int k, int a, FftOptions.Resolved spec, int newAxis, boolean movesAfter, double scale) {
            Communicator comm = array.communicator();
            long[] global = array.globalShape();
            long[][] shapes = LocalSplit.localShapes(global, comm.size(), Partition.SCATTER, newAxis);
            long[] shape = shapes[comm.rank()].clone();
            int n = (int) spec.nffts()[k];
            DType type = spec.rdtype();
            for (long[] sh : shapes) {
                sh[a] = n;
            }
            long[] outShape = shapes[comm.rank()];
            Slab next = ahead(movesAfter);
            Buffer dst = next.take(type.elementType(), FftSteps.size(outShape));
            long row = FftSteps.size(FftSteps.with(outShape, 0, 1));
            held.mover.move(comm, global, array.axis(), newAxis, array.dtype(), array.localBuffer(),
                    (from, to, rows) -> {
                        long[] part = FftSteps.with(shape, 0, to - from);
                        FftSteps.realInverseAlong(rows, part, a, n, dst, from * row, 1, 1 + (n - 1) / 2,
                                1 / Math.sqrt(2), scale);
                    });
            return new Slab(wrap(comm, FftSteps.with(global, a, n), shapes, newAxis, type, dst), false,
                    next.spareAfter(dst), held, movesAfter);
        }

        /** ifftshift, transform (r2c for the real axis), √2, fftshift along local axis {@code a}. */
        Slab forwardAlong(int k, int a, FftOptions.Resolved spec, double scale) {
            long[] shape = array.localShape();
            Slab s = this;
            if (spec.ifftshiftBefore()[k]) {
                s = with(FftSteps.roll(array.localBuffer(), shape, a, -(shape[a] / 2)), a, shape[a], array.dtype());
            }
            if (k == spec.realIndex()) {
                long n = shape[a];
                long[] cshape = FftSteps.with(shape, a, n / 2 + 1);
                ElementType ct = spec.cdtype().elementType();
                // r2c reads the block (the caller's too) and writes a new one, its √2 bins multiplied as written
                Buffer w = FftSteps.realForwardAlong(s.array.localBuffer(), shape, a,
                        s.take(ct, FftSteps.size(cshape)), 1, 1 + (n - 1) / 2, Math.sqrt(2), scale);
                s = s.with(w, a, cshape[a], spec.cdtype());
                shape = cshape;
            } else {
                s = s.transformed(a, false, scale);
            }
            if (spec.fftshiftAfter()[k]) {
                s = s.with(FftSteps.roll(s.array.localBuffer(), shape, a, shape[a] / 2), a, shape[a], s.array.dtype());
            }
            return s;
        }

        /** Undo fftshift, divide the real bins by √2, inverse transform (c2r for the real axis), undo ifftshift. */
        Slab inverseAlong(int k, int a, FftOptions.Resolved spec, double scale) {
            long[] shape = array.localShape();
            Slab s = this;
            if (spec.fftshiftAfter()[k]) {
                s = with(FftSteps.roll(array.localBuffer(), shape, a, -(shape[a] / 2)), a, shape[a], array.dtype());
            }
            if (k == spec.realIndex()) {
                s = s.owned();
                int n = (int) spec.nffts()[k];
                long[] rshape = FftSteps.with(shape, a, n);
                ElementType rt = spec.rdtype().elementType();
                // the √2 bins divided as c2r reads them
                Buffer w = FftSteps.realInverseAlong(s.array.localBuffer(), shape, a, n,
                        s.take(rt, FftSteps.size(rshape)), 1, 1 + (n - 1) / 2, 1 / Math.sqrt(2), scale);
                s = s.with(w, a, n, spec.rdtype());
                shape = rshape;
            } else {
                s = s.transformed(a, true, scale);
            }
            if (spec.ifftshiftBefore()[k]) {
                s = s.with(FftSteps.roll(s.array.localBuffer(), shape, a, shape[a] / 2), a, shape[a], s.array.dtype());
            }
            return s;
        }
    }

    /**
     * On the host engine only: the FFTs are the host engine's (the CUDA engine has no FFTs yet). An operand on another engine fails in the operand check,
     * naming this operator and the engine.
     */
    @Override
    protected boolean runsOn(Engine engine) {
        return engine == Engine.host();
    }
}
