package org.jlops.mpi.bench.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.FftOptions;
import org.jlops.mpi.ops.signal.MPIFFT2D;
import org.jlops.mpi.ops.signal.MPIFFTND;
import org.jlops.mpi.ops.signal.MPIMDC;
import org.jlops.mpi.ops.signal.MPINonStationaryConvolve1D;

/**
 * The spectral and convolution workloads of issue 17, forward and adjoint:
 *
 * <ul>
 *   <li>{@code fft2d}: {@link MPIFFT2D} on 4096 × 4096 complex128, and on 2048 × 2048 float64
 *       with {@code real} (dtype column {@code float64}); flops {@code 5 N log2 N} (complex),
 *       {@code 2.5 N log2 N} (real), bytes the input and the output once. Floor
 *       {@link Workload.Floor#FFTW}: C FFTW's serial transform of the same size and direction (the
 *       forward rows against FFTW's forward, r2c for the real case; the adjoint rows against its
 *       backward, c2r for the real case).</li>
 *   <li>{@code fftnd}: {@link MPIFFTND} on 256³ complex128, the same counts and floor.</li>
 *   <li>{@code mdc}: {@link MPIMDC} of the {@code mdd} tutorial's shape (nt 800, two-sided 1599,
 *       201 sources, 121 receivers, 400 frequencies split over the ranks, float32, a random
 *       complex64 kernel), BROADCAST model and data; flops: the Fredholm products
 *       ({@code 8 nf ns nr}); no floor.</li>
 *   <li>{@code nonstatconv}: {@link MPINonStationaryConvolve1D} on 2^24 float64 samples, 256
 *       filters of 31 taps every 65536 samples; bytes 16 per sample, flops {@code 2 · 31} per
 *       sample (plus the interpolation); floor {@link Workload.Floor#C_LOOPS}: the same kernel as
 *       plain C loops ({@code bench/src/main/c/nonstat_floor.c}, one core, {@code cc -O3
 *       -march=native}), np times its speed.</li>
 * </ul>
 *
 * <p>The FFT workloads run twice: op {@code forward}/{@code adjoint} write into an output held
 * from call to call ({@link MPILinearOperator#matvec(DistributedArray, DistributedArray)}, as C
 * FFTW's floor writes into its own output array), op {@code forward-new}/{@code adjoint-new}
 * allocate it per call (as PyLops-MPI does). The other workloads allocate per call. The notes
 * name the FFT backend in use ({@code Engine.host().fft().implementation}).
 */
public final class SpectralWorkloads {

    private SpectralWorkloads() {
    }

    /** Every spectral workload, forward and adjoint. */
    public static List<Workload> all() {
        List<Workload> out = new ArrayList<>();
        for (boolean adjoint : new boolean[] {false, true}) {
            for (boolean held : new boolean[] {true, false}) {
                out.add(new Fft(false, false, adjoint, held));
                out.add(new Fft(false, true, adjoint, held));
                out.add(new Fft(true, false, adjoint, held));
            }
            out.add(new LocalFft(false, false, adjoint));
            out.add(new LocalFft(false, true, adjoint));
            out.add(new LocalFft(true, false, adjoint));
            out.add(new Mdc(adjoint));
            out.add(new NonStat(adjoint));
        }
        return out;
    }

    /** The shape of an FFT workload: 4096² (real: 2048²) or 256³, quick 32² / 16³. */
    static long[] fftShape(Workload.Scale scale, boolean nd, boolean real) {
        if (nd) {
            long s = scale.fixed(256, 16);
            return new long[] {scale.extent(256, 16), s, s};
        }
        long s = real ? scale.fixed(2048, 32) : scale.fixed(4096, 32);
        return new long[] {real ? scale.extent(2048, 32) : scale.extent(4096, 32), s};
    }

    /** {@code 5 N log2 N} flops of an FFT of {@code N} points ({@code 2.5 N log2 N} real). */
    static double flops(long[] dims, boolean real) {
        double points = 1;
        for (long d : dims) {
            points *= d;
        }
        return (real ? 2.5 : 5) * points * Math.log(points) / Math.log(2);
    }

    static String backend() {
        return "fft=" + Engine.host().fft().implementation(ElementType.COMPLEX128);
    }

