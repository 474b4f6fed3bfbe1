package org.jlops.mpi.array;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.CollectiveChecks;
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

    /**
     * FISTA's end of step with one collective: {@code res = y − (p + omega (p − q))} (the residual
     * at the extrapolated point, from {@code p = A x⁺} and {@code q = A x}) and the norms
     * {@code {a.norm(ordA), b.norm(ordB), ‖y − p‖}}. The same bits as {@code p.subtract(q, e)},
     * {@code e.iaypx(omega, 0, p)}, {@code y.subtract(e, res)}, {@code y.subtract(p, c)} and
     * {@link #norms(DistributedVector, double, DistributedVector, double, DistributedVector, double)
     * norms(a, ordA, b, ordB, c, 2)}, with fewer passes over memory: on a 1-d SCATTER array without
     * a mask (each component of a stack on its own) the residual is written block by block inside
     * the reduction of {@code ‖y − p‖}, while each block is in cache, and {@code y − p} is never
     * stored; elsewhere it is made in {@code scratch}. Collective.
     *
     * <p><b>Bad input.</b> {@code p}, {@code q}, {@code res} or {@code scratch} of another layout than
     * {@code y}, or {@code res} or {@code scratch} the same vector as another operand, on some rank:
     * the same {@link IllegalArgumentException} on every rank before anything is written (inside an
     * operator's or solver's agreed scope, the check is local). The norms' ords as in
     * {@link #norms(DistributedVector, double, DistributedVector, double) norms}.
     *
     * @param a       (Input) the first vector; not modified
     * @param ordA    the order of its norm (see {@link DistributedVector#norm(double)})
     * @param b       (Input) the second vector; not modified
     * @param ordB    the order of its norm
     * @param y       (Input) the data; not modified
     * @param p       (Input) {@code A x⁺}, a vector of {@code y}'s layout; not modified
     * @param q       (Input) {@code A x}, a vector of {@code y}'s layout; not modified
     * @param omega   the factor of the extrapolation
     * @param res     (Output) a vector of {@code y}'s layout, other than every other operand;
     *                overwritten with the residual
     * @param scratch (Output) a vector of {@code y}'s layout, other than every other operand; its
     *                contents afterwards are unspecified (where it is used, {@code y − p})
     * @return {@code {a.norm(ordA), b.norm(ordB), (y − p).norm(2)}}, the same bits as the calls
     * @throws IllegalArgumentException on every rank for null, mismatched or shared operands, or a
     *                                  bad or differing ord; on this rank alone for a null {@code y}
     */
    public static double[] normsWithResidual(DistributedVector a, double ordA, DistributedVector b, double ordB,
            DistributedVector y, DistributedVector p, DistributedVector q, double omega, DistributedVector res,
            DistributedVector scratch) {
        if (y == null) {
            throw new IllegalArgumentException("y: must not be null");
        }
        DistributedVector[] all = {a, b, y, p, q, res, scratch};
        String[] names = {"a", "b", "y", "p", "q", "res", "scratch"};
        String problem = null;
        for (int i = 0; i < all.length && problem == null; i++) {
            problem = all[i] == null ? names[i] + ": must not be null" : null;
        }
        for (int i = 3; i < all.length && problem == null; i++) {
            problem = layoutProblem(y, all[i], names[i]);
        }
        for (int i = 0; i < all.length && problem == null; i++) {
            if (i != 5 && all[i] == res || i != 6 && all[i] == scratch) {
                problem = (i != 5 && all[i] == res ? "res" : "scratch") + ": must be another vector than "
                        + names[i] + " (every operand is read or written apart)";
            }
        }
        CollectiveChecks.agree(y.communicator(), problem);                // one verdict for every operand
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "Reductions.normsWithResidual")) {
            Batch batch = new Batch();
            Value va = batch.add(a, ordA, span);
            Value vb = batch.add(b, ordB, span);
            Value vr = batch.addResidual(y, p, q, omega, res, scratch, span);
            batch.reduce();
            return new double[] {va.get(), vb.get(), vr.get()};
        }
    }

    /** What makes {@code v} unfit to combine element by element with {@code y}, or null. Local. */
    private static String layoutProblem(DistributedVector y, DistributedVector v, String name) {
        if (y instanceof DistributedArray ya) {
            return ya.compatibility(v, name);
        }
        return y.sameLayout(v) ? null : name + ": layout " + v.layout() + " differs from y's " + y.layout();
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
                return add(a.normPart(ord));
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

        /** Adds a norm's part to the gather of its group; returns how its value is read after {@link #reduce}. */
        Value add(DistributedArray.NormPart p) {
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

        /**
         * Adds the reduction of {@code ‖y − p‖} and the writing of {@code res} (see
         * {@link Reductions#normsWithResidual}): lazily inside the sum where the leaves cover the
         * elements, component by component for a stack, else made at once (in {@code scratch}).
         */
        Value addResidual(DistributedVector y, DistributedVector p, DistributedVector q, double omega,
                DistributedVector res, DistributedVector scratch, LogView.Span span) {
            if (y instanceof DistributedArray a && a.mask() == null && a.leavesCoverElements()) {
                span.flops(a.normFlops() + a.localSize() * (a.dtype().isComplex() ? 10 : 5));
                return add(a.extrapolatedResidualPart((DistributedArray) p, (DistributedArray) q, omega,
                        (DistributedArray) res));
            }
            if (y instanceof StackedDistributedArray s && s.narrays() > 0) {
                StackedDistributedArray ps = (StackedDistributedArray) p;
                StackedDistributedArray qs = (StackedDistributedArray) q;
                StackedDistributedArray rs = (StackedDistributedArray) res;
                StackedDistributedArray cs = (StackedDistributedArray) scratch;
                Value[] components = new Value[s.narrays()];
                for (int i = 0; i < components.length; i++) {
                    components[i] = addResidual(s.get(i), ps.get(i), qs.get(i), omega, rs.get(i), cs.get(i), span);
                }
                return () -> {
                    double[] norms = new double[components.length];
                    for (int i = 0; i < norms.length; i++) {
                        norms[i] = components[i].get();
                    }
                    return StackedDistributedArray.combine(2, norms);
                };
            }
            p.subtract(q, res);                                                // p − q
            res.iaypx(omega, 0, p);                                            // p + omega (p − q)
            y.subtract(res, res);                                              // y − (p + omega (p − q))
            y.subtract(p, scratch);                                            // y − p
            return add(scratch, 2, span);
        }

        /** One gather per communicator. Collective. */
        void reduce() {
            for (int g = 0; g < groups.size(); g++) {
                results.add(TreeSum.batch(groups.get(g), parts.get(g).toArray(new TreeSum.Part[0])));
            }
        }
    }
}
