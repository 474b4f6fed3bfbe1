package org.jlops.mpi.comm;

/**
 * Reduction operators of {@link Communicator#allreduce}. {@link #MAX} and {@link #MIN} are
 * defined for real datatypes only; {@link #SUM} for every datatype.
 */
public enum ReduceOp {
    /** Element-wise sum ({@code MPI_SUM}). */
    SUM,
    /** Element-wise maximum ({@code MPI_MAX}); real datatypes only. */
    MAX,
    /** Element-wise minimum ({@code MPI_MIN}); real datatypes only. */
    MIN;

    /**
     * Throws unless this operator is defined for {@code type}.
     *
     * @param type the datatype
     */
    public void checkSupports(Datatype type) {
        if (this != SUM && type.isComplex()) {
            throw new IllegalArgumentException("op: " + this + " is not defined for complex datatype " + type
                    + " (only SUM is)");
        }
    }
}
