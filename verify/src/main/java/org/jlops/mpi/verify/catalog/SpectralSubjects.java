package org.jlops.mpi.verify.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.FftNorm;
import org.jlops.mpi.ops.serial.FftOptions;
import org.jlops.mpi.ops.signal.MPIFFT2D;
import org.jlops.mpi.ops.signal.MPIFFTND;
import org.jlops.mpi.ops.signal.MPIMDC;
import org.jlops.mpi.ops.signal.MPINonStationaryConvolve1D;
import org.jlops.mpi.reference.ops.ReferenceSpectral;
import org.jlops.mpi.verify.harness.Draws;

/**
 * The catalog entries of the distributed FFTs, {@link MPIFFTND} and {@link MPIFFT2D}, and of
 * {@link MPINonStationaryConvolve1D} and {@link MPIMDC}.
 *
 * <p><b>Why the real transform is wrapped.</b> With {@code real} (or a real model dtype) the
 * operator maps a real model to complex data and its adjoint returns {@code Re(Cᴴ y)}: it is
 * linear over the reals only, while the properties draw complex models and compare with a complex
 * matrix. {@link RealModel} presents it as the complex-linear operator {@code C} of the same
 * matrix: {@code C x = A Re(x) + i A Im(x)} and {@code Cᴴ y = Aᴴ y + i Aᴴ(−i y)}, each half one
 * product of the operator under test, so every property still runs through its own products.
 */
final class SpectralSubjects {

    private SpectralSubjects() {
    }

    /** A real-model FFT as the complex-linear operator of its matrix: two products per product. */
    static final class RealModel extends MPILinearOperator {
        private final MPILinearOperator op;
        private final DType real;

        RealModel(MPILinearOperator op, DType modelDtype) {
            super(new long[] {op.cols()}, new long[] {op.rows()}, op.dtype(), op.communicator());
            this.op = op;
            this.real = modelDtype;
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            DistributedArray re = op.matvec(x.astype(real));
            DistributedArray im = op.matvec(x.multiply(0, -1).astype(real));
            return re.add(im.multiply(0, 1));
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            DistributedArray re = op.rmatvec(y).astype(dtype());
            DistributedArray im = op.rmatvec(y.multiply(0, -1)).astype(dtype());
            return re.add(im.multiply(0, 1));
        }
    }

    /**
     * {@code MPIFFTND}: 2-d or 3-d, each length 1 to s + 2, one to all axes in a random order
     * (sometimes as negative indices), any norm, real or complex, shifts per axis; complex64 or
     * complex128.
     */
    static OperatorCase fftnd(SplittableRandom r, int s) {
        int nd = Draws.between(r, 2, 3);
        long[] dims = new long[nd];
        for (int k = 0; k < nd; k++) {
            dims[k] = Draws.between(r, 1, s + 2);
        }
        List<Integer> all = new ArrayList<>();
        for (int k = 0; k < nd; k++) {
            all.add(k);
        }
        java.util.Collections.shuffle(all, new java.util.Random(r.nextLong()));
        int na = Draws.between(r, 1, nd);
        int[] axes = all.subList(0, na).stream().mapToInt(Integer::intValue).toArray();
        return fft(r, dims, axes, false);
    }

    /** {@code MPIFFT2D}: 2-d or 3-d, two distinct axes in either order, options as {@link #fftnd}. */
    static OperatorCase fft2d(SplittableRandom r, int s) {
        int nd = Draws.between(r, 2, 3);
        long[] dims = new long[nd];
        for (int k = 0; k < nd; k++) {
            dims[k] = Draws.between(r, 1, s + 2);
        }
        int a = Draws.between(r, 0, nd - 1);
        int b = (a + Draws.between(r, 1, nd - 1)) % nd;
        return fft(r, dims, new int[] {a, b}, true);
    }

    private static OperatorCase fft(SplittableRandom r, long[] dims, int[] axes, boolean twoD) {
        DType t = Draws.oneOf(r, DType.COMPLEX64, DType.COMPLEX128);
        FftNorm norm = Draws.oneOf(r, FftNorm.values());
        boolean real = r.nextBoolean();
        boolean realDtype = !real && r.nextInt(4) == 0;           // a real model by dtype
        boolean[] before = new boolean[axes.length];
        boolean[] after = new boolean[axes.length];
        long[] nffts = new long[axes.length];
        int[] given = axes.clone();
        for (int k = 0; k < axes.length; k++) {
            before[k] = r.nextBoolean();
            after[k] = r.nextBoolean();
            nffts[k] = dims[axes[k]];
            if (r.nextInt(3) == 0) {
                given[k] -= dims.length;                          // the same axis, as a negative index
            }
        }
        FftOptions o = MPIFFTND.options().axes(given).norm(norm).real(real)
                .dtype(realDtype ? t.realType() : t).ifftshiftBefore(before).fftshiftAfter(after);
        String d = (twoD ? "MPIFFT2D " : "MPIFFTND ") + t + " dims " + Arrays.toString(dims) + " axes "
                + Arrays.toString(given) + " " + norm + (real ? " real" : realDtype ? " real dtype" : "")
                + " ifftshiftBefore " + Arrays.toString(before) + " fftshiftAfter " + Arrays.toString(after);
        return OperatorCase.of(d, t, (comm, lr) -> {
            MPILinearOperator op = twoD ? new MPIFFT2D(dims, o, comm) : new MPIFFTND(dims, o, comm);
            MPILinearOperator subject = real || realDtype ? new RealModel(op, t.realType()) : op;
            return Built.of(subject, ReferenceSpectral.fftnd(dims, axes, nffts, norm.pylopsName(), real, before,
                    after), Layouts.scatter(op.cols()), Layouts.scatter(op.rows()));
        });
    }

