package org.jlops.mpi.engine.cuda;

import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.ThresholdKernels;
import org.jlops.mpi.engine.cuda.CudaKernels.Threshold;

/**
 * The CUDA engine's thresholds and projections ({@link ThresholdKernels}): one launch of
 * {@code threshold_*} per call, each element read in double precision, mapped as the host engine
 * maps it ({@code jlops_bodies.cuh}, {@code threshold_map}) and rounded back to the buffer's type.
 * {@link #countOutside} counts per thread on the device and sums the per-thread counts with the
 * block-sum kernel; one double per 1024 threads comes back to the host.
 */
final class CudaThresholdKernels implements ThresholdKernels {

    /** {@code 54^{1/3} / 4}, as the host engine's half threshold. */
    private static final double HALF_CUT = Math.cbrt(54.0) / 4.0;

    private final CudaEngine engine;

    CudaThresholdKernels(CudaEngine engine) {
        this.engine = engine;
    }

    @Override
    public void soft(Buffer x, double tau, Buffer out) {
        map(Threshold.SOFT, x, tau, 0, out);
    }

    @Override
    public void hard(Buffer x, double t, Buffer out) {
        map(Threshold.HARD, x, t, 0, out);
    }

    @Override
    public void half(Buffer x, double tau, Buffer out) {
        map(Threshold.HALF, x, tau, HALF_CUT * Math.pow(tau, 2.0 / 3.0), out);
    }

    @Override
    public void clip(Buffer x, double lower, double upper, Buffer out) {
        requireReal(CudaEngine.device(x), "clip");
        map(Threshold.CLIP, x, lower, upper, out);
    }

    @Override
    public void shrinkToBall(Buffer x, double r, Buffer out) {
        map(Threshold.BALL, x, r, 0, out);
    }

    @Override
    public long countOutside(Buffer x, double lower, double upper) {
        CudaBuffer a = CudaEngine.device(x);
        requireReal(a, "countOutside");
        long n = a.length();
        if (n == 0) {
            return 0;
        }
        int threads = CudaKernels.EXTREME_THREADS;
        int block = 1024;
        int blocks = threads / block;
        long first = engine.scratch(0, threads);
        long second = engine.scratch(1, blocks);
        engine.launch(CudaKernels.countOutside(a.type()), 0, threads / CudaKernels.THREADS, n, lower, upper,
                a.address(), first);
        engine.launch(CudaKernels.sumBlocks(ElementType.FLOAT64), 0, CudaKernels.sumGrid(blocks), (long) threads,
                (long) block, CudaKernels.code(Reduction.SUM_ABS), 0.0, first, 0L, second);
        double[] partial = new double[blocks];
        engine.download(second, blocks, partial, 0);
        long count = 0;
        for (double v : partial) {
            count += (long) v;
        }
        return count;
    }

    private void map(Threshold op, Buffer x, double a, double b, Buffer out) {
        CudaBuffer s = CudaEngine.device(x);
        CudaBuffer d = CudaEngine.device(out);
        if (s.type() != d.type() || s.length() != d.length()) {
            throw new IllegalArgumentException("out: " + d.length() + " elements of " + d.type() + ", expected "
                    + s.length() + " elements of " + s.type() + " (x's)");
        }
        long n = s.length();
        if (n == 0) {
            return;
        }
        engine.launch(CudaKernels.threshold(s.type()), n, 0, n, op.ordinal(), a, b, s.address(), d.address());
    }

    private static void requireReal(CudaBuffer x, String what) {
        if (x.type().isComplex()) {
            throw new IllegalArgumentException("x: " + what + " needs real values (complex numbers have no order), got "
                    + x.type());
        }
    }
}
