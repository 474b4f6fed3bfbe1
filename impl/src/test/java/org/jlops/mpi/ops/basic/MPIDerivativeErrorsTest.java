package org.jlops.mpi.ops.basic;

import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to the distributed derivatives: the exact same IllegalArgumentException on every rank
 * (arguments that are invalid on one rank only or differ between ranks are agreed on collectively),
 * operands unchanged, and the ranks still in step afterwards.
 */
class MPIDerivativeErrorsTest {

    private static final DType F64 = DType.FLOAT64;
    private static final DerivativeKind C = DerivativeKind.CENTERED;

    /**
     * Requires an IllegalArgumentException with exactly this message; when the expected message
     * names no rank, the rank an agreement appends ("(reported by rank r)") is not compared.
     */
    private static void expect(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String suffix = " \\(reported by rank \\d+\\)$";
        assertEquals(message, message.matches(".*" + suffix) ? e.getMessage() : e.getMessage().replaceFirst(suffix, ""));
    }

    /** Every rank is still in step: an allreduce sums the rank count. */
    private static void inStep(Communicator comm) {
        assertEquals(comm.size(), comm.allreduce(1L, ReduceOp.SUM));
    }

    @Test
    void badProductInputs() {
        LocalCluster.run(3, comm -> {
            long[] dims = {5, 2};
            NdArray global = random(F64, 3, 10);
            DistributedArray unsafe = DistributedArray.builder(comm, 10).partition(Partition.UNSAFE_BROADCAST)
                    .localArray(global.copy()).build();
            DistributedArray shorter = DistributedArray.builder(comm, 9).build();
            DistributedArray twoD = DistributedArray.builder(comm, 5, 2).build();
            MPIFirstDerivative d1 = new MPIFirstDerivative(dims, comm);
            MPISecondDerivative d2 = new MPISecondDerivative(dims, comm);
            MPILaplacian lap = new MPILaplacian(dims, comm);
            MPIGradient grad = new MPIGradient(dims, 1.0, false, C, comm, F64);
            String unsafeX = "x: partition must be Partition.SCATTER or Partition.BROADCAST, got UNSAFE_BROADCAST";
            expect(unsafeX, () -> d1.matvec(unsafe));
            expect(unsafeX.replace("x:", "y:"), () -> d1.rmatvec(unsafe));
            expect(unsafeX, () -> d2.matvec(unsafe));
            expect(unsafeX, () -> lap.matvec(unsafe));
            expect(unsafeX.replace("x:", "y:"), () -> lap.rmatvec(unsafe));
            expect(unsafeX, () -> grad.matvec(unsafe));
            assertClose(global, unsafe.localArray(), 0, "the UNSAFE_BROADCAST operand is unchanged");
            expect("x: dimension mismatch, global shape [9] but the operator needs (10)", () -> d1.matvec(shorter));
            expect("y: dimension mismatch, global shape [9] but the operator needs (10)", () -> d2.rmatvec(shorter));
            expect("x: dimension mismatch, global shape [5, 2] but the operator needs (10)", () -> lap.matvec(twoD));
            expect("x: expected a 1-d DistributedArray, got a StackedDistributedArray",
                    () -> grad.matvec(StackedDistributedArray.of(DistributedArray.builder(comm, 10).build())));
            expect("y: expected a StackedDistributedArray of 2 components, got a DistributedArray",
                    () -> grad.rmatvec(DistributedArray.builder(comm, 20).build()));
            inStep(comm);
        });
    }

