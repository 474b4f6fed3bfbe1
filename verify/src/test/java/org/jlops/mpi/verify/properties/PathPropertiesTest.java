package org.jlops.mpi.verify.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Ranks;
import org.jlops.mpi.verify.harness.Report;
import org.jlops.mpi.verify.harness.Runner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code paths} property on its own, a quick {@value #TRIES} cases per operator (the
 * {@link Suite} runs it with the others, 200 cases each): the build's JVM runs the Vector API's
 * loops, so the property compares two different paths, and every stencil operator gives the scalar
 * loops' bits on in-JVM ranks 1..8.
 */
class PathPropertiesTest {

    static final int TRIES = 20;

    @Test
    void theBuildRunsTheVectorPathAndTheSwitchReachesTheOperators() {
        // the parent pom gives surefire --add-modules jdk.incubator.vector: without it the property
        // would compare the scalar loops with themselves
        StencilKernels host = Engine.host().stencils();
        assertTrue(host.implementation().startsWith("Vector API"), host.implementation());
        assertEquals("scalar loops", StencilKernels.onScalarPath(() -> Engine.host().stencils().implementation()));
    }

    @TestFactory
    Stream<DynamicTest> everyStencilOperatorGivesTheScalarBits() {
        long seed = Long.getLong("jlops.verify.seed", 20261207L);
        Runner runner = new Runner(Ranks.inJvm(InJvmPropertiesTest.MAX_NP), InJvmPropertiesTest.MAX_SIZE);
        return PathProperties.checks().stream().map((Check c) -> DynamicTest.dynamicTest(c.subject(), () -> {
            Report r = runner.run(c, seed, TRIES);
            assertTrue(r.passed(), r.describe());
        }));
    }
}
