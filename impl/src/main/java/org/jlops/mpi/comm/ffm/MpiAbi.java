package org.jlops.mpi.comm.ffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * The binary interface of one MPI implementation family: everything that differs between Open MPI
 * and MPICH (and the MPICH-ABI family: Intel MPI, Cray MPICH, MVAPICH) in one small table.
 *
 * <p>Handles ({@code MPI_Comm}, {@code MPI_Datatype}, {@code MPI_Op}, {@code MPI_Errhandler}) are
 * carried in Java as {@code long}: in Open MPI they are pointers to global objects of
 * {@code libmpi} ({@code &ompi_mpi_comm_world}), in MPICH 32-bit integers
 * ({@code MPI_COMM_WORLD = 0x44000000}). {@link #handleLayout()} and {@link #handleToNative()}
 * turn the {@code long} into the C argument; the downcall handles of {@link MpiLibrary} take
 * {@code long} handles whatever the ABI.
 *
 * <p>Values common to both families (return code {@code MPI_SUCCESS = 0},
 * {@code MPI_UNDEFINED = -32766}, the thread levels) are listed here too, so that the table is
 * the one place to look when a new family is added.
 */
sealed interface MpiAbi permits OpenMpiAbi, MpichAbi {

    /** Name of the Open MPI family in {@value #ABI_PROPERTY}. */
    String OPENMPI = "openmpi";
    /** Name of the MPICH family in {@value #ABI_PROPERTY}. */
    String MPICH = "mpich";
    /** System property forcing the ABI family: {@code openmpi} or {@code mpich}. */
    String ABI_PROPERTY = "jlops.mpi.abi";
    /** System property naming the MPI shared library to load (a path or a soname). */
    String LIBRARY_PROPERTY = "jlops.mpi.library";

    /** {@code MPI_SUCCESS}, the return code of a successful call (both families). */
    int SUCCESS = 0;
    /** System property choosing the thread level MPI is initialised with (see {@link #threadLevel}). */
    String THREAD_LEVEL_PROPERTY = "jlops.mpi.threadLevel";

    /**
     * The {@code MPI_THREAD_*} value (the same in both families) named by {@code name}:
     * {@code single} (0, the default when {@code name} is null or blank), {@code funneled} (1),
     * {@code serialized} (2) or {@code multiple} (3).
     *
     * @throws IllegalArgumentException naming the property for any other value
     */
    static int threadLevel(String name) {
        if (name == null || name.isBlank()) {
            return 0;
        }
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "single" -> 0;
            case "funneled" -> 1;
            case "serialized" -> 2;
            case "multiple" -> 3;
            default -> throw new IllegalArgumentException(THREAD_LEVEL_PROPERTY + ": expected single, funneled,"
                    + " serialized or multiple, got '" + name + "'");
        };
    }
    /** {@code MPI_UNDEFINED} (both families). */
    int UNDEFINED = -32766;
    /** Bytes reserved for one {@code MPI_Status} (Open MPI: 24, MPICH: 20). */
    long STATUS_BYTES = 64;

    /** {@link #OPENMPI} or {@link #MPICH}. */
    String name();

    /** Layout of a handle argument in C: {@code ADDRESS} (Open MPI) or {@code JAVA_INT} (MPICH). */
    ValueLayout handleLayout();

    /** Adapter from the {@code long} carried in Java to the C argument of {@link #handleLayout()}. */
    MethodHandle handleToNative();

    /** {@code MPI_COMM_WORLD}. */
    long commWorld();

    /** {@code MPI_COMM_NULL}. */
    long commNull();

    /** {@code MPI_ERRORS_RETURN}. */
    long errorsReturn();

    /** The {@code MPI_Datatype} of {@code type}. */
    long datatype(Datatype type);

    /** The {@code MPI_Op} of {@code op}. */
    long op(ReduceOp op);

    /** Address of {@code MPI_IN_PLACE}: 1 in Open MPI, -1 in MPICH. */
    long inPlace();

    /** {@code MPI_PROC_NULL}: -2 in Open MPI, -1 in MPICH. */
    int procNull();

    /** Keyval of the predefined attribute {@code MPI_TAG_UB}. */
    int tagUbKeyval();

    /** Reads a handle written by MPI into {@code out} (an {@code MPI_Comm*} out-argument). */
    default long readHandle(MemorySegment out) {
        return handleLayout() instanceof ValueLayout.OfInt
                ? out.get(ValueLayout.JAVA_INT, 0)
                : out.get(ValueLayout.ADDRESS, 0).address();
    }

    /** Writes {@code handle} into {@code out} (an {@code MPI_Comm*} in/out-argument). */
    default void writeHandle(MemorySegment out, long handle) {
        if (handleLayout() instanceof ValueLayout.OfInt) {
            out.set(ValueLayout.JAVA_INT, 0, (int) handle);
        } else {
            out.set(ValueLayout.ADDRESS, 0, MemorySegment.ofAddress(handle));
        }
    }

    /**
     * The family a launcher's environment points to: {@code OMPI_COMM_WORLD_SIZE} (Open MPI's
     * {@code mpirun}) gives {@link #OPENMPI}; {@code PMI_SIZE}, {@code PMI_RANK},
     * {@code MPI_LOCALNRANKS} or any {@code HYDRA_*} variable (MPICH's Hydra) give {@link #MPICH}.
     *
     * @param env the environment, not modified
     * @return the family, or empty when the environment names none
     */
    static Optional<String> detect(Map<String, String> env) {
        if (env.containsKey("OMPI_COMM_WORLD_SIZE")) {
            return Optional.of(OPENMPI);
        }
        if (env.containsKey("PMI_SIZE") || env.containsKey("PMI_RANK") || env.containsKey("MPI_LOCALNRANKS")
                || env.keySet().stream().anyMatch(k -> k.startsWith("HYDRA_"))) {
            return Optional.of(MPICH);
        }
        return Optional.empty();
    }

    /**
     * Parses the value of {@value #ABI_PROPERTY}.
     *
     * @param value the property value, may be null or blank (then empty)
     * @throws IllegalArgumentException naming the property when the value is not a known family
     */
    static Optional<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case OPENMPI, "open-mpi", "ompi" -> Optional.of(OPENMPI);
            case MPICH -> Optional.of(MPICH);
            default -> throw new IllegalArgumentException(ABI_PROPERTY + ": unknown MPI ABI '" + value
                    + "'; expected " + OPENMPI + " or " + MPICH);
        };
    }

    /**
     * Shared libraries to try, in order, for a family (or for both when {@code family} is empty:
     * Open MPI first).
     */
    static List<String> libraryCandidates(Optional<String> family) {
        List<String> openMpi = List.of("libmpi.so.40", "libmpi.so");
        List<String> mpich = List.of("libmpich.so.12", "libmpich.so");
        return family.map(f -> f.equals(OPENMPI) ? openMpi : mpich)
                .orElseGet(() -> List.of(openMpi.get(0), openMpi.get(1), mpich.get(0), mpich.get(1)));
    }

    /**
     * The table for a loaded library: the requested family, or when none was requested, the one
     * the library's symbols reveal (Open MPI exports {@code ompi_mpi_comm_world}).
     *
     * @param requested family asked for by {@value #ABI_PROPERTY}, or empty
     * @param library   the loaded MPI library
     * @throws IllegalStateException when the library does not match the requested family
     */
    static MpiAbi of(Optional<String> requested, NativeLibrary library) {
        boolean isOpenMpi = library.find(OpenMpiAbi.COMM_WORLD_SYMBOL).isPresent();
        String family = requested.orElse(isOpenMpi ? OPENMPI : MPICH);
        if (family.equals(OPENMPI) && !isOpenMpi) {
            throw new IllegalStateException(ABI_PROPERTY + "=" + OPENMPI + " but " + library.name()
                    + " has no symbol " + OpenMpiAbi.COMM_WORLD_SYMBOL + ": it is not Open MPI; set "
                    + ABI_PROPERTY + "=" + MPICH + " or point " + LIBRARY_PROPERTY + " at Open MPI's libmpi.so");
        }
        if (family.equals(MPICH) && isOpenMpi) {
            throw new IllegalStateException(ABI_PROPERTY + "=" + MPICH + " but " + library.name()
                    + " is Open MPI; set " + ABI_PROPERTY + "=" + OPENMPI + " or point " + LIBRARY_PROPERTY
                    + " at MPICH's libmpich.so");
        }
        return family.equals(OPENMPI) ? new OpenMpiAbi(library::find) : new MpichAbi();
    }
}
