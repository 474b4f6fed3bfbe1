package org.jlops.mpi.verify.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.Convolve1D;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.Flip;
import org.jlops.mpi.ops.serial.FunctionOperator;
import org.jlops.mpi.ops.serial.Pad;
import org.jlops.mpi.ops.serial.PoststackLinearModelling;
import org.jlops.mpi.ops.serial.Restriction;
import org.jlops.mpi.ops.serial.Roll;
import org.jlops.mpi.ops.serial.Smoothing1D;
import org.jlops.mpi.ops.serial.Sum;
import org.jlops.mpi.ops.serial.Transpose;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.verify.harness.Draws;

/**
 * The catalog subjects of the serial signal and shaping operators: each case draws one to three
 * operators of the kind (shapes, axis, parameters, one dtype), deals them out to the ranks as the
 * blocks of an {@link MPIBlockDiag} (ranks may hold none) and pairs it with the block diagonal of
 * their EJML references ({@link ReferenceOperators}).
 */
final class SerialSubjects {

    private SerialSubjects() {
    }

    /** One drawn serial operator and its reference. */
    private record Block(LocalOperator op, DenseOperator reference) {
    }

    /** Draws one block of dtype {@code t}. */
    @FunctionalInterface
    private interface BlockDraw {
        Block draw(SplittableRandom r, int s, DType t);
    }

