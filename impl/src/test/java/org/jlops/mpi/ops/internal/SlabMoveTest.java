package org.jlops.mpi.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.FftKernels;
import org.junit.jupiter.api.Test;

/** {@link SlabMove} against {@link DistributedArray#redistribute}. */
class SlabMoveTest {

    private static final long[][] SHAPES = {{5, 7, 3}, {4, 1, 6}, {2, 3}, {3, 2, 4, 5}, {1, 6, 2}};

    private static NdArray random(DType dt, long seed, long... shape) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(dt, shape);
        for (long q = 0; q < a.size(); q++) {
            a.set(q, rnd.nextGaussian(), dt.isComplex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    /** One move of a test: this rank's block along {@code a}, and redistribute's block along {@code b}. */
    @FunctionalInterface
    private interface MoveCase {
        void check(Communicator comm, SlabMove mover, long[] shape, DType dt, int a, int b, DistributedArray x,
                DistributedArray want);
    }

    /**
     * Runs {@code body} for every shape, dtype, rank count 1 to 4 and pair of distinct axes, the
     * global array random from {@code seed}, with one mover per rank count (reused across moves).
     */
    private static void eachMove(long[][] shapes, DType[] dtypes, long seed, MoveCase body) {
        for (long[] shape : shapes) {
            for (DType dt : dtypes) {
                NdArray global = random(dt, seed, shape);
                for (int np = 1; np <= 4; np++) {
                    LocalCluster.run(np, comm -> {
                        SlabMove mover = new SlabMove();
                        for (int a = 0; a < shape.length; a++) {
                            for (int b = 0; b < shape.length; b++) {
                                if (a != b) {
                                    DistributedArray x = DistributedArray.toDist(global, comm).redistribute(a);
                                    body.check(comm, mover, shape, dt, a, b, x, x.redistribute(b));
                                }
                            }
                        }
                    });
                }
            }
        }
    }

    private static String what(Communicator comm, long[] shape, DType dt, int a, int b, int round) {
        return Arrays.toString(shape) + " " + dt + " np=" + comm.size() + " " + a + "->" + b + " round " + round;
    }

    private static void assertSameBits(DistributedArray want, Buffer dst, String what) {
        if (want.dtype().isDoublePrecision()) {
            assertArrayEquals((double[]) want.localBuffer().hostArray(), (double[]) dst.hostArray(), what);
        } else {
            assertArrayEquals((float[]) want.localBuffer().hostArray(), (float[]) dst.hostArray(), what);
        }
    }

    /**
     * Every move between two axes, at 1 to 4 ranks (uneven splits, empty blocks), in both
     * precisions, real and complex, gives the bits of redistribute; a mover reused for a second
     * move (its buffers held) too.
     */
    @Test
    void movesAreTheBitsOfRedistribute() {
        eachMove(SHAPES, new DType[] {DType.COMPLEX128, DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64}, 3,
                (comm, mover, shape, dt, a, b, x, want) -> {
                    for (int round = 0; round < 2; round++) {
                        Buffer dst = Engine.host().allocate(dt.elementType(), want.localBuffer().length());
                        mover.move(comm, shape, a, b, dt, x.localBuffer(), dst);
                        assertSameBits(want, dst, what(comm, shape, dt, a, b, round));
                    }
                });
    }

    /**
     * A move of rows made on demand gives the bits of redistribute too, at 1 to 4 ranks, for every
     * pair of axes (packing or not), the rows asked for once each, in order, all of them.
     */
    @Test
    void movesOfRowsMadeOnDemandAreTheBitsOfRedistribute() {
        long[][] shapes = {{5, 7, 3}, {4, 1, 6}, {2, 3}, {3, 2, 4, 5}, {40, 3, 700}, {7, 2000}};
        eachMove(shapes, new DType[] {DType.COMPLEX128, DType.FLOAT32}, 5, (comm, mover, shape, dt, a, b, x, want) -> {
            Buffer src = x.localBuffer();
            long[] mine = x.localShape();
            long row = mine[0] == 0 ? 0 : src.length() / mine[0];
            long[] next = {0};
            for (int round = 0; round < 2; round++) {
                next[0] = 0;
                Buffer dst = Engine.host().allocate(dt.elementType(), want.localBuffer().length());
                mover.move(comm, shape, a, b, dt, (from, to, into) -> {
                    assertEquals(next[0], from, "rows in order");
                    next[0] = to;
                    Engine.host().copy(src, from * row, into, 0, (to - from) * row);
                }, dst);
                String what = what(comm, shape, dt, a, b, round);
                assertEquals(mine[0], next[0], what + ": every row");
                assertSameBits(want, dst, what);
            }
        });
    }

    /**
     * A move whose new block is taken a few rows at a time hands over the rows of redistribute's
     * block, at 1 to 4 ranks, for every pair of axes (unpacking or not), each row once, in order.
     */
    @Test
    void movesTakenAsRowsAreTheBitsOfRedistribute() {
        long[][] shapes = {{5, 7, 3}, {4, 1, 6}, {2, 3}, {3, 2, 4, 5}, {40, 3, 700}, {70, 2000}};
        eachMove(shapes, new DType[] {DType.COMPLEX128, DType.FLOAT32}, 6, (comm, mover, shape, dt, a, b, x, want) -> {
            long[] target = want.localShape();
            long row = target[0] == 0 ? 0 : want.localBuffer().length() / target[0];
            for (int round = 0; round < 2; round++) {
                Buffer dst = Engine.host().allocate(dt.elementType(), want.localBuffer().length());
                long[] next = {0};
                mover.move(comm, shape, a, b, dt, x.localBuffer(), (from, to, rows) -> {
                    assertEquals(next[0], from, "rows in order");
                    next[0] = to;
                    Engine.host().copy(rows, 0, dst, from * row, (to - from) * row);
                });
                String what = what(comm, shape, dt, a, b, round);
                assertEquals(target[0], next[0], what + ": every row");
                assertSameBits(want, dst, what);
            }
        });
    }

    /**
     * A move whose block is written in pieces cut along the new axis gives the bits of
     * redistribute, at 1 to 4 ranks (uneven splits, empty parts), for every pair of axes that takes
     * pieces; the writer copies the block's elements into the pieces it is given, which cover the
     * new axis in order; a pair that does not take pieces is refused.
     */
    @Test
    void movesWrittenInPiecesAreTheBitsOfRedistribute() {
        long[][] shapes = {{5, 7, 3}, {4, 1, 6}, {2, 3}, {3, 2, 4, 5}, {7, 9}, {1, 6, 2}};
        eachMove(shapes, new DType[] {DType.COMPLEX128, DType.COMPLEX64}, 8, (comm, mover, shape, dt, a, b, x, want) -> {
            Buffer dst = Engine.host().allocate(dt.elementType(), want.localBuffer().length());
            if (!SlabMove.takesPieces(shape.length, a, b)) {
                assertThrows(IllegalArgumentException.class, () -> mover.move(comm, shape, a, b, dt, pieces -> { },
                        dst));
                return;
            }
            for (int round = 0; round < 2; round++) {
                mover.move(comm, shape, a, b, dt, pieces -> copyInPieces(x.localBuffer(), x.localShape(), b, pieces),
                        dst);
                assertSameBits(want, dst, what(comm, shape, dt, a, b, round));
            }
        });
    }

    /** Copies the block of shape {@code mine} into {@code pieces} cut along {@code axis}, checking they cover it in order. */
    private static void copyInPieces(Buffer src, long[] mine, int axis, List<FftKernels.Piece> pieces) {
        long outer = FftSteps.outer(mine, axis);
        long inner = FftSteps.inner(mine, axis);
        int n = (int) mine[axis];
        FftKernels.Piece.check(pieces, src, src.type(), outer, n, inner);
        for (FftKernels.Piece q : pieces) {
            for (long o = 0; o < outer; o++) {
                for (int k = q.from(); k < q.to(); k++) {
                    Engine.host().copy(src, (o * n + k) * inner, q.out(), q.pos() + o * q.outerStride()
                            + (k - q.from()) * q.elemStride(), inner);
                }
            }
        }
    }
}
