package org.jlops.mpi.comm;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an MPI launcher tells the processes it starts through their environment: whether one
 * started this process at all ({@link Communicators#world()} picks {@code mpi-ffm} then), and how
 * many processes it started, which the MPI backends compare with {@code MPI_Comm_size} after
 * initialisation. The two differ when the loaded MPI library is not the launcher's (Open MPI's
 * library under MPICH's {@code mpiexec}, or the reverse): each process then initialises MPI
 * alone, as "rank 0 of 1", and the job would silently run N independent copies.
 */
public final class Launcher {

    /**
     * The environment variables holding the number of processes a launcher started, in the order
     * they are consulted: Open MPI's {@code mpirun} sets {@code OMPI_COMM_WORLD_SIZE}, MPICH's
     * Hydra and other PMI launchers ({@code srun --mpi=pmi2}) set {@code PMI_SIZE}.
     */
    public static final List<String> SIZE_VARIABLES = List.of("OMPI_COMM_WORLD_SIZE", "PMI_SIZE");

    /**
     * The number of processes the launcher started, as one of {@link #SIZE_VARIABLES} says.
     *
     * @param variable the environment variable that says it
     * @param size     its value
     */
    public record WorldSize(String variable, int size) {
    }

    private Launcher() {
    }

    /**
     * Whether an MPI launcher (Open MPI, MPICH Hydra, PMI/PMIx) started the process whose
     * environment this is.
     *
     * @param env the environment, not modified
     * @return whether a launcher's variables are in {@code env}
     */
    public static boolean detected(Map<String, String> env) {
        return env.containsKey("OMPI_COMM_WORLD_SIZE") || env.containsKey("PMI_SIZE") || env.containsKey("PMIX_RANK")
                || env.containsKey("MPI_LOCALNRANKS");
    }

    /**
     * The number of processes the launcher started: the first of {@link #SIZE_VARIABLES} that is
     * set to a positive integer.
     *
     * @param env the environment, not modified
     * @return the variable and its value, or empty when none is set (no launcher, or one that
     *         does not say)
     */
    public static Optional<WorldSize> worldSize(Map<String, String> env) {
        for (String name : SIZE_VARIABLES) {
            String value = env.get(name);
            if (value == null) {
                continue;
            }
            try {
                int n = Integer.parseInt(value.trim());
                if (n > 0) {
                    return Optional.of(new WorldSize(name, n));
                }
            } catch (NumberFormatException e) {
                // not a count: look at the next variable
            }
        }
        return Optional.empty();
    }

    /**
     * The error to report when the MPI library a backend initialised sees another number of
     * processes than the launcher started, or empty when they agree (or the launcher does not say).
     *
     * @param env          the environment, not modified
     * @param mpiSize      {@code MPI_Comm_size(MPI_COMM_WORLD)} after initialisation
     * @param library      the loaded library and why it was chosen, e.g.
     *                     {@code "mpi-ffm: openmpi ABI, libmpi.so.40, forced by -Djlops.mpi.abi=openmpi"}
     * @param whatToDo     the fix, e.g. {@code "launch with Open MPI's mpirun, or drop -Djlops.mpi.abi"}
     * @return the message naming the library, the launcher's variable, both sizes and the fix
     */
    public static Optional<String> sizeMismatch(Map<String, String> env, int mpiSize, String library,
            String whatToDo) {
        return worldSize(env).filter(w -> w.size() != mpiSize).map(w -> library + ": the launcher started "
                + w.size() + " processes (" + w.variable() + "=" + w.size() + ") but MPI_Comm_size(MPI_COMM_WORLD) = "
                + mpiSize + " in this library: it is not the MPI of the launcher that started this process, so every"
                + " process would run alone as rank 0 of " + mpiSize + ". " + whatToDo);
    }
}
