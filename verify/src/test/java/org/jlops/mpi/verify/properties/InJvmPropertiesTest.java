package org.jlops.mpi.verify.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Ranks;
import org.jlops.mpi.verify.harness.Report;
import org.jlops.mpi.verify.harness.Runner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every property of the {@link Suite} on in-JVM ranks, the rank count drawn per case from 1..8:
 * {@value #TRIES} cases per property and subject (so at least 200 per property), sizes 1..6.
 * {@code -Djlops.verify.seed=S} replays a run; the default seed is fixed so CI is reproducible.
 */
class InJvmPropertiesTest {

    static final int TRIES = 200;
    static final int MAX_NP = 8;
    static final int MAX_SIZE = 6;

    @TestFactory
    Stream<DynamicTest> everyPropertyOnEverySubject() {
        long seed = Long.getLong("jlops.verify.seed", 20261203L);
        Runner runner = new Runner(Ranks.inJvm(MAX_NP), MAX_SIZE);
        return Suite.checks().stream().map((Check c) -> DynamicTest.dynamicTest(c.property() + "/" + c.subject(),
                () -> {
                    Report r = runner.run(c, seed, TRIES);
                    assertTrue(r.passed(), r.describe());
                    assertEquals(TRIES, r.tries());
                }));
    }
}
