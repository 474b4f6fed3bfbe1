package org.jlops.mpi.array;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.profile.LogView;

/**
 * Several norms with one collective instead of one each. An iterative solver's step typically ends
 * with two or three norms (the update, the residual, a regularisation term); each {@code norm} is a
 * collective, and on many ranks every collective costs the wait for the slowest rank, so the step
 * pays that wait once per norm. Here the reductions of all of them travel in one allgather.
 *
 * <p><b>Same numbers.</b> Each result is the value of {@code v.norm(ord)} called alone, bit for
 * bit: the same tree sums over the same leaves (see {@link TreeSum}), combined over a stack's
 * components as {@link StackedDistributedArray#norm(double)} combines them. Only the number of
 * messages changes.
 *
 * <p><b>Which reductions share the gather.</b> The components of the vectors (the vectors
 * themselves for a {@link DistributedArray}, the components of a {@link StackedDistributedArray},
 * recursively) that reduce over the same communicator and have no mask go in one gather per
 * communicator; a masked component, or a vector of another kind, is reduced on its own (in the
 * order of the arguments), which gives the same values. Both follow from the vectors' layouts,
 * which are the same on every rank for vectors built collectively.
 *
 * <p><b>Bad input.</b> A bad {@code ord} (NaN, ±inf of an empty array) or an {@code ord} that
 * differs between ranks gives the same {@link IllegalArgumentException} on every rank, as
 * {@code norm} does. The vectors themselves are like the receiver of {@code v.norm(ord)}: a null
 * vector is rejected on the rank that has it, before any communication.
 */
public final class Reductions {

    private Reductions() {
    }

    /**
     * {@code {a.norm(ordA), b.norm(ordB)}} with one collective. Collective.
     *
     * @param a    (Input) the first vector; not modified
     * @param ordA the order of its norm (see {@link DistributedVector#norm(double)})
     * @param b    (Input) the second vector; not modified
     * @param ordB the order of its norm
     * @return the two norms, the same bits as the two calls
     * @throws IllegalArgumentException on every rank for a bad or differing ord; on this rank alone
     *                                  for a null vector
     */
    public static double[] norms(DistributedVector a, double ordA, DistributedVector b, double ordB) {
        return norms(new DistributedVector[] {a, b}, new double[] {ordA, ordB});
    }

    /**
     * {@code {a.norm(ordA), b.norm(ordB), c.norm(ordC)}} with one collective. Collective.
     *
     * @param a    (Input) the first vector; not modified
     * @param ordA the order of its norm (see {@link DistributedVector#norm(double)})
     * @param b    (Input) the second vector; not modified
     * @param ordB the order of its norm
     * @param c    (Input) the third vector; not modified
     * @param ordC the order of its norm
     * @return the three norms, the same bits as the three calls
     * @throws IllegalArgumentException on every rank for a bad or differing ord; on this rank alone
     *                                  for a null vector
     */
    public static double[] norms(DistributedVector a, double ordA, DistributedVector b, double ordB,
            DistributedVector c, double ordC) {
        return norms(new DistributedVector[] {a, b, c}, new double[] {ordA, ordB, ordC});
    }

    private static double[] norms(DistributedVector[] vectors, double[] ords) {
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i] == null) {
                throw new IllegalArgumentException("vector " + (i + 1) + " of " + vectors.length + ": must not be null");
            }
        }
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "Reductions.norms")) {
            Batch batch = new Batch();
            Value[] values = new Value[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                values[i] = batch.add(vectors[i], ords[i], span);
            }
            batch.reduce();
            double[] out = new double[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                out[i] = values[i].get();
            }
            return out;
        }
    }

    /** A norm known after the batch is reduced. */
    @FunctionalInterface
    private interface Value {
        double get();
    }

    /** The pending reductions, per communicator in order of first appearance. */
    private static final class Batch {
        private final List<Communicator> groups = new ArrayList<>();
        private final List<List<TreeSum.Part>> parts = new ArrayList<>();
        private final List<double[][]> results = new ArrayList<>();

        /** Adds the reductions of {@code v.norm(ord)}; returns how its value is read after {@link #reduce}. */
        Value add(DistributedVector v, double ord, LogView.Span span) {
            if (v instanceof DistributedArray a && a.mask() == null) {
                span.flops(a.normFlops());
                DistributedArray.NormPart p = a.normPart(ord);
                int g = groups.indexOf(p.group());
                if (g < 0) {
                    g = groups.size();
                    groups.add(p.group());
                    parts.add(new ArrayList<>());
                }
                int group = g;
                int index = parts.get(g).size();
                parts.get(g).add(p.part());
                return () -> p.value(results.get(group)[index]);
            }
            if (v instanceof StackedDistributedArray s && s.narrays() > 0) {
                Value[] components = new Value[s.narrays()];
                for (int i = 0; i < components.length; i++) {
                    components[i] = add(s.get(i), ord, span);
                }
                return () -> {
                    double[] norms = new double[components.length];
                    for (int i = 0; i < norms.length; i++) {
                        norms[i] = components[i].get();
                    }
                    return StackedDistributedArray.combine(ord, norms);
                };
            }
            double n = v.norm(ord);                                             // masked or another kind: alone
            return () -> n;
        }

        /** One gather per communicator. Collective. */
        void reduce() {
            for (int g = 0; g < groups.size(); g++) {
                results.add(TreeSum.batch(groups.get(g), parts.get(g).toArray(new TreeSum.Part[0])));
            }
        }
    }
}
