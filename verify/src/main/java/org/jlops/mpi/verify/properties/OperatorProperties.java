package org.jlops.mpi.verify.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.verify.catalog.Built;
import org.jlops.mpi.verify.catalog.OperatorCase;
import org.jlops.mpi.verify.catalog.OperatorSubject;
import org.jlops.mpi.verify.harness.Case;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Draws;
import org.jlops.mpi.verify.harness.Probe;

/**
 * The operator properties of issue 5, each applicable to every {@link OperatorSubject}:
 *
 * <ul>
 * <li>{@code adjoint}: the dot-test with distributed dots, {@code |<y, Ax> - <A^H y, x>| <= tol *
 *     max(|<y, Ax>|, |<A^H y, x>|, 0.01 |Ax| |y|)}, tol 1e-10 (double) / 1e-4 (single precision); the
 *     last term keeps cancelling dots (whose rounding errors scale with {@code |Ax| |y|}) from failing
 *     a correct float32 adjoint;</li>
 * <li>{@code reference}: the gathered {@code Ax} and {@code A^H y} equal the EJML reference's,
 *     rtol 1e-12 / 1e-5 (max norm relative to the largest entry);</li>
 * <li>{@code partition}: the same global operator built on the whole communicator and on
 *     sub-communicators of other sizes (a random cut of the ranks into two groups), with other
 *     random input layouts (uneven splits, empty ranks, SCATTER or BROADCAST where accepted), gives
 *     the same gathered results on every rank;</li>
 * <li>{@code algebra}: {@code (A + aA)x = Ax + aAx}, {@code (aA)^H y = conj(a) A^H y},
 *     {@code (A^H)^H x = Ax}, {@code A^T y = conj(A^H conj(y))}, {@code conj(A) x = conj(A conj(x))},
 *     {@code (A A^H)^H y = A (A^H y)} and {@code A^2 x = A(Ax)} for square operators;</li>
 * <li>{@code unchanged}: products leave their inputs bit-identical on every rank, and a repeated
 *     product gives a bit-identical result.</li>
 * </ul>
 */
public final class OperatorProperties {

    /** The property names, in report order. */
    public static final List<String> NAMES = List.of("adjoint", "reference", "partition", "algebra", "unchanged");

    private static final double TINY = 1e-300;
    /** The dot-test's scale is at least this fraction of {@code |Ax| |y|}. */
    static final double CANCELLATION_FLOOR = 1e-2;

    private OperatorProperties() {
    }

    /**
     * Every operator property applied to every subject.
     *
     * @param subjects the subjects
     * @return the checks, property-major
     */
    public static List<Check> checks(List<OperatorSubject> subjects) {
        List<Check> out = new ArrayList<>();
        for (String p : NAMES) {
            for (OperatorSubject s : subjects) {
                out.add(check(p, s));
            }
        }
        return out;
    }

    /**
     * One property applied to one subject.
     *
     * @param property one of {@link #NAMES}
     * @param subject  the subject
     * @return the check
     */
    public static Check check(String property, OperatorSubject subject) {
        Body body = switch (property) {
            case "adjoint" -> OperatorProperties::adjoint;
            case "reference" -> OperatorProperties::reference;
            case "partition" -> subject.bitwise() ? OperatorProperties::partitionBitwise
                    : OperatorProperties::partitionClose;
            case "algebra" -> OperatorProperties::algebra;
            case "unchanged" -> OperatorProperties::unchanged;
            default -> throw new IllegalArgumentException("property: unknown operator property '" + property
                    + "'; known: " + NAMES);
        };
        return Check.of(property, subject.name(), (comm, c, probe) -> {
            SplittableRandom r = new SplittableRandom(c.seed());
            OperatorCase oc = subject.cases().draw(r, c.size());
            probe.describe(oc.describe());
            body.run(comm, oc, r, probe);
        });
    }

    @FunctionalInterface
    private interface Body {
        void run(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe);
    }

    /** Dot-test tolerance: 1e-10 double, 1e-4 single precision. */
    static double dotTol(DType t) {
        return t.isDoublePrecision() ? 1e-10 : 1e-4;
    }

    private static void adjoint(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe) {
        Built b = oc.build(comm, r);
        DistributedOperator<DistributedVector> op = b.op();
        NdArray x = Draws.values(r, oc.dtype(), op.cols());
        NdArray y = Draws.values(r, oc.dtype(), op.rows());
        DistributedVector xd = b.model().place(x, comm, r);
        DistributedVector yd = b.data().place(y, comm, r);
        DistributedVector ax = op.matvec(xd);
        DistributedVector ahy = op.rmatvec(yd);
        // the dots need both operands in one layout: y in Ax's layout, x in A^H y's
        Complex lhs = Vectors.like(ax, y, comm).dot(ax, true);
        Complex rhs = ahy.dot(Vectors.like(ahy, x, comm), true);
        // the dots' rounding errors scale with |Ax| |y|, not with the dots, which may cancel: a floor
        // of 1% of |Ax| |y| keeps float32 cancellation from failing a correct adjoint
        double floor = CANCELLATION_FLOOR * ax.norm() * Math.sqrt(sumSquares(y));
        double scale = Math.max(Math.max(Math.max(lhs.abs(), rhs.abs()), floor), TINY);
        double rel = Math.hypot(lhs.re() - rhs.re(), lhs.im() - rhs.im()) / scale;
        probe.relErr("dot-test <y, Ax> = " + lhs + " vs <A^H y, x> = " + rhs, rel, dotTol(oc.dtype()));
    }

