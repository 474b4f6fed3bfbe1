package org.jlops.mpi.verify.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jlops.mpi.verify.catalog.OperatorCatalog;
import org.jlops.mpi.verify.catalog.OperatorSubject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every drill of the {@link DrillSuite} on 3 in-JVM ranks, each case under a time limit of
 * {@value #TIMEOUT_S} s (a hang fails its test, named, and the others go on): the verdict must be
 * the drill's expectation — rejected on every rank alike, or (where the argument is legitimately
 * accepted) accepted with agreeing results. And the generator covers what it promises: every
 * catalog entry, the six products, the kinds its layouts admit.
 */
class InJvmDrillsTest {

    static final int NP = 3;
    static final long TIMEOUT_S = 60;

    @TestFactory
    Stream<DynamicTest> everyDrillAt3Ranks() {
        DrillRunner runner = DrillRunner.inJvm(NP, Duration.ofSeconds(TIMEOUT_S));
        return DrillSuite.drills().stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            Result r = runner.run(d);
            assertEquals(d.expected(), r.status(), r.describe());
            assertEquals(d.victim().rank(NP), r.badRank());
        }));
    }

    @Test
    void everyCatalogEntryIsDrilledOnItsSixProducts() {
        List<Drill> drills = DrillSuite.drills();
        for (OperatorSubject s : OperatorCatalog.subjects()) {
            Set<String> methods = drills.stream().filter(d -> d.group().equals("operator/" + s.name()))
                    .map(Drill::method).collect(Collectors.toSet());
            assertEquals(Set.of("matvec", "rmatvec", "matvec_out", "rmatvec_out", "matvecNormSquared",
                    "rmatvecNormSquared"), methods, s.name());
        }
    }

    @Test
    void theKindsFollowTheLayouts() {
        // a BROADCAST-only model (the wrapped serial operator) has no other split; a stacked data
        // vector (the gradient's) gets a plain one, and its SCATTER components another split
        assertEquals(kindsOf("asMpiLinearOperator(FirstDerivative)", "matvec"), EnumSet.of(Badness.SIZE, Badness.DTYPE,
                Badness.PARTITION, Badness.STACKING, Badness.MASK, Badness.NULL));
        assertEquals(kindsOf("MPIGradient", "rmatvec"), BadOperands.VECTOR_KINDS);
        assertEquals(kindsOf("MPIVStack", "matvec"), EnumSet.of(Badness.SIZE, Badness.DTYPE, Badness.PARTITION,
                Badness.STACKING, Badness.MASK, Badness.NULL));
        assertEquals(kindsOf("MPIVStack", "rmatvec"), BadOperands.VECTOR_KINDS);
    }

    @Test
    void aNewCatalogEntryIsDrilledWithNoFurtherWork() {
        OperatorSubject blockDiag = OperatorCatalog.subject("MPIBlockDiag");
        List<Drill> drills = OperatorDrills.drills(new OperatorSubject("MyNewOperator", blockDiag.cases()));
        assertEquals(42, drills.size());
        assertTrue(drills.stream().allMatch(d -> d.group().equals("operator/MyNewOperator")));
        Result r = DrillRunner.inJvm(2, Duration.ofSeconds(TIMEOUT_S)).run(drills.get(0));
        assertEquals(Status.REJECTED, r.status(), r.describe());
        assertTrue(r.detail().startsWith("x: dimension mismatch"), r.describe());
    }

    @Test
    void theVictimTurnsThroughTheRanks() {
        Set<Victim> victims = DrillSuite.drills().stream().map(Drill::victim).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(Victim.class), victims);
        assertEquals(List.of(0, 1, 2), List.of(Victim.FIRST.rank(3), Victim.SECOND.rank(3), Victim.LAST.rank(3)));
        assertEquals(List.of(0, 1, 1), List.of(Victim.FIRST.rank(2), Victim.SECOND.rank(2), Victim.LAST.rank(2)));
    }

    @Test
    void namesAreUniqueAndSelectable() {
        List<Drill> drills = DrillSuite.drills();
        assertEquals(drills.size(), drills.stream().map(Drill::name).distinct().count());
        assertFalse(DrillSuite.select(drills, "split").isEmpty());
        assertTrue(DrillSuite.select(drills, "solver/cgls,constructor").stream()
                .allMatch(d -> d.group().equals("solver/cgls") || d.group().startsWith("constructor/")));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DrillSuite.select(drills, "nothing/like/this"));
        assertEquals("only: no drill matches 'nothing/like/this'", e.getMessage());
    }

    private static Set<Badness> kindsOf(String subject, String method) {
        return DrillSuite.drills().stream().filter(d -> d.group().equals("operator/" + subject)
                && d.method().equals(method)).map(Drill::badness).collect(Collectors.toCollection(
                        () -> EnumSet.noneOf(Badness.class)));
    }
}
