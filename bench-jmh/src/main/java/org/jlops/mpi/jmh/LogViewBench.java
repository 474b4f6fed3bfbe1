package org.jlops.mpi.jmh;

import java.util.concurrent.TimeUnit;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.profile.LogView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the log view costs: a 64 x 64 first derivative's forward product and a dot product on one
 * in-JVM rank, with the view off and on, and one empty span against an empty baseline. Off, a
 * recording point is one read of a static field and a shared no-op span. Run by
 * {@code scripts/jmh.sh LogViewBench}, never in CI.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LogViewBench {

    /** {@code off} or {@code on}. */
    @Param({"off", "on"})
    public String logView;

    private Communicator comm;
    private MPIFirstDerivative d;
    private DistributedArray x;

    /** The operator and its operand; the view switched as the parameter says. */
    @Setup
    public void setup() {
        if (logView.equals("on")) {
            LogView.enable();
        } else {
            LogView.disable();
        }
        comm = LocalCluster.self();
        NdArray a = NdArray.zeros(DType.FLOAT64, 64, 64);
        for (int i = 0; i < 64 * 64; i++) {
            a.set(i, Math.sin(i));
        }
        x = DistributedArray.toDist(a, comm).ravel();
        d = new MPIFirstDerivative(new long[] {64, 64}, comm);
    }

    /** The view off again, its records dropped. */
    @TearDown
    public void tearDown() {
        LogView.disable();
        LogView.reset();
    }

    /** y = D x: one operator span, its checks' allreduce, no message (one rank). */
    @Benchmark
    public DistributedArray matvec() {
        return d.matvec(x);
    }

    /** x . x: one array span and its collective. */
    @Benchmark
    public Object dot() {
        return x.dot(x, false);
    }

    /** An empty span of the user's. */
    @Benchmark
    public int span() {
        try (LogView.Span s = LogView.span("empty")) {
            return 1;
        }
    }

    /** The empty baseline of {@link #span()}. */
    @Benchmark
    public int baseline() {
        return 1;
    }
}