    static String shapeText(long[] d) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < d.length; k++) {
            s.append(k > 0 ? "x" : "").append(d[k]);
        }
        return s.toString();
    }

    /** {@code fft2d} or {@code fftnd}. */
    static final class Fft implements Workload {
        private final boolean nd;
        private final boolean real;
        private final boolean adjoint;
        private final boolean held;

        Fft(boolean nd, boolean real, boolean adjoint, boolean held) {
            this.nd = nd;
            this.real = real;
            this.adjoint = adjoint;
            this.held = held;
        }

        @Override
        public String name() {
            return nd ? "fftnd" : "fft2d";
        }

        @Override
        public String op() {
            return (adjoint ? "adjoint" : "forward") + (held ? "" : "-new");
        }

        @Override
        public String dtype() {
            return real ? "float64" : "complex128";
        }

        @Override
        public Floor floor() {
            return Floor.FFTW;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long[] dims = fftShape(scale, nd, real);
            FftOptions o = MPIFFTND.options().axes(nd ? new int[] {0, 1, 2} : new int[] {0, 1}).real(real)
                    .dtype(real ? DType.FLOAT64 : DType.COMPLEX128);
            MPILinearOperator op = nd ? new MPIFFTND(dims, o, comm) : new MPIFFT2D(dims, o, comm);
            DType inType = adjoint ? DType.COMPLEX128 : real ? DType.FLOAT64 : DType.COMPLEX128;
            long n = adjoint ? op.rows() : op.cols();
            DistributedArray v = DistributedArray.builder(comm, n).localSizes(LocalSplit.counts(n, comm.size()))
                    .dtype(inType).build();
            DenseWorkloads.fill(v, 5);
            DistributedArray out = adjoint ? op.rmatvec(v) : op.matvec(v);
            Runnable call = held ? adjoint ? () -> op.rmatvec(v, out) : () -> op.matvec(v, out)
                    : adjoint ? () -> op.rmatvec(v) : () -> op.matvec(v);
            call.run();
            double flops = flops(dims, real);
            double bytes = (double) inType.itemSize() * n + 16.0 * (adjoint ? op.cols() : op.rows());
            return new Instance(shapeText(dims), bytes, flops, (real ? "real-to-complex" : "complex")
                    + "; 5 N log2 N flops (real 2.5); " + backend()
                    + (held ? "; into a held output" : "; output allocated per call"), call);
        }
    }

    /**
     * The local transforms of {@link Fft} alone, op {@code local-forward}/{@code local-adjoint}: each
     * rank transforms its own slab ({@code dims[0]} split over the ranks, the other axes whole) with
     * the same operator on a communicator of its own (so the same local code path, FFTW panels
     * included, and no communication) into a held output — the "local FFT time" of the bound
     * {@code local + 1.2 × all-to-all}, measured at the same np (the ranks share the memory bus as in
     * the distributed transform). The slab's first axis is shorter than the one the distributed
     * transform takes after its transpose: a few per cent fewer flops, so the floor is if anything low.
     */
    static final class LocalFft implements Workload {
        private final boolean nd;
        private final boolean real;
        private final boolean adjoint;

        LocalFft(boolean nd, boolean real, boolean adjoint) {
            this.nd = nd;
            this.real = real;
            this.adjoint = adjoint;
        }

        @Override
        public String name() {
            return nd ? "fftnd" : "fft2d";
        }

        @Override
        public String op() {
            return adjoint ? "local-adjoint" : "local-forward";
        }

        @Override
        public String dtype() {
            return real ? "float64" : "complex128";
        }

        @Override
        public Floor floor() {
            return Floor.NONE;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long[] dims = fftShape(scale, nd, real);
            long[] slab = dims.clone();
            slab[0] = Math.max(1, LocalSplit.counts(dims[0], comm.size())[comm.rank()]);
            Communicator self = comm.split(comm.rank(), 0);
            FftOptions o = MPIFFTND.options().axes(nd ? new int[] {0, 1, 2} : new int[] {0, 1}).real(real)
                    .dtype(real ? DType.FLOAT64 : DType.COMPLEX128);
            MPILinearOperator op = nd ? new MPIFFTND(slab, o, self) : new MPIFFT2D(slab, o, self);
            DType inType = adjoint ? DType.COMPLEX128 : real ? DType.FLOAT64 : DType.COMPLEX128;
            long n = adjoint ? op.rows() : op.cols();
            DistributedArray v = DistributedArray.builder(self, n).dtype(inType).build();
            DenseWorkloads.fill(v, 5 + comm.rank());
            DistributedArray out = adjoint ? op.rmatvec(v) : op.matvec(v);
            Runnable call = adjoint ? () -> op.rmatvec(v, out) : () -> op.matvec(v, out);
            call.run();
            double flops = flops(slab, real);
            double bytes = (double) inType.itemSize() * n + 16.0 * (adjoint ? op.cols() : op.rows());
            return new Instance(shapeText(dims), bytes, flops, "this rank's slab " + shapeText(slab)
                    + " by the same operator on a communicator of its own, no communication (the local-FFT"
                    + " floor of the distributed rows); " + backend(), call);
        }
    }

    /** {@code mdc}: the mdd tutorial's operator. */
    static final class Mdc implements Workload {
        private final boolean adjoint;

        Mdc(boolean adjoint) {
            this.adjoint = adjoint;
        }

        @Override
        public String name() {
            return "mdc";
        }

        @Override
        public String op() {
            return adjoint ? "adjoint" : "forward";
        }

        @Override
        public String dtype() {
            return "float32";
        }

        @Override
        public Floor floor() {
            return Floor.NONE;
        }

        /**
         * 6 s: at np 2 on two cores both cores run ranks and the JIT compiler threads wait for
         * them; measured, the forward's products were still 21-34 ms per call after the runner's
         * 1.5 s (the adjoint, timed after it, reuses the compiled code) and 7.8 ms after 6 s.
         */
        @Override
        public double warmSeconds() {
            return 6;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            int nt = (int) scale.fixed(800, 20);
            int ns = (int) scale.fixed(201, 6);
            int nr = (int) scale.fixed(121, 5);
            int nf = (int) Math.max(2L * comm.size(), scale.extent(400, 10));
            long[] counts = LocalSplit.counts(nf, comm.size());
            long from = LocalSplit.offsets(counts)[comm.rank()];
            NdArray g = NdArray.zeros(DType.COMPLEX64, counts[comm.rank()], ns, nr);
            for (long f = 0; f < counts[comm.rank()]; f++) {
                SplittableRandom rnd = new SplittableRandom(31 + from + f);
                for (long q = 0; q < (long) ns * nr; q++) {
                    g.set(f * ns * nr + q, 2 * rnd.nextDouble() - 1, 2 * rnd.nextDouble() - 1);
                }
            }
            int nt2 = 2 * nt - 1;
            int bins = (nt2 + 2) / 2;
            int nfreq = Math.min(nf, bins);
            MPIMDC op = new MPIMDC(g, nt2, 1, nfreq, comm,
                    MPIMDC.Options.DEFAULT.withSampling(0.002, 1).withPrescaled(true));
            long n = adjoint ? op.rows() : op.cols();
            DistributedArray v = DistributedArray.builder(comm, n).partition(Partition.BROADCAST)
                    .dtype(DType.FLOAT32).build();
            SplittableRandom rnd = new SplittableRandom(3);
            for (long q = 0; q < n; q++) {
                v.localArray().set(q, 2 * rnd.nextDouble() - 1, 0);
            }
            Runnable call = adjoint ? () -> op.rmatvec(v) : () -> op.matvec(v);
            // the products take seconds of calls to be compiled (80 ms per call before, under 15 ms
            // after): warmSeconds() covers them
            double flops = 8.0 * nfreq * ns * nr;
            double bytes = 8.0 * nfreq * ns * nr + 4.0 * (op.rows() + op.cols());
            return new Instance(nt2 + "x" + ns + "x" + nr + "x" + nfreq, bytes, flops,
                    "nt2 x ns x nr x nfreq; frequencies per rank " + java.util.Arrays.toString(counts)
                            + "; flops and bytes of the Fredholm products; " + backend(), call);
        }
    }

    /** {@code nonstatconv}: 2^24 samples. */
    static final class NonStat implements Workload {
        private final boolean adjoint;

        NonStat(boolean adjoint) {
            this.adjoint = adjoint;
        }

        @Override
        public String name() {
            return "nonstatconv";
        }

        @Override
        public String op() {
            return adjoint ? "adjoint" : "forward";
        }

        @Override
        public Floor floor() {
            return Floor.C_LOOPS;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long n = scale.extent(1L << 24, 4096);
            int filters = (int) scale.fixed(256, 16);
            long dh = n / filters;
            double[][] hs = new double[filters][31];
            long[] ih = new long[filters];
            SplittableRandom rnd = new SplittableRandom(41);
            for (int k = 0; k < filters; k++) {
                ih[k] = dh / 2 + k * dh;
                for (int q = 0; q < 31; q++) {
                    hs[k][q] = 2 * rnd.nextDouble() - 1;
                }
            }
            MPINonStationaryConvolve1D op = new MPINonStationaryConvolve1D(new long[] {n}, hs, ih, 0, comm,
                    DType.FLOAT64, MPINonStationaryConvolve1D.Options.ANY_SPLIT);
            DistributedArray v = DistributedArray.builder(comm, n).localSizes(LocalSplit.counts(n, comm.size()))
                    .build();
            DenseWorkloads.fill(v, 9);
            Runnable call = adjoint ? () -> op.rmatvec(v) : () -> op.matvec(v);
            call.run();
            return new Instance(Long.toString(n), 16.0 * n, 62.0 * n, filters + " filters of 31 taps every " + dh
                    + " samples; 16 B, 62 flops per sample (+ interpolation); output allocated per call", call);
        }
    }
}
