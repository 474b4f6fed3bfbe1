package org.jlops.mpi.array;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.engine.Engine;

/**
 * Sums over a distributed sequence of leaves that give the same bits on every rank count and
 * every split: the sum is defined by the global positions of the leaves alone.
 *
 * <p><b>Definition.</b> The {@code total} leaves form blocks of consecutive leaves (the last one
 * shorter), each summed in the fixed order of {@link Engine#blockSum}; the block values form a
 * binary tree over aligned power-of-two ranges of blocks, each node the sum of its two children in
 * order (a node without a right child takes its left child's value). The sum is the root's value.
 * Leaves are elements of a 1-d array, the values of the hyperplanes of an n-d array along its
 * distributed axis (each summed in a fixed order of its own), or whole vectors (the norms along
 * the distributed axis, with blocks of one leaf).
 *
 * <p><b>Distributed evaluation.</b> Each rank holds the leaves {@code [start, start + count)}. It
 * computes the nodes whose blocks it holds entirely (at most two per tree level) and the values of
 * the leaves of its one or two partial blocks; every rank gathers every rank's pieces (one
 * {@code allgather} of a record whose length follows from the number of leaves) and evaluates the
 * root from them in the same order.
 * So the result does not depend on which rank held which leaves, and the cost is one pass over the
 * local data plus one small allgather: {@code O(log N)} node values per rank and at most
 * {@code 2 (BLOCK - 1)} leaf values (no communication on one rank).
 *
 * <p><b>Agreement.</b> The scalar sums ({@link #scalar}) carry each rank's verdict on the operands
 * and a fingerprint of the arguments that must be equal everywhere in the same record: when any
 * rank failed, every rank throws the lowest failing rank's message, and when the arguments differ,
 * every rank throws a message naming the first one that differs. So a reduction checks its
 * operands collectively at no extra cost. The record's length follows from the number of leaves,
 * which every rank derives from the reduced array's own layout (the same everywhere for arrays
 * built collectively), never from an operand, so an operand of another size on one rank cannot
 * make the gather itself mismatch.
 */
public final class TreeSum {

    /**
     * Leaves per block of the scalar sums: long enough that the block kernels run as fast as a plain
     * sum (their eight partial sums are flushed once per block), short enough that the leaves of a
     * rank's partial blocks, sent as they are, keep the gathered record small.
     */
    static final int BLOCK = 256;
    /** Values per leaf in the record of a scalar sum (a complex value; real sums carry a zero). */
    private static final int SCALAR_WIDTH = 2;
    /** Header of a record: status, fingerprint, raw leaf count, node count, extreme value. */
    private static final int HEADER = 5;
    /** Values (blocks times width) computed at a time when a node's blocks are evaluated. */
    private static final int CHUNK_VALUES = 1 << 14;

    private TreeSum() {
    }

    /** The leaves of this rank, as block values. */
    @FunctionalInterface
    public interface Leaves {
        /**
         * The values of consecutive blocks of {@code blockLength} leaves from local leaf
         * {@code first}, {@code count} leaves in all (the last block shorter), {@code width} values
         * per block, into {@code out} from {@code outPos}.
         *
         * @param first       the first local leaf
         * @param count       the number of leaves
         * @param blockLength leaves per block
         * @param out         (Output) the block values
         * @param outPos      where the first block's values go
         */
        void blocks(long first, long count, int blockLength, double[] out, int outPos);
    }

    /**
     * This rank's verdict on the operands of a collective, and the values that must be the same on
     * every rank, as a fingerprint (compared in the gather) and the values themselves, made only
     * when the fingerprints differ (to name the differing one).
     *
     * @param error       this rank's message, or null when its operands are fine
     * @param fingerprint a 64-bit hash of the values, equal on every rank for equal values
     * @param names       the names of the value groups, for the message when they differ
     * @param values      makes this rank's value groups (a null group means "not given")
     */
    record Verdict(String error, long fingerprint, String[] names, Supplier<long[][]> values) {
        static final Verdict NONE = new Verdict(null, 0, new String[0], () -> new long[0][]);
    }

