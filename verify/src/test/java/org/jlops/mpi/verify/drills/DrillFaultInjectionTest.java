package org.jlops.mpi.verify.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof that the drills can fail: each broken method of {@link FaultyDrills}, run through the same
 * {@link DrillRunner} as the suite on 3 in-JVM ranks, gets the verdict that names its fault — a
 * hang is cut by the time limit and reported with where the ranks wait, rather than hanging the
 * build — while a legitimate acceptance passes.
 */
class DrillFaultInjectionTest {

    /** Short: the hang case waits this long (plus the cluster's grace) before it is reported. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The safety net around one case. */
    static final Duration PROMPT = Duration.ofSeconds(60);

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(FaultyDrills.COLLECTIVE_BEFORE_CHECK, Status.HANG,
                        "no verdict within 5.0 s: ranks [0, 1, 2] of 3 did not finish within 5000 ms: rank 0 in "
                        + "allreduce, called from org.jlops.mpi.comm.CollectiveChecks.agree"),
                Arguments.of(FaultyDrills.DIVERGENT, Status.FAILED, "divergent: rank 1 threw IllegalArgumentException("
                        + "\"other: factor NaN, expected a finite number\") but ranks 0, 2 returned"),
                Arguments.of(FaultyDrills.CHANGES_OPERAND, Status.FAILED, "input operand 0 changed on rank 0 (threw \""
                        + "other: local shapes"),
                Arguments.of(FaultyDrills.MESSAGE_DIFFERS, Status.FAILED, "messages differ: rank 0 threw \"other: "
                        + "rejected on rank 0\", rank 1 threw \"other: rejected on rank 1\""),
                Arguments.of(FaultyDrills.UNNAMED_ARGUMENT, Status.FAILED, "the message does not start with the argument"
                        + " 'other': \"bad input (reported by rank 1)\""),
                Arguments.of(FaultyDrills.UNNAMED_RANK, Status.FAILED, "the message does not name the bad rank 1: \""
                        + "other: a rank has a bad operand\""),
                Arguments.of(FaultyDrills.RESULTS_DIFFER, Status.FAILED, "results differ: rank 0 returned double 0.0"),
                Arguments.of(FaultyDrills.AGREED_RESULT, Status.ACCEPTED, "every rank returned double 8.0"));
    }

    @ParameterizedTest(name = "{0} is reported as {1}")
    @MethodSource("faults")
    void everyFaultGetsTheVerdictThatNamesIt(FaultyDrills fault, Status expected, String detail) {
        Result r = assertTimeoutPreemptively(PROMPT, () -> DrillRunner.inJvm(3, TIMEOUT).run(fault.drill()));
        assertEquals(expected, r.status(), r.describe());
        assertTrue(r.detail().startsWith(detail), r.describe());
        assertEquals(1, r.badRank());
    }

    @Test
    void aCheckOnOneRankOnlyThatThenReducesNeverPasses() {
        // the ranks leave the call out of step: the verdict's own collectives then meet the product's
        // (a wrong exchange, an exception or a hang, depending on timing), never a pass
        Result r = assertTimeoutPreemptively(PROMPT, () -> DrillRunner.inJvm(3, TIMEOUT)
                .run(FaultyDrills.LOCAL_CHECK.drill()));
        assertFalse(r.status().passed(), r.describe());
    }

    @Test
    void theRunGoesOnAfterAHang() {
        DrillRunner runner = DrillRunner.inJvm(2, TIMEOUT);
        Result hang = assertTimeoutPreemptively(PROMPT, () -> runner.run(FaultyDrills.COLLECTIVE_BEFORE_CHECK.drill()));
        assertEquals(Status.HANG, hang.status(), hang.describe());
        assertTrue(hang.describe().startsWith("hang     fault/collective-before-check/call/other:size (bad rank 1 of 2):"
                + " no verdict within 5.0 s: ranks [0, 1] of 2 did not finish within 5000 ms: rank 0 in allreduce"),
                hang.describe());
        assertTrue(hang.detail().contains("; rank 1 in recv, called from org.jlops.mpi.verify.drills.FaultyDrills"),
                hang.describe());
        Drill clean = DrillSuite.select(DrillSuite.drills(), "array/DistributedArray/add/other:size").get(0);
        assertEquals(Status.REJECTED, runner.run(clean).status());
    }
}
