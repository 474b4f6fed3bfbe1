package org.jlops.mpi.verify.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The communicator conformance suite on the in-JVM backend at 1..8 ranks. */
class LocalConformanceTest {

    @TestFactory
    Stream<DynamicTest> everyCheckAtEveryRankCount() {
        return IntStream.rangeClosed(1, 8).boxed().flatMap(np -> CommunicatorConformance.checkNames().stream()
                .map(name -> DynamicTest.dynamicTest("np=" + np + " " + name, () -> {
                    List<CommunicatorConformance.Result> results = LocalCluster.call(np,
                            comm -> CommunicatorConformance.run(comm, name));
                    for (CommunicatorConformance.Result r : results) {
                        assertTrue(r.passed(), name + " at np=" + np + ": " + r.firstProblem());
                    }
                    assertEquals(np, results.size());
                })));
    }
}
