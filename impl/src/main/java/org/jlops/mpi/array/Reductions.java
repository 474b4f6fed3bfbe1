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
        return withResidual(a, b, y, p, q, omega, res, scratch, (batch, span) -> new Value[] {batch.add(a, ordA, span),
            batch.add(b, ordB, span)});
    }

    /**
     * {@link #normsWithResidual(DistributedVector, double, DistributedVector, double, DistributedVector,
     * DistributedVector, DistributedVector, double, DistributedVector, DistributedVector) normsWithResidual}
     * with the shrinkage step's norms made beforehand ({@link #shrinkStep}): {@code {‖d‖₂, ‖x⁺‖₁,
     * ‖y − p‖}} with one collective, the same bits as {@code normsWithResidual(d, 2, x⁺, 1, y, p, q,
     * omega, res, scratch)} after the step. FISTA's end of step: with the norms folded into the
     * step's pass, {@code d} and {@code x⁺} are not read again. Collective.
     *
     * @param norms   (Input) the step's norms, from {@link #shrinkStep}; gathered once
     * @param y       (Input) the data; not modified
     * @param p       (Input) {@code A x⁺}, a vector of {@code y}'s layout; not modified
     * @param q       (Input) {@code A x}, a vector of {@code y}'s layout; not modified
     * @param omega   the factor of the extrapolation
     * @param res     (Output) a vector of {@code y}'s layout, other than every other operand;
     *                overwritten with the residual {@code y − (p + omega (p − q))}
     * @param scratch (Output) a vector of {@code y}'s layout, other than every other operand; its
     *                contents afterwards are unspecified
     * @return {@code {‖d‖₂, ‖x⁺‖₁, ‖y − p‖}}, the same bits as the separate calls
     * @throws IllegalArgumentException on every rank for null, mismatched or shared operands (as
     *                                  {@code normsWithResidual}); on this rank alone for a null
     *                                  {@code y}
     */
    public static double[] normsWithResidual(ShrinkNorms norms, DistributedVector y, DistributedVector p,
            DistributedVector q, double omega, DistributedVector res, DistributedVector scratch) {
        if (norms == null) {
            throw new IllegalArgumentException("norms: must not be null");
        }
        return withResidual(norms.d, norms.xPlus, y, p, q, omega, res, scratch, (batch, span) -> batch.add(norms, span));
    }

    /** The norms a caller adds to a batch before the residual's. */
    @FunctionalInterface
    private interface Adder {
        Value[] add(Batch batch, LogView.Span span);
    }

    /** The body of the {@code normsWithResidual} calls: checks, then {@code first}'s norms and the residual's in one batch. */
    private static double[] withResidual(DistributedVector a, DistributedVector b, DistributedVector y,
            DistributedVector p, DistributedVector q, double omega, DistributedVector res, DistributedVector scratch,
            Adder first) {
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
            Value[] before = first.add(batch, span);
            Value vr = batch.addResidual(y, p, q, omega, res, scratch, span);
            batch.reduce();
            return new double[] {before[0].get(), before[1].get(), vr.get()};
        }
    }

    /**
     * The shrinkage step of ISTA and FISTA ({@link DistributedVector#ishrinkStep g.ishrinkStep(kind,
     * t, alpha, z, x, d, extrapolate, omega)}) with the norms {@code ‖d‖₂} and {@code ‖x⁺‖₁} made on
     * the way, to be reduced later with the step's other norms in one collective
     * ({@link #norms(ShrinkNorms)}, {@link #norms(ShrinkNorms, DistributedVector, double)},
     * {@link #normsWithResidual(ShrinkNorms, DistributedVector, DistributedVector, DistributedVector,
     * double, DistributedVector, DistributedVector)}). On a 1-d SCATTER host array without a mask
     * (each component of a stack on its own) the loop writes the step piece by piece in the order the
     * tree sums of the norms ask for their leaves and sums each piece while it is in cache, so
     * {@code d} and {@code x⁺} are not read again (two passes over memory fewer); this rank's part
     * of both sums is kept until the gather. Elsewhere the step is made whole and the norms are
     * reduced from {@code d} and {@code x⁺} at the gather, which must then find them unchanged.
     * The same bits as {@code ishrinkStep} followed by {@code norm(2)} of {@code d} and
     * {@code norm(1)} of {@code x⁺}, at every rank count and split. Local (the operands agreed as
     * {@code ishrinkStep} agrees them: one allreduce outside an agreed scope).
     *
     * @param g           (Input/Output) the gradient, overwritten with {@code x⁺}
     * @param kind        the threshold {@code T}, not null
     * @param t           its parameter (see {@link DistributedVector#ishrinkStep})
     * @param alpha       the step size
     * @param z           (Input/Output) the point of the gradient step, a vector of {@code g}'s
     *                    layout; overwritten with {@code x⁺ + omega d} when {@code extrapolate}
     * @param x           (Input) the current point, a vector of {@code g}'s layout; not modified
     * @param d           (Output) a vector of {@code g}'s layout, other than {@code g}, {@code z} and
     *                    {@code x}; overwritten with {@code x⁺ − x}
     * @param extrapolate whether {@code z} is overwritten (FISTA) or not (ISTA)
     * @param omega       the factor of the extrapolation (ignored without it)
     * @return the step's norms, to gather once
     * @throws IllegalArgumentException on every rank as {@code ishrinkStep}; on this rank alone for a
     *                                  null {@code g}
     */
    public static ShrinkNorms shrinkStep(DistributedVector g, ElementMaps.Shrink kind, double t, double alpha,
            DistributedVector z, DistributedVector x, DistributedVector d, boolean extrapolate, double omega) {
        if (g == null) {
            throw new IllegalArgumentException("g: must not be null");
        }
        return switch (g) {
            case DistributedArray a -> a.ishrinkStepNorms(kind, t, alpha, z, x, d, extrapolate, omega);
            case StackedDistributedArray s -> s.ishrinkStepNorms(kind, t, alpha, z, x, d, extrapolate, omega);
        };
    }

    /**
     * {@code {‖d‖₂, ‖x⁺‖₁}} of a shrinkage step ({@link #shrinkStep}) with one collective. Collective.
     *
     * @param norms (Input) the step's norms; gathered once
     * @return the two norms, the same bits as {@code norms(d, 2, x⁺, 1)} after the step
     * @throws IllegalArgumentException on this rank for null {@code norms}
     */
    public static double[] norms(ShrinkNorms norms) {
        return norms(norms, null, 0);
    }

    /**
     * {@code {‖d‖₂, ‖x⁺‖₁, c.norm(ordC)}} of a shrinkage step ({@link #shrinkStep}) and another
     * vector with one collective (ISTA's end of step). Collective.
     *
     * @param norms (Input) the step's norms; gathered once
     * @param c     (Input) the other vector, or null for the two norms alone; not modified
     * @param ordC  the order of its norm
     * @return the norms, the same bits as {@code norms(d, 2, x⁺, 1, c, ordC)} after the step
     * @throws IllegalArgumentException on every rank for a bad or differing {@code ordC}; on this rank
     *                                  alone for null {@code norms}
     */
    public static double[] norms(ShrinkNorms norms, DistributedVector c, double ordC) {
        if (norms == null) {
            throw new IllegalArgumentException("norms: must not be null");
        }
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "Reductions.norms")) {
            Batch batch = new Batch();
            Value[] step = batch.add(norms, span);
            Value vc = c == null ? null : batch.add(c, ordC, span);
            batch.reduce();
            return vc == null ? new double[] {step[0].get(), step[1].get()}
                    : new double[] {step[0].get(), step[1].get(), vc.get()};
        }
    }

    /**
     * The norms {@code ‖x⁺ − x‖₂} and {@code ‖x⁺‖₁} of a shrinkage step ({@link #shrinkStep}) on
     * this rank, to reduce with one of the {@code norms} or {@code normsWithResidual} calls that take
     * them: where the step could, this rank's parts of the two sums, made while the step wrote them;
     * elsewhere the vectors, reduced at the gather. Opaque; gather it once.
     */
    public static final class ShrinkNorms {
        /** {@code d} and {@code x⁺} (their layouts are checked against the residual's operands). */
        private final DistributedVector d;
        private final DistributedVector xPlus;
        /** The part of both sums ({@code |d|²} and {@code |x⁺|} side by side), read as the 2-norm and the 1-norm; or null. */
        private final DistributedArray.NormPart squares;
        private final DistributedArray.NormPart absolutes;
        /** The components of a stack, or null. */
        private final ShrinkNorms[] components;

        private ShrinkNorms(DistributedVector d, DistributedVector xPlus, DistributedArray.NormPart squares,
                DistributedArray.NormPart absolutes, ShrinkNorms[] components) {
            this.d = d;
            this.xPlus = xPlus;
            this.squares = squares;
            this.absolutes = absolutes;
            this.components = components;
        }

        /** Norms summed on the way: one part, read as {@code squares} (2-norm) and {@code absolutes} (1-norm). */
        static ShrinkNorms folded(DistributedArray d, DistributedArray xPlus, DistributedArray.NormPart squares,
                DistributedArray.NormPart absolutes) {
            return new ShrinkNorms(d, xPlus, squares, absolutes, null);
        }

        /** Norms to reduce from {@code d} and {@code x⁺} at the gather. */
        static ShrinkNorms later(DistributedVector d, DistributedVector xPlus) {
            return new ShrinkNorms(d, xPlus, null, null, null);
        }

        /** The norms of a stack's components, combined as {@link StackedDistributedArray#norm(double)} combines them. */
        static ShrinkNorms stacked(DistributedVector d, DistributedVector xPlus, ShrinkNorms[] components) {
            return new ShrinkNorms(d, xPlus, null, null, components);
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

        /** Adds a shrinkage step's two norms; returns how {@code {‖d‖₂, ‖x⁺‖₁}} are read after {@link #reduce}. */
        Value[] add(ShrinkNorms n, LogView.Span span) {
            if (n.squares != null) {
                int g = groupOf(n.squares.group());
                int index = parts.get(g).size();
                parts.get(g).add(n.squares.part());                            // one part, two sums side by side
                return new Value[] {() -> n.squares.value(results.get(g)[index]),
                    () -> n.absolutes.value(new double[] {results.get(g)[index][1], 0})};
            }
            if (n.components != null) {
                Value[][] components = new Value[n.components.length][];
                for (int i = 0; i < components.length; i++) {
                    components[i] = add(n.components[i], span);
                }
                return new Value[] {combined(components, 0, 2), combined(components, 1, 1)};
            }
            return new Value[] {add(n.d, 2, span), add(n.xPlus, 1, span)};
        }

        /** The norm of order {@code ord} of a stack from its components' values {@code which}. */
        private static Value combined(Value[][] components, int which, double ord) {
            return () -> {
                double[] norms = new double[components.length];
                for (int i = 0; i < norms.length; i++) {
                    norms[i] = components[i][which].get();
                }
                return StackedDistributedArray.combine(ord, norms);
            };
        }

        /** The index of {@code group}'s gather, added when new. */
        private int groupOf(Communicator group) {
            int g = groups.indexOf(group);
            if (g < 0) {
                g = groups.size();
                groups.add(group);
                parts.add(new ArrayList<>());
            }
            return g;
        }

        /** Adds a norm's part to the gather of its group; returns how its value is read after {@link #reduce}. */
        Value add(DistributedArray.NormPart p) {
            int group = groupOf(p.group());
            int index = parts.get(group).size();
            parts.get(group).add(p.part());
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
