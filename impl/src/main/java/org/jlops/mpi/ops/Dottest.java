package org.jlops.mpi.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.profile.LogView;

/**
 * The adjoint dot-test of a distributed operator (PyLops-MPI's {@code dottest}): for
 * random {@code u} and {@code v}, {@code (A u)^H v} must equal {@code u^H (A^H v)}. Both sides are
 * distributed conjugating dots ({@link DistributedVector#dot(DistributedVector, boolean) vdot}):
 * nothing is gathered, so the test runs at any size.
 *
 * <pre>{@code
 * Dottest.Result res = Dottest.check(op, u, 42);   // u: a model vector (its layout, contents ignored)
 * Dottest.assertPasses(op, u, 42);                  // throws AssertionError with both numbers
 * }</pre>
 *
 * <p><b>Random vectors.</b> {@code u} takes the layout of the given model vector and {@code v} the
 * layout of {@code A u}; entries are uniform in [-1, 1), imaginary parts too when the vector's
 * dtype is complex — or when the operator's dtype is, in which case real model vectors are
 * promoted to the complex dtype of their precision first. SCATTER blocks are drawn from streams of
 * (seed, rank) — with a mask, of (seed, the rank's position in its group), so that every group
 * holds the same vector — replicated arrays from one stream (the same numbers everywhere), so a test is
 * reproducible for a given seed, rank count and layout. When the adjoint returns its model vector
 * in another layout than {@code u}'s (derivatives return row slabs whatever split they are given),
 * {@code u} is moved into that layout for the second dot (one {@code alltoallv}, or a gather for a
 * replicated result): the vectors stay the same, only their distribution changes. On arrays of
 * another engine (a GPU's) the same numbers are drawn on the host and copied to the engine with one
 * {@link org.jlops.mpi.engine.Engine#fromHost} per vector (and the gather for a replicated
 * result goes to the host and back); the products and the dots run on the engine.
 *
 * <p><b>Tolerance</b> (PyLops' {@code isclose}): passes iff
 * {@code |yy − xx| <= atol + rtol·|yy|}, defaults {@code rtol = 1e-6}, {@code atol = 1e-21}.
 *
 * <p>Differences from PyLops-MPI: the dots are distributed (no {@code asarray} gather), the vectors
 * are drawn by the test itself from a seed, and the verdict is a record plus an assert-style
 * method rather than a boolean with an optional exception.
 */
@SuppressWarnings("try") // the log-view span of try-with-resources is closed, not read
public final class Dottest {

    /** PyLops' default relative tolerance. */
    public static final double DEFAULT_RTOL = 1e-6;
    /** PyLops' default absolute tolerance. */
    public static final double DEFAULT_ATOL = 1e-21;

    private Dottest() {
    }

    /**
     * The outcome of a dot-test.
     *
     * @param yy            {@code (A u)^H v}
     * @param xx            {@code u^H (A^H v)}
     * @param relativeError {@code |yy − xx| / |yy|} (infinite when {@code yy} is 0 and {@code xx} is not, 0 when both are)
     * @param rtol          the relative tolerance used
     * @param atol          the absolute tolerance used
     * @param passed        {@code |yy − xx| <= atol + rtol |yy|}
     */
    public record Result(Complex yy, Complex xx, double relativeError, double rtol, double atol, boolean passed) {

        /** Both dot products and the error, for messages. */
        @Override
        public String toString() {
            return "(A u)^H v = " + yy + ", u^H (A^H v) = " + xx + ", relative error " + relativeError + " (rtol "
                    + rtol + ", atol " + atol + (passed ? ", passed)" : ", FAILED)");
        }
    }

    /**
     * The dot-test with the default tolerances. Collective (one forward and one adjoint product,
     * two dots).
     *
     * @param op   the operator
     * @param like (Input) a model vector: the layout of {@code u}; its contents are ignored; not modified
     * @param seed the seed of {@code u} and {@code v}
     * @param <V> the vectors of the operator
     * @return the verdict and both sides
     * @throws IllegalArgumentException on every rank when {@code like} does not fit the operator
     */
    public static <V extends DistributedVector> Result check(DistributedOperator<V> op, DistributedVector like,
            long seed) {
        return check(op, like, seed, DEFAULT_RTOL, DEFAULT_ATOL);
    }