    /**
     * The tree sum (or, for {@code extreme}, the maximum or minimum over ranks of the values each
     * rank passes) of the leaves held by the ranks of {@code group}, with the operands' verdict
     * agreed in the same gather. Collective over {@code group}: one allgather of a record of the
     * same length on every rank (nothing on one rank, where the verdict is still checked).
     *
     * @param start   the global index of this rank's first leaf
     * @param count   this rank's leaves
     * @param total   the leaves of all ranks
     * @param complex whether leaves are complex (two values each)
     * @param leaves  this rank's leaves; not called when the verdict has an error
     * @param verdict this rank's verdict
     * @return the sum: {@code {re, im}} ({@code im = 0} for real leaves); zeros for no leaves
     * @throws IllegalArgumentException on every rank when any rank's verdict has an error, or a
     *                                  value group differs between ranks
     */
    static double[] scalar(Communicator group, long start, long count, long total, boolean complex, Leaves leaves,
            Verdict verdict) {
        return batch(group, new Part[] {Part.sum(start, count, total, complex, leaves, verdict)})[0];
    }

    /**
     * The maximum ({@code max}) or minimum of one value per rank, with the verdict agreed in the
     * same gather as {@link #scalar} (records of the same length, so a call of either on different
     * ranks meets in one collective and fails cleanly). Collective over {@code group}.
     *
     * @param total the leaves of the sum this call stands in for (the record's length follows from it)
     * @param value this rank's value (ignored when the verdict has an error)
     * @throws IllegalArgumentException on every rank when a verdict has an error or values differ
     */
    static double extreme(Communicator group, long total, double value, boolean max, Verdict verdict) {
        return batch(group, new Part[] {Part.extreme(total, value, max, verdict)})[0][0];
    }

    /**
     * One reduction of a {@link #batch}: a tree sum of leaves ({@link #sum}) or the extreme of one
     * value per rank ({@link #extreme}), with this rank's verdict on its operands.
     *
     * @param start    the global index of this rank's first leaf
     * @param count    this rank's leaves
     * @param total    the leaves of all ranks (the record's length follows from it)
     * @param complex  whether leaves are complex
     * @param leaves   this rank's leaves (sums); not called when the verdict has an error
     * @param extreme  0 for a sum, 1 for the maximum, -1 for the minimum of {@code value}
     * @param value    this rank's value (extremes)
     * @param verdict  this rank's verdict
     * @param record   this rank's record of the sum made beforehand ({@link #presummed}), or null
     *                 to ask {@code leaves} in the batch
     */
    record Part(long start, long count, long total, boolean complex, Leaves leaves, int extreme, double value,
            Verdict verdict, double[] record) {

        /** A tree sum (see {@link TreeSum#scalar}). */
        static Part sum(long start, long count, long total, boolean complex, Leaves leaves, Verdict verdict) {
            return new Part(start, count, total, complex, leaves, 0, 0, verdict, null);
        }

        /** The maximum ({@code max}) or minimum over ranks of {@code value} (see {@link TreeSum#extreme}). */
        static Part extreme(long total, double value, boolean max, Verdict verdict) {
            return new Part(0, 0, total, false, null, max ? 1 : -1, value, verdict, null);
        }

        /**
         * This part with its leaves asked for now, in the order and blocks the batch would ask for
         * them, and this rank's record kept for a later {@link TreeSum#batch}: the same bits as the
         * part itself, so a pass that writes the leaves' elements can sum them on the way and the
         * sum still ride in a later gather. An extreme, a part whose verdict has an error or one
         * already presummed is returned as it is. Local.
         *
         * @return the part, its record made
         */
        Part presummed() {
            if (extreme != 0 || verdict.error() != null || record != null) {
                return this;
            }
            Plan plan = Plan.scalar(total, complex ? 2 : 1);
            double[] rec = new double[plan.recordLength()];
            plan.pieces(start, count, leaves, rec, 0);
            return new Part(start, count, total, complex, null, 0, 0, verdict, rec);
        }
    }

