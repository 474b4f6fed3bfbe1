package org.jlops.mpi.verify.comm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * Jobs that end in the ways a real job ends, for the exit drills of the mpirun tests: each must
 * end within seconds, never hang, and never leave a JVM crash file. Safe to run by hand, e.g.
 * {@code mpirun -np 3 java --enable-native-access=ALL-UNNAMED -cp ... org.jlops.mpi.verify.comm.ExitDrill exit-during}.
 *
 * <p>Modes (the first argument):
 * <ul>
 *   <li>{@code exit-before}: rank {@code min(1, size-1)} calls {@code System.exit(0)} right after
 *       a barrier, while the others go on into an allreduce it never joins;</li>
 *   <li>{@code exit-during}: the same rank calls {@code System.exit(0)} half a second later, once
 *       the others wait inside the allreduce;</li>
 *   <li>{@code in-mpi}: every rank's main thread enters an MPI call that never completes (rank 0
 *       a receive into off-heap memory that nobody sends, the others an allreduce on heap memory
 *       that rank 0 never joins) after printing its process id; the drill then signals the job;</li>
 *   <li>{@code normal}: every rank does an allreduce and returns from {@code main}, rank 0 one and
 *       a half seconds after the others (they wait for it in {@code MPI_Finalize}): status 0.</li>
 * </ul>
 * Each rank prints {@code drill:} lines with {@link System#currentTimeMillis()} stamps the tests
 * read.
 */
public final class ExitDrill {

    private ExitDrill() {
    }

    /**
     * Runs one mode on {@link Communicators#world()}.
     *
     * @param args the mode: {@code exit-before}, {@code exit-during}, {@code in-mpi} or {@code normal}
     */
    public static void main(String[] args) throws InterruptedException {
        String mode = args.length == 0 ? "" : args[0];
        Communicator world = Communicators.world();
        int rank = world.rank();
        int victim = Math.min(1, world.size() - 1);
        world.barrier();
        switch (mode) {
            case "exit-before", "exit-during" -> {
                if (rank == victim) {
                    if (mode.equals("exit-during")) {
                        Thread.sleep(500);
                    }
                    say("drill: rank " + rank + " calls System.exit(0) at " + System.currentTimeMillis());
                    System.exit(0);
                }
                world.allreduce(1.0, ReduceOp.SUM);
                world.barrier();
                say("drill: rank " + rank + " was not stopped");
            }
            case "in-mpi" -> {
                say("drill: rank " + rank + " pid " + ProcessHandle.current().pid() + " enters MPI at "
                        + System.currentTimeMillis());
                if (rank == 0 && world.size() > 1) {
                    try (Arena arena = Arena.ofConfined()) {
                        world.recv(arena.allocate(8), 1, Datatype.FLOAT64, 1, 77);
                    }
                } else {
                    world.allreduce(1.0, ReduceOp.SUM);
                    world.barrier();
                }
                say("drill: rank " + rank + " left MPI");
            }
            case "normal" -> {
                double sum = world.allreduce((double) rank, ReduceOp.SUM);
                if (rank == 0) {
                    Thread.sleep(1500);
                }
                say("drill: rank " + rank + " ends normally, sum " + sum);
            }
            default -> throw new IllegalArgumentException("mode: expected exit-before, exit-during, in-mpi or normal,"
                    + " got '" + mode + "'");
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
