package org.jlops.mpi.comm;

import java.lang.foreign.MemorySegment;

/**
 * Element types a {@link Communicator} moves and reduces, named after their MPI counterparts.
 *
 * <p>Counts passed to a communicator are always in elements of the datatype: one
 * {@link #COMPLEX128} element is 16 bytes (real and imaginary part, interleaved), the layout
 * of EJML and JTransforms. Complex values may be reduced with {@link ReduceOp#SUM} only.
 */
public enum Datatype {
    /** 32-bit signed integer ({@code MPI_INT}). */
    INT32(4, false),
    /** 64-bit signed integer ({@code MPI_INT64_T}). */
    INT64(8, false),
    /** IEEE-754 single precision ({@code MPI_FLOAT}). */
    FLOAT32(4, false),
    /** IEEE-754 double precision ({@code MPI_DOUBLE}). */
    FLOAT64(8, false),
    /** Single-precision complex, interleaved re/im ({@code MPI_C_FLOAT_COMPLEX}). */
    COMPLEX64(8, true),
    /** Double-precision complex, interleaved re/im ({@code MPI_C_DOUBLE_COMPLEX}). */
    COMPLEX128(16, true);

    private final int byteSize;
    private final boolean complex;

    Datatype(int byteSize, boolean complex) {
        this.byteSize = byteSize;
        this.complex = complex;
    }

    /**
     * Bytes one element occupies.
     *
     * @return bytes one element occupies
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Whether the elements are complex (two reals each).
     *
     * @return whether the elements are complex (two reals each)
     */
    public boolean isComplex() {
        return complex;
    }

    /**
     * The real datatype of one component: FLOAT32 for COMPLEX64, FLOAT64 for COMPLEX128, else this.
     *
     * @return the real datatype of one component: FLOAT32 for COMPLEX64, FLOAT64 for COMPLEX128, else this
     */
    public Datatype realComponent() {
        return switch (this) {
            case COMPLEX64 -> FLOAT32;
            case COMPLEX128 -> FLOAT64;
            default -> this;
        };
    }

    /**
     * Checks that {@code segment} holds at least {@code offset + count} elements of this type.
     *
     * @param what the argument's name, used in the error message
     * @param segment the buffer
     * @param count   the elements it must hold
     * @throws IllegalArgumentException naming the argument, the count and the capacity
     */
    public void checkCapacity(String what, MemorySegment segment, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(what + ": count must not be negative, got " + count);
        }
        long needed = Math.multiplyExact(count, (long) byteSize);
        if (segment.byteSize() < needed) {
            throw new IllegalArgumentException(what + ": buffer holds " + segment.byteSize() / byteSize
                    + " " + this + " elements but " + count + " are needed");
        }
    }
}
