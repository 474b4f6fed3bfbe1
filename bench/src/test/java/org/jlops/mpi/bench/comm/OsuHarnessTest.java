package org.jlops.mpi.bench.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

class OsuHarnessTest {

    /** Elapsed nanoseconds of rank 0's repetitions; rank r takes (r + 1) times as long. */
    private static final long[] ELAPSED = {5000, 1000, 4000, 2000, 3000};

    @Test
    void timeIsTheMaximumOverRanksPerCallAndStatisticsAreOverRepetitions() {
        List<Object[]> out = LocalCluster.call(3, comm -> {
            long[] reads = {0};
            int[] iterations = {0};
            OsuHarness h = new OsuHarness(ELAPSED.length, () -> {
                // the warm-up (3 iterations, one block of at most 4) reads the clock twice first
                long k = reads[0]++ - 2;
                if (k < 0) {
                    return 0;
                }
                int rep = (int) (k / 2);
                // t0 of repetition j at 10^6 * j, t1 after (rank + 1) * ELAPSED[j] ns
                return 1_000_000L * rep + (k % 2 == 0 ? 0 : (comm.rank() + 1) * ELAPSED[rep]);
            });
            OsuHarness.Timing t = h.measure(comm, 3, 4, 2, () -> iterations[0]++);
            return new Object[] {t, iterations[0], reads[0]};
        });
        for (Object[] r : out) {
            OsuHarness.Timing t = (OsuHarness.Timing) r[0];
            // slowest rank: 3 x ELAPSED; per call: / (4 iterations x 2 calls)
            assertEquals(5, t.reps());
            assertEquals(3 * 3000e-9 / 8, t.medianSeconds(), 1e-18);
            assertEquals(3 * 1000e-9 / 8, t.minSeconds(), 1e-18);
            assertEquals(3 * 5000e-9 / 8, t.maxSeconds(), 1e-18);
            assertEquals(3 + 5 * 4, r[1]);
            assertEquals(12L, r[2]);
        }
    }

    @Test
    void warmForRunsBlocksUntilTheSlowestRankHasSpentTheTimeAndEveryRankMakesTheSameCalls() {
        // rank r's clock advances (r + 1) ms per reading: rank 2 reaches 10 ms after its fourth
        // reading after t0 (3 ms each), so every rank stops after 4 blocks, rank 0 at 4 ms of its own
        List<Object[]> out = LocalCluster.call(3, comm -> {
            long[] now = {0};
            int[] calls = {0};
            OsuHarness h = new OsuHarness(1, () -> now[0] += (comm.rank() + 1) * 1_000_000L);
            h.warmFor(comm, 0.010, 3, () -> calls[0]++);
            int afterWarm = calls[0];
            h.warmFor(comm, 0, 3, () -> calls[0]++);
            return new Object[] {afterWarm, calls[0]};
        });
        for (Object[] r : out) {
            assertEquals(4 * 3, r[0]);
            assertEquals(4 * 3, r[1]);
        }
        // checked before any communication
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OsuHarness(1).warmFor(null, 1, 0, () -> { }));
        assertEquals("block: must be at least 1, got 0", e.getMessage());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        OsuHarness.Timing t = OsuHarness.summarize(new double[] {4, 1, 3, 2});
        assertEquals(2.5, t.medianSeconds());
        assertEquals(1, t.minSeconds());
        assertEquals(4, t.maxSeconds());
    }

    @Test
    void rejectsBadCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OsuHarness(0));
        assertEquals("reps: must be at least 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OsuHarness.summarize(new double[0]));
    }
}
