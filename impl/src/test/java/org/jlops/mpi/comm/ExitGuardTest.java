package org.jlops.mpi.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The exit guard's settings and its refusal of calls once the process ends; the exits themselves
 * (System.exit on one rank, signals) are drilled under mpirun by verify's MpirunExitDrillTest.
 */
class ExitGuardTest {

    @Test
    void finalizeTimeoutIsSecondsWithADefault() {
        assertEquals(5000, ExitGuard.finalizeTimeoutMillis(null));
        assertEquals(5000, ExitGuard.finalizeTimeoutMillis(" "));
        assertEquals(2500, ExitGuard.finalizeTimeoutMillis("2.5"));
        assertEquals(0, ExitGuard.finalizeTimeoutMillis("0"), "no bound");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExitGuard.finalizeTimeoutMillis("-1"));
        assertEquals(ExitGuard.FINALIZE_TIMEOUT_PROPERTY + " must be in [0, 1e6] seconds (0: no bound), got -1",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExitGuard.finalizeTimeoutMillis("soon"));
        assertEquals(ExitGuard.FINALIZE_TIMEOUT_PROPERTY + " must be a number of seconds, got 'soon'", e.getMessage());
    }

    @Test
    void signalsAreTheDefaultActionUnlessTheJvmKeepsThem() {
        assertFalse(ExitGuard.jvmSignals(null));
        assertFalse(ExitGuard.jvmSignals("default"));
        assertTrue(ExitGuard.jvmSignals("jvm"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExitGuard.jvmSignals("hooks"));
        assertEquals(ExitGuard.SIGNALS_PROPERTY + " must be default or jvm, got 'hooks'", e.getMessage());
    }

    @Test
    void aGuardRefusesCallsOnceTheProcessEnds() {
        ExitGuard guard = new ExitGuard(() -> { }, 1000);
        guard.enter("MPI_Barrier");
        guard.leave();
        assertFalse(guard.closing());
        assertTrue(guard.claimForAbort());
        assertFalse(guard.claimForAbort(), "claimed once");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.enter("MPI_Allreduce"));
        assertEquals("communicator: MPI was finalised (the JVM is shutting down)", e.getMessage());
    }
}
