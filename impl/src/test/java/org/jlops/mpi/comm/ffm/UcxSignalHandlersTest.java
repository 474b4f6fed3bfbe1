package org.jlops.mpi.comm.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Regression: loading MPICH (which links UCX) used to install UCX's SIGSEGV handler over the
 * JVM's, so the next implicit null check in compiled code crashed the JVM ("SIGSEGV sent by
 * kill"). When broken, this test kills the test JVM.
 */
class UcxSignalHandlersTest {

    private static int length(String s) {
        return s.length();
    }

    @Test
    void jvmStillTurnsSegvIntoNullPointerExceptionAfterLoadingMpich() {
        assumeTrue(MpiLibrary.open("libmpich.so.12").library().isPresent(), "MPICH not installed");
        int caught = 0;
        for (int i = 0; i < 1_000_000; i++) {
            try {
                length(i % 1000 == 0 ? null : "x");
            } catch (NullPointerException e) {
                caught++;
            }
        }
        assertEquals(1000, caught);
    }
}
