package org.jlops.mpi.verify.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.serial.FftNorm;
import org.jlops.mpi.ops.signal.MPIFFT2D;
import org.jlops.mpi.ops.signal.MPIFFTND;
import org.jlops.mpi.ops.signal.MPIMDC;
import org.jlops.mpi.ops.signal.MPINonStationaryConvolve1D;

/**
 * Failure drills of the spectral and convolution operators (issue 17), bad input given on one rank
 * (the last) unless said otherwise: a repeated axis, an axis out of range, three axes for
 * {@code MPIFFT2D}, per-axis flags of the wrong count, other {@code dims}; an even {@code nt} for a
 * two-sided MDC, {@code nfreq} that is not the kernel's, a real kernel; an even filter, irregular
 * or out-of-range filter positions, a length not divisible by the rank count, a rank without a
 * filter; operands of the wrong partition. Each must raise the same {@link IllegalArgumentException}
 * on every rank, with no hang, and leave operands unchanged. Run under {@code mpirun -np N} (N ≥ 2);
 * prints {@code spectral drills: K passed, S skipped} on rank 0 and exits 0, or ends the job with the
 * failing drill.
 */
public final class SpectralDrills {

    private SpectralDrills() {
    }

    /** One drill: its name and the body every rank runs, which must throw. */
    private record Drill(String name, Function<Communicator, Object> body) {
    }

    /** Thrown alike by every rank of a drill that does not apply to this rank count. */
    private static final class Skip extends RuntimeException {
        Skip(String why) {
            super(why, null, false, false);
        }
    }

    private static boolean last(Communicator comm) {
        return comm.rank() == comm.size() - 1;
    }

    private static double[][] filters(int count, int length) {
        double[][] h = new double[count][length];
        for (int k = 0; k < count; k++) {
            h[k][length / 2] = 1 + k;
        }
        return h;
    }

    private static NdArray kernel(long nf) {
        NdArray g = NdArray.zeros(DType.COMPLEX128, nf, 3, 2);
        for (long q = 0; q < g.size(); q++) {
            g.set(q, q % 5 - 2, q % 3 - 1);
        }
        return g;
    }

    /** Rank r's frequencies of {@code nf}: all on rank 0 (so no rank holds exactly one). */
    private static NdArray slab(NdArray g, Communicator comm) {
        return comm.rank() == 0 ? g : g.slice(0, 0, 0);
    }

