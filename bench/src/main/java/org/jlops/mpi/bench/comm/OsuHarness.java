package org.jlops.mpi.bench.comm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * The timing method of the OSU micro-benchmarks, used by every communication benchmark of the
 * project and, line for line, by {@code bench/src/main/c/osu_like.c}:
 *
 * <ol>
 *   <li>warm-up: {@code warmup} untimed calls;</li>
 *   <li>for each of {@code reps} repetitions: barrier; read the clock; {@code iterations}
 *       calls; read the clock; this rank's time per call = elapsed / ({@code iterations} &times;
 *       {@code callsPerIteration}); the repetition's time = the maximum over ranks (an
 *       in-place allreduce MAX of one off-heap double, outside the timed region);</li>
 *   <li>report the median, minimum and maximum of the repetitions' times.</li>
 * </ol>
 *
 * <p>{@code callsPerIteration} is 1 for collectives and 2 for a ping-pong, whose iteration is a
 * round trip: the reported time is then half a round trip, the time of one message.
 */
public final class OsuHarness {

    /**
     * Statistics of one measurement, in seconds per single call. Identical on every rank.
     *
     * @param reps          number of repetitions
     * @param medianSeconds median over repetitions (mean of the two middle ones for even counts)
     * @param minSeconds    fastest repetition
     * @param maxSeconds    slowest repetition
     */
    public record Timing(int reps, double medianSeconds, double minSeconds, double maxSeconds) {
    }

    /** One iteration of a timed loop, made by every rank. */
    @FunctionalInterface
    public interface Iteration {
        /** Makes the calls of one iteration on this rank. */
        void run();
    }

    private final int reps;
    private final LongSupplier nanoClock;

    /**
     * A harness timing with {@link System#nanoTime()}.
     *
     * @param reps repetitions per measurement, at least 1
     */
    public OsuHarness(int reps) {
        this(reps, System::nanoTime);
    }

    /**
     * A harness timing with the given clock (tests pass a fake clock).
     *
     * @param reps      repetitions per measurement, at least 1
     * @param nanoClock monotonic clock in nanoseconds, read twice per repetition on each rank
     */
    public OsuHarness(int reps, LongSupplier nanoClock) {
        if (reps < 1) {
            throw new IllegalArgumentException("reps: must be at least 1, got " + reps);
        }
        this.reps = reps;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Repetitions per measurement. */
    public int reps() {
        return reps;
    }

    /**
     * Measures {@code iteration} on every rank of {@code comm}. Collective: every rank calls it
     * with the same counts.
     *
     * @param comm              (Input) the ranks; used for barriers and the MAX reduction
     * @param warmup            untimed iterations before the first repetition, at least 0
     * @param iterations        timed iterations per repetition, at least 1
     * @param callsPerIteration calls (messages) one iteration counts for, at least 1
     * @param iteration         the work of one iteration on this rank
     * @return the statistics per single call, the same on every rank
     */
    public Timing measure(Communicator comm, int warmup, int iterations, int callsPerIteration,
            Iteration iteration) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup: must not be negative, got " + warmup);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: must be at least 1, got " + iterations);
        }
        if (callsPerIteration < 1) {
            throw new IllegalArgumentException("callsPerIteration: must be at least 1, got " + callsPerIteration);
        }
        // The warm-up runs the very loop that is timed, in blocks, so that the JIT compiles that
        // loop as a method rather than timing code that is still interpreted or on-stack-replaced.
        for (int done = 0; done < warmup; ) {
            int block = Math.min(iterations, warmup - done);
            loop(iteration, block);
            done += block;
        }
        double[] times = new double[reps];
        double calls = (double) iterations * callsPerIteration;
        // Off-heap like the measured buffers: a heap segment here would make a backend take its
        // heap-array path between timed loops and disturb the code the loops measure.
        MemorySegment time = Arena.ofAuto().allocate(ValueLayout.JAVA_DOUBLE);
        for (int r = 0; r < reps; r++) {
            comm.barrier();
            long elapsed = loop(iteration, iterations);
            time.set(ValueLayout.JAVA_DOUBLE, 0, elapsed * 1e-9 / calls);
            comm.allreduce(time, time, 1, Datatype.FLOAT64, ReduceOp.MAX);
            times[r] = time.get(ValueLayout.JAVA_DOUBLE, 0);
        }
        return summarize(times);
    }

    /**
     * Runs {@code iteration} in blocks of {@code block} calls until {@code seconds} have passed on
     * the slowest rank: a warm-up measured in time rather than calls, for work whose calls are so
     * few (or so short) that a count of calls would end before the JIT has compiled them — at np
     * 2 on two cores the compiler threads then share the cores with the ranks and the first
     * timed loops measure the compilation. Collective: the ranks agree on the elapsed time after
     * each block (one allreduce), so every rank makes the same calls, collective or not.
     *
     * @param comm      (Input) the ranks
     * @param seconds   the least time the warm-up lasts; 0 or less: no call
     * @param block     calls between two agreements, at least 1
     * @param iteration the work of one call on this rank
     */
    public void warmFor(Communicator comm, double seconds, int block, Iteration iteration) {
        if (block < 1) {
            throw new IllegalArgumentException("block: must be at least 1, got " + block);
        }
        if (seconds <= 0) {
            return;
        }
        long t0 = nanoClock.getAsLong();
        double elapsed = 0;
        while (elapsed < seconds) {
            for (int i = 0; i < block; i++) {
                iteration.run();
            }
            elapsed = comm.allreduce((nanoClock.getAsLong() - t0) * 1e-9, ReduceOp.MAX);
        }
    }

    /** Runs {@code n} iterations between two readings of the clock; returns the nanoseconds elapsed. */
    private long loop(Iteration iteration, int n) {
        long t0 = nanoClock.getAsLong();
        for (int i = 0; i < n; i++) {
            iteration.run();
        }
        return nanoClock.getAsLong() - t0;
    }

    /**
     * Median, minimum and maximum of repetition times.
     *
     * @param times (Input) at least one time. Not modified.
     */
    public static Timing summarize(double[] times) {
        if (times.length == 0) {
            throw new IllegalArgumentException("times: need at least one repetition, got none");
        }
        double[] s = times.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        return new Timing(n, median, s[0], s[n - 1]);
    }
}