    @Test
    void badConstructionArguments() {
        LocalCluster.run(3, comm -> {
            int me = comm.rank();
            long[] dims = {4, 3};
            // too short for the edge formulas: on every rank, before any exchange
            expect("dims: 1 samples along the derivative axis, the edge formulas of the centered order-3 first "
                    + "derivative need at least 2 (reported by rank 0)",
                    () -> new MPIFirstDerivative(new long[] {1, 3}, 1, C, true, 3, comm, F64));
            expect("dims: 2 samples along the derivative axis, the edge formulas of the centered order-5 first "
                    + "derivative need at least 3 (reported by rank 0)",
                    () -> new MPIFirstDerivative(new long[] {2}, 1, C, true, 5, comm, F64));
            expect("dims: 2 samples along the derivative axis, the edge formulas of the centered second derivative "
                    + "need at least 3 (reported by rank 0)",
                    () -> new MPISecondDerivative(new long[] {2, 5}, 1, C, true, comm, F64));
            // invalid on one rank only
            expect("order: 4, expected 3 or 5 for a centered first derivative (reported by rank 2)",
                    () -> new MPIFirstDerivative(dims, 1, C, false, me == 2 ? 4 : 3, comm, F64));
            expect("sampling: 0.0, expected a finite non-zero sampling step (reported by rank 1)",
                    () -> new MPISecondDerivative(dims, me == 1 ? 0 : 1, C, false, comm, F64));
            expect("kind: must be FORWARD, CENTERED or BACKWARD, got null (reported by rank 1)",
                    () -> new MPIFirstDerivative(dims, 1, me == 1 ? null : C, false, 3, comm, F64));
            expect("dims: negative dimension in [4, -3] (reported by rank 2)",
                    () -> new MPIFirstDerivative(me == 2 ? new long[] {4, -3} : dims, comm));
            expect("dtype: must not be null (reported by rank 0)",
                    () -> new MPISecondDerivative(dims, 1, C, false, comm, me == 0 ? null : F64));
            // valid everywhere but different between ranks
            expect("dims: must be the same on every rank, but rank 0 passed [4, 3] and rank 1 passed [5, 3]",
                    () -> new MPIFirstDerivative(me == 0 ? dims : new long[] {5, 3}, comm));
            expect("sampling: must be the same on every rank, but rank 0 passed 1.0 and rank 2 passed 2.0",
                    () -> new MPISecondDerivative(dims, me == 2 ? 2 : 1, C, false, comm, F64));
            expect("kind: must be the same on every rank, but rank 0 passed FORWARD and rank 1 passed CENTERED",
                    () -> new MPIFirstDerivative(dims, 1, me == 0 ? DerivativeKind.FORWARD : C, false, 3, comm, F64));
            expect("comm: must not be null", () -> new MPIFirstDerivative(dims, null));
            // Laplacian and gradient
            expect("axes, weights, sampling: have different sizes (2, 1, 2), expected one weight and one sampling per "
                    + "axis (reported by rank 0)", () -> new MPILaplacian(dims, new int[] {0, 1}, new double[] {1},
                            new double[] {1, 1}, false, C, comm, F64));
            expect("axes: 2 is out of range for 2 dimensions, expected [-2, 2) (reported by rank 1)",
                    () -> new MPILaplacian(dims, new int[] {0, me == 1 ? 2 : 1}, new double[] {1, 1},
                            new double[] {1, 1}, false, C, comm, F64));
            expect("axes: must be the same on every rank, but rank 0 passed [0, 1] and rank 2 passed [1, 0]",
                    () -> new MPILaplacian(dims, me == 2 ? new int[] {1, 0} : new int[] {0, 1}, new double[] {1, 1},
                            new double[] {1, 1}, false, C, comm, F64));
            expect("dims: 2 samples along the derivative axis, the edge formulas of the centered second derivative "
                    + "need at least 3 (reported by rank 0)", () -> new MPILaplacian(new long[] {4, 2}, new int[] {0, 1},
                            new double[] {1, 1}, new double[] {1, 1}, true, C, comm, F64));
            expect("sampling: 1 entries, expected one per axis of dims [4, 3] (reported by rank 0)",
                    () -> new MPIGradient(dims, new double[] {1}, false, C, comm, F64));
            expect("dims: 1 samples along the derivative axis, the edge formulas of the centered order-3 first "
                    + "derivative need at least 2 (reported by rank 0)",
                    () -> new MPIGradient(new long[] {4, 1}, 1.0, true, C, comm, F64));
            inStep(comm);
        });
    }

    /** One rank: the messages carry no rank suffix. */
    @Test
    void oneRank() {
        LocalCluster.run(1, comm -> {
            expect("dims: 1 samples along the derivative axis, the edge formulas of the centered order-3 first "
                    + "derivative need at least 2", () -> new MPIFirstDerivative(new long[] {1}, 1, C, true, 3, comm,
                            F64));
            inStep(comm);
        });
    }
}
