package org.jlops.mpi.engine.host;

/**
 * The inner loops of the host's stencil kernels over contiguous entries, in two implementations
 * with the same bits: {@link #SCALAR} (plain loops, every JVM) and the Vector API's
 * ({@code VectorStencilLoops}, when the JVM runs with {@code --add-modules jdk.incubator.vector}).
 * Both add the terms of an entry in the same order with the same operations —
 * {@code s = c_0 x_0}, then {@code s = fma(c_t, x_t, s)} tap after tap, then {@code y = s} or
 * {@code y = y + s} — and a fused multiply-add rounds once in a vector lane as in {@link Math#fma},
 * so the two give bit-identical results.
 */
interface StencilLoops {

    /**
     * {@code y[yi + j] (+)= sum_t c_t x[xi + s_t + j]} for {@code j < len}, the taps in order.
     *
     * @param x       (Input) the input; not modified
     * @param xi      the entry of {@code x} that {@code j = 0} is relative to
     * @param s       (Input) the tap shifts in entries; not modified
     * @param c       (Input) the tap coefficients; not modified
     * @param y       (Output) overwritten, or added to when {@code acc}
     * @param yi      the first entry of {@code y}
     * @param len     the number of entries
     * @param acc     whether to add to {@code y}
     * @param scratch a work array for many taps, or null
     */
    void bulk(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc, double[] scratch);

    /**
     * The single-precision {@link #bulk(double[], int, int[], double[], double[], int, int, boolean, double[])}.
     *
     * @param x       (Input) the input; not modified
     * @param xi      the entry of {@code x} that {@code j = 0} is relative to
     * @param s       (Input) the tap shifts in entries; not modified
     * @param c       (Input) the tap coefficients; not modified
     * @param y       (Output) overwritten, or added to when {@code acc}
     * @param yi      the first entry of {@code y}
     * @param len     the number of entries
     * @param acc     whether to add to {@code y}
     * @param scratch a work array for many taps, or null
     */
    void bulk(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc, float[] scratch);

    /**
     * {@code y[yi + k] = r_k + c_k} for {@code k < len}: {@code r_k} the three taps {@code (sR, cR)}
     * and {@code c_k} the three taps {@code (sC, cC)} at {@code x[xi + k]}, each summed as {@code bulk}
     * sums (one pass of the 2-d Laplacian).
     *
     * @param x   (Input) the input; not modified
     * @param xi  the entry of {@code x} that {@code k = 0} is relative to
     * @param sR  (Input) the three row shifts; not modified
     * @param cR  (Input) the three row coefficients; not modified
     * @param sC  (Input) the three column shifts; not modified
     * @param cC  (Input) the three column coefficients; not modified
     * @param y   (Output) overwritten
     * @param yi  the first entry of {@code y}
     * @param len the number of entries
     */
    void fused(double[] x, int xi, int[] sR, double[] cR, int[] sC, double[] cC, double[] y, int yi, int len);

    /**
     * The single-precision {@link #fused(double[], int, int[], double[], int[], double[], double[], int, int)}.
     *
     * @param x   (Input) the input; not modified
     * @param xi  the entry of {@code x} that {@code k = 0} is relative to
     * @param sR  (Input) the three row shifts; not modified
     * @param cR  (Input) the three row coefficients; not modified
     * @param sC  (Input) the three column shifts; not modified
     * @param cC  (Input) the three column coefficients; not modified
     * @param y   (Output) overwritten
     * @param yi  the first entry of {@code y}
     * @param len the number of entries
     */
    void fused(float[] x, int xi, int[] sR, float[] cR, int[] sC, float[] cC, float[] y, int yi, int len);

    /**
     * The real dot products of consecutive blocks, as {@code HostBlockKernels.dotBlocks} defines
     * them: per block eight lane sums {@code s_l += x_i y_i} (element {@code i} of the block in lane
     * {@code i mod 8}, the block's last {@code len mod 8} elements added to lanes 0.. in order), then
     * {@code Engine.combineLanes}; {@code out[outPos + 2k]} block k's value, {@code out[outPos + 2k + 1] = 0}.
     * The reductions' kernel (dots and squared norms), here because the vector lanes give its bits.
     *
     * @param x      (Input) not modified
     * @param xo     the first element of {@code x}
     * @param y      (Input) not modified
     * @param yo     the first element of {@code y}
     * @param n      the number of elements
     * @param block  elements per block, at least 1
     * @param out    (Output) two values per block from {@code outPos}
     * @param outPos where block 0 goes
     */
    void dotBlocks(double[] x, int xo, double[] y, int yo, int n, int block, double[] out, int outPos);

    /**
     * What runs, in words.
     *
     * @return e.g. {@code "scalar loops"} or {@code "Vector API, 8 x float64 lanes"}
     */
    String description();

    /** The plain loops of {@link HostStencilKernels}, which every JVM runs. */
    StencilLoops SCALAR = new StencilLoops() {
        @Override
        public void bulk(double[] x, int xi, int[] s, double[] c, double[] y, int yi, int len, boolean acc,
                double[] scratch) {
            HostStencilKernels.bulk(x, xi, s, c, y, yi, len, acc, scratch);
        }

        @Override
        public void bulk(float[] x, int xi, int[] s, float[] c, float[] y, int yi, int len, boolean acc,
                float[] scratch) {
            HostStencilKernels.bulk(x, xi, s, c, y, yi, len, acc, scratch);
        }

        @Override
        public void fused(double[] x, int xi, int[] sR, double[] cR, int[] sC, double[] cC, double[] y, int yi,
                int len) {
            HostStencilKernels.fused(x, xi, sR, cR, sC, cC, y, yi, len);
        }

        @Override
        public void fused(float[] x, int xi, int[] sR, float[] cR, int[] sC, float[] cC, float[] y, int yi,
                int len) {
            HostStencilKernels.fused(x, xi, sR, cR, sC, cC, y, yi, len);
        }

        @Override
        public void dotBlocks(double[] x, int xo, double[] y, int yo, int n, int block, double[] out, int outPos) {
            HostBlockKernels.dotBlocksScalar(x, xo, y, yo, n, block, out, outPos);
        }

        @Override
        public String description() {
            return "scalar loops";
        }
    };
}
