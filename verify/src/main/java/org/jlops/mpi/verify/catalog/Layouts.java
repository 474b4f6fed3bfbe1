package org.jlops.mpi.verify.catalog;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.verify.harness.Draws;

/** The usual {@link Layout}s of 1-d operator vectors. */
public final class Layouts {

    private Layouts() {
    }

    /**
     * SCATTER along axis 0 with any split of the {@code n} entries ({@link Draws#split}: balanced,
     * uneven, or with empty ranks).
     *
     * @param n the global length
     * @return the layout
     */
    public static Layout scatter(long n) {
        return layout(n, EnumSet.of(Partition.SCATTER),
                (g, comm, r) -> scatterWith(g, comm, Draws.split(r, n, comm.size())));
    }

    /**
     * BROADCAST: every rank holds all {@code n} entries.
     *
     * @param n the global length
     * @return the layout
     */
    public static Layout broadcast(long n) {
        return layout(n, EnumSet.of(Partition.BROADCAST),
                (g, comm, r) -> DistributedArray.toDist(g.reshape(n), comm, Partition.BROADCAST, 0));
    }

    /**
     * SCATTER with any split (three times in four) or BROADCAST.
     *
     * @param n the global length
     * @return the layout
     */
    public static Layout scatterOrBroadcast(long n) {
        Layout s = scatter(n);
        Layout b = broadcast(n);
        return layout(n, EnumSet.of(Partition.SCATTER, Partition.BROADCAST),
                (g, comm, r) -> r.nextInt(4) == 0 ? b.place(g, comm, r) : s.place(g, comm, r));
    }

    /**
     * A {@link StackedDistributedArray} whose components take consecutive pieces of the global
     * vector, each in its own layout.
     *
     * @param parts the components' layouts
     * @return the layout
     */
    public static Layout stacked(List<Layout> parts) {
        long n = parts.stream().mapToLong(Layout::length).sum();
        List<Layout> copy = List.copyOf(parts);
        return new Described(n, Set.of(), copy, (g, comm, r) -> {
            List<DistributedVector> comps = new ArrayList<>();
            long off = 0;
            NdArray flat = g.reshape(n);
            for (Layout p : copy) {
                comps.add(p.place(flat.slice(0, off, off + p.length()), comm, r));
                off += p.length();
            }
            return new StackedDistributedArray(comps);
        });
    }

    /**
     * SCATTER with the given counts (the same on every rank).
     *
     * @param g      (Input) the global vector. Not modified.
     * @param comm   the communicator
     * @param counts (Input) entries per rank
     * @return the distributed vector
     */
    public static DistributedArray scatterWith(NdArray g, Communicator comm, long[] counts) {
        long[][] shapes = new long[counts.length][];
        for (int p = 0; p < counts.length; p++) {
            shapes[p] = new long[] {counts[p]};
        }
        return DistributedArray.toDist(g.reshape(g.size()), comm, Partition.SCATTER, 0, shapes, null);
    }

    /** The placing function of a layout. */
    @FunctionalInterface
    public interface Placer {
        /**
         * Places {@code global}; see {@link Layout#place}.
         *
         * @param global (Input) not modified
         * @param comm   the communicator
         * @param r      (Modified) picks the layout
         * @return the distributed vector
         */
        DistributedVector place(NdArray global, Communicator comm, SplittableRandom r);
    }

    /**
     * A layout of length {@code n} from its placing function, which does not say what it places
     * ({@link Layout#partitions()} empty).
     *
     * @param n      the global length
     * @param placer the placing function
     * @return the layout
     */
    public static Layout layout(long n, Placer placer) {
        return new Described(n, Set.of(), List.of(), placer);
    }

    /**
     * A layout of length {@code n} that places plain 1-d vectors of the given partitions.
     *
     * @param n          the global length
     * @param partitions the partitions of the vectors {@code placer} returns
     * @param placer     the placing function
     * @return the layout
     */
    public static Layout layout(long n, Set<Partition> partitions, Placer placer) {
        return new Described(n, Set.copyOf(partitions), List.of(), placer);
    }

    /** A layout from its length, what it places and its placing function. */
    private record Described(long length, Set<Partition> partitions, List<Layout> components, Placer placer)
            implements Layout {

        @Override
        public DistributedVector place(NdArray global, Communicator comm, SplittableRandom r) {
            if (global.size() != length) {
                throw new IllegalArgumentException("global: " + global.size() + " entries, the layout has " + length);
            }
            return placer.place(global, comm, r);
        }
    }
}