    /** 1 to 3 blocks drawn by {@code draw}, in an MPIBlockDiag whose blocks are dealt out by the factory's random source. */
    private static OperatorCase inBlockDiag(SplittableRandom r, int s, BlockDraw draw) {
        DType t = Draws.dtype(r);
        int k = Draws.between(r, 1, Math.min(3, s));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            blocks.add(draw.draw(r, s, t));
        }
        long rows = blocks.stream().mapToLong(b -> b.op().rows()).sum();
        long cols = blocks.stream().mapToLong(b -> b.op().cols()).sum();
        String text = t + " " + blocks.stream().map(b -> b.op().toString()).toList();
        List<DenseOperator> refs = blocks.stream().map(Block::reference).toList();
        return OperatorCase.of(text, t, (comm, lr) -> Built.of(new MPIBlockDiag(mine(blocks, comm, lr), comm, null, t),
                ReferenceOperators.blockDiag(refs), Layouts.scatter(cols), Layouts.scatter(rows)));
    }

    /** This rank's blocks: consecutive runs of the list, counts drawn (ranks may get none). */
    private static List<LocalOperator> mine(List<Block> all, Communicator comm, SplittableRandom r) {
        long[] counts = Draws.split(r, all.size(), comm.size());
        long start = 0;
        for (int p = 0; p < comm.rank(); p++) {
            start += counts[p];
        }
        List<LocalOperator> out = new ArrayList<>();
        for (long i = start; i < start + counts[comm.rank()]; i++) {
            out.add(all.get((int) i).op());
        }
        return out;
    }

    /** 1 to 3 dimensions, at most 2s + 3 samples along one axis, fewer with more axes (small dense references). */
    private static long[] dims(SplittableRandom r, int s) {
        long[] d = new long[Draws.between(r, 1, 3)];
        int max = d.length == 1 ? 2 * s + 3 : d.length == 2 ? s + 2 : 2 + s / 2;
        for (int a = 0; a < d.length; a++) {
            d[a] = Draws.between(r, 1, max);
        }
        return d;
    }

    private static double[] filter(SplittableRandom r, int taps) {
        double[] h = new double[taps];
        for (int k = 0; k < taps; k++) {
            h[k] = Math.rint(r.nextGaussian() * 64) / 64;                  // exact in float32 too
        }
        return h;
    }

    static OperatorCase convolve1d(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            int axis = q.nextInt(d.length);
            double[] h = filter(q, Draws.between(q, 1, 2 * z + 2));
            int offset = q.nextInt(h.length);
            return new Block(new Convolve1D(d, h, offset, axis - (q.nextBoolean() ? d.length : 0), t),
                    ReferenceOperators.convolve1d(d, h, offset, axis));
        });
    }

    static OperatorCase smoothing1d(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            int axis = q.nextInt(d.length);
            int ns = Draws.between(q, 1, 6);
            return new Block(new Smoothing1D(ns, d, axis, t), ReferenceOperators.smoothing1d(ns, d, axis));
        });
    }

    static OperatorCase poststack(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            int axis = q.nextInt(d.length);
            double[] w = filter(q, Draws.between(q, 1, 8));
            DerivativeKind kind = q.nextBoolean() ? DerivativeKind.CENTERED : DerivativeKind.FORWARD;
            return new Block(new PoststackLinearModelling(w, d, axis, kind, t), ReferenceOperators.poststack(w, d, axis,
                    org.jlops.mpi.reference.ops.DerivativeKind.valueOf(kind.name())));
        });
    }

    static OperatorCase restriction(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            int axis = q.nextInt(d.length);
            int[] iava = new int[Draws.between(q, 1, (int) (2 * d[axis]))];
            for (int k = 0; k < iava.length; k++) {
                iava[k] = q.nextInt((int) d[axis]);
            }
            return new Block(new Restriction(d, iava, axis, t), ReferenceOperators.restriction(d, iava, axis));
        });
    }

    static OperatorCase flip(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            int axis = q.nextInt(d.length);
            return new Block(new Flip(d, axis, t), ReferenceOperators.flip(d, axis));
        });
    }

    static OperatorCase roll(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            int axis = q.nextInt(d.length);
            long shift = q.nextInt(9) - 4;
            return new Block(new Roll(d, axis, shift, t), ReferenceOperators.roll(d, axis, shift));
        });
    }

    static OperatorCase sum(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            int axis = q.nextInt(d.length);
            return new Block(new Sum(d, axis, t), ReferenceOperators.sum(d, axis));
        });
    }

    static OperatorCase transpose(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < d.length; a++) {
                axes.add(a);
            }
            int[] p = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                p[i] = axes.remove(q.nextInt(axes.size()));
            }
            return new Block(new Transpose(d, p, t), ReferenceOperators.transpose(d, p));
        });
    }

    static OperatorCase pad(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            long[] d = dims(q, z);
            long[][] p = new long[d.length][];
            for (int a = 0; a < d.length; a++) {
                p[a] = new long[] {q.nextInt(3), q.nextInt(3)};
            }
            return new Block(new Pad(d, p, t), ReferenceOperators.pad(d, p));
        });
    }

    /**
     * A function operator written as a user would: the weighted running difference
     * {@code y[i] = a x[i] - x[i-1]} with its transpose {@code x[j] = a y[j] - y[j+1]}, through two lambdas.
     */
    static OperatorCase function(SplittableRandom r, int s) {
        return inBlockDiag(r, s, (q, z, t) -> {
            int n = Draws.between(q, 1, z + 4);
            double a = Math.rint(q.nextGaussian() * 8) / 8;
            FunctionOperator op = FunctionOperator.of(new long[] {n}, new long[] {n}, t,
                    (x, y) -> running(x, y, n, a, -1), (y, x) -> running(y, x, n, a, +1), "RunningDifference");
            return new Block(op, ReferenceOperators.convolve1d(new long[] {n}, new double[] {a, -1}, 0, 0));
        });
    }

    /** {@code out[i] = a in[i] - in[i + step]} (zero outside). */
    private static void running(NdArray in, NdArray out, int n, double a, int step) {
        for (int i = 0; i < n; i++) {
            int j = i + step;
            boolean inside = j >= 0 && j < n;
            out.set(i, a * in.re(i) - (inside ? in.re(j) : 0), a * in.im(i) - (inside ? in.im(j) : 0));
        }
    }
}
