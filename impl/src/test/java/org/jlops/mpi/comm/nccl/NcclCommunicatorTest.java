package org.jlops.mpi.comm.nccl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.cuda.CudaLibraries;
import org.jlops.mpi.cuda.Nccl;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NCCL communicator and the staging communicator. Here: the type and padding rules, and the
 * message without a GPU. On a GPU: NCCL collectives at one rank on device buffers of the CUDA
 * engine, host calls through the base, and the staging communicator at 2 and 4 in-JVM ranks
 * sharing the GPU; skipped (not passed) without one.
 */
class NcclCommunicatorTest {

    private static Optional<String> noGpu() {
        try {
            Engine.cuda();
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Engine gpu() {
        Optional<String> why = noGpu();
        assumeTrue(why.isEmpty(), () -> "no GPU: " + why.orElse(""));
        return Engine.cuda();
    }

    @Test
    void complexTravelsAsPairsOfReals() {
        assertArrayEquals(new long[] {Nccl.FLOAT64, 10}, NcclCommunicator.ncclType(Datatype.COMPLEX128, 5));
        assertArrayEquals(new long[] {Nccl.FLOAT32, 10}, NcclCommunicator.ncclType(Datatype.COMPLEX64, 5));
        assertArrayEquals(new long[] {Nccl.FLOAT64, 5}, NcclCommunicator.ncclType(Datatype.FLOAT64, 5));
        assertArrayEquals(new long[] {Nccl.FLOAT32, 5}, NcclCommunicator.ncclType(Datatype.FLOAT32, 5));
        assertArrayEquals(new long[] {Nccl.INT64, 5}, NcclCommunicator.ncclType(Datatype.INT64, 5));
        assertArrayEquals(new long[] {Nccl.INT32, 5}, NcclCommunicator.ncclType(Datatype.INT32, 5));
        assertEquals(Nccl.SUM, NcclCommunicator.ncclOp(ReduceOp.SUM));
        assertEquals(Nccl.MAX, NcclCommunicator.ncclOp(ReduceOp.MAX));
        assertEquals(Nccl.MIN, NcclCommunicator.ncclOp(ReduceOp.MIN));
    }

    @Test
    void unevenGathersPadToTheLargestPart() {
        assertEquals(7, NcclCommunicator.paddedChunk(new long[] {3, 7, 0, 5}));
        assertEquals(0, NcclCommunicator.paddedChunk(new long[] {0, 0}));
    }

    /** The binding itself, where libnccl is found (pip install nvidia-nccl-cu13; no GPU needed for these two calls). */
    @Test
    void theNcclLibraryGivesItsVersionAndUniqueIds() {
        Nccl nccl;
        try {
            nccl = Nccl.load(CudaLibraries.system());
        } catch (IllegalStateException e) {
            assumeTrue(false, "no libnccl: " + e.getMessage());
            return;
        }
        assertTrue(nccl.version() >= 21800, "NCCL version code " + nccl.version());
        byte[] a = nccl.uniqueId(), b = nccl.uniqueId();
        assertEquals(Nccl.UNIQUE_ID_BYTES, a.length);
        assertTrue(!java.util.Arrays.equals(a, new byte[a.length]), "a unique id of zeros");
        assertTrue(!java.util.Arrays.equals(a, b), "two unique ids are equal");
    }

    @Test
    void withoutAGpuTheMessageSaysWhatIsMissing() {
        assumeTrue(noGpu().isPresent(), "this machine has a usable GPU");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Communicators.nccl(LocalCluster.self()));
        assertTrue(e.getMessage().startsWith("NCCL: no usable CUDA device") || e.getMessage().contains("not found"),
                e.getMessage());
    }

    // ---------------------------------------------------------------------------------------
    // On a GPU

    private static Buffer device(Engine gpu, double... values) {
        return gpu.fromHost(values, ElementType.FLOAT64);
    }

    private static double[] host(Engine gpu, Buffer b) {
        return (double[]) gpu.toHost(b);
    }

    @Test
    void ncclAtOneRankOnDeviceBuffers() {
        Engine gpu = gpu();
        try (Communicator nccl = Communicators.nccl(LocalCluster.self())) {
            assertEquals("nccl", nccl.backend());
            Buffer x = device(gpu, 1, 2, 3), out = gpu.allocate(ElementType.FLOAT64, 3);
            nccl.allreduce(x.segment(), out.segment(), 3, Datatype.FLOAT64, ReduceOp.SUM);
            assertArrayEquals(new double[] {1, 2, 3}, host(gpu, out));
            nccl.allreduce(x.segment(), x.segment(), 3, Datatype.FLOAT64, ReduceOp.MAX);      // in place
            assertArrayEquals(new double[] {1, 2, 3}, host(gpu, x));
            Buffer z = gpu.fromHost(new double[] {1, -1, 2, -2}, ElementType.COMPLEX128);
            Buffer zs = gpu.allocate(ElementType.COMPLEX128, 2);
            nccl.allreduce(z.segment(), zs.segment(), 2, Datatype.COMPLEX128, ReduceOp.SUM);
            assertArrayEquals(new double[] {1, -1, 2, -2}, host(gpu, zs));
            Buffer g = gpu.allocate(ElementType.FLOAT64, 3);
            nccl.allgather(x.segment(), g.segment(), 3, Datatype.FLOAT64);
            assertArrayEquals(new double[] {1, 2, 3}, host(gpu, g));
            Buffer v = gpu.allocate(ElementType.FLOAT64, 4);
            nccl.allgatherv(x.segment(), 3, v.segment(), new long[] {3}, new long[] {1}, Datatype.FLOAT64);
            assertArrayEquals(new double[] {0, 1, 2, 3}, host(gpu, v));
            nccl.bcast(x.segment(), 3, Datatype.FLOAT64, 0);
            assertArrayEquals(new double[] {1, 2, 3}, host(gpu, x));
            assertEquals(5.0, nccl.allreduce(5.0, ReduceOp.SUM), "host memory goes through the base");
            nccl.barrier();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void stagingLetsRanksShareOneGpu(int n) {
        Engine gpu = gpu();
        LocalCluster.run(n, comm -> {
            try (Communicator s = Communicators.staging(comm)) {
                int r = s.rank();
                Buffer x = device(gpu, r + 1, 10 * (r + 1)), sum = gpu.allocate(ElementType.FLOAT64, 2);
                s.allreduce(x.segment(), sum.segment(), 2, Datatype.FLOAT64, ReduceOp.SUM);
                double t = n * (n + 1) / 2.0;
                assertArrayEquals(new double[] {t, 10 * t}, host(gpu, sum));
                // uneven gather: rank q sends q + 1 copies of q
                double[] mine = new double[r + 1];
                java.util.Arrays.fill(mine, r);
                long[] counts = new long[n], displs = new long[n];
                for (int q = 0, at = 0; q < n; at += q + 1, q++) {
                    counts[q] = q + 1;
                    displs[q] = at;
                }
                Buffer all = gpu.allocate(ElementType.FLOAT64, n * (n + 1) / 2);
                s.allgatherv(device(gpu, mine).segment(), r + 1, all.segment(), counts, displs, Datatype.FLOAT64);
                double[] got = host(gpu, all);
                for (int q = 0; q < n; q++) {
                    for (int k = 0; k < q + 1; k++) {
                        assertEquals(q, got[(int) displs[q] + k]);
                    }
                }
                Buffer b = device(gpu, r == n - 1 ? 42 : 0);
                s.bcast(b.segment(), 1, Datatype.FLOAT64, n - 1);
                assertArrayEquals(new double[] {42}, host(gpu, b));
                Buffer in = gpu.allocate(ElementType.FLOAT64, 1);
                s.sendrecv(device(gpu, r).segment(), 1, (r + 1) % n, 7, in.segment(), 1, (r + n - 1) % n, 7,
                        Datatype.FLOAT64);
                assertArrayEquals(new double[] {(r + n - 1) % n}, host(gpu, in));
            }
        });
    }
}