    /**
     * {@code MPINonStationaryConvolve1D} without PyLops-MPI's distribution rules (so that it builds
     * on every rank count): 1-d or 2-d, n from 1 to 2s + 3, one to four filters of length 1, 3 or 5
     * at a drawn start and spacing inside the axis, any dtype.
     */
    static OperatorCase nonStationary(SplittableRandom r, int s) {
        DType t = Draws.dtype(r);
        long n = Draws.between(r, 1, 2 * s + 3);
        long[] dims = r.nextBoolean() ? new long[] {n} : new long[] {n, Draws.between(r, 1, 3)};
        int count = Draws.between(r, 1, 4);
        int nh = Draws.oneOf(r, 1, 3, 5);
        long dh = count == 1 ? 1 : Draws.between(r, 1, (int) Math.max(1, (n - 1) / (count - 1)));
        if (count > 1 && (count - 1) * dh > n - 1) {
            count = 1;
        }
        long o = Draws.between(r, 0, (int) (n - 1 - (count - 1) * dh));
        double[][] hs = new double[count][nh];
        long[] ih = new long[count];
        int[] ihRef = new int[count];
        for (int k = 0; k < count; k++) {
            for (int q = 0; q < nh; q++) {
                hs[k][q] = Draws.rounded(DType.FLOAT32, r.nextDouble() - 0.5);
            }
            ih[k] = o + k * dh;
            ihRef[k] = (int) ih[k];
        }
        String d = t + " dims " + Arrays.toString(dims) + ", " + count + " filters of " + nh + " at " + o + ":" + dh;
        return OperatorCase.of(d, t, (comm, lr) -> Built.of(new MPINonStationaryConvolve1D(dims, hs, ih, 0, comm, t,
                MPINonStationaryConvolve1D.Options.ANY_SPLIT), ReferenceSpectral.nonStationaryConvolve1D(dims, hs,
                ihRef), Layouts.scatter(n * (dims.length == 2 ? dims[1] : 1)),
                Layouts.scatter(n * (dims.length == 2 ? dims[1] : 1))));
    }

    /**
     * {@code MPIMDC}: nt from 1 to 2s + 2 (odd when two-sided), ns, nr, nv from 1 to 3, nfreq
     * from 2 to the bins, frequencies dealt in slabs of none or at least 2, every option; float32
     * or float64 (the kernel complex of that precision).
     */
    static OperatorCase mdc(SplittableRandom r, int s) {
        DType t = Draws.oneOf(r, DType.FLOAT32, DType.FLOAT64);
        boolean twosided = r.nextBoolean();
        int nt = Draws.between(r, 2, 2 * s + 2);
        if (twosided && nt % 2 == 0) {
            nt++;
        }
        int nfft = (nt + 2) / 2;
        int nfreq = Draws.between(r, 2, Math.max(2, nfft));
        int ns = Draws.between(r, 1, 3);
        int nr = Draws.between(r, 1, 3);
        int nv = Draws.between(r, 1, 3);
        boolean prescaled = r.nextBoolean();
        boolean conj = r.nextBoolean();
        boolean save = r.nextBoolean();
        double dt = Draws.oneOf(r, 1.0, 0.004);
        double dr = Draws.oneOf(r, 1.0, 2.5);
        NdArray g = Draws.values(r, t.complexType(), nfreq, ns, nr);
        org.ejml.data.ZMatrixRMaj[] slices = new org.ejml.data.ZMatrixRMaj[nfreq];
        for (int k = 0; k < nfreq; k++) {
            slices[k] = DenseSubjects.complex(g.slice(0, k, k + 1).reshape(ns, nr));
        }
        MPIMDC.Options o = MPIMDC.Options.DEFAULT.withSampling(dt, dr).withTwosided(twosided).withPrescaled(prescaled)
                .withConj(conj).withSaveGt(save);
        double scale = prescaled ? 1 : dr * dt * Math.sqrt(nt);
        int ntf = nt;
        String d = t + " nt " + nt + ", ns " + ns + ", nr " + nr + ", nv " + nv + ", nfreq " + nfreq + ", " + o;
        return OperatorCase.of(d, t, (comm, lr) -> {
            long[] counts = DenseSubjects.slabs(lr, nfreq, comm.size());
            long start = 0;
            for (int q = 0; q < comm.rank(); q++) {
                start += counts[q];
            }
            NdArray mine = g.slice(0, start, start + counts[comm.rank()]);
            return Built.of(new MPIMDC(mine, ntf, nv, nfreq, comm, o),
                    ReferenceSpectral.mdc(slices, ntf, nv, scale, twosided, conj),
                    Layouts.broadcast((long) ntf * nr * nv), Layouts.broadcast((long) ntf * ns * nv));
        });
    }
}
