package org.jlops.mpi.ops.stack;

import static org.jlops.mpi.ops.stack.StackErrorsTest.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.testkit.DenseOp;
import org.junit.jupiter.api.Test;

/**
 * The shared product and algebra frame of both kinds of operator ({@code AbstractDistributedOperator}):
 * a sum or product of an {@link MPILinearOperator} with a stacked operator of the same shape is
 * refused by kind; an operand whose layout differs on one rank names both layouts in the message,
 * for every product (with and without a held output); {@code dot} is {@code matvec}; {@code size}
 * is the communicator's.
 */
class OperatorKindsTest {

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void kindsDoNotMix() {
        LocalCluster.run(2, comm -> {
            MPIBlockDiag a = new MPIBlockDiag(List.of(DenseOp.random(DType.FLOAT64, 2, 2, 5)), comm);
            MPIStackedVStack s = new MPIStackedVStack(List.of(a), comm);
            assertEquals(a.rows(), s.rows());
            assertEquals(a.cols(), s.cols());
            DistributedOperator other = s;
            expect(() -> a.plus(other), "other: cannot combine an MPILinearOperator with an MPIStackedVStack");
            expect(() -> a.times(other), "other: cannot combine an MPILinearOperator with an MPIStackedVStack");
            assertEquals(2, a.size());
            assertEquals(2, s.size());
        });
    }

    @Test
    void operandLayoutsDifferingOnOneRankAreNamed() {
        LocalCluster.run(3, comm -> {
            MPIBlockDiag a = new MPIBlockDiag(List.of(DenseOp.random(DType.FLOAT64, 2, 2, 7)), comm);
            DistributedArray x = DistributedArray.builder(comm, 6).build();
            for (long k = 0; k < 2; k++) {
                x.localArray().set(k, comm.rank() * 2 + k + 1, 0);
            }
            NdArray y = a.matvec(x).asArray();
            assertArrayEquals(y.doubles(), a.dot(x).asArray().doubles());
            DistributedArray odd = comm.rank() == 1 ? x.astype(DType.COMPLEX128) : x;
            DistributedArray out = DistributedArray.builder(comm, 6).build();
            DistributedArray oddOut = comm.rank() == 2 ? out.astype(DType.COMPLEX128) : out;
            String differ = "must be the same on every rank";
            expect(() -> a.matvec(odd), "x (its layout)", differ, "COMPLEX128");
            expect(() -> a.rmatvec(odd), "y (its layout)", differ, "COMPLEX128");
            expect(() -> a.matvec(odd, out), "x (its layout)", differ, "COMPLEX128");
            expect(() -> a.matvec(x, oddOut), "out (its layout)", differ, "COMPLEX128");
            expect(() -> a.rmatvec(odd, out), "y (its layout)", differ, "COMPLEX128");
            expect(() -> a.rmatvec(x, oddOut), "out (its layout)", differ, "COMPLEX128");
            // the frame still works afterwards, into a held output
            assertTrue(a.matvec(x, out) == out);
            assertArrayEquals(y.doubles(), out.asArray().doubles());
        });
    }
}
