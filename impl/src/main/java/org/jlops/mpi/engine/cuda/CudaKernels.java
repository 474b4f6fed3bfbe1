package org.jlops.mpi.engine.cuda;

import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Reduction;

/**
 * Which kernel of {@code jlops_kernels.cu} runs an engine operation, over how many indices, and
 * with which launch shape. The CUDA engine launches exactly these; the test of the kernel bodies
 * runs the same names through the host harness, so both see one choice.
 *
 * <p>The choice mirrors the host engine's dispatch: operations that act on real entries alone
 * (negate, add, subtract, and scale/axpy/aypx by a real scalar) run the real kernel over
 * {@code 2n} entries for complex types; complex products and complex scalars run the complex
 * kernel over {@code n} elements.
 */
final class CudaKernels {

    /** Threads per block of every launch (a multiple of the warp, as the block-sum kernels need). */
    static final int THREADS = 256;
    /** Largest grid of a grid-stride launch (enough blocks to fill any current GPU several times). */
    static final int MAX_BLOCKS = 65_535;
    /** Threads of the first pass of {@code extreme_*} (its partial results, folded by a second pass). */
    static final int EXTREME_THREADS = 256 * 1024;

    private CudaKernels() {
    }

    /** The element-wise operations of the engine. */
    enum Op {
        /** {@code out = -x}. */
        NEGATE,
        /** {@code out = x + y}. */
        ADD,
        /** {@code out = x - y}. */
        SUBTRACT,
        /** {@code out = x * y}. */
        MULTIPLY,
        /** {@code out = s x}. */
        SCALE,
        /** {@code y += s x}. */
        AXPY,
        /** {@code y = x + s y}. */
        AYPX,
        /** {@code out = conj(x)}. */
        CONJ,
        /** {@code b = re + i im}. */
        FILL
    }

    /**
     * One launch: the kernel's name, the number of indices it covers, whether it takes a complex
     * scalar ({@code re, im}) rather than a real one.
     */
    record Launch(String kernel, long count, boolean complexScalar) {
    }

