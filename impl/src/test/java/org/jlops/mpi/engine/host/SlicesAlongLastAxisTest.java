package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.ops.serial.Convolve1D;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Along the last axis (one entry per row, edge rows of many terms: a convolution) a slice's bits
 * do not depend on the slices computed in the same call: many slices in one call against the same
 * slices one call each, on both loop paths, both precisions, overwriting and accumulating.
 */
class SlicesAlongLastAxisTest {

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT64", "FLOAT32"})
    void slicesTogetherGiveTheBitsOfSlicesOneByOne(String dtype) {
        ElementType type = ElementType.valueOf(dtype);
        SplittableRandom r = new SplittableRandom(11);
        StencilKernels host = Engine.host().stencils();
        for (StencilKernels k : new StencilKernels[] {host, host.scalar()}) {
            for (int n : new int[] {7, 53, 97}) {
                double[] h = new double[Math.min(41, n)];
                for (int t = 0; t < h.length; t++) {
                    h[t] = r.nextDouble(-1, 1);
                }
                Stencil[] stencils = {Convolve1D.stencil(n, h, h.length / 2), Convolve1D.stencil(n, h, 3),
                    SecondDerivative.stencil(n, 0.7, DerivativeKind.CENTERED, true)};
                for (Stencil s : stencils) {
                    for (int outer : new int[] {2, 63, 64, 131}) {
                        for (boolean acc : new boolean[] {false, true}) {
                            Buffer x = random(type, (long) outer * n + 5, r);
                            Buffer together = random(type, (long) outer * n + 9, new SplittableRandom(3));
                            Buffer alone = random(type, (long) outer * n + 9, new SplittableRandom(3));
                            k.apply(s, outer, 1, x, 5, together, 9, acc);
                            for (int o = 0; o < outer; o++) {
                                k.apply(s, 1, 1, x, 5 + (long) o * n, alone, 9 + (long) o * n, acc);
                            }
                            assertBits(alone, together, k.implementation() + ", n " + n + ", outer " + outer
                                    + ", accumulate " + acc);
                        }
                    }
                }
            }
        }
    }

    private static Buffer random(ElementType type, long length, SplittableRandom r) {
        Buffer b = Engine.host().allocate(type, length);
        if (b.hostArray() instanceof double[] d) {
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextDouble(-1, 1);
            }
        } else {
            float[] f = (float[]) b.hostArray();
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) r.nextDouble(-1, 1);
            }
        }
        return b;
    }

    private static void assertBits(Buffer expected, Buffer actual, String what) {
        if (expected.hostArray() instanceof double[] e) {
            double[] a = (double[]) actual.hostArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + ", entry " + i);
            }
        } else {
            float[] e = (float[]) expected.hostArray();
            float[] a = (float[]) actual.hostArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + ", entry " + i);
            }
        }
    }
}
