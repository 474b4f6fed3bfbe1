package org.jlops.mpi.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;

/**
 * The main job's short benchmark: a few seconds that tell a user whether the installation is
 * sound — the latency of an allreduce of one double, and the bandwidth of the distributed first
 * derivative on a 2048×2048 float64 array (product into a held output; one read of x and one write
 * of y counted). Timing: warm-up, then per repetition a barrier, a timed loop and the slowest rank;
 * the median of 5 repetitions. The full, side-by-side reports are {@code scripts/bench-comm.sh}
 * and {@code scripts/bench-operators.sh}.
 */
final class QuickBench {

    /**
     * One measurement.
     *
     * @param workload the bench CSV {@code workload}
     * @param op       the bench CSV {@code op}
     * @param shape    the bench CSV {@code global_shape}
     * @param seconds  the median time per call
     * @param bytes    bytes per call (0 when no bandwidth is defined)
     */
    record Line(String workload, String op, String shape, double seconds, double bytes) {
        String text() {
            return bytes == 0 ? String.format(Locale.ROOT, "%-18s %-10s %-10s %10.2f us", workload, op, shape, seconds * 1e6)
                    : String.format(Locale.ROOT, "%-18s %-10s %-10s %10.2f ms  %6.2f GB/s", workload, op, shape,
                            seconds * 1e3, bytes / seconds / 1e9);
        }
    }

    private static final int REPS = 5;

    private QuickBench() {
    }

    /** Runs the measurements. Collective; every rank returns the same lines. */
    static List<Line> run(Communicator comm) {
        List<Line> lines = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_DOUBLE);
            one.set(ValueLayout.JAVA_DOUBLE, 0, 1.0);
            double t = time(comm, 20000, 20000, () -> comm.allreduce(one, one, 1, Datatype.FLOAT64, ReduceOp.SUM));
            lines.add(new Line("allreduce", "allreduce", "1", t, 0));
        }
        long[] dims = {2048, 2048};
        MPIFirstDerivative d = new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, false, 3, comm,
                DType.FLOAT64);
        DistributedArray x = d.rmatvec(d.matvec(DistributedArray.builder(comm, dims[0] * dims[1]).build()));
        x.fill(1.0);
        DistributedArray y = d.matvec(x);
        double td = time(comm, 5, 10, () -> d.matvec(x, y));
        lines.add(new Line("first_derivative", "forward", "2048x2048", td, 16.0 * dims[0] * dims[1]));
        return lines;
    }

    /** Median over {@value #REPS} repetitions of the slowest rank's time per call. Collective. */
    private static double time(Communicator comm, int warmup, int calls, Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        double[] times = new double[REPS];
        for (int r = 0; r < REPS; r++) {
            comm.barrier();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            times[r] = comm.allreduce((System.nanoTime() - t0) * 1e-9 / calls, ReduceOp.MAX);
        }
        Arrays.sort(times);
        return times[REPS / 2];
    }

    /** Writes the lines in the bench CSV columns of {@code results/README.md}. */
    static void write(Path file, Communicator comm, List<Line> lines) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("# the main job's short benchmark (scripts/run.sh); machine-dependent, not a report");
            w.println("impl,backend,engine,workload,op,np,dtype,global_shape,reps,median_s,min_s,max_s,gbytes_per_s,notes");
            for (Line l : lines) {
                w.printf(Locale.ROOT, "jlops-mpi,%s,host,%s,%s,%d,float64,%s,%d,%.6e,,,%s,main job%n", comm.backend(),
                        l.workload(), l.op(), comm.size(), l.shape(), REPS, l.seconds(),
                        l.bytes() == 0 ? "" : String.format(Locale.ROOT, "%.4f", l.bytes() / l.seconds() / 1e9));
            }
        }
    }
}