    /**
     * The dot-test. Collective: one allreduce agrees on every rank's checks and on {@code like}'s
     * layout, {@code seed}, {@code rtol} and {@code atol} being the same everywhere (so every rank
     * draws its part of the same vectors and reaches the same verdict); then two products and two
     * dots.
     *
     * @param op   the operator
     * @param like (Input) a model vector: the layout of {@code u}; contents ignored; not modified
     * @param seed the seed of {@code u} and {@code v}
     * @param rtol the relative tolerance, at least 0
     * @param atol the absolute tolerance, at least 0
     * @param <V> the vectors of the operator
     * @return the verdict and both sides
     * @throws IllegalArgumentException on every rank when {@code like} does not fit the operator, a
     *                                  tolerance is negative or NaN, or an argument differs between ranks
     */
    public static <V extends DistributedVector> Result check(DistributedOperator<V> op, DistributedVector like, long seed,
            double rtol, double atol) {
        if (op == null) {
            throw new IllegalArgumentException("op: must not be null");
        }
        Consensus.on(op.communicator()).same("like (its layout)", like == null ? null : like.layout())
                .same("seed", seed).same("rtol", rtol).same("atol", atol).check(() -> {
                    String error = !(rtol >= 0) ? "rtol: " + rtol + ", expected at least 0"
                            : !(atol >= 0) ? "atol: " + atol + ", expected at least 0"
                            : like == null ? "like: must not be null"
                            : like.globalSize() != op.cols() ? "like: global length " + like.globalSize()
                                    + " but the operator " + op + " has " + op.cols() + " columns"
                            : null;
                    if (error != null) {
                        throw new IllegalArgumentException(error);
                    }
                    return null;
                });
        try (LogView.Span span = LogView.span(LogView.Kind.OPERATOR, "Dottest.check")) {
            return CollectiveChecks.agreed(() -> run(op, like, seed, rtol, atol));
        }
    }

    /** The dot-test once its arguments are agreed on. Collective. */
    private static <V extends DistributedVector> Result run(DistributedOperator<V> op, DistributedVector like, long seed,
            double rtol, double atol) {
        SplittableRandom root = new SplittableRandom(seed);
        int rank = op.communicator().rank();
        boolean complex = op.dtype().isComplex();
        V u = cast(random(like, root, rank, complex, new int[1]));
        V au = op.matvec(u);
        V v = cast(random(au, root, rank, complex, new int[1]));
        V ahv = op.rmatvec(v);
        Complex yy = au.dot(v, true);                                     // (A u)^H v
        DistributedVector[] pair = align(u, ahv);                         // u in the adjoint's layout
        Complex xx = pair[0].dot(pair[1], true);                          // u^H (A^H v)
        double diff = Math.hypot(yy.re() - xx.re(), yy.im() - xx.im());
        double ref = yy.abs();
        double rel = diff == 0 ? 0 : ref == 0 ? Double.POSITIVE_INFINITY : diff / ref;
        return new Result(yy, xx, rel, rtol, atol, diff <= atol + rtol * ref);
    }

    /**
     * The dot-test with the default tolerances, throwing when it fails. Collective.
     *
     * @param <V>  the vectors of the operator
     * @param op   the operator
     * @param like (Input) a model vector: the layout of {@code u}; contents ignored; not modified
     * @param seed the seed of {@code u} and {@code v}
     * @return the verdict and both sides
     * @throws AssertionError on every rank when the test fails, with both dot products
     * @throws IllegalArgumentException on every rank when {@code like} does not fit the operator
     */
    public static <V extends DistributedVector> Result assertPasses(DistributedOperator<V> op, DistributedVector like,
            long seed) {
        return assertPasses(op, like, seed, DEFAULT_RTOL, DEFAULT_ATOL);
    }

    /**
     * The dot-test, throwing when it fails. Collective. The verdict is computed from reduced
     * values, so every rank throws or none does.
     *
     * @param <V>  the vectors of the operator
     * @param op   the operator
     * @param like (Input) a model vector: the layout of {@code u}; contents ignored; not modified
     * @param seed the seed of {@code u} and {@code v}
     * @param rtol the relative tolerance
     * @param atol the absolute tolerance
     * @return the verdict and both sides
     * @throws AssertionError on every rank when the test fails, with both dot products and the error
     * @throws IllegalArgumentException on every rank when {@code like} does not fit the operator or a tolerance is negative
     */
    public static <V extends DistributedVector> Result assertPasses(DistributedOperator<V> op, DistributedVector like,
            long seed, double rtol,
            double atol) {
        Result r = check(op, like, seed, rtol, atol);
        if (!r.passed()) {
            throw new AssertionError("dot-test of " + op + " failed: " + r);
        }
        return r;
    }

