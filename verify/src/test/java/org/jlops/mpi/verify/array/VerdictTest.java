package org.jlops.mpi.verify.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/** The suite's own machinery: a mismatch on one rank gives every rank the same named verdict; an exception names the case. */
class VerdictTest {

    @Test
    void aMismatchOnOneRankIsReportedAlikeOnEveryRankWithTheCase() {
        List<ArrayConformance.Result> results = LocalCluster.call(4, comm -> ArrayConformance.runBody(comm, "demo",
                (c, v) -> {
                    v.at("case A");
                    v.close(1.0, 1.0, 1e-14, "fine everywhere");
                    v.at("case B");
                    v.close(2.0, c.rank() == 2 ? 2.1 : 2.0, 1e-14, "value");
                }));
        for (ArrayConformance.Result r : results) {
            assertEquals(results.get(0), r);
            assertFalse(r.passed());
            assertTrue(r.firstProblem().startsWith("rank 2 of 4: case B: value: expected 2.0, got 2.1"), r.firstProblem());
        }
    }

    @Test
    void passingBodiesPass() {
        List<ArrayConformance.Result> results = LocalCluster.call(3, comm -> ArrayConformance.runBody(comm, "ok",
                (c, v) -> v.expect(true, "never")));
        assertTrue(results.stream().allMatch(ArrayConformance.Result::passed));
    }

    @Test
    void anExceptionOnOneRankNamesTheCheckAndCaseAndDoesNotHang() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> LocalCluster.run(3,
                comm -> ArrayConformance.runBody(comm, "boom", (c, v) -> {
                    v.at("case C");
                    if (c.rank() == 1) {
                        throw new IllegalStateException("broken on purpose");
                    }
                    c.barrier();
                })));
        String all = e.toString() + " " + (e.getCause() == null ? "" : e.getCause().toString());
        assertTrue(all.contains("'boom', case case C, rank 1 of 3") && all.contains("broken on purpose"), all);
    }

    @Test
    void unknownOrInapplicableChecksAreRejected() {
        LocalCluster.run(1, comm -> {
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> ArrayConformance.run(comm, "nope"));
            assertTrue(a.getMessage().startsWith("name: no array conformance check called 'nope'"), a.getMessage());
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                    () -> ArrayConformance.run(comm, "masked"));
            assertTrue(b.getMessage().contains("does not apply at 1 ranks"), b.getMessage());
        });
    }
}
