package org.jlops.mpi.ops.signal;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.FftSteps;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.ops.serial.FftOptions;

/**
 * The distributed N-d FFT's body, shared by {@link MPIFFTND} and {@link MPIFFT2D}: slab
 * decomposition with transposes by {@link DistributedArray#redistribute}.
 *
 * <p>The 1-d input is re-split (if needed) into row slabs of the model shape, i.e. an n-d array
 * distributed along axis 0. The axes are then transformed one at a time, the real one first when
 * {@code real}: an axis is transformed where it is whole on every rank; when the next axis is the
 * distributed one, the array is redistributed (one all-to-all) to another axis — one already
 * transformed or not transformed at all, the longest such. Each axis's shifts and the √2 of the
 * real bins are applied with its transform (they commute with the transforms along the other
 * axes), and the norm at the end. The result is redistributed to axis 0 and ravelled: the 1-d
 * output's row slabs. The adjoint walks the same axes backwards.
 */
abstract class DistributedFft extends MPILinearOperator {

    /** The resolved options. */
    final FftOptions.Resolved spec;
    /** The transform order: indices into {@code spec.axes()}, the real axis first. */
    private final int[] order;

    DistributedFft(FftOptions.Resolved spec, Communicator comm) {
        super(spec.dims(), spec.dimsd(), spec.cdtype(), comm);
        this.spec = spec;
        int m = spec.axes().length;
        this.order = new int[m];
        int q = 0;
        if (spec.real()) {
            order[q++] = m - 1;
        }
        for (int k = 0; k < (spec.real() ? m - 1 : m); k++) {
            order[q++] = k;
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
        Slab s = Slab.of(comm, inShape, work, local, borrowed, out == null ? null : out.localBuffer());
        int m = order.length;
        for (int step = 0; step < m; step++) {
            int k = adjoint ? order[m - 1 - step] : order[step];
            int a = spec.axes()[k];
            if (s.array.axis() == a) {
                s = s.redistribute(pickAxis(s, a, adjoint ? m - 1 - step : step));
            }
            s = adjoint ? s.inverseAlong(k, a, spec) : s.forwardAlong(k, a, spec);
        }
        double factor = spec.norm().factor(spec.points());
        if (factor != 1) {
            s = s.owned();
            FftSteps.scale(s.array.localBuffer(), factor);
        }
        s = s.redistribute(0);
        Buffer flat = s.array.localBuffer();
        boolean mine = !s.borrowed;
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
     * The axis to move the distribution to when axis {@code a} must be transformed: one not
     * transformed later in this walk (done, or not transformed), the longest; ties to the first.
     */
    private int pickAxis(Slab s, int a, int position) {
        long[] shape = s.array.globalShape();
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
     * An n-d array distributed along one axis, as the walk holds it: {@code borrowed} when its
     * block is the caller's (read, never written), {@code spare} a block the walk may write its
     * next new block into (the held output), or null.
     */
    private record Slab(DistributedArray array, boolean borrowed, Buffer spare) {

        static Slab of(Communicator comm, long[] shape, DType dtype, Buffer local, boolean borrowed, Buffer spare) {
            long[][] shapes = OperandChecks.rowShapes(shape, comm.size());
            return new Slab(wrap(comm, shape, shapes, 0, dtype, local), borrowed, spare);
        }

        static DistributedArray wrap(Communicator comm, long[] shape, long[][] shapes, int axis, DType dtype,
                Buffer local) {
            NdArray block = NdArray.wrap(dtype, local.hostArray(), shapes[comm.rank()]);
            return DistributedArray.builder(comm, shape).partition(Partition.SCATTER).axis(axis).localShapes(shapes)
                    .dtype(dtype).localArray(block).buildLocal();
        }

        /** The array distributed along {@code axis}: one all-to-all, or at one rank the same block relabelled. */
        Slab redistribute(int axis) {
            if (array.axis() == axis) {
                return this;
            }
            Communicator comm = array.communicator();
            if (comm.size() == 1) {
                long[] shape = array.globalShape();
                return new Slab(wrap(comm, shape, new long[][] {shape}, axis, array.dtype(), array.localBuffer()),
                        borrowed, spare);
            }
            return new Slab(array.redistribute(axis), false, spare);
        }

        /** A new block for {@code type} and {@code length}: the spare when it fits (then used up), else null. */
        Buffer take(ElementType type, long length) {
            return spare != null && spare.type() == type && spare.length() == length ? spare : null;
        }

        /** This slab with a block the walk may write: the caller's copied (into the spare when it fits). */
        Slab owned() {
            if (!borrowed) {
                return this;
            }
            Buffer src = array.localBuffer();
            Buffer dst = take(src.type(), src.length());
            Buffer left = dst == null ? spare : null;
            if (dst == null) {
                dst = array.engine().allocate(src.type(), src.length());
            }
            array.engine().copy(src, 0, dst, 0, src.length());
            return new Slab(wrap(array.communicator(), array.globalShape(), array.localShapes(), array.axis(),
                    array.dtype(), dst), false, left);
        }

        /**
         * The complex transform along local axis {@code a}: in place on a block of the walk's own, else
         * from the caller's block into a new one (the spare when it fits) in one pass.
         */
        Slab transformed(int a, boolean inverse) {
            long[] shape = array.localShape();
            if (!borrowed) {
                FftSteps.complexAlong(array.localBuffer(), shape, a, inverse);
                return this;
            }
            Buffer src = array.localBuffer();
            Buffer dst = take(src.type(), src.length());
            Buffer left = dst == null ? spare : null;
            if (dst == null) {
                dst = array.engine().allocate(src.type(), src.length());
            }
            FftSteps.complexAlong(src, dst, shape, a, inverse);
            return new Slab(wrap(array.communicator(), array.globalShape(), array.localShapes(), array.axis(),
                    array.dtype(), dst), false, left);
        }

        /** This slab with a new local block whose length along local axis {@code a} is {@code n}. */
        Slab with(Buffer local, int a, long n, DType dtype) {
            long[][] shapes = array.localShapes();
            for (long[] sh : shapes) {
                sh[a] = n;
            }
            long[] global = FftSteps.with(array.globalShape(), a, n);
            boolean stillBorrowed = borrowed && local == array.localBuffer();
            Buffer left = spare != null && local.hostArray() == spare.hostArray() ? null : spare;
            return new Slab(wrap(array.communicator(), global, shapes, array.axis(), dtype, local), stillBorrowed,
                    left);
        }

        /** ifftshift, transform (r2c for the real axis), √2, fftshift along local axis {@code a}. */
        Slab forwardAlong(int k, int a, FftOptions.Resolved spec) {
            long[] shape = array.localShape();
            Slab s = this;
            if (spec.ifftshiftBefore()[k]) {
                s = with(FftSteps.roll(array.localBuffer(), shape, a, -(shape[a] / 2)), a, shape[a], array.dtype());
            }
            if (k == spec.realIndex()) {
                long n = shape[a];
                long[] cshape = FftSteps.with(shape, a, n / 2 + 1);
                ElementType ct = spec.cdtype().elementType();
                // r2c reads the block (the caller's too) and writes a new one
                Buffer w = FftSteps.realForwardAlong(s.array.localBuffer(), shape, a,
                        s.take(ct, FftSteps.size(cshape)));
                FftSteps.scaleAlong(w, cshape, a, 1, 1 + (n - 1) / 2, Math.sqrt(2));
                s = s.with(w, a, cshape[a], spec.cdtype());
                shape = cshape;
            } else {
                s = s.transformed(a, false);
            }
            if (spec.fftshiftAfter()[k]) {
                s = s.with(FftSteps.roll(s.array.localBuffer(), shape, a, shape[a] / 2), a, shape[a], s.array.dtype());
            }
            return s;
        }

        /** Undo fftshift, divide the real bins by √2, inverse transform (c2r for the real axis), undo ifftshift. */
        Slab inverseAlong(int k, int a, FftOptions.Resolved spec) {
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
                FftSteps.scaleAlong(s.array.localBuffer(), shape, a, 1, 1 + (n - 1) / 2, 1 / Math.sqrt(2));
                Buffer w = FftSteps.realInverseAlong(s.array.localBuffer(), shape, a, n,
                        s.take(rt, FftSteps.size(rshape)));
                s = s.with(w, a, n, spec.rdtype());
                shape = rshape;
            } else {
                s = s.transformed(a, true);
            }
            if (spec.ifftshiftBefore()[k]) {
                s = s.with(FftSteps.roll(s.array.localBuffer(), shape, a, shape[a] / 2), a, shape[a], s.array.dtype());
            }
            return s;
        }
    }
}