    /**
     * {@code {u', t'}}: the same global vectors as {@code u} and {@code target}, both in
     * {@code target}'s layout and in their common dtype, so that they can be dotted. Moves data
     * (collective) only when the layouts differ.
     */
    private static DistributedVector[] align(DistributedVector u, DistributedVector target) {
        if (u instanceof StackedDistributedArray su && target instanceof StackedDistributedArray st
                && su.narrays() == st.narrays()) {
            List<DistributedVector> a = new ArrayList<>();
            List<DistributedVector> b = new ArrayList<>();
            for (int i = 0; i < su.narrays(); i++) {
                DistributedVector[] p = align(su.get(i), st.get(i));
                a.add(p[0]);
                b.add(p[1]);
            }
            return new DistributedVector[] {new StackedDistributedArray(a), new StackedDistributedArray(b)};
        }
        if (!(u instanceof DistributedArray x) || !(target instanceof DistributedArray t)) {
            return new DistributedVector[] {u, target};                   // dot reports the structure mismatch
        }
        DType dt = DType.promote(x.dtype(), t.dtype());
        x = x.astype(dt, false);
        t = t.astype(dt, false);
        if (x.ndim() == 1 && t.ndim() == 1 && !java.util.Arrays.deepEquals(x.localShapes(), t.localShapes())
                || x.partition() != t.partition()) {
            if (t.partition() == Partition.SCATTER) {
                x = OperandChecks.resplit("u", x.ravel(), t.localSizes(), true);
            } else {
                NdArray whole = x.asArray().reshape(t.globalShape());
                DistributedArray.Builder b = DistributedArray.builder(x.communicator(), t.globalShape())
                        .partition(t.partition()).dtype(dt).mask(t.mask());
                if (t.localBuffer().isHost()) {
                    x = b.localArray(whole).buildLocal();
                } else {                                                  // gathered to the host: back in one transfer
                    x = b.engine(t.engine()).buildLocal();
                    x.engine().copy(x.engine().fromHost(whole.data(), dt.elementType()), 0, x.localBuffer(), 0,
                            x.localSize());
                }
            }
        }
        return new DistributedVector[] {x, t};
    }

    /** A vector drawn in the layout of an operator's operand, as the operator's vector type. */
    @SuppressWarnings("unchecked")
    private static <V extends DistributedVector> V cast(DistributedVector v) {
        return (V) v;
    }

    /**
     * The stream of a SCATTER block: the rank, or with a mask its position among the ranks of its
     * group, so that every group draws the same vector (each group holds a whole copy).
     */
    private static long positionInGroup(int[] mask, int rank) {
        if (mask == null) {
            return rank;
        }
        int position = 0;
        for (int r = 0; r < rank; r++) {
            if (mask[r] == mask[rank]) {
                position++;
            }
        }
        return position;
    }

    /** A random vector of {@code like}'s layout (complex dtype of its precision when {@code complex}). */
    private static DistributedVector random(DistributedVector like, SplittableRandom root, int rank, boolean complex,
            int[] leaf) {
        if (like instanceof StackedDistributedArray s) {
            List<DistributedVector> parts = new ArrayList<>();
            for (DistributedVector c : s.arrays()) {
                parts.add(random(c, root, rank, complex, leaf));
            }
            return new StackedDistributedArray(parts);
        }
        DistributedArray a = (DistributedArray) like;
        DType dt = complex ? a.dtype().complexType() : a.dtype();
        DistributedArray out = a.astype(dt, false).zerosLike();
        long who = a.partition() == Partition.SCATTER ? positionInGroup(a.mask(), rank) : -1;
        SplittableRandom rnd = new SplittableRandom(root.nextLong() ^ (who * 0x9E3779B97F4A7C15L + leaf[0]++));
        boolean host = out.localBuffer().isHost();
        NdArray local = host ? out.localArray() : NdArray.zeros(dt, out.localSize());
        for (long k = 0; k < out.localSize(); k++) {
            double re = 2 * rnd.nextDouble() - 1;
            double im = dt.isComplex() ? 2 * rnd.nextDouble() - 1 : 0;
            local.set(k, re, im);
        }
        if (!host) {                                                      // drawn on the host: one transfer
            Engine e = out.engine();
            e.copy(e.fromHost(local.data(), dt.elementType()), 0, out.localBuffer(), 0, out.localSize());
        }
        return out;
    }
}
