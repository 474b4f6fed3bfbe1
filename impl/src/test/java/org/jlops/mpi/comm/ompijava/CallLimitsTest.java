package org.jlops.mpi.comm.ompijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.Datatype;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How many elements one native call carries: the chunk property, the byte limit, complex as pairs. */
class CallLimitsTest {

    @AfterEach
    void restore() {
        System.clearProperty(Communicators.CHUNK_PROPERTY);
        System.clearProperty(OmpiJavaCommunicator.CALL_BYTES_PROPERTY);
    }

    @Test
    void defaultLimitIsTheByteLimitPerBuffer() {
        assertEquals(1L << 28, OmpiJavaCommunicator.callBytes());
        assertEquals((1L << 28) / 8, OmpiJavaCommunicator.perCall(Datatype.FLOAT64));
        assertEquals((1L << 28) / 4, OmpiJavaCommunicator.perCall(Datatype.INT32));
        assertEquals((1L << 28) / 16, OmpiJavaCommunicator.perCall(Datatype.COMPLEX128));
    }

    @Test
    void chunkPropertyCountsNativeElementsSoComplexGetsHalf() {
        System.setProperty(Communicators.CHUNK_PROPERTY, "1000");
        assertEquals(1000, OmpiJavaCommunicator.perCall(Datatype.FLOAT32));
        assertEquals(500, OmpiJavaCommunicator.perCall(Datatype.COMPLEX64));
        System.setProperty(Communicators.CHUNK_PROPERTY, "1");
        assertEquals(1, OmpiJavaCommunicator.perCall(Datatype.COMPLEX128), "never below one element");
    }

    @Test
    void byteLimitPropertyIsValidated() {
        System.setProperty(OmpiJavaCommunicator.CALL_BYTES_PROPERTY, "64");
        assertEquals(8, OmpiJavaCommunicator.perCall(Datatype.FLOAT64));
        assertEquals(4, OmpiJavaCommunicator.perCall(Datatype.COMPLEX128));
        System.setProperty(OmpiJavaCommunicator.CALL_BYTES_PROPERTY, "8");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OmpiJavaCommunicator::callBytes);
        assertTrue(e.getMessage().contains(OmpiJavaCommunicator.CALL_BYTES_PROPERTY) && e.getMessage().contains("8"),
                e.getMessage());
        System.setProperty(OmpiJavaCommunicator.CALL_BYTES_PROPERTY, "lots");
        assertThrows(IllegalArgumentException.class, OmpiJavaCommunicator::callBytes);
    }
}