    /**
     * Several reductions over the same group in one allgather: each rank's records of the parts,
     * one after the other, gathered at once; each part's result is the one {@link #scalar} or
     * {@link #extreme} gives for it alone, bit for bit. The verdicts are agreed together: when any
     * rank's verdict on any part has an error, every rank throws the lowest failing rank's first
     * message, and when any part's values differ between ranks, every rank throws a message naming
     * the first differing group. Collective over {@code group}; every rank passes the same number
     * of parts over leaves of the same totals (derived from layouts, never from operands).
     *
     * @param group the ranks holding the leaves, in leaf order
     * @param parts the reductions, in the same order on every rank
     * @return per part, {@code {re, im}} of the sum ({@code im = 0} for real leaves) or
     *         {@code {extreme, 0}}
     * @throws IllegalArgumentException on every rank when a verdict has an error or values differ
     */
    static double[][] batch(Communicator group, Part[] parts) {
        Plan[] plans = new Plan[parts.length];
        int[] at = new int[parts.length];
        int length = 0;
        String error = null;
        for (int j = 0; j < parts.length; j++) {
            plans[j] = Plan.scalar(parts[j].total(), parts[j].complex() ? 2 : 1);
            at[j] = length;
            length = Math.addExact(length, plans[j].recordLength());
            if (error == null) {
                error = parts[j].verdict().error();
            }
        }
        Verdict verdict = parts.length == 1 ? parts[0].verdict() : combined(parts, error);
        double[] mine = new double[Math.max(length, HEADER)];
        mine[0] = error == null ? 0 : 1;
        mine[1] = Double.longBitsToDouble(verdict.fingerprint() & 0x7fefffffffffffffL); // a finite double, compared exactly
        for (int j = 0; j < parts.length; j++) {
            Part part = parts[j];
            if (part.extreme() != 0) {
                mine[at[j] + 4] = part.value();
            } else if (error == null && part.record() != null) {                // made beforehand: its counts and pieces
                System.arraycopy(part.record(), 2, mine, at[j] + 2, part.record().length - 2);
            } else if (error == null) {
                plans[j].pieces(part.start(), part.count(), part.leaves(), mine, at[j]);
            }
        }
        double[] all = exchange(group, mine, verdict);
        double[][] out = new double[parts.length][];
        for (int j = 0; j < parts.length; j++) {
            out[j] = parts[j].extreme() != 0 ? new double[] {extremeOf(all, group.size(), mine.length, at[j] + 4,
                    parts[j].extreme() > 0), 0} : plans[j].root(all, group.size(), mine.length, at[j]);
        }
        return out;
    }

    /** The verdicts of several parts as one: the first error, and every part's values, named with its index. */
    private static Verdict combined(Part[] parts, String error) {
        long[][] fingerprints = new long[1][parts.length];
        int groups = 0;
        for (int j = 0; j < parts.length; j++) {
            fingerprints[0][j] = parts[j].verdict().fingerprint();
            groups += parts[j].verdict().names().length;
        }
        String[] names = new String[groups];
        int g = 0;
        for (int j = 0; j < parts.length; j++) {
            for (String name : parts[j].verdict().names()) {
                names[g++] = name + " (reduction " + (j + 1) + " of " + parts.length + ")";
            }
        }
        return new Verdict(error, CollectiveChecks.fingerprint(fingerprints), names, () -> {
            long[][] values = new long[names.length][];
            int k = 0;
            for (Part part : parts) {
                for (long[] v : part.verdict().values().get()) {
                    values[k++] = v;
                }
            }
            return values;
        });
    }

    /** The maximum or minimum over ranks of the value at {@code at} of each rank's record. */
    private static double extremeOf(double[] all, int ranks, int stride, int at, boolean max) {
        double acc = all[at];
        for (int r = 1; r < ranks; r++) {
            double v = all[r * stride + at];
            acc = max ? Math.max(acc, v) : Math.min(acc, v);
        }
        return acc;
    }

    /**
     * The tree sum of vector-valued leaves ({@code width} values each, blocks of one leaf): a
     * reproducible {@code allreduce} of vectors, the same bits on every rank count and split, for
     * sums of per-block results whose blocks the ranks hold in order (the adjoint of a vertical
     * stack, the norms along a distributed axis). For callers that agreed on their operands
     * beforehand: the record length depends on {@code width} and {@code total}. Collective over
     * {@code group}: one allgather of at most {@code 2 (log2(total) + 1)} vectors per rank.
     *
     * @param group  the ranks holding the leaves, in leaf order
     * @param start  the global index of this rank's first leaf
     * @param count  this rank's leaves
     * @param total  the leaves of all ranks
     * @param width  the values of a leaf
     * @param leaves this rank's leaves; called with blocks of one leaf
     * @return the sum, {@code width} values
     */
    public static double[] vector(Communicator group, long start, long count, long total, int width, Leaves leaves) {
        Plan plan = new Plan(total, width, 1, width);
        double[] mine = new double[plan.recordLength()];
        plan.pieces(start, count, leaves, mine, 0);
        double[] all = exchange(group, mine, Verdict.NONE);
        return plan.root(all, group.size(), mine.length, 0);
    }

