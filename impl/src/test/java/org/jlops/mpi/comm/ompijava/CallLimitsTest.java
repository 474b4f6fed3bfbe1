package org.jlops.mpi.comm.ompijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.comm.Datatype;
import org.junit.jupiter.api.Test;

/** How many elements one native call carries: the chunk limit, the byte limit, complex as pairs. */
class CallLimitsTest {

    private static final long NO_CHUNKING = Integer.MAX_VALUE;

    @Test
    void defaultLimitIsTheByteLimitPerBuffer() {
        long bytes = OmpiJavaCommunicator.callBytes(null);
        assertEquals(1L << 28, bytes);
        assertEquals(1L << 28, OmpiJavaCommunicator.callBytes(" "));
        assertEquals((1L << 28) / 8, OmpiJavaCommunicator.perCall(Datatype.FLOAT64, NO_CHUNKING, bytes));
        assertEquals((1L << 28) / 4, OmpiJavaCommunicator.perCall(Datatype.INT32, NO_CHUNKING, bytes));
        assertEquals((1L << 28) / 16, OmpiJavaCommunicator.perCall(Datatype.COMPLEX128, NO_CHUNKING, bytes));
    }

    @Test
    void chunkLimitCountsNativeElementsSoComplexGetsHalf() {
        long bytes = OmpiJavaCommunicator.callBytes(null);
        assertEquals(1000, OmpiJavaCommunicator.perCall(Datatype.FLOAT32, 1000, bytes));
        assertEquals(500, OmpiJavaCommunicator.perCall(Datatype.COMPLEX64, 1000, bytes));
        assertEquals(1, OmpiJavaCommunicator.perCall(Datatype.COMPLEX128, 1, bytes), "never below one element");
    }

    @Test
    void byteLimitPropertyIsValidated() {
        assertEquals(8, OmpiJavaCommunicator.perCall(Datatype.FLOAT64, NO_CHUNKING, OmpiJavaCommunicator.callBytes("64")));
        assertEquals(4, OmpiJavaCommunicator.perCall(Datatype.COMPLEX128, NO_CHUNKING, OmpiJavaCommunicator.callBytes("64")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OmpiJavaCommunicator.callBytes("8"));
        assertEquals(OmpiJavaCommunicator.CALL_BYTES_PROPERTY + " must be in [16, 2^31-1], got 8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OmpiJavaCommunicator.callBytes("lots"));
        assertTrue(e.getMessage().startsWith(OmpiJavaCommunicator.CALL_BYTES_PROPERTY + " must be an integer, got 'lots'"),
                e.getMessage());
    }
}
