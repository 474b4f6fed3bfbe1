package org.jlops.mpi.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
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

    /**
     * Every move between two axes, at 1 to 4 ranks (uneven splits, empty blocks), in both
     * precisions, real and complex, gives the bits of redistribute; a mover reused for a second
     * move (its buffers held) too.
     */
    @Test
    void movesAreTheBitsOfRedistribute() {
        for (long[] shape : SHAPES) {
            for (DType dt : new DType[] {DType.COMPLEX128, DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64}) {
                NdArray global = random(dt, 3, shape);
                for (int np = 1; np <= 4; np++) {
                    LocalCluster.run(np, comm -> {
                        SlabMove mover = new SlabMove();
                        for (int a = 0; a < shape.length; a++) {
                            for (int b = 0; b < shape.length; b++) {
                                if (a == b) {
                                    continue;
                                }
                                DistributedArray x = DistributedArray.toDist(global, comm).redistribute(a);
                                DistributedArray want = x.redistribute(b);
                                for (int round = 0; round < 2; round++) {
                                    Buffer dst = Engine.host().allocate(dt.elementType(), want.localBuffer().length());
                                    mover.move(comm, shape, a, b, dt, x.localBuffer(), dst);
                                    String what = java.util.Arrays.toString(shape) + " " + dt + " np=" + comm.size()
                                            + " " + a + "->" + b + " round " + round;
                                    if (dt.isDoublePrecision()) {
                                        assertArrayEquals((double[]) want.localBuffer().hostArray(),
                                                (double[]) dst.hostArray(), what);
                                    } else {
                                        assertArrayEquals((float[]) want.localBuffer().hostArray(),
                                                (float[]) dst.hostArray(), what);
                                    }
                                }
                            }
                        }
                    });
                }
            }
        }
    }

    /**
     * A move of rows made on demand gives the bits of redistribute too, at 1 to 4 ranks, for every
     * pair of axes (packing or not), the rows asked for once each, in order, all of them.
     */
    @Test
    void movesOfRowsMadeOnDemandAreTheBitsOfRedistribute() {
        long[][] shapes = {{5, 7, 3}, {4, 1, 6}, {2, 3}, {3, 2, 4, 5}, {40, 3, 700}, {7, 2000}};
        for (long[] shape : shapes) {
            for (DType dt : new DType[] {DType.COMPLEX128, DType.FLOAT32}) {
                NdArray global = random(dt, 5, shape);
                for (int np = 1; np <= 4; np++) {
                    LocalCluster.run(np, comm -> {
                        SlabMove mover = new SlabMove();
                        for (int a = 0; a < shape.length; a++) {
                            for (int b = 0; b < shape.length; b++) {
                                if (a == b) {
                                    continue;
                                }
                                DistributedArray x = DistributedArray.toDist(global, comm).redistribute(a);
                                DistributedArray want = x.redistribute(b);
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
                                    String what = java.util.Arrays.toString(shape) + " " + dt + " np=" + comm.size()
                                            + " " + a + "->" + b + " round " + round;
                                    assertEquals(mine[0], next[0], what + ": every row");
                                    if (dt.isDoublePrecision()) {
                                        assertArrayEquals((double[]) want.localBuffer().hostArray(),
                                                (double[]) dst.hostArray(), what);
                                    } else {
                                        assertArrayEquals((float[]) want.localBuffer().hostArray(),
                                                (float[]) dst.hostArray(), what);
                                    }
                                }
                            }
                        }
                    });
                }
            }
        }
    }

    /**
     * A move whose new block is taken a few rows at a time hands over the rows of redistribute's
     * block, at 1 to 4 ranks, for every pair of axes (unpacking or not), each row once, in order.
     */
    @Test
    void movesTakenAsRowsAreTheBitsOfRedistribute() {
        long[][] shapes = {{5, 7, 3}, {4, 1, 6}, {2, 3}, {3, 2, 4, 5}, {40, 3, 700}, {70, 2000}};
        for (long[] shape : shapes) {
            for (DType dt : new DType[] {DType.COMPLEX128, DType.FLOAT32}) {
                NdArray global = random(dt, 6, shape);
                for (int np = 1; np <= 4; np++) {
                    LocalCluster.run(np, comm -> {
                        SlabMove mover = new SlabMove();
                        for (int a = 0; a < shape.length; a++) {
                            for (int b = 0; b < shape.length; b++) {
                                if (a == b) {
                                    continue;
                                }
                                DistributedArray x = DistributedArray.toDist(global, comm).redistribute(a);
                                DistributedArray want = x.redistribute(b);
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
                                    String what = java.util.Arrays.toString(shape) + " " + dt + " np=" + comm.size()
                                            + " " + a + "->" + b + " round " + round;
                                    assertEquals(target[0], next[0], what + ": every row");
                                    if (dt.isDoublePrecision()) {
                                        assertArrayEquals((double[]) want.localBuffer().hostArray(),
                                                (double[]) dst.hostArray(), what);
                                    } else {
                                        assertArrayEquals((float[]) want.localBuffer().hostArray(),
                                                (float[]) dst.hostArray(), what);
                                    }
                                }
                            }
                        }
                    });
                }
            }
        }
    }
}
