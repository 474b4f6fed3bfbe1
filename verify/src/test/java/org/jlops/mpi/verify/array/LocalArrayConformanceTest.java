package org.jlops.mpi.verify.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The array conformance suite on the in-JVM backend at every rank count 1..8. */
class LocalArrayConformanceTest {

    @TestFactory
    Stream<DynamicTest> everyCheckAtEveryRankCount() {
        return IntStream.rangeClosed(1, 8).boxed().flatMap(np -> ArrayConformance.checkNames(np).stream()
                .map(name -> DynamicTest.dynamicTest("np=" + np + " " + name, () -> {
                    List<ArrayConformance.Result> results = LocalCluster.call(np,
                            comm -> ArrayConformance.run(comm, name));
                    assertEquals(np, results.size());
                    for (ArrayConformance.Result r : results) {
                        assertEquals(results.get(0), r, "every rank reaches the same verdict");
                        assertTrue(r.passed(), name + " at np=" + np + ": " + r.firstProblem());
                    }
                })));
    }

    @Test
    void theMaskedCheckAppliesWhereTheRankCountAllowsNsubTwoOrThree() {
        for (int np = 1; np <= 8; np++) {
            boolean expected = np == 2 || np == 3 || np == 4 || np == 6 || np == 8;
            assertEquals(expected, ArrayConformance.checkNames(np).contains("masked"), "np=" + np);
        }
        assertEquals(ArrayConformance.allCheckNames().size() - 1, ArrayConformance.checkNames(5).size());
    }
}