    private static double sumSquares(NdArray v) {
        double s = 0;
        for (long k = 0; k < v.size(); k++) {
            s += v.re(k) * v.re(k) + v.im(k) * v.im(k);
        }
        return s;
    }

    private static void reference(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe) {
        Built b = oc.build(comm, r);
        NdArray x = Draws.values(r, oc.dtype(), b.op().cols());
        NdArray y = Draws.values(r, oc.dtype(), b.op().rows());
        double[] ax = Vectors.gather(b.op().matvec(b.model().place(x, comm, r)));
        double[] ahy = Vectors.gather(b.op().rmatvec(b.data().place(y, comm, r)));
        double tol = Probe.rtol(oc.dtype());
        probe.close("A x vs reference", b.reference().matvecComplex(Probe.interleaved(x)), ax, tol);
        probe.close("A^H y vs reference", b.reference().rmatvecComplex(Probe.interleaved(y)), ahy, tol);
    }

    private static void partitionBitwise(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe) {
        partition(comm, oc, r, probe, true);
    }

    private static void partitionClose(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe) {
        partition(comm, oc, r, probe, false);
    }

    private static void partition(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe,
            boolean bitwise) {
        int cut = 1 + r.nextInt(comm.size());
        long groupSeed = r.nextLong();
        Built whole = oc.build(comm, r);
        NdArray x = Draws.values(r, oc.dtype(), whole.op().cols());
        NdArray y = Draws.values(r, oc.dtype(), whole.op().rows());
        double[] ax = Vectors.gather(whole.op().matvec(whole.model().place(x, comm, r)));
        double[] ahy = Vectors.gather(whole.op().rmatvec(whole.data().place(y, comm, r)));
        int colour = comm.rank() < cut ? 0 : 1;
        Communicator sub = comm.split(colour, comm.rank());
        int subSize = sub.size();
        double[] ax2;
        double[] ahy2;
        try {
            // each group draws its own block assignment and layouts
            SplittableRandom gr = new SplittableRandom(groupSeed + colour);
            Built part = oc.build(sub, gr);
            ax2 = Vectors.gather(part.op().matvec(part.model().place(x, sub, gr)));
            ahy2 = Vectors.gather(part.op().rmatvec(part.data().place(y, sub, gr)));
        } finally {
            sub.close();
        }
        String axWhat = "A x on " + subSize + " of " + comm.size() + " ranks vs all";
        String ahyWhat = "A^H y on " + subSize + " of " + comm.size() + " ranks vs all";
        if (bitwise) {
            // bit for bit: products are defined by the global operator, not by the ranks that compute them
            probe.identical(axWhat, ax, ax2);
            probe.identical(ahyWhat, ahy, ahy2);
        } else {
            probe.close(axWhat, ax, ax2, Probe.rtol(oc.dtype()));
            probe.close(ahyWhat, ahy, ahy2, Probe.rtol(oc.dtype()));
        }
        double across = bitwise ? 0 : Probe.rtol(oc.dtype());        // the groups' results, against each other
        acrossRanks(comm, probe, "A x", ax2, across);
        acrossRanks(comm, probe, "A^H y", ahy2, across);
    }

    /** Every rank holds the same values (max - min over ranks within tol of the largest entry). Collective. */
    private static void acrossRanks(Communicator comm, Probe probe, String what, double[] v, double tol) {
        double[] max = v.clone();
        double[] min = v.clone();
        comm.allreduce(max, ReduceOp.MAX);
        comm.allreduce(min, ReduceOp.MIN);
        probe.close(what + " across ranks (min vs max)", max, min, tol);
    }

