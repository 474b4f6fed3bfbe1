package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.junit.jupiter.api.Test;

/**
 * Bad solver operands: every rank throws the same IllegalArgumentException before any product,
 * and no operand changes.
 */
class SolverErrorsTest {

    private static final long[] DIMS = {11, 21};

    /**
     * Runs a solver with the x0 of {@code x0Of} (built without communication) on 3 ranks and returns each
     * rank's message; checks y and x0 are unchanged.
     */
    private static List<String> messages(Function<Communicator, DistributedArray> x0Of, boolean cg) {
        return LocalCluster.call(3, comm -> {
            MPIFirstDerivative d = new MPIFirstDerivative(DIMS, comm);
            NdArray spike = NdArray.zeros(DType.FLOAT64, 231);
            spike.set(115, 1.0);
            DistributedArray y = d.matvec(DistributedArray.toDist(spike, comm));
            DistributedArray x0 = x0Of.apply(comm);
            NdArray yBefore = y.asArray();
            NdArray x0Before = x0 == null ? null : x0.localArray().copy();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> {
                        if (cg) {
                            Solvers.cg(d, y, x0, 5);
                        } else {
                            Solvers.cgls(d, y, x0, 5);
                        }
                    });
            assertEquals(yBefore, y.asArray(), "y unchanged");
            if (x0 != null) {
                assertEquals(x0Before, x0.localArray(), "x0 unchanged");
            }
            return e.getMessage();
        });
    }

    private static void sameEverywhere(List<String> msgs, String expected) {
        for (String m : msgs) {
            assertEquals(msgs.get(0), m, "the same message on every rank");
        }
        assertTrue(msgs.get(0).contains(expected), msgs.get(0) + " should contain " + expected);
    }

    @Test
    void x0OfAnotherSplitIsRejected() {
        // the default 1-d split of 231 is 77 per rank; the derivative returns row slabs (4, 4, 3 rows of 21)
        List<String> msgs = messages(comm -> DistributedArray.builder(comm, 231).buildLocal(), false);
        sameEverywhere(msgs, "x0: layout DistributedArray(FLOAT64, SCATTER, global [231], local [[77], [77], [77]])"
                + " differs from the model layout returned by the operator's adjoint");
        assertTrue(msgs.get(0).contains("[[84], [84], [63]]"), msgs.get(0));
    }

    @Test
    void x0OfAnotherDtypeIsRejected() {
        List<String> msgs = messages(comm -> DistributedArray.builder(comm, 231).localShapes(
                new long[][] {{84}, {84}, {63}}).dtype(DType.COMPLEX128).buildLocal(), false);
        sameEverywhere(msgs, "x0: dtype COMPLEX128 differs from FLOAT64");
    }

    @Test
    void x0OfAnotherLengthIsRejected() {
        sameEverywhere(messages(comm -> DistributedArray.builder(comm, 230).buildLocal(), false), "x0: global length 230");
        sameEverywhere(messages(comm -> DistributedArray.builder(comm, 230).buildLocal(), true), "x0: global length 230");
    }

    @Test
    void x0OnAnotherCommunicatorIsRejected() {
        List<String> msgs = messages(comm -> DistributedArray.builder(LocalCluster.self(), 231).buildLocal(), false);
        sameEverywhere(msgs, "x0: lives on another communicator");
    }

    @Test
    void x0OnAnotherCommunicatorOnOneRankIsRejectedEverywhere() {
        List<String> msgs = messages(comm -> comm.rank() == 1 ? DistributedArray.builder(LocalCluster.self(), 231).buildLocal()
                : DistributedArray.builder(comm, 231).localShapes(new long[][] {{84}, {84}, {63}}).buildLocal(), false);
        sameEverywhere(msgs, "x0: lives on another communicator");
        assertTrue(msgs.get(0).endsWith("(reported by rank 1)"), msgs.get(0));
    }

    @Test
    void cgNeedsX0InTheLayoutOfY() {
        List<String> msgs = messages(comm -> DistributedArray.builder(comm, 231).buildLocal(), true);
        sameEverywhere(msgs, "x0: layout DistributedArray(FLOAT64, SCATTER, global [231], local [[77], [77], [77]])"
                + " differs from the layout of y");
    }

    @Test
    void x0GivenOnSomeRanksOnlyIsRejected() {
        List<String> msgs = messages(comm -> comm.rank() == 2 ? null
                : DistributedArray.builder(comm, 231).localShapes(new long[][] {{84}, {84}, {63}}).buildLocal(), false);
        sameEverywhere(msgs, "x0 (given = 1, null = 0): must be the same on every rank");
    }

    @Test
    void badParametersAreRejected() {
        LocalCluster.run(2, comm -> {
            MPIFirstDerivative d = new MPIFirstDerivative(DIMS, comm);
            DistributedArray y = d.matvec(DistributedArray.builder(comm, 231).build());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Solvers.cgls(d, y, null, -1, 0, 0))
                    .getMessage().startsWith("niter: -1, expected at least 0"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Solvers.cgls(d, y, null, 3, Double.NaN, 0))
                    .getMessage().startsWith("damp: NaN"));
            int n = comm.rank() == 0 ? 3 : 4;
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Solvers.cgls(d, y, n))
                    .getMessage().startsWith("niter: must be the same on every rank, but rank 0 passed"));
            assertThrows(IllegalArgumentException.class, () -> new CG<>(
                    new org.jlops.mpi.ops.stack.MPIBlockDiag(List.of(SolverTesting.Matrix.random(DType.FLOAT64, 3, 2, 1)),
                            comm)));
            assertThrows(IllegalStateException.class, () -> new CGLS<>(d).step());
            assertThrows(IllegalArgumentException.class, () -> Solvers.powerIteration(d, 0, 0, 1));
        });
    }

    /**
     * Issue 14 (found by the drills): run(niter) checked niter on its own rank, so one rank could
     * step alone (a hang) or throw alone (a negative count).
     */
    @Test
    void runAgreesOnTheNumberOfSteps() {
        List<String> msgs = LocalCluster.call(3, comm -> {
            MPIFirstDerivative d = new MPIFirstDerivative(DIMS, comm);
            NdArray spike = NdArray.zeros(DType.FLOAT64, 231);
            spike.set(115, 1.0);
            DistributedArray y = d.matvec(DistributedArray.toDist(spike, comm));
            CGLS<DistributedArray> s = new CGLS<>(d).setup(y, null, 0, 0, 0);
            String a = assertThrows(IllegalArgumentException.class, () -> s.run(comm.rank() == 1 ? 4 : 3)).getMessage();
            String b = assertThrows(IllegalArgumentException.class, () -> s.run(comm.rank() == 2 ? -1 : 3)).getMessage();
            assertEquals(0, s.iteration(), "no step was taken");
            assertEquals(3, s.run(3).iteration(), "the solver is still usable");
            return a + " | " + b;
        });
        sameEverywhere(msgs, "niter: must be the same on every rank, but rank 0 passed [3] and rank 1 passed [4] | "
                + "niter: -1, expected at least 0 (reported by rank 2)");
    }
}
