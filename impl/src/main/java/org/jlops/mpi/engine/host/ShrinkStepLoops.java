package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.ThresholdKernels;

/**
 * The fused loops of the shrinkage solvers' step that have a vector form, in two implementations
 * with the same bits: {@link #SCALAR} (the plain loops of {@link ShrinkLoops}, every JVM) and the
 * Vector API's ({@code VectorShrinkLoops}, when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} and {@code -Djlops.stencil.vector} is not {@code off}).
 * {@link #INSTANCE} is the one {@link HostEngine} runs. The complex entries and the half threshold
 * of {@link HostEngine#shrinkStep} always take the scalar {@link ShrinkLoops#shrink} loops.
 *
 * <p>The operands of one call are distinct arrays except where a method says otherwise ({@link
 * HostEngine} falls back to the separate kernels when they are not): the loops read the entries of a
 * vector before they write its results.
 */
interface ShrinkStepLoops {

    // Abstract methods only: a default method here would make the JVM initialise this interface
    // (and so choose INSTANCE, which loads VectorShrinkLoops) from inside VectorShrinkLoops' own
    // initialisation when that class is touched first, before its vector species are set.

    /**
     * Real float64, soft or hard threshold, on the entries {@code [from, from + n)}:
     * {@code x⁺ = T(z + alpha g)} into {@code g}, {@code d = x⁺ − x}, and with {@code extrapolate}
     * {@code z = x⁺ + omega d} ({@link ShrinkLoops#shrinkReal}); the entries outside the range are
     * not touched. Whole arrays: {@code from = 0, n = g.length}.
     *
     * @param soft        the soft threshold, else the hard one
     * @param t           the threshold
     * @param alpha       the step
     * @param g           (Input/Output) the gradient, its range overwritten with {@code x⁺}
     * @param z           (Input) the point; its range overwritten with {@code z⁺} when {@code extrapolate}
     * @param x           (Input) the previous iterate; not modified
     * @param d           (Output) its range overwritten with {@code x⁺ − x}
     * @param extrapolate whether to write {@code z⁺}
     * @param omega       the extrapolation weight
     * @param from        the first entry
     * @param n           the number of entries
     */
    void shrinkReal(boolean soft, double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int n);

    /**
     * Real float32, soft or hard threshold, on the entries {@code [from, from + n)}:
     * {@link #shrinkReal(boolean, double, double, double[], double[], double[], double[], boolean, double, int, int)}
     * with the linear parts in single precision and the threshold in double precision from the
     * single-precision point, rounded once ({@link ShrinkLoops#shrink(ThresholdKernels.Kind, double, double, boolean, float, float[], float[], float[], float[], boolean, float, int, int)}
     * on real entries).
     *
     * @param soft        the soft threshold, else the hard one
     * @param t           the threshold (double precision)
     * @param alpha       the step
     * @param g           (Input/Output) the gradient, its range overwritten with {@code x⁺}
     * @param z           (Input) the point; its range overwritten with {@code z⁺} when {@code extrapolate}
     * @param x           (Input) the previous iterate; not modified
     * @param d           (Output) its range overwritten with {@code x⁺ − x}
     * @param extrapolate whether to write {@code z⁺}
     * @param omega       the extrapolation weight
     * @param from        the first entry
     * @param n           the number of entries
     */
    void shrinkReal(boolean soft, double t, float alpha, float[] g, float[] z, float[] x, float[] d,
            boolean extrapolate, float omega, int from, int n);

    /**
     * {@link #shrinkReal(boolean, double, double, double[], double[], double[], double[], boolean, double, int, int)}
     * on the entries {@code [from, from + n)} with the block sums of its norms: for the blocks of
     * {@code blockLength} entries from {@code from} (the last one shorter), block {@code k}'s
     * {@code sum d_j²} into {@code out[outPos + 2k]} and {@code sum |x⁺_j|} into
     * {@code out[outPos + 2k + 1]}, in the fixed order of {@code Engine.blockSum} — the same bits as
     * the loop followed by {@link HostBlockKernels#sumBlocks} of {@code d} (squares) and {@code x⁺}
     * (absolute values) ({@link ShrinkLoops#shrinkRealBlocks}, which the scalar loops run).
     *
     * @param soft        the soft threshold, else the hard one
     * @param t           the threshold
     * @param alpha       the step
     * @param g           (Input/Output) the gradient, its range overwritten with {@code x⁺}
     * @param z           (Input) the point; its range overwritten with {@code z⁺} when {@code extrapolate}
     * @param x           (Input) the previous iterate; not modified
     * @param d           (Output) its range overwritten with {@code x⁺ − x}
     * @param extrapolate whether to write {@code z⁺}
     * @param omega       the extrapolation weight
     * @param from        the first entry
     * @param n           the number of entries
     * @param blockLength entries per block, at least 1
     * @param out         (Output) receives {@code 2 ceil(n / blockLength)} values from {@code outPos}
     * @param outPos      where block 0's first value goes
     */
    void shrinkRealBlocks(boolean soft, double t, double alpha, double[] g, double[] z, double[] x, double[] d,
            boolean extrapolate, double omega, int from, int n, int blockLength, double[] out, int outPos);

