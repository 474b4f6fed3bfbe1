package org.jlops.mpi.array;

import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.engine.ElementType;

/**
 * Element types of arrays, each stored at its own width: FLOAT32 and COMPLEX64 in {@code float[]}
 * storage, FLOAT64 and COMPLEX128 in {@code double[]}, complex values interleaved (re, im).
 * The names follow NumPy's.
 */
public enum DType {
    /** IEEE-754 single precision ({@code numpy.float32}, descr {@code <f4}). */
    FLOAT32(ElementType.FLOAT32, Datatype.FLOAT32, "<f4"),
    /** IEEE-754 double precision ({@code numpy.float64}, descr {@code <f8}). */
    FLOAT64(ElementType.FLOAT64, Datatype.FLOAT64, "<f8"),
    /** Single-precision complex ({@code numpy.complex64}, descr {@code <c8}). */
    COMPLEX64(ElementType.COMPLEX64, Datatype.COMPLEX64, "<c8"),
    /** Double-precision complex ({@code numpy.complex128}, descr {@code <c16}). */
    COMPLEX128(ElementType.COMPLEX128, Datatype.COMPLEX128, "<c16");

    private final ElementType elementType;
    private final Datatype datatype;
    private final String numpyDescr;

    DType(ElementType elementType, Datatype datatype, String numpyDescr) {
        this.elementType = elementType;
        this.datatype = datatype;
        this.numpyDescr = numpyDescr;
    }

    /**
     * The engine's element type (storage and kernels).
     *
     * @return the engine's element type (storage and kernels)
     */
    public ElementType elementType() {
        return elementType;
    }

    /**
     * The communicator datatype that moves one element.
     *
     * @return the communicator datatype that moves one element
     */
    public Datatype datatype() {
        return datatype;
    }

    /**
     * NumPy's little-endian type string, e.g. {@code <f8}.
     *
     * @return NumPy's little-endian type string, e.g. {@code <f8}
     */
    public String numpyDescr() {
        return numpyDescr;
    }

    /**
     * Whether elements are complex.
     *
     * @return whether elements are complex
     */
    public boolean isComplex() {
        return elementType.isComplex();
    }

    /**
     * Whether the real components are 64-bit.
     *
     * @return whether the real components are 64-bit
     */
    public boolean isDoublePrecision() {
        return elementType.isDoublePrecision();
    }

    /**
     * Real entries per element: 2 for complex types, else 1.
     *
     * @return real entries per element: 2 for complex types, else 1
     */
    public int components() {
        return elementType.components();
    }

    /**
     * Bytes per element: 4, 8, 8, 16.
     *
     * @return bytes per element: 4, 8, 8, 16
     */
    public int itemSize() {
        return elementType.byteSize();
    }

    /**
     * The real type of the same precision (FLOAT32 for COMPLEX64, FLOAT64 for COMPLEX128).
     *
     * @return the real type of the same precision (FLOAT32 for COMPLEX64, FLOAT64 for COMPLEX128)
     */
    public DType realType() {
        return isDoublePrecision() ? FLOAT64 : FLOAT32;
    }

    /**
     * The complex type of the same precision.
     *
     * @return the complex type of the same precision
     */
    public DType complexType() {
        return isDoublePrecision() ? COMPLEX128 : COMPLEX64;
    }

    /**
     * The common type of two dtypes (NumPy's {@code result_type} on these four): complex if either
     * is, double precision if either is.
     *
     * @param a a dtype, not null
     * @param b a dtype, not null
     * @return the smallest of the four dtypes that holds values of both exactly
     */
    public static DType promote(DType a, DType b) {
        boolean complex = a.isComplex() || b.isComplex();
        boolean dbl = a.isDoublePrecision() || b.isDoublePrecision();
        return complex ? (dbl ? COMPLEX128 : COMPLEX64) : (dbl ? FLOAT64 : FLOAT32);
    }

    /**
     * The dtype storing {@code type}.
     *
     * @param type the element type
     * @return the dtype
     */
    public static DType of(ElementType type) {
        return switch (type) {
            case FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
            case COMPLEX64 -> COMPLEX64;
            case COMPLEX128 -> COMPLEX128;
        };
    }
}
