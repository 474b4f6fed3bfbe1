package org.jlops.mpi.comm.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.jlops.mpi.comm.CollectiveException;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.junit.jupiter.api.Test;

class LocalClusterTest {

    private static final Duration PROMPT = Duration.ofSeconds(10);

    @Test
    void resultsComeBackByRank() {
        List<Integer> ranks = LocalCluster.call(5, Communicator::rank);
        assertEquals(List.of(0, 1, 2, 3, 4), ranks);
    }

    @Test
    void rankThatThrowsFailsTheOthersPromptlyAndIsReportedFirst() {
        IllegalStateException boom = new IllegalStateException("boom on rank 2");
        ConcurrentHashMap<Integer, Throwable> seen = new ConcurrentHashMap<>();
        LocalCluster.RankFailedException e = assertTimeoutPreemptively(PROMPT, () -> assertThrows(
                LocalCluster.RankFailedException.class, () -> LocalCluster.run(4, comm -> {
                    if (comm.rank() == 2) {
                        throw boom;
                    }
                    try {
                        comm.barrier();
                    } catch (CollectiveException ce) {
                        seen.put(comm.rank(), ce);
                        throw ce;
                    }
                })));
        assertEquals(2, e.rank());
        assertSame(boom, e.getCause());
        assertEquals(3, seen.size(), "every waiting rank sees the failure");
        for (Throwable t : seen.values()) {
            assertSame(boom, t.getCause());
            assertTrue(t.getMessage().contains("rank 2 failed"), t.getMessage());
        }
    }

    @Test
    void failureAlsoEndsAPendingReceive() {
        LocalCluster.RankFailedException e = assertTimeoutPreemptively(PROMPT, () -> assertThrows(
                LocalCluster.RankFailedException.class, () -> LocalCluster.run(3, comm -> {
                    if (comm.rank() == 1) {
                        throw new IllegalArgumentException("bad input on rank 1");
                    }
                    if (comm.rank() == 0) {
                        comm.recv(java.lang.foreign.MemorySegment.ofArray(new double[1]), 1,
                                org.jlops.mpi.comm.Datatype.FLOAT64, 1, 0);
                    }
                })));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void rankThatReturnsEarlyDoesNotHangTheOthers() {
        LocalCluster.RankFailedException e = assertTimeoutPreemptively(PROMPT, () -> assertThrows(
                LocalCluster.RankFailedException.class, () -> LocalCluster.run(3, comm -> {
                    if (comm.rank() != 0) {
                        comm.allreduce(1.0, ReduceOp.SUM);
                    }
                })));
        assertTrue(e.getCause().getMessage().contains("returned from its task"), e.getCause().getMessage());
    }

    @Test
    void reductionsAreBitIdenticalRunAfterRun() {
        Random rnd = new Random(7);
        double[][] data = new double[6][1000];
        for (double[] row : data) {
            for (int i = 0; i < row.length; i++) {
                row[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6);
            }
        }
        LocalCluster.RankTask<double[]> task = comm -> {
            double[] buf = data[comm.rank()].clone();
            comm.allreduce(buf, ReduceOp.SUM);
            return buf;
        };
        List<double[]> first = LocalCluster.call(6, task);
        for (int run = 0; run < 5; run++) {
            List<double[]> again = LocalCluster.call(6, task);
            for (int r = 0; r < 6; r++) {
                assertArrayEquals(first.get(0), again.get(r), "run " + run + " rank " + r);
            }
        }
        // rank order: ((d0 + d1) + d2) + ...
        double expected = data[0][3];
        for (int r = 1; r < 6; r++) {
            expected += data[r][3];
        }
        assertEquals(expected, first.get(0)[3]);
    }

    @Test
    void selfIsOneRankAndCanMessageItself() {
        Communicator self = LocalCluster.self();
        assertEquals(0, self.rank());
        assertEquals(1, self.size());
        assertEquals(3.5, self.allreduce(3.5, ReduceOp.MAX));
        double[] out = {1, 2};
        double[] in = new double[2];
        self.sendrecv(java.lang.foreign.MemorySegment.ofArray(out), 2, 0, 0,
                java.lang.foreign.MemorySegment.ofArray(in), 2, 0, 0, org.jlops.mpi.comm.Datatype.FLOAT64);
        assertArrayEquals(out, in);
        assertNotNull(self.split(0, 0));
    }

    @Test
    void rejectsNonPositiveRankCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.run(0, c -> { }));
        assertTrue(e.getMessage().startsWith("n:"), e.getMessage());
    }
}