    /** Gathers every rank's record and settles the verdicts: the lowest failing rank's message, or the first differing value. */
    private static double[] exchange(Communicator group, double[] mine, Verdict verdict) {
        int p = group.size();
        double[] all = mine;
        if (p > 1) {
            all = new double[p * mine.length];
            group.allgather(MemorySegment.ofArray(mine), MemorySegment.ofArray(all), mine.length, Datatype.FLOAT64);
        }
        for (int r = 0; r < p; r++) {
            if (all[r * mine.length] != 0) {
                CollectiveChecks.fail(group, r, verdict.error());
            }
        }
        for (int r = 1; r < p; r++) {
            if (all[r * mine.length + 1] != all[1]) {
                // some value group differs: find and name it (collective, on the error path only)
                CollectiveChecks.agreeSame(group, null, verdict.fingerprint(), verdict.names(), verdict.values());
            }
        }
        return all;
    }

    /** The tree of one sum: its sizes, the record, and the pieces and evaluation on them. */
    private static final class Plan {
        private final long total;
        private final int width;
        private final int block;
        private final int recordWidth;
        private final long blocks;
        private final int top;
        private final int maxRaw;
        private final int maxNodes;

        /**
         * The plan of a sum of {@code total} leaves: the record holds the most raw leaves a rank
         * can have (two partial blocks, never more than the leaves) and the most nodes (two per
         * level), so its length follows from {@code total}, which every rank derives from the same
         * layout.
         */
        Plan(long total, int width, int block, int recordWidth) {
            this.total = total;
            this.width = width;
            this.block = block;
            this.recordWidth = recordWidth;
            this.blocks = (total + block - 1) / block;
            this.top = levels(blocks);
            this.maxRaw = (int) Math.min(2L * (block - 1), total);
            this.maxNodes = 2 * (top + 1);
        }

        /** A scalar sum's plan: blocks of {@link #BLOCK}, records of complex width (the same for real and complex). */
        static Plan scalar(long total, int width) {
            return new Plan(total, width, BLOCK, SCALAR_WIDTH);
        }

        /** The smallest t with 2^t at least {@code blocks}. */
        static int levels(long blocks) {
            int t = 0;
            while (t < 63 && (1L << t) < blocks) {
                t++;
            }
            return t;
        }

        /** The length of this plan's record: the header, the raw leaves and the nodes. */
        int recordLength() {
            return Math.toIntExact(HEADER + (long) maxRaw * (1 + recordWidth) + (long) maxNodes * (2 + recordWidth));
        }

        private int rawAt(int i) {
            return HEADER + i * (1 + recordWidth);
        }

        private int nodeAt(int i) {
            return HEADER + maxRaw * (1 + recordWidth) + i * (2 + recordWidth);
        }

        /**
         * This rank's pieces, into the record at {@code at} of {@code rec}: the leaves of its partial
         * blocks and its maximal complete nodes.
         */
        void pieces(long start, long count, Leaves leaves, double[] rec, int at) {
            if (count == 0) {
                return;
            }
            long end = start + count;
            long lo = (start + block - 1) / block;                       // the first complete block
            long hi = end == total ? blocks : end / block;               // after the last complete block
            long headEnd = Math.min(end, lo * block);
            long tailStart = hi > lo ? Math.max(headEnd, hi * block) : headEnd;
            double[] values = new double[width * block];
            int raw = raw(rec, at, 0, start, headEnd, start, leaves, values);
            rec[at + 2] = raw(rec, at, raw, tailStart, end, start, leaves, values);
            int nodes = 0;
            for (long g = lo; g < hi; ) {
                int level = 0;
                while (level < top && g % (1L << (level + 1)) == 0 && Math.min(g + (1L << (level + 1)), blocks) <= hi) {
                    level++;
                }
                int o = at + nodeAt(nodes++);
                rec[o] = level;
                rec[o + 1] = g >> level;
                System.arraycopy(node(level, g >> level, start, leaves), 0, rec, o + 2, width);
                g = Math.min(g + (1L << level), blocks);
            }
            rec[at + 3] = nodes;
        }

        /** Records the single leaves {@code [from, to)} (global) as raw values; returns the new raw count. */
        private int raw(double[] rec, int at, int raw, long from, long to, long start, Leaves leaves, double[] values) {
            long n = to - from;
            if (n > 0) {
                leaves.blocks(from - start, n, 1, values, 0);
                for (int i = 0; i < n; i++) {
                    int o = at + rawAt(raw++);
                    rec[o] = from + i;
                    System.arraycopy(values, i * width, rec, o + 1, width);
                }
            }
            return raw;
        }

