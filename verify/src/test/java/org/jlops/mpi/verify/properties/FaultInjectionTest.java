package org.jlops.mpi.verify.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.jlops.mpi.verify.catalog.OperatorCatalog;
import org.jlops.mpi.verify.catalog.OperatorSubject;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Outcome;
import org.jlops.mpi.verify.harness.Ranks;
import org.jlops.mpi.verify.harness.Report;
import org.jlops.mpi.verify.harness.Runner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof that the suite can fail: each deliberate bug of {@link Faults}, injected into a catalog
 * subject, is reported by the properties expected to catch it, with a smallest case that replays
 * (fails again from its seed) and is no larger than the first failing one. The same properties pass
 * on the subject without the bug.
 */
class FaultInjectionTest {

    static final long SEED = 7;
    static final int TRIES = 200;

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(Faults.WRONG_SIGN_ADJOINT, "MPIBlockDiag", List.of("adjoint", "reference")),
                Arguments.of(Faults.WRONG_SIGN_ADJOINT, "MPIFirstDerivative", List.of("adjoint", "reference")),
                Arguments.of(Faults.MISSING_CONJUGATE, "MPIBlockDiag", List.of("adjoint", "reference")),
                Arguments.of(Faults.MISSING_CONJUGATE, "MPIHStack", List.of("adjoint", "reference")),
                Arguments.of(Faults.OFF_BY_ONE_SPLIT, "MPIBlockDiag", List.of("reference", "partition")),
                Arguments.of(Faults.OFF_BY_ONE_SPLIT, "MPILaplacian", List.of("reference", "partition")),
                Arguments.of(Faults.MUTATES_INPUT, "MPIVStack", List.of("unchanged")));
    }

    @ParameterizedTest(name = "{0} in {1} is caught by {2}")
    @MethodSource("faults")
    void everyInjectedBugIsReported(Faults fault, String subjectName, List<String> properties) {
        Runner runner = new Runner(Ranks.inJvm(8), 6);
        OperatorSubject clean = OperatorCatalog.subject(subjectName);
        OperatorSubject buggy = fault.inject(clean);
        for (String property : properties) {
            Report bad = runner.run(OperatorProperties.check(property, buggy), SEED, TRIES);
            assertFalse(bad.passed(), property + " missed " + fault + " in " + subjectName);
            assertTrue(bad.smallest().size() <= bad.failing().size(), bad.describe());
            assertTrue(bad.smallest().np() <= bad.failing().np(), bad.describe());
            assertTrue(bad.describe().contains("replay: scripts/verify.sh --np " + bad.smallest().np()),
                    bad.describe());
            Check check = OperatorProperties.check(property, buggy);
            Outcome again = runner.replay(check, bad.smallest());
            assertFalse(again.passed(), "replaying " + bad.smallest() + " passed: " + bad.describe());
            Report good = runner.run(OperatorProperties.check(property, clean), SEED, 40);
            assertTrue(good.passed(), good.describe());
        }
    }
}
