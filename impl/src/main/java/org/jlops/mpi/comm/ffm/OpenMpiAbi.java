package org.jlops.mpi.comm.ffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * Open MPI's binary interface (4.x and 5.x, {@code libmpi.so.40}): handles are the addresses of
 * predefined global objects of the library ({@code MPI_DOUBLE = &ompi_mpi_double}),
 * {@code MPI_IN_PLACE = (void*)1}, {@code MPI_PROC_NULL = -2}, {@code MPI_TAG_UB = 0}
 * (first of the predefined keyvals).
 */
final class OpenMpiAbi implements MpiAbi {

    /** The symbol whose presence identifies Open MPI. */
    static final String COMM_WORLD_SYMBOL = "ompi_mpi_comm_world";

    /** Global object behind each datatype. */
    static final Map<Datatype, String> DATATYPE_SYMBOLS = new EnumMap<>(Map.of(
            Datatype.INT32, "ompi_mpi_int",
            Datatype.INT64, "ompi_mpi_int64_t",
            Datatype.FLOAT32, "ompi_mpi_float",
            Datatype.FLOAT64, "ompi_mpi_double",
            Datatype.COMPLEX64, "ompi_mpi_c_float_complex",
            Datatype.COMPLEX128, "ompi_mpi_c_double_complex"));

    /** Global object behind each reduction. */
    static final Map<ReduceOp, String> OP_SYMBOLS = new EnumMap<>(Map.of(
            ReduceOp.SUM, "ompi_mpi_op_sum",
            ReduceOp.MAX, "ompi_mpi_op_max",
            ReduceOp.MIN, "ompi_mpi_op_min"));

    private static final MethodHandle TO_NATIVE;

    static {
        try {
            TO_NATIVE = MethodHandles.lookup().findStatic(MemorySegment.class, "ofAddress",
                    MethodType.methodType(MemorySegment.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long commWorld;
    private final long commNull;
    private final long errorsReturn;
    private final Map<Datatype, Long> datatypes = new EnumMap<>(Datatype.class);
    private final Map<ReduceOp, Long> ops = new EnumMap<>(ReduceOp.class);

    /**
     * Resolves the predefined handles.
     *
     * @param symbols finds a global symbol of the loaded library
     * @throws IllegalStateException naming the first symbol that is missing
     */
    OpenMpiAbi(Function<String, Optional<MemorySegment>> symbols) {
        Function<String, Long> address = name -> symbols.apply(name)
                .orElseThrow(() -> new IllegalStateException("the Open MPI library has no symbol " + name))
                .address();
        commWorld = address.apply(COMM_WORLD_SYMBOL);
        commNull = address.apply("ompi_mpi_comm_null");
        errorsReturn = address.apply("ompi_mpi_errors_return");
        DATATYPE_SYMBOLS.forEach((type, name) -> datatypes.put(type, address.apply(name)));
        OP_SYMBOLS.forEach((op, name) -> ops.put(op, address.apply(name)));
    }

    @Override
    public String name() {
        return OPENMPI;
    }

    @Override
    public ValueLayout handleLayout() {
        return ValueLayout.ADDRESS;
    }

    @Override
    public MethodHandle handleToNative() {
        return TO_NATIVE;
    }

    @Override
    public long commWorld() {
        return commWorld;
    }

    @Override
    public long commNull() {
        return commNull;
    }

    @Override
    public long errorsReturn() {
        return errorsReturn;
    }

    @Override
    public long datatype(Datatype type) {
        return datatypes.get(type);
    }

    @Override
    public long op(ReduceOp op) {
        return ops.get(op);
    }

    @Override
    public long inPlace() {
        return 1;
    }

    @Override
    public int procNull() {
        return -2;
    }

    @Override
    public int tagUbKeyval() {
        return 0;
    }
}
