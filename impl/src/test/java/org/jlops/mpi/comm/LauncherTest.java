package org.jlops.mpi.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the launcher's environment says, and the error when the loaded MPI disagrees. */
class LauncherTest {

    @Test
    void sizeComesFromOpenMpiFirstThenPmi() {
        assertEquals(Optional.of(new Launcher.WorldSize("OMPI_COMM_WORLD_SIZE", 3)),
                Launcher.worldSize(Map.of("OMPI_COMM_WORLD_SIZE", "3", "PMI_SIZE", "5")));
        assertEquals(Optional.of(new Launcher.WorldSize("PMI_SIZE", 2)),
                Launcher.worldSize(Map.of("PMI_SIZE", " 2", "MPI_LOCALNRANKS", "2")));
        assertEquals(Optional.empty(), Launcher.worldSize(Map.of("PMI_SIZE", "many")), "not a count");
        assertEquals(Optional.empty(), Launcher.worldSize(Map.of("PMIX_RANK", "0")), "PMIx alone says no size");
        assertTrue(Launcher.detected(Map.of("PMIX_RANK", "0")));
        assertFalse(Launcher.detected(Map.of("HOME", "/")));
    }

    @Test
    void aSizeOtherThanTheLaunchersNamesBothAndTheFix() {
        Map<String, String> hydra = Map.of("PMI_SIZE", "2", "PMI_RANK", "1");
        assertEquals(Optional.empty(), Launcher.sizeMismatch(hydra, 2, "lib", "fix"));
        assertEquals(Optional.empty(), Launcher.sizeMismatch(Map.of(), 1, "lib", "fix"), "no launcher, no check");
        assertEquals(Optional.of("mpi-ffm (openmpi ABI): the launcher started 2 processes (PMI_SIZE=2) but"
                + " MPI_Comm_size(MPI_COMM_WORLD) = 1 in this library: it is not the MPI of the launcher that started"
                + " this process, so every process would run alone as rank 0 of 1. Launch it right."),
                Launcher.sizeMismatch(hydra, 1, "mpi-ffm (openmpi ABI)", "Launch it right."));
    }
}
