package org.jlops.mpi.verify.comm;

import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.ReduceOp;

/**
 * A job in which one rank throws while the others wait in a collective: run under
 * {@code mpirun}, the whole job must end with a non-zero exit status and the exception on
 * stderr within seconds, never hang. Used by the mpirun tests; safe to run by hand:
 * {@code mpirun -np 3 java --enable-native-access=ALL-UNNAMED -cp ... org.jlops.mpi.verify.comm.FailureDrill}.
 */
public final class FailureDrill {

    private FailureDrill() {
    }

    /**
     * Rank {@code min(1, size-1)} throws; the other ranks enter an allreduce and a barrier.
     *
     * @param args unused
     */
    public static void main(String[] args) throws InterruptedException {
        Communicator world = Communicators.world();
        world.barrier();
        int victim = Math.min(1, world.size() - 1);
        if (world.rank() == victim) {
            Thread.sleep(300);
            System.out.println("drill: throwing at " + System.currentTimeMillis());
            System.out.flush();
            throw new IllegalStateException("drill: rank " + victim + " fails on purpose");
        }
        world.allreduce(1.0, ReduceOp.SUM);
        world.barrier();
        System.out.println("drill: rank " + world.rank() + " was not stopped");
    }
}
