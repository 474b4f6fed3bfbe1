package org.jlops.mpi.ops.signal;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
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

    /** The resolved options: axes, sampling, norm, shifts, dtypes, data shape. Local. */
    public final FftOptions.Resolved spec() {
        return spec;
    }

    /** The frequencies along transformed axis {@code k} (PyLops-MPI's {@code fs[k]}). Local. */
    public final double[] frequencies(int k) {
        return spec.frequencies(k);
    }

    /** The model's dtype: real when {@code real} or a real dtype was given, else the operator's. Local. */
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
        return transform(x, false);
    }

    @Override
    protected final DistributedArray doRmatvec(DistributedArray y) {
        return transform(y, true);
    }

    private DistributedArray transform(DistributedArray v, boolean adjoint) {
        String what = adjoint ? "y" : "x";
        Communicator comm = communicator();
        long[] inShape = adjoint ? spec.dimsd() : spec.dims();
        long[] outShape = adjoint ? spec.dims() : spec.dimsd();
        DistributedArray rows = OperandChecks.resplit(what, v, OperandChecks.rowCounts(inShape, comm.size()), false);
        // the working block: real (a real forward) or complex of the operator's precision
        boolean realIn = !adjoint && spec.real();
        Buffer local = realIn ? FftSteps.realPart(rows.localBuffer(), spec.rdtype().elementType())
                : FftSteps.toComplex(rows.localBuffer(), spec.cdtype().elementType(), !adjoint && !spec.clinear());
        DType work = realIn ? spec.rdtype() : spec.cdtype();
        Slab s = Slab.of(comm, inShape, work, local);
        int m = order.length;
        for (int step = 0; step < m; step++) {
            int k = adjoint ? order[m - 1 - step] : order[step];
            int a = spec.axes()[k];
            if (s.array.axis() == a) {
                s = s.redistribute(pickAxis(s, a, adjoint ? m - 1 - step : step));
            }
            s = adjoint ? s.inverseAlong(k, a, spec) : s.forwardAlong(k, a, spec);
        }
        FftSteps.scale(s.array.localBuffer(), spec.norm().factor(spec.points()));
        DistributedArray out = s.array.redistribute(0);
        Buffer flat = out.localBuffer();
        DType outType = adjoint ? spec.rdtype() : spec.cdtype();
        if (outType != out.dtype()) {
            flat = outType.isComplex() ? FftSteps.toComplex(flat, outType.elementType(), false)
                    : FftSteps.realPart(flat, outType.elementType());
        }
        long[] counts = OperandChecks.rowCounts(outShape, comm.size());
        DistributedArray result = OperandChecks.newScatter1d(v, counts, v.mask(), outType);
        result.engine().copy(flat, 0, result.localBuffer(), 0, counts[comm.rank()]);
        return result;
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

    /** An n-d array distributed along one axis, as the walk holds it. */
    private record Slab(DistributedArray array) {

        static Slab of(Communicator comm, long[] shape, DType dtype, Buffer local) {
            long[][] shapes = OperandChecks.rowShapes(shape, comm.size());
            return new Slab(wrap(comm, shape, shapes, 0, dtype, local));
        }

        static DistributedArray wrap(Communicator comm, long[] shape, long[][] shapes, int axis, DType dtype,
                Buffer local) {
            NdArray block = NdArray.wrap(dtype, local.hostArray(), shapes[comm.rank()]);
            return DistributedArray.builder(comm, shape).partition(Partition.SCATTER).axis(axis).localShapes(shapes)
                    .dtype(dtype).localArray(block).buildLocal();
        }

        Slab redistribute(int axis) {
            return new Slab(array.redistribute(axis));
        }

        /** This slab with a new local block whose length along local axis {@code a} is {@code n}. */
        Slab with(Buffer local, int a, long n, DType dtype) {
            long[][] shapes = array.localShapes();
            for (long[] sh : shapes) {
                sh[a] = n;
            }
            long[] global = FftSteps.with(array.globalShape(), a, n);
            return new Slab(wrap(array.communicator(), global, shapes, array.axis(), dtype, local));
        }

        /** ifftshift, transform (r2c for the real axis), √2, fftshift along local axis {@code a}. */
        Slab forwardAlong(int k, int a, FftOptions.Resolved spec) {
            long[] shape = array.localShape();
            Buffer w = array.localBuffer();
            if (spec.ifftshiftBefore()[k]) {
                w = FftSteps.roll(w, shape, a, -(shape[a] / 2));
            }
            DType dtype = array.dtype();
            if (k == spec.realIndex()) {
                long n = shape[a];
                w = FftSteps.realForwardAlong(w, shape, a);
                shape = FftSteps.with(shape, a, n / 2 + 1);
                FftSteps.scaleAlong(w, shape, a, 1, 1 + (n - 1) / 2, Math.sqrt(2));
                dtype = spec.cdtype();
            } else {
                FftSteps.complexAlong(w, shape, a, false);             // in place: the walk's own copy
            }
            if (spec.fftshiftAfter()[k]) {
                w = FftSteps.roll(w, shape, a, shape[a] / 2);
            }
            return with(w, a, shape[a], dtype);
        }

        /** Undo fftshift, divide the real bins by √2, inverse transform (c2r for the real axis), undo ifftshift. */
        Slab inverseAlong(int k, int a, FftOptions.Resolved spec) {
            long[] shape = array.localShape();
            Buffer w = array.localBuffer();
            if (spec.fftshiftAfter()[k]) {
                w = FftSteps.roll(w, shape, a, -(shape[a] / 2));
            }
            DType dtype = array.dtype();
            if (k == spec.realIndex()) {
                int n = (int) spec.nffts()[k];
                FftSteps.scaleAlong(w, shape, a, 1, 1 + (n - 1) / 2, 1 / Math.sqrt(2));
                w = FftSteps.realInverseAlong(w, shape, a, n);
                shape = FftSteps.with(shape, a, n);
                dtype = spec.rdtype();
            } else {
                FftSteps.complexAlong(w, shape, a, true);
            }
            if (spec.ifftshiftBefore()[k]) {
                w = FftSteps.roll(w, shape, a, shape[a] / 2);
            }
            return with(w, a, shape[a], dtype);
        }
    }
}
