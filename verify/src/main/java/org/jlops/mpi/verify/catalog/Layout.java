package org.jlops.mpi.verify.catalog;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;

/**
 * The distributed layouts an operator accepts for one of its vectors (model or data): places a
 * global vector, which every rank holds, into one of them, chosen at random (partition, uneven
 * split, ranks that hold nothing). See {@link Layouts} for the usual ones.
 *
 * <p>A layout also says what it places ({@link #partitions()}, {@link #components()}), for
 * generators that derive other operands from it: the drills of {@code verify.drills} give an
 * operator a vector of another split only where its layout places SCATTER vectors.
 */
public interface Layout {

    /** The global length of the vector. */
    long length();

    /**
     * Distributes {@code global} in one of the accepted layouts. Collective; every rank passes the
     * same global vector and a random source in the same state, so every rank picks the same layout.
     *
     * @param global (Input) the global vector of {@link #length()} entries. Not modified.
     * @param comm   the communicator
     * @param r      (Modified) picks the layout
     * @return a new distributed vector holding {@code global}
     */
    DistributedVector place(NdArray global, Communicator comm, SplittableRandom r);

    /**
     * The partitions of the plain 1-d vectors this layout places (any split of SCATTER); empty for
     * a stacked layout, or where the layout does not say (a custom placing function).
     */
    default Set<Partition> partitions() {
        return Set.of();
    }

    /** The layouts of a stacked layout's components, in order; empty for a plain layout. */
    default List<Layout> components() {
        return List.of();
    }
}
