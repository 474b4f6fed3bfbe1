package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the array conformance suite of {@code verify} (org.jlops.mpi.verify.array.ArrayConformance:
 * SPEC §10's parameter sets at 1..8 in-JVM ranks and under mpirun) does not cover: bit-identical
 * results across two separate runs, storage widths and live views, the mask sub-communicator
 * cache, and global shapes beyond the int range. Also the element-wise reference helpers the
 * stacked-array tests use.
 */
class DistributedArrayConformanceTest {

    /** Element-wise reference: '+', '-', '*', 'n' (negate), 'c' (conj). */
    static NdArray apply(NdArray a, NdArray b, char op) {
        NdArray out = NdArray.zeros(a.dtype(), a.shape());
        for (long k = 0; k < a.size(); k++) {
            double ar = a.re(k), ai = a.im(k);
            double br = b == null ? 0 : b.re(k), bi = b == null ? 0 : b.im(k);
            switch (op) {
                case '+' -> out.set(k, ar + br, ai + bi);
                case '-' -> out.set(k, ar - br, ai - bi);
                case '*' -> out.set(k, ar * br - ai * bi, ar * bi + ai * br);
                case 'n' -> out.set(k, -ar, -ai);
                default -> out.set(k, ar, -ai);
            }
        }
        return out;
    }

    /** {@code (re + i im) * a} in a's dtype (real dtypes keep the real part). */
    static NdArray scale(NdArray a, double re, double im) {
        NdArray out = NdArray.zeros(a.dtype(), a.shape());
        for (long k = 0; k < a.size(); k++) {
            out.set(k, re * a.re(k) - im * a.im(k), re * a.im(k) + im * a.re(k));
        }
        return out;
    }

    static final double[] ORDS = {0, 1, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, 1.5, -1};

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {3, 5})
    void deterministic(int n) {
        List<List<Object>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            runs.add(LocalCluster.call(n, comm -> {
                List<Object> out = new ArrayList<>();
                for (DType t : DType.values()) {
                    NdArray a = SerialArrays.random(t, 7, 1, 3, 301, 17);
                    NdArray b = SerialArrays.random(t, 8, -2, 5, 301, 17);
                    DistributedArray x = DistributedArray.toDist(a, comm, Partition.SCATTER, 1);
                    DistributedArray y = DistributedArray.toDist(b, comm, Partition.SCATTER, 1);
                    DistributedArray z = x.multiply(0.3, 0.1).add(y.multiply(y)).subtract(x.conj());
                    out.add(z.asArray());
                    out.add(z.dot(y, true));
                    for (double ord : ORDS) {
                        out.add(Double.doubleToRawLongBits(z.norm(ord)));
                        out.add(z.norm(ord, 0));
                        out.add(z.norm(ord, 1));
                    }
                    out.add(z.redistribute(0).asArray());
                }
                return out;
            }));
        }
        assertEquals(runs.get(0), runs.get(1), "two runs give bit-identical results");
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 3})
    void storageWidthsAndLiveViews(int n) {
        LocalCluster.run(n, comm -> {
            for (DType t : DType.values()) {
                DistributedArray x = DistributedArray.builder(comm, 12, 3).dtype(t).build();
                Object storage = x.localBuffer().hostArray();
                assertEquals(t.isDoublePrecision() ? double[].class : float[].class, storage.getClass(),
                        t + " is stored at its own width");
                int entries = storage instanceof double[] d ? d.length : ((float[]) storage).length;
                assertEquals(x.localSize() * t.components(), entries);
                // localArray() is a live view; a local array given to the builder is used by reference
                x.localArray().set(0, 5, 1);
                assertEquals(5.0, x.localArray().re(0), 0.0);
                NdArray mine = NdArray.zeros(t, x.localShape());
                DistributedArray y = DistributedArray.builder(comm, 12, 3).dtype(t).localArray(mine).build();
                y.fill(2);
                y.iadd(y.copy());
                assertEquals(4.0, mine.re(mine.size() - 1), 0.0);
            }
            assertEquals(2 * DType.FLOAT32.itemSize(), DType.FLOAT64.itemSize(), "float32 takes half the memory");
            assertEquals(2 * DType.COMPLEX64.itemSize(), DType.COMPLEX128.itemSize());
        });
    }

    @org.junit.jupiter.api.Test
    void maskSubCommunicatorsAreCached() {
        LocalCluster.run(4, comm -> {
            int[] mask = {0, 0, 1, 1};
            DistributedArray x = DistributedArray.builder(comm, 8).mask(mask).build();
            assertEquals(1, Masks.cachedCount(comm));
            DistributedArray y = DistributedArray.builder(comm, 8).mask(0, 0, 1, 1).build();
            assertSame(x.subCommunicator(), y.subCommunicator(), "one split per mask");
            x.fill(1);
            x.add(y).multiply(2).copy().conj().zerosLike();
            assertEquals(1, Masks.cachedCount(comm), "arithmetic results do not split");
            DistributedArray.builder(comm, 8).mask(0, 1, 0, 1).build();
            assertEquals(2, Masks.cachedCount(comm));
            assertEquals(2, x.subCommunicator().size());
            assertEquals(4.0, x.norm(1), "norm over the group of 2 ranks, 2 elements each");
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 3, 8})
    void globalShapesBeyondIntRange(int n) {
        LocalCluster.run(n, comm -> {
            long big = 3L << 31;
            DistributedArray x = DistributedArray.builder(comm, big, 0).dtype(DType.COMPLEX64).build();
            assertArrayEquals(new long[] {LocalSplit.count(big, comm.rank(), n), 0}, x.localShape());
            assertEquals(0.0, x.norm(2));
            assertEquals(0.0, x.dot(x).re());
            DistributedArray y = x.redistribute(1);
            assertEquals(0, y.localSize());
            assertEquals(0, x.norm(1, 0).size());
            DistributedArray v = DistributedArray.builder(comm, 1L << 40, 0).partition(Partition.SCATTER).build();
            assertEquals((1L << 40) / n + (comm.rank() < (1L << 40) % n ? 1 : 0), v.localShape()[0]);
        });
    }
}
