package org.jlops.mpi.engine;

/**
 * The element types an {@link Engine} stores, each with storage of its own width: single
 * precision in 32-bit words, double precision in 64-bit words, complex values as interleaved
 * (real, imaginary) pairs of their real type. The array layer's {@code DType} maps one to one
 * onto these.
 */
public enum ElementType {
    /** IEEE-754 single precision. */
    FLOAT32(false, false),
    /** IEEE-754 double precision. */
    FLOAT64(true, false),
    /** Single-precision complex, interleaved re/im. */
    COMPLEX64(false, true),
    /** Double-precision complex, interleaved re/im. */
    COMPLEX128(true, true);

    private final boolean doublePrecision;
    private final boolean complex;

    ElementType(boolean doublePrecision, boolean complex) {
        this.doublePrecision = doublePrecision;
        this.complex = complex;
    }

    /**
     * Whether the real components are 64-bit (FLOAT64, COMPLEX128).
     *
     * @return whether the real components are 64-bit (FLOAT64, COMPLEX128)
     */
    public boolean isDoublePrecision() {
        return doublePrecision;
    }

    /**
     * Whether elements are complex (two real components each).
     *
     * @return whether elements are complex (two real components each)
     */
    public boolean isComplex() {
        return complex;
    }

    /**
     * Real components per element: 2 for complex types, else 1.
     *
     * @return real components per element: 2 for complex types, else 1
     */
    public int components() {
        return complex ? 2 : 1;
    }

    /**
     * Bytes per element: 4, 8, 8, 16.
     *
     * @return bytes per element: 4, 8, 8, 16
     */
    public int byteSize() {
        return (doublePrecision ? 8 : 4) * components();
    }
}
