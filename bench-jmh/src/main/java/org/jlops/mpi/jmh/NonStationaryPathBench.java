package org.jlops.mpi.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.ops.serial.NonStationaryConvolve1D;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The non-stationary convolution's loops on their two paths side by side, one core: the Vector
 * API's ({@code path=vector}, when the JVM has {@code jdk.incubator.vector}) and the scalar loops
 * ({@code path=scalar}, the products run inside {@link StencilKernels#onScalarPath}), which give
 * the same bits. One product of the serial {@link NonStationaryConvolve1D} on {@code n} float64
 * samples with 256 filters of 31 taps spread evenly (the bench's {@code nonstatconv} workload on
 * one rank), forward or adjoint, output allocated per call. Run by
 * {@code scripts/jmh.sh NonStationaryPathBench}, never in CI.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class NonStationaryPathBench {

    /** Which loops: {@code vector} (the engine's choice) or {@code scalar}. */
    @Param({"vector", "scalar"})
    public String path;

    /** {@code forward} or {@code adjoint}. */
    @Param({"forward", "adjoint"})
    public String direction;

    /** The samples (2^22: 32 MiB per float64 array, beyond the caches). */
    @Param({"4194304"})
    public int n;

    private NonStationaryConvolve1D op;
    private NdArray x;

    /** The operator and the input. */
    @Setup
    public void setup() {
        if (path.equals("vector") && !Engine.host().stencils().implementation().startsWith("Vector API")) {
            throw new IllegalStateException("no vector path: " + Engine.host().stencils().implementation());
        }
        int filters = 256;
        long dh = n / filters;
        double[][] hs = new double[filters][31];
        long[] ih = new long[filters];
        SplittableRandom r = new SplittableRandom(41);
        for (int k = 0; k < filters; k++) {
            ih[k] = dh / 2 + k * dh;
            for (int q = 0; q < 31; q++) {
                hs[k][q] = r.nextDouble(-1, 1);
            }
        }
        op = new NonStationaryConvolve1D(new long[] {n}, hs, ih, 0, DType.FLOAT64);
        x = NdArray.zeros(DType.FLOAT64, n);
        for (long i = 0; i < n; i++) {
            x.set(i, r.nextGaussian());
        }
    }

    /** One product. */
    @Benchmark
    public NdArray product() {
        boolean adjoint = direction.equals("adjoint");
        if (path.equals("scalar")) {
            return StencilKernels.onScalarPath(() -> adjoint ? op.rmatvec(x) : op.matvec(x));
        }
        return adjoint ? op.rmatvec(x) : op.matvec(x);
    }
}
