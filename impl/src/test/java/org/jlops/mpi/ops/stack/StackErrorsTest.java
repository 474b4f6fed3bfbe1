package org.jlops.mpi.ops.stack;

import static org.jlops.mpi.ops.stack.StackTesting.random;
import static org.jlops.mpi.ops.stack.StackTesting.replicated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.testkit.DenseOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input: the same IllegalArgumentException on every rank (checks that differ between ranks
 * are agreed collectively), a message naming the argument, operands unchanged, and the ranks
 * still in step afterwards.
 */
class StackErrorsTest {

    private static final DType F64 = DType.FLOAT64;

    /** Requires an IllegalArgumentException whose message contains every fragment. */
    static void expect(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    /** Every rank is still in step: an allreduce sums the rank count. */
    static void inStep(Communicator comm) {
        assertEquals(comm.size(), comm.allreduce(1L, ReduceOp.SUM));
    }

    static DenseOp op(long rows, long cols) {
        return DenseOp.random(F64, rows, cols, rows * 31 + cols);
    }

    @Test
    void blockDiagConstruction() {
        LocalCluster.run(3, comm -> {
            int me = comm.rank();
            List<LocalOperator> withNull = new ArrayList<>(List.of(op(2, 2)));
            if (me == 1) {
                withNull.set(0, null);
            }
            expect(() -> new MPIBlockDiag(withNull, comm), "ops: operator 0 is null", "(reported by rank 1)");
            expect(() -> new MPIBlockDiag(me == 2 ? null : List.of(op(1, 1)), comm), "ops: must not be null",
                    "(reported by rank 2)");
            expect(() -> new MPIBlockDiag(List.of(op(1, 1)), comm, null, me == 1 ? DType.FLOAT32 : F64),
                    "dtype: must be the same on every rank");
            expect(() -> new MPIBlockDiag(List.of(op(1, 1)), comm, new int[] {0, 1}, null),
                    "mask: expected one colour per rank (3), got 2");
            expect(() -> new MPIBlockDiag(List.of(op(1, 1)), comm, me == 0 ? new int[] {0, 0, 1} : new int[] {0, 1, 1},
                    null), "mask: must be the same on every rank");
            expect(() -> new MPIBlockDiag(List.of(op(1, 1)), comm, new int[] {0, -1, 0}, null),
                    "mask: colours must be non-negative, rank 1 has -1");
            List<LocalOperator> complex = me == 1 ? List.of(DenseOp.random(DType.COMPLEX128, 1, 1, 1)) : List.of();
            expect(() -> new MPIBlockDiag(complex, comm, null, F64), "dtype: FLOAT64 cannot hold", "(reported by rank 1)");
            expect(() -> new MPIBlockDiag(List.of(), null), "comm: must not be null");
            inStep(comm);
        });
    }

    @Test
    void stackConstruction() {
        LocalCluster.run(3, comm -> {
            int me = comm.rank();
            List<LocalOperator> cols = switch (me) {
                case 0 -> List.of(op(2, 3));
                case 1 -> List.of();
                default -> List.of(op(1, 4), op(2, 4));
            };
            expect(() -> new MPIVStack(cols, comm), "ops: Operators have different number of columns: rank 0 has 3, "
                    + "rank 2 has 4");
            List<LocalOperator> inRank = me == 1 ? List.of(op(2, 3), op(2, 4)) : List.of(op(2, 3));
            expect(() -> new MPIVStack(inRank, comm), "Operators have different number of columns: operator 0 has 3, "
                    + "operator 1 has 4", "(reported by rank 1)");
            expect(() -> new MPIVStack(List.of(), comm), "ops: no rank supplied an operator", "MPIVStack");
            List<LocalOperator> rows = me == 2 ? List.of(op(5, 1)) : List.of(op(4, 1));
            expect(() -> new MPIHStack(rows, comm), "ops: Operators have different number of rows: rank 0 has 4, "
                    + "rank 2 has 5");
            expect(() -> new MPIHStack(List.of(), comm), "no rank supplied an operator", "MPIHStack");
            List<LocalOperator> withNull = new ArrayList<>(List.of(op(2, 2), op(2, 2)));
            if (me == 0) {
                withNull.set(1, null);
            }
            expect(() -> new MPIHStack(withNull, comm), "ops: operator 1 is null", "(reported by rank 0)");
            inStep(comm);
        });
    }

    @Test
    void stackedConstruction() {
        LocalCluster.run(3, comm -> {
            int me = comm.rank();
            MPIBlockDiag a = new MPIBlockDiag(List.of(op(2, 3)), comm);
            MPIBlockDiag b = new MPIBlockDiag(List.of(op(1, 2)), comm);
            expect(() -> new MPIStackedVStack(List.of(a, b)), "ops: Operators have different number of columns: "
                    + "operator 0 has 9, operator 1 has 6");
            List<DistributedOperator<?>> differs = me == 1 ? List.of(a) : List.of(a, b);
            expect(() -> new MPIStackedBlockDiag(differs), "must be the same on every rank");
            List<DistributedOperator<?>> withNull = new ArrayList<>(Arrays.asList(a, b));
            if (me == 2) {
                withNull.set(0, null);
            }
            expect(() -> new MPIStackedBlockDiag(withNull), "ops: operator 0 is null", "(reported by rank 2)");
            expect(() -> new MPIStackedVStack(me == 0 ? List.of() : List.of(a), comm), "ops: need at least one operator",
                    "(reported by rank 0)");
            expect(() -> new MPIStackedBlockDiag(List.of()), "ops: need at least one operator");
            inStep(comm);
        });
    }

    @Test
    void badOperandsFailEverywhereAndStayUnchanged() {
        NdArray x9 = random(F64, 1, 9);
        NdArray x4 = random(F64, 2, 4);
        LocalCluster.run(4, comm -> {
            int me = comm.rank();
            MPIBlockDiag bd = new MPIBlockDiag(me == 2 ? List.of() : List.of(op(1, 3)), comm);
            DistributedArray bx = replicated(comm, x9, Partition.BROADCAST);
            expect(() -> bd.matvec(bx), "x: partition must be Partition.SCATTER, got BROADCAST");
            assertEquals(x9, bx.localArray(), "x unchanged");
            DistributedArray sx = DistributedArray.toDist(x9, comm);
            NdArray before = sx.localArray().copy();
            expect(() -> bd.rmatvec(sx), "y: dimension mismatch, global shape [9] but the operator needs (3)");
            expect(() -> bd.matvec(DistributedArray.toDist(x9.reshape(3, 3), comm)), "x: dimension mismatch");
            assertEquals(before, sx.localArray(), "y unchanged");
            Communicator half = comm.split(me % 2, me);
            DistributedArray small = DistributedArray.toDist(x9, half);
            expect(() -> bd.matvec(small), "x: its communicator has 2 ranks but the operator's has 4");
            half.close();

            MPIVStack vs = new MPIVStack(List.of(op(2, 4)), comm);
            expect(() -> vs.matvec(DistributedArray.toDist(x4, comm)),
                    "x: partition must be Partition.BROADCAST or Partition.UNSAFE_BROADCAST, got SCATTER");
            expect(() -> vs.rmatvec(replicated(comm, random(F64, 3, 8), Partition.BROADCAST)),
                    "y: partition must be Partition.SCATTER");
            MPIHStack hs = new MPIHStack(List.of(op(4, 2)), comm);
            DistributedArray hx = replicated(comm, random(F64, 4, 8), Partition.UNSAFE_BROADCAST);
            expect(() -> hs.matvec(hx), "x: partition must be Partition.SCATTER, got UNSAFE_BROADCAST");
            expect(() -> hs.rmatvec(DistributedArray.toDist(x4, comm)),
                    "y: partition must be Partition.BROADCAST or Partition.UNSAFE_BROADCAST, got SCATTER");
            inStep(comm);
        });
    }

    @Test
    void stackedOperandsAndProducts() {
        LocalCluster.run(2, comm -> {
            MPIBlockDiag a = new MPIBlockDiag(List.of(op(2, 2)), comm);
            MPILinearOperator w = MPILinearOperator.asMpiLinearOperator(op(3, 3), comm);
            MPIStackedBlockDiag sbd = new MPIStackedBlockDiag(List.of(a, w));
            DistributedArray plain = DistributedArray.toDist(random(F64, 1, 7), comm);
            expect(() -> sbd.matvec(plain), "x: expected a StackedDistributedArray of 2 components, got a "
                    + "DistributedArray");
            DistributedArray four = DistributedArray.toDist(random(F64, 2, 4), comm);
            DistributedArray three = DistributedArray.toDist(random(F64, 3, 3), comm);
            StackedDistributedArray wrong = StackedDistributedArray.of(three, four);
            NdArray before = wrong.asArray();
            expect(() -> sbd.matvec(wrong), "x: component 0 has 3 entries but operator 0 needs 4");
            assertEquals(before, wrong.asArray(), "x unchanged");
            expect(() -> sbd.rmatvec(StackedDistributedArray.of(four, three, DistributedArray.toDist(
                    random(F64, 4, 0), comm))), "y: expected 2 components (one per operator), got 3");

            MPIStackedVStack svs = new MPIStackedVStack(List.of(a, a));
            expect(() -> svs.rmatvec(DistributedArray.toDist(random(F64, 5, 8), comm)),
                    "y: expected a StackedDistributedArray of 2 components");
            expect(() -> svs.times(new MPIStackedVStack(List.of(a, a))),
                    "other: two MPIStackedVStack operators cannot be multiplied");
            MPIStackedBlockDiag one = new MPIStackedBlockDiag(List.of(new MPIBlockDiag(List.of(op(7, 7)), comm)));
            MPIStackedBlockDiag two = new MPIStackedBlockDiag(List.of(a, w));
            expect(() -> two.times(one), "other: cannot multiply MPIStackedBlockDiags with different numbers of "
                    + "operators, 2 and 1");
            expect(() -> two.plus(svs), "can only add stacked operators of the same class");

            // adjoint outputs that cannot be added: one masked, one not
            MPIBlockDiag masked = new MPIBlockDiag(List.of(op(2, 2)), comm, new int[] {0, 1}, null);
            MPIStackedVStack mixed = new MPIStackedVStack(List.of(a, masked));
            StackedDistributedArray y = StackedDistributedArray.of(four, DistributedArray.toDist(random(F64, 6, 4),
                    comm));
            NdArray yBefore = y.asArray();
            expect(() -> mixed.rmatvec(y), "y: the adjoints of operators 0..0 and of operator 1 return vectors that "
                    + "cannot be added", "mask");
            assertEquals(yBefore, y.asArray(), "y unchanged");
            inStep(comm);
        });
    }
}