        /** The value of node (level, k), all of whose blocks this rank holds. */
        private double[] node(int level, long k, long start, Leaves leaves) {
            long first = k << level;
            long count = Math.min(1L << level, blocks - first);
            if (level > 0 && count * width > CHUNK_VALUES) {
                double[] left = node(level - 1, 2 * k, start, leaves);
                if ((2 * k + 1) << (level - 1) < blocks) {
                    add(left, node(level - 1, 2 * k + 1, start, leaves));
                }
                return left;
            }
            long leaf0 = first * block;
            double[] v = new double[(int) count * width];
            leaves.blocks(leaf0 - start, Math.min(count * block, total - leaf0), block, v, 0);
            int c = (int) count;
            for (int l = 0; l < level; l++) {                              // pairwise, as the tree defines it
                int half = (c + 1) / 2;
                for (int i = 0; i < half; i++) {
                    for (int w = 0; w < width; w++) {
                        v[i * width + w] = 2 * i + 1 < c ? v[2 * i * width + w] + v[(2 * i + 1) * width + w]
                                : v[2 * i * width + w];
                    }
                }
                c = half;
            }
            return Arrays.copyOf(v, width);
        }

        /**
         * The root's value (padded to the record width) from every rank's record: rank r's record of
         * this plan starts at {@code r * stride + at} of {@code all}.
         */
        double[] root(double[] all, int ranks, int stride, int at) {
            double[] out = new double[recordWidth];
            if (blocks == 0) {
                return out;
            }
            int rawCount = 0;
            int nodeCount = 0;
            for (int r = 0; r < ranks; r++) {
                rawCount += (int) all[r * stride + at + 2];
                nodeCount += (int) all[r * stride + at + 3];
            }
            Index nodes = new Index(nodeCount);
            Index raws = new Index(rawCount);
            for (int r = 0; r < ranks; r++) {
                int rec = r * stride + at;
                for (int i = 0; i < (int) all[rec + 2]; i++) {
                    int o = rec + rawAt(i);
                    raws.put((long) all[o], o + 1);
                }
                for (int i = 0; i < (int) all[rec + 3]; i++) {
                    int o = rec + nodeAt(i);
                    nodes.put(key((int) all[o], (long) all[o + 1]), o + 2);
                }
            }
            System.arraycopy(value(top, 0, all, nodes, raws), 0, out, 0, width);
            return out;
        }

        private double[] value(int level, long k, double[] all, Index nodes, Index raws) {
            int at = nodes.get(key(level, k));
            if (at >= 0) {
                return Arrays.copyOfRange(all, at, at + width);
            }
            if (level == 0) {
                long first = k * block;
                int n = (int) Math.min(block, total - first);
                double[] leaves = new double[n * width];
                for (int i = 0; i < n; i++) {
                    int o = raws.get(first + i);
                    if (o < 0) {
                        throw new IllegalStateException("tree sum: leaf " + (first + i) + " of " + total
                                + " was contributed by no rank");
                    }
                    System.arraycopy(all, o, leaves, i * width, width);
                }
                double[] v = new double[width];
                for (int w = 0; w < width; w++) {
                    v[w] = Engine.blockSum(leaves, w, n, width);
                }
                return v;
            }
            double[] left = value(level - 1, 2 * k, all, nodes, raws);
            if ((2 * k + 1) << (level - 1) < blocks) {
                add(left, value(level - 1, 2 * k + 1, all, nodes, raws));
            }
            return left;
        }

        private static long key(int level, long k) {
            return ((long) level << 56) | k;
        }
    }

    /**
     * Where the gathered pieces lie: non-negative keys (leaf indices, node keys) to positions in the
     * gathered records, open addressing over primitive arrays (no boxing on the reduction's path).
     */
    private static final class Index {
        private final long[] keys;
        private final int[] positions;
        private final int mask;

        Index(int capacity) {
            int n = Integer.highestOneBit(Math.max(4, 2 * capacity - 1)) << 1;
            keys = new long[n];
            positions = new int[n];
            mask = n - 1;
            Arrays.fill(keys, -1);
        }

        void put(long key, int position) {
            int i = slot(key);
            while (keys[i] != -1 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            positions[i] = position;
        }

        /** The position of {@code key}, or -1. */
        int get(long key) {
            int i = slot(key);
            while (keys[i] != -1) {
                if (keys[i] == key) {
                    return positions[i];
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }

    private static void add(double[] acc, double[] v) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += v[i];
        }
    }
}
