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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    void deadlockedRanksFailATimedCallNamingThemAndWhereTheyWait() throws InterruptedException {
        ConcurrentHashMap<Integer, Throwable> seen = new ConcurrentHashMap<>();
        CountDownLatch left = new CountDownLatch(3);
        LocalCluster.RankTimeoutException e = assertTimeoutPreemptively(PROMPT, () -> assertThrows(
                LocalCluster.RankTimeoutException.class, () -> LocalCluster.call(3, Duration.ofMillis(300), comm -> {
                    try {
                        if (comm.rank() < 2) {                     // 0 and 1 wait for each other
                            comm.recv(java.lang.foreign.MemorySegment.ofArray(new double[1]), 1,
                                    org.jlops.mpi.comm.Datatype.FLOAT64, 1 - comm.rank(), 5);
                        } else {
                            comm.barrier();
                        }
                    } catch (CollectiveException ce) {
                        seen.put(comm.rank(), ce);
                        left.countDown();
                        throw ce;
                    }
                    return comm.rank();
                })));
        assertArrayEquals(new int[] {0, 1, 2}, e.ranks());
        assertTrue(e.getMessage().startsWith("ranks [0, 1, 2] of 3 did not finish within 300 ms: rank 0 in recv, "
                + "called from org.jlops.mpi.comm.local.LocalClusterTest"), e.getMessage());
        assertTrue(e.getMessage().contains("; rank 2 in barrier, called from "), e.getMessage());
        assertTrue(left.await(PROMPT.toSeconds(), TimeUnit.SECONDS), "every waiting rank leaves its wait: " + seen);
        for (Throwable t : seen.values()) {
            assertTrue(t.getMessage().contains("the cluster ran past its time limit"), t.getMessage());
        }
    }

    @Test
    void aRankThatDoesNotWaitInTheCommunicatorIsInterrupted() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        LocalCluster.RankTimeoutException e = assertTimeoutPreemptively(PROMPT, () -> assertThrows(
                LocalCluster.RankTimeoutException.class, () -> LocalCluster.run(2, Duration.ofMillis(200), comm -> {
                    if (comm.rank() == 1) {
                        try {
                            Thread.sleep(PROMPT.toMillis());
                        } catch (InterruptedException ie) {
                            interrupted.countDown();
                        }
                    }
                })));
        assertArrayEquals(new int[] {1}, e.ranks());
        assertTrue(e.getMessage().contains("rank 1 at java.base/java.lang.Thread.sleep"), e.getMessage());
        // the call returns as it interrupts the rank; the rank's thread notices a moment later
        assertTrue(interrupted.await(PROMPT.toSeconds(), TimeUnit.SECONDS), "rank 1 was interrupted");
    }

    @Test
    void aTimedCallThatFinishesInTimeReturnsTheResults() {
        List<Double> sums = LocalCluster.call(4, Duration.ofMinutes(1), comm -> comm.allreduce(1.0, ReduceOp.SUM));
        assertEquals(List.of(4.0, 4.0, 4.0, 4.0), sums);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalCluster.call(2, Duration.ZERO, Communicator::rank));
        assertTrue(e.getMessage().startsWith("timeout: must be positive"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveRankCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalCluster.run(0, c -> { }));
        assertTrue(e.getMessage().startsWith("n:"), e.getMessage());
    }
}
