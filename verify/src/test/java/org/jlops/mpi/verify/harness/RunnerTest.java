package org.jlops.mpi.verify.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/** The harness itself: case streams, shrinking to the smallest failing case, replay, agreement. */
class RunnerTest {

    /** Fails when the case is at least size 3 and runs on at least 2 ranks. */
    private static final Check BIG_AND_PARALLEL = Check.of("synthetic", "big-and-parallel", (comm, c, probe) -> {
        probe.describe("size " + c.size());
        probe.expect(c.size() < 3 || comm.size() < 2, "size " + c.size() + " on " + comm.size() + " ranks");
    });

    @Test
    void casesAreDeterministicAndGrowFromSizeOne() {
        Runner runner = new Runner(Ranks.inJvm(8), 6);
        List<Case> a = runner.cases(BIG_AND_PARALLEL, 5, 60);
        assertEquals(a, runner.cases(BIG_AND_PARALLEL, 5, 60));
        assertEquals(1, a.get(0).size());
        assertEquals(6, a.get(59).size());
        for (int i = 1; i < a.size(); i++) {
            assertTrue(a.get(i).size() >= a.get(i - 1).size());
            assertTrue(a.get(i).np() >= 1 && a.get(i).np() <= 8);
        }
        assertTrue(a.stream().mapToInt(Case::np).distinct().count() > 4, "rank counts are drawn");
        assertFalse(a.equals(runner.cases(BIG_AND_PARALLEL, 6, 60)), "another seed, other cases");
    }

    @Test
    void aFailureIsShrunkToTheSmallestFailingSizeAndRankCount() {
        Runner runner = new Runner(Ranks.inJvm(8), 8);
        Report r = runner.run(BIG_AND_PARALLEL, 11, 100);
        assertFalse(r.passed());
        assertEquals(3, r.smallest().size(), r.describe());
        assertEquals(2, r.smallest().np(), r.describe());
        assertTrue(r.describe().contains("seed 11") && r.describe().contains(r.smallest().key()), r.describe());
        assertFalse(runner.replay(BIG_AND_PARALLEL, Case.parse(r.smallest().key(), 2)).passed());
        assertTrue(runner.replay(BIG_AND_PARALLEL, Case.parse(r.smallest().key(), 1)).passed());
    }

    @Test
    void aPassingRunRunsEveryCase() {
        AtomicInteger calls = new AtomicInteger();
        Check ok = Check.of("synthetic", "ok", (comm, c, probe) -> {
            if (comm.rank() == 0) {
                calls.incrementAndGet();
            }
        });
        Report r = new Runner(Ranks.inJvm(3), 4).run(ok, 1, 25);
        assertTrue(r.passed());
        assertEquals(25, r.tries());
        assertEquals(25, calls.get());
    }

    @Test
    void aProblemOnOneRankIsAgreedByAll() {
        Check oneRank = Check.of("synthetic", "one-rank", (comm, c, probe) -> {
            if (comm.rank() == 2) {
                throw new IllegalStateException("only rank 2");
            }
        });
        List<Outcome> all = LocalCluster.call(4, comm -> oneRank.run(comm, new Case(1, 1, 4)));
        for (Outcome o : all) {
            assertFalse(o.passed());
            assertEquals("rank 2: IllegalStateException: only rank 2", o.problem());
        }
    }

    @Test
    void probeComparesRelativeToTheLargestEntry() {
        Probe p = new Probe();
        assertEquals(0.01, p.close("x", new double[] {100, 0}, new double[] {99, 0}, 0.02), 1e-15);
        assertTrue(p.agreeLocally());
        p.close("y", new double[] {1, 0}, new double[] {Double.NaN, 0}, 1);
        assertFalse(p.agreeLocally());
    }

    @Test
    void caseKeysRoundTrip() {
        Case c = new Case(-123456789L, 4, 3);
        assertEquals(c, Case.parse(c.key(), 3));
        assertEquals(new Case(42, 2, 1), Case.parse("42:2", 1));
        assertThrows(IllegalArgumentException.class, () -> Case.parse("42", 1));
        assertThrows(IllegalArgumentException.class, () -> new Case(1, 0, 1));
    }
}
