package org.jlops.mpi.ops.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * {@link NonStationaryKernel} overwrites its output rows: a block whose output buffer holds stale
 * values gives the same result as a zeroed one (the operators always pass fresh buffers, so only a
 * direct call can tell), in both precisions, forward and adjoint, for a slab in the middle of the axis.
 */
class NonStationaryKernelTest {

    static Buffer filled(ElementType t, int length, Random rnd) {
        Buffer b = Engine.host().allocate(t, length);
        if (b.hostArray() instanceof double[] d) {
            for (int k = 0; k < d.length; k++) {
                d[k] = rnd.nextGaussian();
            }
        } else {
            float[] f = (float[]) b.hostArray();
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) rnd.nextGaussian();
            }
        }
        return b;
    }

    static double[] components(Buffer b) {
        if (b.hostArray() instanceof double[] d) {
            return d.clone();
        }
        float[] f = (float[]) b.hostArray();
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return d;
    }

    @Test
    void staleOutputIsOverwritten() {
        double[][] hs = {{1, 2, 3}, {-1, 0.5, 4}, {2, -2, 1}};
        NonStationaryKernel kernel = new NonStationaryKernel(hs, 1, 3, 10);
        for (ElementType t : ElementType.values()) {
            Random rnd = new Random(7);
            long inner = 2;
            // rows [3, 7) of the output from rows [2, 8) of the input (one ghost row each side)
            Buffer x = filled(t, (int) (6 * inner), rnd);
            Buffer stale = filled(t, (int) (4 * inner), rnd);
            Buffer zero = Engine.host().allocate(t, 4 * inner);
            kernel.forward(x, 2, 6, stale, 3, 4, inner);
            kernel.forward(x, 2, 6, zero, 3, 4, inner);
            assertArrayEquals(components(zero), components(stale), t + " forward");
            Buffer staleAdj = filled(t, (int) (4 * inner), rnd);
            Buffer zeroAdj = Engine.host().allocate(t, 4 * inner);
            kernel.adjoint(x, 2, 6, staleAdj, 3, 4, inner);
            kernel.adjoint(x, 2, 6, zeroAdj, 3, 4, inner);
            assertArrayEquals(components(zeroAdj), components(staleAdj), t + " adjoint");
        }
    }
}
