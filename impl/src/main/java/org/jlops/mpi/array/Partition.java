package org.jlops.mpi.array;

/**
 * How a {@link DistributedArray} is laid out over the ranks.
 *
 * <table>
 *   <caption>Partitions</caption>
 *   <tr><th>constant</th><th>storage</th><th>assignment</th></tr>
 *   <tr><td>{@link #SCATTER}</td><td>each rank owns a disjoint slab along the distribution axis</td>
 *       <td>local</td></tr>
 *   <tr><td>{@link #BROADCAST}</td><td>every rank holds the whole array</td>
 *       <td>rank 0's value is broadcast and written on every rank (collective)</td></tr>
 *   <tr><td>{@link #UNSAFE_BROADCAST}</td><td>every rank holds the whole array</td>
 *       <td>local, no communication and no consistency guarantee</td></tr>
 * </table>
 */
public enum Partition {
    /** Disjoint slabs along the distribution axis (PyLops-MPI {@code "Scatter"}). */
    SCATTER("Scatter"),
    /** Replicated, kept consistent by broadcasting rank 0's writes ({@code "Broadcast"}). */
    BROADCAST("Broadcast"),
    /** Replicated, writes stay local ({@code "UnsafeBroadcast"}). */
    UNSAFE_BROADCAST("UnsafeBroadcast");

    private final String value;

    Partition(String value) {
        this.value = value;
    }

    /**
     * PyLops-MPI's string value, e.g. {@code "Scatter"}.
     *
     * @return PyLops-MPI's string value
     */
    public String value() {
        return value;
    }

    /**
     * Whether every rank holds the whole array (BROADCAST or UNSAFE_BROADCAST).
     *
     * @return whether every rank holds the whole array (BROADCAST or UNSAFE_BROADCAST)
     */
    public boolean isReplicated() {
        return this != SCATTER;
    }
}
