package org.jlops.mpi.ops;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;

/**
 * The operator algebra as data: one small record per derived operator, each knowing
 * its shape, its dtype and how to apply itself and its adjoint by re-routing to its operands
 * (PyLops' {@code _AdjointLinearOperator}, {@code _SumLinearOperator}, ...). Written once for both
 * kinds of operator; {@link AbstractDistributedOperator#derive} wraps a node into the kind.
 *
 * @param <V> the vectors of the operands' products
 */
sealed interface Algebra<V extends DistributedVector> {

    /** The first (or only) operand. */
    DistributedOperator<V> a();

    /**
     * The shape of the derived operator (dims and dimsd propagate as in PyLops): by
     * default that of {@link #a()}.
     */
    default OperatorShape shape() {
        return OperatorShape.of(a().rows(), a().cols(), a().dims(), a().dimsd());
    }

    /** The element type of the derived operator: by default that of {@link #a()}. */
    default DType dtype() {
        return a().dtype();
    }

    /** The derived operator applied to {@code x} ({@code adjoint == false}), or its adjoint. */
    V apply(V x, boolean adjoint);

    /** A short description for {@code toString}, in PyLops' notation. */
    String describe();

    /** {@code A^H}: forward {@code A^H y}, adjoint {@code A x}. */
    record Adjoint<V extends DistributedVector>(DistributedOperator<V> a) implements Algebra<V> {
        @Override
        public OperatorShape shape() {
            return Algebra.super.shape().swapped();
        }

        @Override
        public V apply(V x, boolean adjoint) {
            return adjoint ? a.matvec(x) : a.rmatvec(x);
        }

        @Override
        public String describe() {
            return a + ".H";
        }
    }

    /** {@code A^T}: forward {@code conj(A^H conj(x))}, adjoint {@code conj(A conj(y))}. */
    record Transpose<V extends DistributedVector>(DistributedOperator<V> a) implements Algebra<V> {
        @Override
        public OperatorShape shape() {
            return Algebra.super.shape().swapped();
        }

        @Override
        public V apply(V x, boolean adjoint) {
            V cx = conjIfComplex(x);
            return conjIfComplex(adjoint ? a.matvec(cx) : a.rmatvec(cx));
        }

        @Override
        public String describe() {
            return a + ".T";
        }
    }

    /** {@code conj(A)}: forward {@code conj(A conj(x))}, adjoint {@code conj(A^H conj(y))}. */
    record Conj<V extends DistributedVector>(DistributedOperator<V> a) implements Algebra<V> {
        @Override
        public V apply(V x, boolean adjoint) {
            V cx = conjIfComplex(x);
            return conjIfComplex(adjoint ? a.rmatvec(cx) : a.matvec(cx));
        }

        @Override
        public String describe() {
            return "conj(" + a + ")";
        }
    }

    /** {@code A + B}: forward {@code A x + B x}, adjoint {@code A^H y + B^H y}. */
    record Sum<V extends DistributedVector>(DistributedOperator<V> a, DistributedOperator<V> b) implements Algebra<V> {
        static <V extends DistributedVector> Sum<V> of(DistributedOperator<V> a, DistributedOperator<V> b) {
            if (b == null) {
                throw new IllegalArgumentException("other: must not be null");
            }
            if (a.rows() != b.rows() || a.cols() != b.cols()) {
                throw new IllegalArgumentException("other: cannot add operators of different shapes, (" + a.rows()
                        + ", " + a.cols() + ") and (" + b.rows() + ", " + b.cols() + ")");
            }
            return new Sum<>(a, b);
        }

        @Override
        @SuppressWarnings("unchecked")
        public V apply(V x, boolean adjoint) {
            return adjoint ? (V) a.rmatvec(x).iadd(b.rmatvec(x)) : (V) a.matvec(x).iadd(b.matvec(x));
        }

        @Override
        public String describe() {
            return "(" + a + " + " + b + ")";
        }
    }

