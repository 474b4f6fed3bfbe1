package org.jlops.mpi.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Backend names as users write them, and the one world a process has. */
class BackendTest {

    @Test
    void printsAsTheShortNameAndParsesItBack() {
        assertEquals(List.of("local", "mpi-ffm", "ompi-java", "nccl"),
                List.of(Backend.values()).stream().map(Backend::toString).toList());
        for (Backend b : Backend.values()) {
            assertSame(b, Backend.parse(b.toString()));
            assertSame(b, Backend.parse(" " + b.name() + " "), "constant names too");
        }
        assertSame(Backend.MPI_FFM, Backend.parse("FFM"));
        assertSame(Backend.MPI_FFM, Backend.parse("mpi"));
        assertSame(Backend.OMPI_JAVA, Backend.parse("ompijava"));
    }

    @Test
    void unknownNamesAreRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("gloo"));
        assertEquals("backend: unknown backend 'gloo'; expected one of local, mpi-ffm, ompi-java, nccl", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Backend.parse(null));
        assertEquals("backend: must not be null", e.getMessage());
    }

    @Test
    void theWorldIsOnOneBackend() {
        Communicator world = Communicators.world(Backend.LOCAL);
        assertEquals("local", world.backend());
        assertEquals(1, world.size());
        assertSame(world, Communicators.world(Backend.LOCAL));
        assertSame(world, Communicators.world(), "world() returns the world already made");
        world.close();
        world.barrier(); // closing a world does nothing
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Communicators.world(Backend.MPI_FFM));
        assertEquals("backend: this process's world communicator is local; it cannot also have a world on mpi-ffm",
                e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Communicators.world(null));
        assertEquals("backend: must not be null", n.getMessage());
    }
}