    private static void algebra(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe) {
        Built b = oc.build(comm, r);
        DistributedOperator<DistributedVector> a = b.op();
        DType t = oc.dtype();
        Complex alpha = new Complex(Draws.rounded(t, 0.5 + r.nextDouble()),
                t.isComplex() ? Draws.rounded(t, r.nextDouble() - 0.5) : 0);
        NdArray x = Draws.values(r, t, a.cols());
        NdArray y = Draws.values(r, t, a.rows());
        DistributedVector xd = b.model().place(x, comm, r);
        DistributedVector yd = b.data().place(y, comm, r);
        double tol = 10 * Probe.rtol(t);
        DistributedVector axd = a.matvec(xd);
        double[] ax = Vectors.gather(axd);
        DistributedVector ahyd = a.rmatvec(yd);
        double[] ahy = Vectors.gather(ahyd);
        DistributedOperator<DistributedVector> scaled = alpha.im() == 0 ? a.times(alpha.re()) : a.times(alpha.re(), alpha.im());

        probe.close("(A + aA) x = Ax + aAx", Vectors.add(ax, Vectors.scale(ax, alpha)),
                Vectors.gather(a.plus(scaled).matvec(xd)), tol);
        probe.close("(aA)^H y = conj(a) A^H y", Vectors.scale(ahy, alpha.conj()),
                Vectors.gather(scaled.adjoint().matvec(yd)), tol);
        probe.close("(A^H)^H x = A x", ax, Vectors.gather(a.adjoint().adjoint().matvec(xd)),
                tol);
        probe.close("A^T y = conj(A^H conj(y))", Vectors.conj(Vectors.gather(a.rmatvec(yd.conj()))),
                Vectors.gather(a.transpose().matvec(yd)), tol);
        probe.close("conj(A) x = conj(A conj(x))", Vectors.conj(Vectors.gather(a.matvec(xd.conj()))),
                Vectors.gather(a.conj().matvec(xd)), tol);
        probe.close("(A A^H)^H y = A (A^H y)", Vectors.gather(a.matvec(ahyd)),
                Vectors.gather(a.times(a.adjoint()).adjoint().matvec(yd)), tol);
        if (a.rows() == a.cols() && axd.getClass() == xd.getClass()) {
            // A^2 needs A's output to be a valid input of A (not so for, e.g., MPIVStack)
            DistributedVector aax;
            try {
                aax = a.matvec(axd);
            } catch (IllegalArgumentException notComposable) {
                return; // the same verdict on every rank: the layout checks are collective
            }
            probe.close("A^2 x = A (A x)", Vectors.gather(aax), Vectors.gather(a.power(2).matvec(xd)),
                    tol);
        }
    }

    private static void unchanged(Communicator comm, OperatorCase oc, SplittableRandom r, Probe probe) {
        Built b = oc.build(comm, r);
        NdArray x = Draws.values(r, oc.dtype(), b.op().cols());
        NdArray y = Draws.values(r, oc.dtype(), b.op().rows());
        NdArray x0 = x.copy();
        NdArray y0 = y.copy();
        DistributedVector xd = b.model().place(x, comm, r);
        DistributedVector yd = b.data().place(y, comm, r);
        List<NdArray> xs = Vectors.locals(xd);
        List<NdArray> ys = Vectors.locals(yd);
        List<NdArray> ax1 = Vectors.locals(b.op().matvec(xd));
        List<NdArray> ahy1 = Vectors.locals(b.op().rmatvec(yd));
        probe.expect(Vectors.identical(xs, Vectors.locals(xd)), "matvec changed its input on rank " + comm.rank());
        probe.expect(Vectors.identical(ys, Vectors.locals(yd)), "rmatvec changed its input on rank " + comm.rank());
        probe.expect(Vectors.identical(ax1, Vectors.locals(b.op().matvec(xd))),
                "a repeated matvec gave a different result on rank " + comm.rank());
        probe.expect(Vectors.identical(ahy1, Vectors.locals(b.op().rmatvec(yd))),
                "a repeated rmatvec gave a different result on rank " + comm.rank());
        probe.expect(x.equals(x0) && y.equals(y0), "placing changed the global vectors");
        normSquaredProducts(comm, b, xd, yd, ax1, ahy1, probe);
    }

    /**
     * The products that also return their output's squared norm (CGLS's fused {@code q = A c; q.q}):
     * the output bit for bit the allocating product's, the norm bit for bit {@code out.dot(out, true).re()},
     * the input unchanged, whatever {@code out} held before.
     */
    private static void normSquaredProducts(Communicator comm, Built b, DistributedVector xd, DistributedVector yd,
            List<NdArray> ax, List<NdArray> ahy, Probe probe) {
        List<NdArray> xs = Vectors.locals(xd);
        List<NdArray> ys = Vectors.locals(yd);
        DistributedVector out = b.op().matvec(xd);
        double expected = out.dot(out, true).re();
        out.imultiply(Double.NaN, 0);                                     // to be overwritten, not read
        double nn = b.op().matvecNormSquared(xd, out);
        probe.expect(Vectors.identical(ax, Vectors.locals(out)),
                "matvecNormSquared's output differs from matvec's on rank " + comm.rank());
        probe.expect(Double.doubleToRawLongBits(nn) == Double.doubleToRawLongBits(expected),
                "matvecNormSquared returned " + nn + ", out.dot(out) is " + expected);
        DistributedVector aout = b.op().rmatvec(yd);
        double aexpected = aout.dot(aout, true).re();
        aout.imultiply(Double.NaN, 0);
        double ann = b.op().rmatvecNormSquared(yd, aout);
        probe.expect(Vectors.identical(ahy, Vectors.locals(aout)),
                "rmatvecNormSquared's output differs from rmatvec's on rank " + comm.rank());
        probe.expect(Double.doubleToRawLongBits(ann) == Double.doubleToRawLongBits(aexpected),
                "rmatvecNormSquared returned " + ann + ", out.dot(out) is " + aexpected);
        probe.expect(Vectors.identical(xs, Vectors.locals(xd)) && Vectors.identical(ys, Vectors.locals(yd)),
                "a norm-returning product changed its input on rank " + comm.rank());
    }
}