    /** The kernel name's suffix for {@code t}: f32, f64, c64, c128. */
    static String suffix(ElementType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case COMPLEX64 -> "c64";
            case COMPLEX128 -> "c128";
        };
    }

    /** The suffix of the real type with {@code t}'s precision. */
    static String realSuffix(ElementType t) {
        return t.isDoublePrecision() ? "f64" : "f32";
    }

    /**
     * The launch of {@code op} on {@code n} elements of type {@code t}, with scalar imaginary part
     * {@code im} (ignored by operations without a scalar). CONJ of real data is a copy (kernel
     * {@code copy}, run by the engine as a device-to-device copy).
     */
    static Launch elementwise(Op op, ElementType t, long n, double im) {
        boolean complex = t.isComplex();
        long entries = n * t.components();
        return switch (op) {
            case NEGATE, ADD, SUBTRACT -> new Launch(name(op) + "_" + realSuffix(t), entries, false);
            case MULTIPLY -> new Launch("multiply_" + suffix(t), n, false);
            case SCALE, AXPY, AYPX -> complex && im != 0 ? new Launch(name(op) + "_" + suffix(t), n, true)
                    : new Launch(name(op) + "_" + realSuffix(t), entries, false);
            case CONJ -> complex ? new Launch("conj_" + suffix(t), n, false) : new Launch("copy", entries, false);
            case FILL -> new Launch("fill_" + suffix(t), n, complex);
        };
    }

    private static String name(Op op) {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The block-sum kernel of {@code t}. */
    static String sumBlocks(ElementType t) {
        return "sum_blocks_" + suffix(t);
    }

    /** The block-dot kernel of {@code t}. */
    static String dotBlocks(ElementType t) {
        return "dot_blocks_" + suffix(t);
    }

    /** The extremes kernel of {@code t}. */
    static String extreme(ElementType t) {
        return "extreme_" + suffix(t);
    }

    /** The kernel reducing along the middle axis of a block: {@code axis_sums_*} or {@code axis_extreme_*}. */
    static String axis(ElementType t, Reduction r) {
        return (r == Reduction.MAX_ABS || r == Reduction.MIN_ABS ? "axis_extreme_" : "axis_sums_") + suffix(t);
    }

    /** The conversion kernel from {@code from}'s precision to {@code to}'s (real or complex by argument). */
    static String convert(ElementType from, ElementType to) {
        return "convert_" + realSuffix(from) + "_" + realSuffix(to);
    }

    /** The strided copy kernel of {@code t}'s real type (positions in entries). */
    static String copyRows(ElementType t) {
        return "copy_rows_" + realSuffix(t);
    }

    /** The maps of {@code threshold_*}, in the order of their codes in {@code jlops_bodies.cuh}. */
    enum Threshold {
        /** Soft threshold, {@code a = τ}. */
        SOFT,
        /** Hard threshold, {@code a = t}. */
        HARD,
        /** Half threshold, {@code a = τ}, {@code b} = the cut. */
        HALF,
        /** Clip to {@code [a, b]}. */
        CLIP,
        /** Shrink to the disc of radius {@code a}. */
        BALL
    }

    /** The threshold kernel of {@code t} (one index per element). */
    static String threshold(ElementType t) {
        return "threshold_" + suffix(t);
    }

    /** The first pass of countOutside for the real type {@code t}. */
    static String countOutside(ElementType t) {
        return "count_outside_" + suffix(t);
    }

    /** The stencil kernel of {@code t}'s real type (complex data as interleaved real entries). */
    static String stencil(ElementType t) {
        return "stencil_" + realSuffix(t);
    }

    /**
     * A stencil as the two tables {@code stencil_*} reads (see {@code jlops_bodies.cuh}).
     *
     * @param meta {@code {n, lo, hi, taps, offsets[taps], starts[lo + hi + 1], columns[...]}}
     * @param coef {@code {tap coefficients[taps], explicit weights[...]}}
     */
    record StencilTables(long[] meta, double[] coef) {
    }

    /** The tables of {@code s}: interior taps, then the explicit rows 0 .. lo-1 and n-hi .. n-1. */
    static StencilTables stencilTables(org.jlops.mpi.engine.Stencil s) {
        long n = s.length();
        long lo = s.interiorStart();
        long hi = n - s.interiorEnd();
        int[] offsets = s.offsets();
        double[] taps = s.coefficients();
        int explicit = (int) (lo + hi);
        long[][] cols = new long[explicit][];
        double[][] wts = new double[explicit][];
        int terms = 0;
        for (int e = 0; e < explicit; e++) {
            long row = e < lo ? e : n - hi + (e - lo);
            cols[e] = s.columns(row);
            wts[e] = s.weights(row);
            terms += cols[e].length;
        }
        long[] meta = new long[4 + offsets.length + explicit + 1 + terms];
        double[] coef = new double[taps.length + terms];
        meta[0] = n;
        meta[1] = lo;
        meta[2] = hi;
        meta[3] = offsets.length;
        int m = 4;
        for (int k = 0; k < offsets.length; k++) {
            meta[m++] = offsets[k];
            coef[k] = taps[k];
        }
        int start = 0;
        for (int e = 0; e < explicit; e++) {
            meta[m++] = start;
            start += cols[e].length;
        }
        meta[m++] = start;
        int c = taps.length;
        for (int e = 0; e < explicit; e++) {
            for (int t = 0; t < cols[e].length; t++) {
                meta[m++] = cols[e][t];
                coef[c++] = wts[e][t];
            }
        }
        return new StencilTables(meta, coef);
    }

    /** The code of {@code r} in the kernels (jlops_bodies.cuh): its ordinal. */
    static int code(Reduction r) {
        return r.ordinal();
    }

    /** Blocks of {@link #THREADS} for a grid-stride launch over {@code count} indices (at least 1). */
    static int blocks(long count) {
        return (int) Math.max(1, Math.min(MAX_BLOCKS, (count + THREADS - 1) / THREADS));
    }

    /** Blocks for the block-sum kernels over {@code blocks} blocks of a range (8 lanes each). */
    static int sumGrid(long blocks) {
        return blocks(blocks * 8);
    }
}
