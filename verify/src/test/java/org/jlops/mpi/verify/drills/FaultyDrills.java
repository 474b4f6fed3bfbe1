package org.jlops.mpi.verify.drills;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.MPILinearOperator;

/**
 * Deliberately broken methods, each the way a method fails issue 14, run through the drill
 * harness to show that it reports them (group {@code fault/<fault>}, method {@code call}, bad
 * argument {@code other} on rank 1). impl's main code has no hook for them: they are written
 * here, outside the operator template, as a careless contributor might.
 */
enum FaultyDrills {
    /** The product checks its operand on its own rank only, then reduces: the ranks fall out of step. */
    LOCAL_CHECK,
    /** The product waits for a neighbour's message before checking, on the bad rank only: a hang. */
    COLLECTIVE_BEFORE_CHECK,
    /** A constructor checks an option on its own rank only: the bad rank throws, the others return. */
    DIVERGENT,
    /** The method scales its receiver before the (agreed) check rejects the operand. */
    CHANGES_OPERAND,
    /** Every rank throws its own message, with no agreement. */
    MESSAGE_DIFFERS,
    /** An agreed check whose message does not name the argument. */
    UNNAMED_ARGUMENT,
    /** An agreed check whose message does not name the rank that had the bad argument. */
    UNNAMED_RANK,
    /** Every rank returns, but each its own value. */
    RESULTS_DIFFER,
    /** Every rank returns the same reduced value: a legitimate acceptance (the suite must not fail it). */
    AGREED_RESULT;

    /** The drill of this fault, the bad argument on rank 1. */
    Drill drill() {
        return new Drill("fault/" + name().toLowerCase().replace('_', '-'), "call", "other", Badness.SIZE, "",
                Victim.SECOND, this == AGREED_RESULT ? Status.ACCEPTED : Status.REJECTED, this::stage);
    }

    /** Every fault's drill. */
    static List<Drill> all() {
        return java.util.Arrays.stream(values()).map(FaultyDrills::drill).toList();
    }

    private Scene stage(Communicator comm, int bad) {
        DistributedArray x = ArrayDrills.vector(comm, 0);
        DistributedVector other = BadOperands.operand(Badness.SIZE, ArrayDrills.vector(comm, 1), comm, bad);
        boolean mine = comm.rank() == bad;
        return switch (this) {
            case LOCAL_CHECK -> Scene.of(() -> {
                if (other.globalSize() != x.globalSize()) {
                    throw new IllegalArgumentException("other: global length " + other.globalSize() + ", expected "
                            + x.globalSize());
                }
                return comm.allreduce(x.localArray().re(0), ReduceOp.SUM);
            }, x, other);
            case COLLECTIVE_BEFORE_CHECK -> Scene.of(() -> {
                if (mine) {
                    // a halo exchange with a neighbour that never sends: it checked its operand and moved on
                    comm.recv(MemorySegment.ofArray(new double[1]), 1, Datatype.FLOAT64, (bad + 1) % comm.size(), 77);
                }
                return x.add(other);
            }, x, other);
            case DIVERGENT -> Scene.of(() -> new LocalOnlyCheck(mine ? Double.NaN : 1.0, comm));
            case CHANGES_OPERAND -> Scene.of(() -> x.imultiply(2, 0).add(other), x, other);
            case MESSAGE_DIFFERS -> Scene.of(() -> {
                throw new IllegalArgumentException("other: rejected on rank " + comm.rank());
            }, x, other);
            case UNNAMED_ARGUMENT -> Scene.of(() -> {
                CollectiveChecks.agree(comm, mine ? "bad input" : null);
                return null;
            }, x, other);
            case UNNAMED_RANK -> Scene.of(() -> {
                if (comm.allreduce(mine ? 1 : 0, ReduceOp.MAX) == 1) {
                    throw new IllegalArgumentException("other: a rank has a bad operand");
                }
                return null;
            }, x, other);
            case RESULTS_DIFFER -> Scene.of(() -> (double) comm.rank(), x, other);
            case AGREED_RESULT -> Scene.of(() -> comm.allreduce((double) other.globalSize(), ReduceOp.MAX), x, other);
        };
    }

    /** An operator whose constructor checks its factor on its own rank only (no agreement). */
    static final class LocalOnlyCheck extends MPILinearOperator {
        private final double factor;

        LocalOnlyCheck(double factor, Communicator comm) {
            super(new long[] {ArrayDrills.N}, new long[] {ArrayDrills.N}, org.jlops.mpi.array.DType.FLOAT64, comm);
            if (!Double.isFinite(factor)) {
                throw new IllegalArgumentException("other: factor " + factor + ", expected a finite number");
            }
            this.factor = factor;
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            return x.multiply(factor);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return y.multiply(factor);
        }
    }
}