    /**
     * {@code s A} for {@code s = re + i im}: forward {@code s A x}, adjoint {@code conj(s) A^H y}.
     * With a complex scalar the result is complex ({@code dtype}); real outputs of {@code A} are
     * converted before scaling so that the imaginary part is kept.
     */
    record Scaled<V extends DistributedVector>(DistributedOperator<V> a, double re, double im, DType dtype)
            implements Algebra<V> {
        @Override
        public V apply(V x, boolean adjoint) {
            V y = toComplexIf(adjoint ? a.rmatvec(x) : a.matvec(x), dtype);
            y.imultiply(re, adjoint ? -im : im);
            return y;
        }

        @Override
        public String describe() {
            String s = im == 0 ? Double.toString(re) : "(" + re + (im < 0 ? "" : "+") + im + "j)";
            return s + " * " + a;
        }
    }

    /** {@code A B}: forward {@code A (B x)}, adjoint {@code B^H (A^H y)}. */
    record Product<V extends DistributedVector>(DistributedOperator<V> a, DistributedOperator<V> b)
            implements Algebra<V> {
        static <V extends DistributedVector> Product<V> of(DistributedOperator<V> a, DistributedOperator<V> b) {
            if (b == null) {
                throw new IllegalArgumentException("other: must not be null");
            }
            if (a.cols() != b.rows()) {
                throw new IllegalArgumentException("other: cannot multiply operators of shapes (" + a.rows() + ", "
                        + a.cols() + ") and (" + b.rows() + ", " + b.cols() + "): " + a.cols() + " != " + b.rows());
            }
            return new Product<>(a, b);
        }

        @Override
        public OperatorShape shape() {
            return OperatorShape.of(a.rows(), b.cols(), b.dims(), a.dimsd());
        }

        @Override
        public DType dtype() {
            return DType.promote(a.dtype(), b.dtype());
        }

        @Override
        public V apply(V x, boolean adjoint) {
            return adjoint ? b.rmatvec(a.rmatvec(x)) : a.matvec(b.matvec(x));
        }

        @Override
        public String describe() {
            return "(" + a + " @ " + b + ")";
        }
    }

    /** {@code A^p}: forward {@code A(A(...A x))}, adjoint {@code A^H(...A^H y)}; {@code A^0} copies. */
    record Power<V extends DistributedVector>(DistributedOperator<V> a, int p) implements Algebra<V> {
        static <V extends DistributedVector> Power<V> of(DistributedOperator<V> a, int p) {
            if (a.rows() != a.cols()) {
                throw new IllegalArgumentException("p: only square operators can be raised to a power, shape is ("
                        + a.rows() + ", " + a.cols() + ")");
            }
            if (p < 0) {
                throw new IllegalArgumentException("p: must be a non-negative integer, got " + p);
            }
            return new Power<>(a, p);
        }

        @Override
        @SuppressWarnings("unchecked")
        public V apply(V x, boolean adjoint) {
            V y = (V) x.copy();
            for (int i = 0; i < p; i++) {
                y = adjoint ? a.rmatvec(y) : a.matvec(y);
            }
            return y;
        }

        @Override
        public String describe() {
            return a + " ** " + p;
        }
    }

    /** {@code conj(x)}, or {@code x} itself when it is real. */
    @SuppressWarnings("unchecked")
    private static <V extends DistributedVector> V conjIfComplex(V x) {
        return x.dtype().isComplex() ? (V) x.conj() : x;
    }

    /**
     * {@code x} with every real leaf converted to its complex type of the precision promoted with
     * {@code dtype} when {@code dtype} is complex (so that a complex scaling keeps its imaginary
     * part); otherwise {@code x} itself.
     */
    @SuppressWarnings("unchecked")
    private static <V extends DistributedVector> V toComplexIf(V x, DType dtype) {
        if (!dtype.isComplex()) {
            return x;
        }
        return (V) switch (x) {
            case DistributedArray d -> d.dtype().isComplex() ? d : d.astype(DType.promote(d.dtype(), dtype), false);
            case StackedDistributedArray s -> {
                List<DistributedVector> parts = new ArrayList<>();
                boolean changed = false;
                for (DistributedVector v : s.arrays()) {
                    DistributedVector c = toComplexIf(v, dtype);
                    changed |= c != v;
                    parts.add(c);
                }
                yield changed ? new StackedDistributedArray(parts) : s;
            }
        };
    }
}
