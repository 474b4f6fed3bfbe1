package org.jlops.mpi.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

class CollectiveChecksTest {

    /** Runs {@code check} on every rank and returns what each rank threw (null: nothing). */
    private static List<String> outcomes(int n, LocalCluster.RankBody check) {
        return LocalCluster.call(n, comm -> {
            try {
                check.run(comm);
                comm.barrier(); // every rank is still in step after the check
                return null;
            } catch (IllegalArgumentException e) {
                comm.barrier();
                return e.getMessage();
            }
        });
    }

    @Test
    void passesWhenEveryRankPasses() {
        for (String s : outcomes(4, comm -> CollectiveChecks.agree(comm, null))) {
            assertNull(s);
        }
    }

    @Test
    void oneFailingRankMakesEveryRankThrowItsMessage() {
        List<String> out = outcomes(5, comm -> CollectiveChecks.agree(comm,
                comm.rank() == 3 ? "axis: must be in [-2, 2), got 7" : null));
        for (String s : out) {
            assertEquals("axis: must be in [-2, 2), got 7 (reported by rank 3)", s);
        }
    }

    @Test
    void theLowestFailingRankIsReported() {
        List<String> out = outcomes(6, comm -> CollectiveChecks.agree(comm,
                comm.rank() >= 2 ? "mask: bad on rank " + comm.rank() + " \u2264 unicode" : null));
        for (String s : out) {
            assertEquals("mask: bad on rank 2 \u2264 unicode (reported by rank 2)", s);
        }
    }

    @Test
    void oneRankNeedsNoRankSuffix() {
        assertEquals(List.of("x: bad"), outcomes(1, comm -> CollectiveChecks.agree(comm, "x: bad")));
    }

    @Test
    void agreeSameFindsTheDifferingGroup() {
        List<String> out = outcomes(4, comm -> CollectiveChecks.agreeSame(comm, null,
                new String[] {"globalShape", "mask"},
                new long[][] {{10, 5}, comm.rank() == 2 ? new long[] {0, 1, 1, 1} : new long[] {0, 0, 1, 1}}));
        for (String s : out) {
            assertEquals("mask: must be the same on every rank, but rank 0 passed [0, 0, 1, 1] and rank 2 passed "
                    + "[0, 1, 1, 1]", s);
        }
        out = outcomes(3, comm -> CollectiveChecks.agreeSame(comm, null, new String[] {"localShapes"},
                new long[][] {comm.rank() == 1 ? null : new long[] {}}));
        for (String s : out) {
            assertEquals("localShapes: must be the same on every rank, but rank 0 passed [] and rank 1 passed nothing", s);
        }
        for (String s : outcomes(3, comm -> CollectiveChecks.agreeSame(comm, null, new String[] {"a"},
                new long[][] {{1, 2, 3}}))) {
            assertNull(s);
        }
    }

    @Test
    void localErrorsComeBeforeMismatches() {
        List<String> out = outcomes(3, comm -> CollectiveChecks.agreeSame(comm, comm.rank() == 1 ? "axis: bad" : null,
                new String[] {"a"}, new long[][] {{comm.rank()}}));
        for (String s : out) {
            assertEquals("axis: bad (reported by rank 1)", s);
        }
    }

    @Test
    void fingerprintsSeparateNullEmptyAndValues() {
        long a = CollectiveChecks.fingerprint(new long[][] {null});
        long b = CollectiveChecks.fingerprint(new long[][] {{}});
        long c = CollectiveChecks.fingerprint(new long[][] {{0}});
        long d = CollectiveChecks.fingerprint(new long[][] {{1, 2}, {3}});
        long e = CollectiveChecks.fingerprint(new long[][] {{1}, {2, 3}});
        assertNotEquals(a, b);
        assertNotEquals(b, c);
        assertNotEquals(d, e);
    }

    /** A differing number or constant is named as it prints, not by its bits or ordinal. */
    @Test
    void consensusNamesDifferingNumbersAndConstantsReadably() {
        List<String> out = outcomes(3, comm -> Consensus.on(comm).same("tau", comm.rank() == 2 ? 0.25 : 0.5)
                .same("kind", Thread.State.NEW).check());
        for (String s : out) {
            assertEquals("tau: must be the same on every rank, but rank 0 passed 0.5 and rank 2 passed 0.25", s);
        }
        out = outcomes(2, comm -> Consensus.on(comm).same("decay", comm.rank() == 1 ? new double[] {1, Double.NaN}
                : new double[] {1, 2}).check());
        for (String s : out) {
            assertEquals("decay: must be the same on every rank, but rank 0 passed [1.0, 2.0] and rank 1 passed "
                    + "[1.0, NaN]", s);
        }
        out = outcomes(2, comm -> Consensus.on(comm).same("kind", comm.rank() == 1 ? Thread.State.BLOCKED
                : Thread.State.NEW).check());
        for (String s : out) {
            assertEquals("kind: must be the same on every rank, but rank 0 passed NEW and rank 1 passed BLOCKED", s);
        }
        for (String s : outcomes(3, comm -> Consensus.on(comm).same("tau", Double.NaN).same("k", Thread.State.NEW)
                .check())) {
            assertNull(s);
        }
    }
}
