package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The distributed derivatives' arguments: kinds and dtypes that are valid on every rank but differ
 * between ranks are refused on every rank with the same message (what MPIDerivativeErrorsTest
 * does not cover), and what each operator reports about itself.
 */
class MPIDerivativeAgreementTest {

    private static final DerivativeKind C = DerivativeKind.CENTERED;
    private static final DerivativeKind F = DerivativeKind.FORWARD;

    private static void expect(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    private static String differ(String what, int rank, Enum<?> a, Enum<?> b) {
        return what + ": must be the same on every rank, but rank 0 passed " + a + " and rank " + rank + " passed "
                + b;
    }

    @Test
    void kindsAndDtypesThatDifferBetweenRanksAreRefused() {
        DType f64 = DType.FLOAT64;
        DType f32 = DType.FLOAT32;
        LocalCluster.run(3, comm -> {
            long[] dims = {6, 3};
            int me = comm.rank();
            DType dt = me == 1 ? DType.FLOAT32 : DType.FLOAT64;
            DerivativeKind kind = me == 2 ? F : C;
            expect(differ("dtype", 1, f64, f32), () -> new MPIFirstDerivative(dims, 1, C, false, 3, comm, dt));
            expect(differ("kind", 2, C, F),
                    () -> new MPISecondDerivative(dims, 1, kind, false, comm, DType.FLOAT64));
            expect(differ("dtype", 1, f64, f32), () -> new MPISecondDerivative(dims, 1, C, false, comm, dt));
            expect(differ("kind", 2, C, F),
                    () -> new MPIGradient(dims, 1, false, kind, comm, DType.FLOAT64));
            expect(differ("dtype", 1, f64, f32), () -> new MPIGradient(dims, 1, false, C, comm, dt));
            assertEquals(comm.size(), comm.allreduce(1L, ReduceOp.SUM), "the ranks are still in step");
        });
    }

    @Test
    void derivativesReportTheirArguments() {
        LocalCluster.run(2, comm -> {
            long[] dims = {6, 3};
            MPIFirstDerivative d1 = new MPIFirstDerivative(dims, 0.5, C, true, 5, comm, DType.FLOAT64);
            assertEquals(0.5, d1.sampling());
            assertEquals(C, d1.kind());
            assertTrue(d1.edge());
            assertEquals(5, d1.order());
            assertFalse(new MPIFirstDerivative(dims, 1, C, false, 3, comm, DType.FLOAT64).edge());
            MPISecondDerivative d2 = new MPISecondDerivative(dims, 0.25, F, false, comm, DType.FLOAT64);
            assertEquals(0.25, d2.sampling());
            assertEquals(F, d2.kind());
            assertFalse(d2.edge());
            assertTrue(new MPISecondDerivative(dims, 1, C, true, comm, DType.FLOAT64).edge());
            MPIGradient g = new MPIGradient(dims, new double[] {0.5, 2}, true, F, comm, DType.FLOAT64);
            assertArrayEquals(new double[] {0.5, 2}, g.sampling());
            assertTrue(g.edge());
            assertEquals(F, g.kind());
            assertFalse(new MPIGradient(dims, 1, false, C, comm, DType.FLOAT64).edge());
        });
    }
}
