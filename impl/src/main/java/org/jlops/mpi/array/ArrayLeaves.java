package org.jlops.mpi.array;

import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.ThresholdKernels;

/**
 * The leaves of a reduction of a {@link DistributedArray} over all its elements, on this rank, for
 * {@link TreeSum}: what a rank counts and where its part lies in the sequence of the group that
 * reduces.
 *
 * <p>The sequence runs along the distribution axis. A 1-d array (or any array whose other
 * dimensions are 1) has one leaf per element. An n-d array has one leaf per hyperplane of the
 * distribution axis: the sum over the hyperplane's elements, runs of the inner dimensions summed
 * in the fixed block order, then added run after run in order. Either way a leaf lies on one rank
 * whatever the split, so the tree sum is the same on every rank count and split.
 *
 * <p>The group is the mask's sub-communicator (the base communicator without a mask): its members'
 * parts, in rank order, form its sequence. A SCATTER array contributes its slab; a replicated one
 * the slab of the balanced split it would have as a SCATTER array (as its reductions always did).
 */
final class ArrayLeaves {

    final Communicator group;
    /** The first leaf of this rank in the group's sequence. */
    final long start;
    /** This rank's leaves. */
    final long count;
    /** The leaves of the group. */
    final long total;
    private final Engine engine;
    private final long outer;
    private final long inner;
    /** Length of the local block along the axis (the whole axis for replicated arrays). */
    private final long axisLength;
    /** This rank's first position along the axis within its local block. */
    private final long first;

    private ArrayLeaves(Communicator group, long start, long count, long total, Engine engine, long outer, long inner,
            long axisLength, long first) {
        this.group = group;
        this.start = start;
        this.count = count;
        this.total = total;
        this.engine = engine;
        this.outer = outer;
        this.inner = inner;
        this.axisLength = axisLength;
        this.first = first;
    }

    /** The leaves of {@code x} on this rank. Local. */
    static ArrayLeaves of(DistributedArray x) {
        long[] global = x.globalShape();
        int axis = x.axis();
        long[][] shapes = x.localShapes();
        int rank = x.rank();
        int size = x.size();
        boolean replicated = x.partition().isReplicated();
        int[] members = x.mask() == null ? null : Masks.group(x.mask(), rank);
        long start = 0;
        long total = 0;
        long mine = 0;
        for (int r = 0; r < size; r++) {
            if (members != null && x.mask()[r] != x.mask()[rank]) {
                continue;
            }
            long c = replicated ? LocalSplit.count(global[axis], r, size) : shapes[r][axis];
            if (r < rank) {
                start += c;
            }
            if (r == rank) {
                mine = c;
            }
            total += c;
        }
        if (Shapes.size(global) == 0) {
            return new ArrayLeaves(x.subCommunicator(), 0, 0, 0, x.engine(), 1, 1, 0, 0);   // nothing to sum: +0
        }
        long firstPosition = replicated ? LocalSplit.offsets(LocalSplit.counts(global[axis], size))[rank] : 0;
        long axisLength = replicated ? global[axis] : shapes[rank][axis];
        return new ArrayLeaves(x.subCommunicator(), start, mine, total, x.engine(), Shapes.outer(global, axis),
                Shapes.inner(global, axis), axisLength, firstPosition);
    }

    /** Whether a leaf is one element (else a hyperplane). */
    private boolean elements() {
        return outer == 1 && inner == 1;
    }

    /** The leaves {@code sum f(x)} of {@code x} (this array's local block). */
    TreeSum.Leaves sums(Buffer x, Reduction r, double p) {
        if (elements()) {
            return (from, n, blockLength, out, pos) -> engine.sumBlocks(x, first + from, n, blockLength, r, p, out, pos);
        }
        double[] h = new double[(int) count];
        double[] run = new double[(int) count];
        for (long o = 0; o < outer; o++) {
            engine.sumBlocks(x, (o * axisLength + first) * inner, count * inner, (int) inner, r, p, o == 0 ? h : run, 0);
            if (o > 0) {
                for (int i = 0; i < count; i++) {
                    h[i] += run[i];
                }
            }
        }
        return blocksOf(h, 1);
    }

    /**
     * Whether every rank's leaves are the elements of its whole local block, one each (a SCATTER
     * array whose only non-unit dimension is the distributed one): then {@link #axpyDots} updates
     * every local element exactly once. Decided from the global layout, so the same on every rank.
     *
     * @param partition the array's partition
     */
    boolean coversElements(Partition partition) {
        return elements() && !partition.isReplicated();
    }

    /**
     * The leaves {@code sum conj(y) y} of {@code y} after {@code y += s x}, the update made leaf by
     * leaf as the sum asks for them ({@link Engine#axpyDotBlocks}); only when
     * {@link #coversElements} holds, so that every element is updated once.
     */
    TreeSum.Leaves axpyDots(double re, double im, Buffer x, Buffer y) {
        return (from, n, blockLength, out, pos) -> engine.axpyDotBlocks(re, im, x, y, first + from, n, blockLength,
                out, pos);
    }

