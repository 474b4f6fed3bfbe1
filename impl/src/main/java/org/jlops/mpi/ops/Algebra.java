package org.jlops.mpi.ops;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;

/**
 * The operator algebra of SPEC §4.1 (adjoint, transpose, conjugate, sum, scaling, product,
 * power), written once for plain and stacked operators: {@link MPILinearOperator} and
 * {@link MPIStackedLinearOperator} each wrap a {@code Algebra} node in a private subclass.
 */
final class Algebra {

    /** The kinds of derived operators. */
    enum Kind { ADJOINT, TRANSPOSE, CONJ, SUM, SCALED, PRODUCT, POWER }

    private final Kind kind;
    private final DistributedOperator a;
    private final DistributedOperator b;
    private final double re;
    private final double im;
    private final int power;
    private final DType dtype;

    private Algebra(Kind kind, DistributedOperator a, DistributedOperator b, double re, double im, int power,
            DType dtype) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.re = re;
        this.im = im;
        this.power = power;
        this.dtype = dtype;
    }

    static Algebra adjoint(DistributedOperator a) {
        return new Algebra(Kind.ADJOINT, a, null, 0, 0, 0, a.dtype());
    }

    static Algebra transpose(DistributedOperator a) {
        return new Algebra(Kind.TRANSPOSE, a, null, 0, 0, 0, a.dtype());
    }

    static Algebra conj(DistributedOperator a) {
        return new Algebra(Kind.CONJ, a, null, 0, 0, 0, a.dtype());
    }

    static Algebra sum(DistributedOperator a, DistributedOperator b) {
        if (b == null) {
            throw new IllegalArgumentException("other: must not be null");
        }
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("other: cannot add operators of different shapes, (" + a.rows() + ", "
                    + a.cols() + ") and (" + b.rows() + ", " + b.cols() + ")");
        }
        return new Algebra(Kind.SUM, a, b, 0, 0, 0, a.dtype());
    }

    /** Scaling by a real ({@code complex == false}) or complex scalar. */
    static Algebra scaled(DistributedOperator a, double re, double im, boolean complex) {
        DType dt = complex ? Vectors.promote(a.dtype(), DType.COMPLEX64) : a.dtype();
        return new Algebra(Kind.SCALED, a, null, re, im, 0, dt);
    }

    static Algebra product(DistributedOperator a, DistributedOperator b) {
        if (b == null) {
            throw new IllegalArgumentException("other: must not be null");
        }
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("other: cannot multiply operators of shapes (" + a.rows() + ", "
                    + a.cols() + ") and (" + b.rows() + ", " + b.cols() + "): " + a.cols() + " != " + b.rows());
        }
        return new Algebra(Kind.PRODUCT, a, b, 0, 0, 0, Vectors.promote(a.dtype(), b.dtype()));
    }

    static Algebra power(DistributedOperator a, int p) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("p: only square operators can be raised to a power, shape is ("
                    + a.rows() + ", " + a.cols() + ")");
        }
        if (p < 0) {
            throw new IllegalArgumentException("p: must be a non-negative integer, got " + p);
        }
        return new Algebra(Kind.POWER, a, null, 0, 0, p, a.dtype());
    }

    Kind kind() {
        return kind;
    }

    DType dtype() {
        return dtype;
    }

    /** The shape of the derived operator (dims and dimsd propagate as SPEC §4.1's table says). */
    OperatorShape shape() {
        OperatorShape sa = OperatorShape.of(a.rows(), a.cols(), a.dims(), a.dimsd());
        return switch (kind) {
            case ADJOINT, TRANSPOSE -> sa.swapped();
            case PRODUCT -> OperatorShape.of(a.rows(), b.cols(), b.dims(), a.dimsd());
            default -> sa;
        };
    }

    /** Applies the derived operator ({@code adjoint == false}) or its adjoint. */
    DistributedVector apply(DistributedVector x, boolean adjoint) {
        return switch (kind) {
            case ADJOINT -> adjoint ? a.matvec(x) : a.rmatvec(x);
            case TRANSPOSE -> conjIfComplex(adjoint ? a.matvec(conjIfComplex(x)) : a.rmatvec(conjIfComplex(x)));
            case CONJ -> conjIfComplex(adjoint ? a.rmatvec(conjIfComplex(x)) : a.matvec(conjIfComplex(x)));
            case SUM -> adjoint ? a.rmatvec(x).iadd(b.rmatvec(x)) : a.matvec(x).iadd(b.matvec(x));
            case SCALED -> {
                DistributedVector y = astype(adjoint ? a.rmatvec(x) : a.matvec(x), dtype);
                yield y.imultiply(re, adjoint ? -im : im);
            }
            case PRODUCT -> adjoint ? b.rmatvec(a.rmatvec(x)) : a.matvec(b.matvec(x));
            case POWER -> {
                DistributedVector y = x.copy();
                for (int i = 0; i < power; i++) {
                    y = adjoint ? a.rmatvec(y) : a.matvec(y);
                }
                yield y;
            }
        };
    }

    /** A short description for {@code toString}. */
    String describe() {
        return switch (kind) {
            case ADJOINT -> a + ".H";
            case TRANSPOSE -> a + ".T";
            case CONJ -> "conj(" + a + ")";
            case SUM -> "(" + a + " + " + b + ")";
            case SCALED -> (im == 0 ? Double.toString(re) : "(" + re + (im < 0 ? "" : "+") + im + "j)") + " * " + a;
            case PRODUCT -> "(" + a + " @ " + b + ")";
            case POWER -> a + " ** " + power;
        };
    }

    private static DistributedVector conjIfComplex(DistributedVector x) {
        return isReal(x) ? x : x.conj();
    }

    private static boolean isReal(DistributedVector x) {
        if (x instanceof DistributedArray d) {
            return !d.dtype().isComplex();
        }
        for (DistributedVector v : ((StackedDistributedArray) x).arrays()) {
            if (!isReal(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code x} converted to complex when {@code dtype} is complex and {@code x} is real (so that a
     * complex scaling keeps its imaginary part); otherwise {@code x} itself.
     */
    static DistributedVector astype(DistributedVector x, DType dtype) {
        if (x instanceof DistributedArray d) {
            return dtype.isComplex() && !d.dtype().isComplex() ? Vectors.astype(d, Vectors.promote(d.dtype(), dtype)) : d;
        }
        List<DistributedVector> parts = new ArrayList<>();
        boolean changed = false;
        for (DistributedVector v : ((StackedDistributedArray) x).arrays()) {
            DistributedVector c = astype(v, dtype);
            changed |= c != v;
            parts.add(c);
        }
        return changed ? new StackedDistributedArray(parts) : x;
    }
}
