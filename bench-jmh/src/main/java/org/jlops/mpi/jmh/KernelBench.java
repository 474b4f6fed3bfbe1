package org.jlops.mpi.jmh;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * JMH micro-benchmarks of local kernels on one core: a 3-point stencil (the centered first
 * derivative's inner loop), element-wise add, a dot reduction, dense products (a plain-loop gemv
 * against BLAS dgemv through dev.ludovic.netlib), and the cost of one FFM downcall
 * ({@code getpid} from the C library) against a plain Java call. A JNI path is not measured: the
 * project has no JNI code to compare with (its native calls all go through FFM), so the downcall
 * is measured against the Java call it replaces. Run by {@code scripts/jmh.sh}, never in CI.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class KernelBench {

    /** Vector length (elements). */
    @Param({"4096", "1048576"})
    public int n;

    private double[] x;
    private double[] y;
    private double[] z;
    private double[] a;
    private double[] v;
    private double[] w;
    private int side;
    private MethodHandle getpid;

    /** Random operands. */
    @Setup
    public void setup() throws Throwable {
        SplittableRandom rnd = new SplittableRandom(1);
        x = rnd.doubles(n, -1, 1).toArray();
        y = rnd.doubles(n, -1, 1).toArray();
        z = new double[n];
        side = (int) Math.sqrt(n);
        a = rnd.doubles((long) side * side, -1, 1).toArray();
        v = rnd.doubles(side, -1, 1).toArray();
        w = new double[side];
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MemorySegment sym = libc.find("getpid").orElseThrow();
        getpid = linker.downcallHandle(sym, FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    /** z[i] = 0.5 (x[i+1] - x[i-1]): the centered first derivative's interior. */
    @Benchmark
    public double[] stencil3() {
        for (int i = 1; i < n - 1; i++) {
            z[i] = 0.5 * (x[i + 1] - x[i - 1]);
        }
        return z;
    }

    /** z = x + y. */
    @Benchmark
    public double[] add() {
        for (int i = 0; i < n; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    /** x . y with fused multiply-adds. */
    @Benchmark
    public double dot() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s = Math.fma(x[i], y[i], s);
        }
        return s;
    }

    /** w = A v, row dot products in plain loops (the bench's dense block). */
    @Benchmark
    public double[] gemvLoop() {
        for (int i = 0; i < side; i++) {
            double s = 0;
            int row = i * side;
            for (int j = 0; j < side; j++) {
                s = Math.fma(a[row + j], v[j], s);
            }
            w[i] = s;
        }
        return w;
    }

    /** w = A v through BLAS dgemv (A read as the transpose of the column-major matrix). */
    @Benchmark
    public double[] gemvBlas() {
        BLAS.getInstance().dgemv("T", side, side, 1.0, a, side, v, 1, 0.0, w, 1);
        return w;
    }

    /** One FFM downcall to getpid. */
    @Benchmark
    public int ffmDowncall() throws Throwable {
        return (int) getpid.invokeExact();
    }

    /** The Java call the downcall is compared with. */
    @Benchmark
    public long javaCall() {
        return ProcessHandle.current().pid();
    }
}