    /**
     * Entries {@code [from, from + n)}: {@code res = y − (p + omega (p − q))}, and {@code y − p} into
     * {@code c[0, n)} ({@link ShrinkLoops#extrapolatedResidual(double, double[], double[], double[], double[], int, int, double[])}).
     *
     * @param omega the extrapolation weight
     * @param y     (Input) the data; not modified
     * @param p     (Input) {@code A x⁺}; not modified
     * @param q     (Input) {@code A x}; not modified
     * @param res   (Output) entries {@code [from, from + n)} overwritten
     * @param from  the first entry
     * @param n     the number of entries
     * @param c     (Output) entries {@code [0, n)} overwritten
     */
    void extrapolatedResidual(double omega, double[] y, double[] p, double[] q, double[] res, int from, int n,
            double[] c);

    /**
     * {@link #extrapolatedResidual(double, double[], double[], double[], double[], int, int, double[])}
     * in single precision.
     *
     * @param omega the extrapolation weight
     * @param y     (Input) the data; not modified
     * @param p     (Input) {@code A x⁺}; not modified
     * @param q     (Input) {@code A x}; not modified
     * @param res   (Output) entries {@code [from, from + n)} overwritten
     * @param from  the first entry
     * @param n     the number of entries
     * @param c     (Output) entries {@code [0, n)} overwritten
     */
    void extrapolatedResidual(float omega, float[] y, float[] p, float[] q, float[] res, int from, int n, float[] c);

    /** The plain loops of {@link ShrinkLoops}, which every JVM runs. */
    ShrinkStepLoops SCALAR = new ShrinkStepLoops() {
        @Override
        public void shrinkReal(boolean soft, double t, double alpha, double[] g, double[] z, double[] x, double[] d,
                boolean extrapolate, double omega, int from, int n) {
            ShrinkLoops.shrinkReal(soft, t, alpha, g, z, x, d, extrapolate, omega, from, n);
        }

        @Override
        public void shrinkReal(boolean soft, double t, float alpha, float[] g, float[] z, float[] x, float[] d,
                boolean extrapolate, float omega, int from, int n) {
            ShrinkLoops.shrink(soft ? ThresholdKernels.Kind.SOFT : ThresholdKernels.Kind.HARD, t, 0, false, alpha, g, z,
                    x, d, extrapolate, omega, from, n);
        }

        @Override
        public void shrinkRealBlocks(boolean soft, double t, double alpha, double[] g, double[] z, double[] x,
                double[] d, boolean extrapolate, double omega, int from, int n, int blockLength, double[] out,
                int outPos) {
            ShrinkLoops.shrinkRealBlocks(this, soft, t, alpha, g, z, x, d, extrapolate, omega, from, n, blockLength,
                    out, outPos);
        }

        @Override
        public void extrapolatedResidual(double omega, double[] y, double[] p, double[] q, double[] res, int from,
                int n, double[] c) {
            ShrinkLoops.extrapolatedResidual(omega, y, p, q, res, from, n, c);
        }

        @Override
        public void extrapolatedResidual(float omega, float[] y, float[] p, float[] q, float[] res, int from, int n,
                float[] c) {
            ShrinkLoops.extrapolatedResidual(omega, y, p, q, res, from, n, c);
        }
    };

    /**
     * The loops the host engine runs: the Vector API's where {@link HostStencilKernels} would run
     * its vector loops (the same module check and property), else {@link #SCALAR}.
     */
    ShrinkStepLoops INSTANCE = Selection.selected();

    /** The choice of {@link #INSTANCE}, made once. */
    final class Selection {

        private Selection() {
        }

        private static ShrinkStepLoops selected() {
            if (HostStencilKernels.vectorPropertyOff() != null) {
                return SCALAR;
            }
            ShrinkStepLoops v = vectorLoops(new StringBuilder());
            return v == null ? SCALAR : v;
        }

        /**
         * The Vector API's loops, or null with the reason when the JVM does not have them.
         *
         * @param why receives the reason when the result is null
         * @return the loops, or null
         */
        static ShrinkStepLoops vectorLoops(StringBuilder why) {
            return HostStencilKernels.vectorImplementation(ShrinkStepLoops.class, "VectorShrinkLoops",
                    v -> {
                        v.extrapolatedResidual(1.0, new double[16], new double[16], new double[16], new double[16], 0,
                                16, new double[16]);
                        v.shrinkReal(true, 1.0, 1f, new float[16], new float[16], new float[16], new float[16], true,
                                1f, 0, 16);
                    }, why);
        }
    }
}