    private static List<Drill> drills() {
        long[] dims = {6, 8, 5};
        List<Drill> d = new ArrayList<>();
        d.add(new Drill("MPIFFTND with a repeated axis on the last rank", comm -> new MPIFFTND(dims,
                MPIFFTND.options().axes(0, last(comm) ? 0 : 1), comm)));
        d.add(new Drill("MPIFFTND with an axis out of range on the last rank", comm -> new MPIFFTND(dims,
                MPIFFTND.options().axes(0, last(comm) ? 3 : 2), comm)));
        d.add(new Drill("MPIFFT2D with three axes on every rank", comm -> new MPIFFT2D(dims,
                MPIFFT2D.options().axes(0, 1, 2), comm)));
        d.add(new Drill("MPIFFT2D with three fftshiftAfter flags on the last rank", comm -> new MPIFFT2D(dims,
                last(comm) ? MPIFFT2D.options().fftshiftAfter(true, false, true) : MPIFFT2D.options(), comm)));
        d.add(new Drill("MPIFFTND with other dims on the last rank", comm -> new MPIFFTND(
                last(comm) ? new long[] {6, 8, 6} : dims, comm)));
        d.add(new Drill("MPIFFTND with another norm on the last rank", comm -> new MPIFFTND(dims,
                MPIFFTND.options().norm(last(comm) ? FftNorm.ONE_OVER_N : FftNorm.NONE), comm)));
        d.add(new Drill("MPIFFT2D on BROADCAST input (unchanged)", comm -> {
            MPIFFT2D op = new MPIFFT2D(new long[] {4, 6}, comm);
            DistributedArray x = DistributedArray.builder(comm, op.cols()).partition(Partition.BROADCAST)
                    .dtype(DType.COMPLEX128).build();
            x.fill(0.5);
            try {
                return op.matvec(x);
            } finally {
                requireUnchanged(x, 0.5);
            }
        }));
        NdArray g = kernel(6);
        d.add(new Drill("MPIMDC two-sided with even nt on the last rank", comm -> new MPIMDC(slab(g, comm),
                last(comm) ? 10 : 11, 1, 6, comm)));
        d.add(new Drill("MPIMDC with nfreq 5 for a kernel of 6 frequencies", comm -> new MPIMDC(slab(g, comm), 11, 1,
                5, comm)));
        d.add(new Drill("MPIMDC with a real kernel on rank 0", comm -> new MPIMDC(comm.rank() == 0
                ? g.astype(DType.FLOAT64) : slab(g, comm), 11, 1, 6, comm)));
        d.add(new Drill("MPIMDC on SCATTER input (unchanged)", comm -> {
            MPIMDC op = new MPIMDC(slab(g, comm), 11, 1, 6, comm);
            DistributedArray x = DistributedArray.builder(comm, op.cols()).build();
            x.fill(0.25);
            try {
                return op.matvec(x);
            } finally {
                requireUnchanged(x, 0.25);
            }
        }));
        d.add(new Drill("MPINonStationaryConvolve1D with an even filter on the last rank", comm -> {
            long n = 8L * comm.size();
            long[] ih = ih(comm.size());
            return new MPINonStationaryConvolve1D(new long[] {n}, filters(ih.length, last(comm) ? 4 : 5), ih, comm);
        }));
        d.add(new Drill("MPINonStationaryConvolve1D with irregular ih on the last rank", comm -> {
            long n = 8L * comm.size();
            long[] ih = ih(comm.size());
            if (last(comm)) {
                ih[ih.length - 1]--;
            }
            if (ih.length < 3) {
                throw new Skip("two filters are always regular");
            }
            return new MPINonStationaryConvolve1D(new long[] {n}, filters(ih.length, 5), ih, comm);
        }));
        d.add(new Drill("MPINonStationaryConvolve1D with ih outside the axis on the last rank", comm -> {
            long n = 8L * comm.size();
            long[] ih = ih(comm.size());
            if (last(comm)) {
                for (int k = 0; k < ih.length; k++) {
                    ih[k] += 8;
                }
            }
            return new MPINonStationaryConvolve1D(new long[] {n}, filters(ih.length, 5), ih, comm);
        }));
        d.add(new Drill("MPINonStationaryConvolve1D with a length not divisible by the rank count", comm -> {
            long n = 8L * comm.size() + 1;
            return new MPINonStationaryConvolve1D(new long[] {n}, filters(comm.size(), 5), ih(comm.size()), comm);
        }));
        d.add(new Drill("MPINonStationaryConvolve1D with no filter on the last rank", comm -> {
            long n = 8L * comm.size();
            long[] ih = ih(comm.size());
            long[] fewer = java.util.Arrays.copyOf(ih, ih.length - 1);
            return new MPINonStationaryConvolve1D(new long[] {n}, filters(fewer.length, 5), fewer, comm);
        }));
        return d;
    }

    /** One filter in the middle of each rank's 8 samples. */
    private static long[] ih(int p) {
        long[] ih = new long[p];
        for (int k = 0; k < p; k++) {
            ih[k] = 4 + 8L * k;
        }
        return ih;
    }

    private static void requireUnchanged(DistributedArray x, double value) {
        for (long q = 0; q < x.localSize(); q++) {
            if (x.localArray().re(q) != value) {
                throw new AssertionError("the operand changed on rank " + x.rank());
            }
        }
    }

    /**
     * Runs every drill and checks, with two allreduces per drill, that every rank threw an
     * {@link IllegalArgumentException} with the same message.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Communicator comm = Communicators.world();
        int passed = 0;
        int skipped = 0;
        for (Drill drill : drills()) {
            String message = null;
            String verdict = "ok";
            try {
                drill.body().apply(comm);
            } catch (IllegalArgumentException e) {
                message = e.getMessage();
            } catch (Skip e) {
                message = "skipped: " + e.getMessage();
                verdict = "skipped";
            }
            long h = message == null ? Long.MIN_VALUE : message.hashCode();
            long lo = comm.allreduce(h, ReduceOp.MIN);
            long hi = comm.allreduce(h, ReduceOp.MAX);
            if (message == null || lo != hi) {
                throw new AssertionError("drill '" + drill.name() + "' on rank " + comm.rank() + ": "
                        + (message == null ? "no exception" : "the ranks' messages differ; here: " + message));
            }
            if (comm.rank() == 0) {
                System.out.println("drill " + verdict + ": " + drill.name() + ": " + message);
            }
            if (verdict.equals("ok")) {
                passed++;
            } else {
                skipped++;
            }
            comm.barrier();
        }
        if (comm.rank() == 0) {
            System.out.println("spectral drills: " + passed + " passed, " + skipped + " skipped");
        }
    }
}
