package org.jlops.mpi.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
