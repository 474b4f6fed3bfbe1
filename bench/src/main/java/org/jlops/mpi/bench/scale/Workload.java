package org.jlops.mpi.bench.scale;

import org.jlops.mpi.comm.Communicator;

/**
 * One workload of the scaling study ({@code BenchMain scale}): a name (the {@code workload}
 * column), the call it times (the {@code op} column), the floor its rate is compared with, and
 * how to build one instance at a given rank count. Each workload names the bytes and flops one
 * call counts, so that GB/s and GFLOP/s are meaningful; {@link Workloads} holds the registry.
 */
public interface Workload {

    /** The {@code workload} column, unique in the registry (the name {@code --workloads} takes). */
    String name();

    /** The {@code op} column: the measured call. */
    String op();

    /** The floor this workload's rate is compared with. */
    Floor floor();

    /**
     * The {@code dtype} column (default {@code float64}): a workload name may be registered once per
     * op and dtype ({@link Workloads}).
     */
    default String dtype() {
        return "float64";
    }

    /**
     * The least untimed warm-up in seconds before the calibrated warm-up calls, when a workload
     * needs more than the runner's {@link ScaleRunner#WARM_SECONDS} (by default that; the runner
     * takes the larger of the two).
     */
    default double warmSeconds() {
        return ScaleRunner.WARM_SECONDS;
    }

    /**
     * Builds the operands of one instance on {@code comm} and checks the call once. Collective:
     * every rank calls it with the same scale.
     *
     * @param comm  the ranks
     * @param scale the problem size rule (strong or weak, size factor, quick)
     * @return the instance to time
     */
    Instance prepare(Communicator comm, Scale scale);

    /**
     * One prepared instance.
     *
     * @param globalShape the {@code global_shape} column
     * @param bytes       bytes one call counts (all ranks together)
     * @param flops       floating-point operations one call counts (all ranks together)
     * @param notes       what is counted, for the {@code notes} column
     * @param call        one call, made by every rank
     */
    record Instance(String globalShape, double bytes, double flops, String notes, Runnable call) {
    }

    /**
     * The floor a workload is compared with, measured in the same run.
     *
     * <ul>
     *   <li>{@code TRIAD}: the C STREAM triad GB/s at the same np (memory-bound workloads);</li>
     *   <li>{@code DGEMV}: np &times; the single-core BLAS dgemv GB/s on blocks of the same size, taken
     *       in turn so that they stream from memory ({@code op=dgemv-blocks});</li>
     *   <li>{@code ALLREDUCE}, {@code ALLGATHER}: the C MPI collective of the same size at the same
     *       np (ratio of times);</li>
     *   <li>{@code PINGPONG}: the C 8 MiB ping-pong GB/s at the same np;</li>
     *   <li>{@code GEMM}: np &times; the single-core native {@code dgemm}/{@code zgemm} GFLOP/s on the
     *       workload's shapes at np = 1, of its dtype (rows {@code impl=blas}, {@code workload=gemm},
     *       {@code op} = the workload family);</li>
     *   <li>{@code FFTW}: C FFTW's serial transform of the same size and kind, of the row's
     *       direction (a forward row against FFTW's forward, an adjoint row against its backward,
     *       complex-to-real for the real transform): the serial C time over the row's time;</li>
     *   <li>{@code C_LOOPS}: the same kernel as plain C loops on one core ({@code cc -O3
     *       -march=native}; rows {@code impl=c}, {@code backend=c-serial}, the workload's C name and
     *       the row's op, e.g. {@code nonstat_floor.c}): np &times; its speed, per sample;</li>
     *   <li>{@code PRODUCTS}: the workload's own operator products (its {@code <name>_products} row:
     *       as many forward and adjoint products as the workload's iterations) at the same np —
     *       a solver's iteration over what its products alone cost;</li>
     *   <li>{@code NONE}: no floor.</li>
     * </ul>
     */
    enum Floor {
        /** STREAM triad at the same np. */
        TRIAD,
        /** np times single-core BLAS dgemv. */
        DGEMV,
        /** C MPI_Allreduce of the same count. */
        ALLREDUCE,
        /** C MPI_Allgather of the same total count. */
        ALLGATHER,
        /** C 8 MiB ping-pong bandwidth. */
        PINGPONG,
        /** np times single-core dgemm/zgemm GFLOP/s on the same shapes. */
        GEMM,
        /**
         * C FFTW's serial transform of the same size, kind and direction
         * ({@code bench/src/main/c/fftw_floor.c}): forward rows against its forward, adjoint rows
         * against its backward (c2r for the real transform).
         */
        FFTW,
        /** np times the same kernel written as plain C loops on one core (cc -O3 -march=native), per sample. */
        C_LOOPS,
        /** The operator's own products ({@code <name>_products} row of the same run). */
        PRODUCTS,
        /** No floor. */
        NONE
    }

    /**
     * The size rule of a run.
     *
     * @param np    number of ranks
     * @param size  scale factor applied to every workload's default size, &gt; 0
     * @param weak  weak scaling (the global size grows with np) instead of strong (fixed)
     * @param quick tiny sizes for tests and smoke runs (the factor and mode still apply)
     */
    record Scale(int np, double size, boolean weak, boolean quick) {
        /** Validates the rule. */
        public Scale {
            if (np < 1) {
                throw new IllegalArgumentException("np: must be at least 1, got " + np);
            }
            if (!(size > 0) || Double.isInfinite(size)) {
                throw new IllegalArgumentException("size: must be a positive factor, got " + size);
            }
        }

        /**
         * The global extent of a scaled axis: {@code full} (or {@code quick} in quick mode) times
         * the factor, times np in weak mode, at least {@code np}.
         */
        public long extent(long full, long quick) {
            long base = Math.max(1, Math.round((this.quick ? quick : full) * size));
            return Math.max(np, weak ? base * np : base);
        }

        /** An unscaled size: {@code full}, or {@code quick} in quick mode. */
        public long fixed(long full, long quick) {
            return this.quick ? quick : full;
        }
    }
}
