package org.jlops.mpi.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.StencilKernels.Rows;
import org.jlops.mpi.ops.serial.Convolve1D;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.SecondDerivative;
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
 * The host engine's stencil kernels on their two paths side by side, one core: the Vector API's
 * loops ({@code path=vector}, the engine's kernels when the JVM has {@code jdk.incubator.vector})
 * and the scalar loops ({@code path=scalar}, {@link StencilKernels#scalar()}), which give the same
 * bits. Each product is one kernel call on a {@code side x side} array along axis 0 or along the last
 * axis (first derivative centered order 3 and 5, second derivative, with their edges), or the
 * one-pass 2-d Laplacian, or a 41-tap convolution; forward products (the adjoints are the same loops on the transposed
 * stencil). Run by {@code scripts/jmh.sh StencilPathBench}, never in CI.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class StencilPathBench {

    /** Which loops: {@code vector} (the engine's kernels) or {@code scalar}. */
    @Param({"vector", "scalar"})
    public String path;

    /**
     * The product: {@code d1o3}, {@code d1o5}, {@code d2} along axis 0, {@code d1o3-last} along the
     * last axis, {@code laplacian}, and a 41-tap convolution ({@code Convolve1D}'s stencil, the
     * reflectivity problem's wavelet length) along axis 0 ({@code conv41}) or the last axis
     * ({@code conv41-last}).
     */
    @Param({"d1o3", "d1o5", "d2", "d1o3-last", "laplacian", "conv41", "conv41-last"})
    public String kernel;

    /** The element type. */
    @Param({"FLOAT64", "FLOAT32"})
    public String dtype;

    /** The side of the square array (2048: 32 MiB per float64 array, beyond the caches). */
    @Param({"2048"})
    public int side;

    private StencilKernels kernels;
    private Stencil stencil;
    private Stencil last;
    private Buffer x;
    private Buffer y;

    /** The operands and the stencil. */
    @Setup
    public void setup() {
        StencilKernels host = Engine.host().stencils();
        kernels = path.equals("scalar") ? host.scalar() : host;
        if (path.equals("vector") && kernels == host.scalar()) {
            throw new IllegalStateException("no vector path: " + host.implementation());
        }
        ElementType type = ElementType.valueOf(dtype);
        long n = side;
        stencil = switch (kernel) {
            case "d1o3", "d1o3-last" -> FirstDerivative.stencil(n, 1.0, DerivativeKind.CENTERED, true, 3);
            case "d1o5" -> FirstDerivative.stencil(n, 1.0, DerivativeKind.CENTERED, true, 5);
            case "d2", "laplacian" -> SecondDerivative.stencil(n, 1.0, DerivativeKind.CENTERED, false);
            case "conv41", "conv41-last" -> Convolve1D.stencil(n, wavelet(41), 20);
            default -> throw new IllegalArgumentException("kernel: " + kernel);
        };
        last = stencil;
        x = Engine.host().allocate(type, n * n);
        y = Engine.host().allocate(type, n * n);
        SplittableRandom r = new SplittableRandom(7);
        if (x.hostArray() instanceof double[] d) {
            for (int k = 0; k < d.length; k++) {
                d[k] = r.nextDouble(-1, 1);
            }
        } else {
            float[] f = (float[]) x.hostArray();
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) r.nextDouble(-1, 1);
            }
        }
    }

    /** A smooth filter of {@code taps} taps (the values do not change the loop's speed). */
    private static double[] wavelet(int taps) {
        double[] h = new double[taps];
        for (int k = 0; k < taps; k++) {
            double t = (k - taps / 2) / 8.0;
            h[k] = (1 - 2 * t * t) * Math.exp(-t * t);
        }
        return h;
    }

    /** One product, {@code y = S x}. */
    @Benchmark
    public Buffer product() {
        long n = side;
        switch (kernel) {
            case "d1o3-last", "conv41-last" -> kernels.apply(stencil, n, 1, x, 0, y, 0, false);
            case "laplacian" -> kernels.applyRowsAndLast(stencil, last, n, null, new Rows(x, 0, 0, n), null,
                    new Rows(y, 0, 0, n));
            default -> kernels.apply(stencil, 1, n, x, 0, y, 0, false);
        }
        return y;
    }
}