    /** Elements written and summed at a time by {@link #writtenSelfDots}: 128 KiB of float64, in the second-level cache. */
    private static final long WRITE_PIECE = 1 << 14;

    /**
     * The leaves {@code sum conj(y) y} of {@code y}, its elements first written by {@code writer}
     * piece by piece as the sum asks for them, each piece summed while it is in cache: the same
     * bits as writing every element first and then {@link #dots dots(y, y, true)}. Only when
     * {@link #coversElements} holds (leaves are elements, each asked for once).
     */
    TreeSum.Leaves writtenSelfDots(Buffer y, DistributedArray.ElementWriter writer) {
        return (from, n, blockLength, out, pos) -> {
            long piece = Math.max(1, WRITE_PIECE / blockLength) * blockLength;
            for (long done = 0; done < n; done += piece) {
                long at = first + from + done;
                long len = Math.min(piece, n - done);
                writer.write(at, at + len);
                engine.dotBlocks(y, at, y, at, len, blockLength, true, out, pos + 2 * (int) (done / blockLength));
            }
        };
    }

    /**
     * The leaves {@code sum |y − p|²} of {@code y − p}, with {@code res = y − (p + omega (p − q))}
     * written leaf by leaf as the sum asks for them ({@link Engine#extrapolatedResidualBlocks}); only
     * when {@link #coversElements} holds, so that every element is written once.
     */
    TreeSum.Leaves extrapolatedResiduals(double omega, Buffer y, Buffer p, Buffer q, Buffer res) {
        return (from, n, blockLength, out, pos) -> engine.extrapolatedResidualBlocks(omega, y, p, q, res, first + from,
                n, blockLength, out, pos);
    }

    /**
     * Two sums side by side, {@code sum |d|²} and {@code sum |x⁺|}, of the shrinkage step that
     * writes {@code g = x⁺}, {@code d} (and {@code z}) leaf by leaf as the sums ask for them
     * ({@link Engine#shrinkStepBlocks}): each leaf's two values are {@code (|d_j|², |x⁺_j|)}. Only when
     * {@link #coversElements} holds, so that every element is written once.
     */
    TreeSum.Leaves shrinkSteps(ThresholdKernels.Kind kind, double t, double alpha, Buffer g, Buffer z, Buffer x,
            Buffer d, boolean extrapolate, double omega) {
        return (from, n, blockLength, out, pos) -> engine.shrinkStepBlocks(kind, t, alpha, g, z, x, d, extrapolate,
                omega, first + from, n, blockLength, out, pos);
    }

    /** The leaves {@code sum op(x) y} of this rank's blocks {@code x}, {@code y}: two values (re, im) each. */
    TreeSum.Leaves dots(Buffer x, Buffer y, boolean conjugate) {
        if (elements()) {
            return (from, n, blockLength, out, pos) -> engine.dotBlocks(x, first + from, y, first + from, n,
                    blockLength, conjugate, out, pos);
        }
        double[] h = new double[2 * (int) count];
        double[] run = new double[2 * (int) count];
        for (long o = 0; o < outer; o++) {
            long at = (o * axisLength + first) * inner;
            engine.dotBlocks(x, at, y, at, count * inner, (int) inner, conjugate, o == 0 ? h : run, 0);
            if (o > 0) {
                for (int i = 0; i < h.length; i++) {
                    h[i] += run[i];
                }
            }
        }
        return blocksOf(h, 2);
    }

    /**
     * The leaves of the norms along the distribution axis: leaf {@code a} is the vector of
     * {@code f(x[o, a, j])} over the other positions {@code (o, j)}, {@code outer * inner} values
     * (blocks of one leaf only).
     */
    TreeSum.Leaves elementVectors(Buffer x, Reduction r, double p) {
        int width = Math.toIntExact(outer * inner);
        return (from, n, blockLength, out, pos) -> {
            if (blockLength != 1) {
                throw new IllegalArgumentException("blockLength: vector leaves come in blocks of one, got " + blockLength);
            }
            double[] run = new double[(int) (n * inner)];
            for (long o = 0; o < outer; o++) {
                engine.sumBlocks(x, (o * axisLength + first + from) * inner, n * inner, 1, r, p, run, 0);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(run, (int) (i * inner), out, pos + i * width + (int) (o * inner), (int) inner);
                }
            }
        };
    }

    /** Leaves already summed ({@code width} values each): their blocks in the fixed order of {@link Engine#blockSum}. */
    private static TreeSum.Leaves blocksOf(double[] h, int width) {
        return (from, n, blockLength, out, pos) -> {
            int k = pos;
            for (long b = 0; b < n; b += blockLength) {
                int len = (int) Math.min(blockLength, n - b);
                for (int w = 0; w < width; w++) {
                    out[k++] = Engine.blockSum(h, (int) ((from + b) * width) + w, len, width);
                }
            }
        };
    }
}
