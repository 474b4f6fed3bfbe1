package org.jlops.mpi.comm.ffm;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * MPICH's binary interface ({@code libmpich.so.12}, shared by Intel MPI, Cray MPICH and MVAPICH):
 * handles are 32-bit integers fixed in {@code mpi.h}, {@code MPI_IN_PLACE = (void*)-1},
 * {@code MPI_PROC_NULL = -1}. A builtin datatype handle carries its size in bits 8 to 15
 * ({@code MPI_DOUBLE = 0x4c00080b}: 8 bytes).
 */
final class MpichAbi implements MpiAbi {

    // Handle values of MPICH's mpi.h (stable since MPICH 3.1, the "MPICH ABI").
    static final int COMM_WORLD = 0x44000000;
    static final int COMM_NULL = 0x04000000;
    static final int ERRORS_RETURN = 0x54000001;
    static final int INT = 0x4c000405;
    static final int INT64_T = 0x4c00083a;
    static final int FLOAT = 0x4c00040a;
    static final int DOUBLE = 0x4c00080b;
    static final int C_FLOAT_COMPLEX = 0x4c000840;
    static final int C_DOUBLE_COMPLEX = 0x4c001041;
    static final int OP_MAX = 0x58000001;
    static final int OP_MIN = 0x58000002;
    static final int OP_SUM = 0x58000003;
    static final int TAG_UB = 0x64400001;

    private static final MethodHandle TO_NATIVE = MethodHandles.explicitCastArguments(
            MethodHandles.identity(long.class), MethodType.methodType(int.class, long.class));

    @Override
    public String name() {
        return MPICH;
    }

    @Override
    public ValueLayout handleLayout() {
        return ValueLayout.JAVA_INT;
    }

    @Override
    public MethodHandle handleToNative() {
        return TO_NATIVE;
    }

    @Override
    public long commWorld() {
        return COMM_WORLD;
    }

    @Override
    public long commNull() {
        return COMM_NULL;
    }

    @Override
    public long errorsReturn() {
        return ERRORS_RETURN;
    }

    @Override
    public long datatype(Datatype type) {
        return switch (type) {
            case INT32 -> INT;
            case INT64 -> INT64_T;
            case FLOAT32 -> FLOAT;
            case FLOAT64 -> DOUBLE;
            case COMPLEX64 -> C_FLOAT_COMPLEX;
            case COMPLEX128 -> C_DOUBLE_COMPLEX;
        };
    }

    @Override
    public long op(ReduceOp op) {
        return switch (op) {
            case SUM -> OP_SUM;
            case MAX -> OP_MAX;
            case MIN -> OP_MIN;
        };
    }

    @Override
    public long inPlace() {
        return -1;
    }

    @Override
    public int procNull() {
        return -1;
    }

    @Override
    public int tagUbKeyval() {
        return TAG_UB;
    }
}
