package org.jlops.mpi.ops.serial;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;

/**
 * The algebra of serial operators (serial PyLops' {@code .H}, {@code .T}, {@code conj()},
 * {@code +}, {@code -}, {@code *} by a scalar, {@code *}/{@code @} composition, {@code **} and
 * unary {@code -}), and the serial block operators ({@code BlockDiag}, {@code VStack},
 * {@code HStack}). Every method returns a new immutable operator that only re-routes calls to its
 * operands (no matrix is formed); operands are never modified.
 *
 * <pre>
 *     adjoint(A) x   = A^H x                 transpose(A) x = conj(A^H conj(x))
 *     conj(A) x      = conj(A conj(x))       sum(A, B) x    = A x + B x
 *     difference(A, B) x = A x - B x         scale(A, a) x  = a (A x),  its adjoint conj(a) A^H y
 *     compose(A, B) x = A (B x)              power(A, p) x  = A (A ... (A x)),  p factors
 *     blockDiag(A0, A1, ...) = diag(A0, A1, ...)
 *     vstack(A0, A1, ...)    = [A0; A1; ...]      hstack(A0, A1, ...) = [A0, A1, ...]
 * </pre>
 *
 * <p><b>dtypes.</b> The result's dtype is the common type of the operands (and of a complex
 * scalar). Its buffer products accept buffers of its dtype or of any type that holds its results
 * (a complex type for a complex result); each operand is applied in its own dtype, through host
 * temporaries when the buffers have another type (a real operand on complex buffers acts on the
 * real and imaginary parts). Temporaries of the operands' sizes are allocated per product.
 *
 * <p>Differences from PyLops: methods instead of Python operators; shapes are checked when the
 * operator is built, with an {@link IllegalArgumentException} naming both shapes.
 */
public final class LocalOperators {

    private LocalOperators() {
    }

    // ---------------------------------------------------------------------------------------
    // Factories

    /**
     * {@code A^H}: rows and columns (and dims and dimsd) exchanged, forward and adjoint exchanged.
     * {@code adjoint(adjoint(A))} returns {@code A} itself.
     *
     * @param a (Input) the operator; kept by reference
     * @return the adjoint
     * @throws IllegalArgumentException if {@code a} is null
     */
    public static LocalOperator adjoint(LocalOperator a) {
        requireOp("A", a);
        return a instanceof Adjoint h ? h.op() : new Adjoint(a);
    }

    /**
     * {@code A^T = conj(A^H)}; for a real operator the same as {@link #adjoint(LocalOperator)}.
     *
     * @param a (Input) the operator; kept by reference
     * @return the transpose
     * @throws IllegalArgumentException if {@code a} is null
     */
    public static LocalOperator transpose(LocalOperator a) {
        requireOp("A", a);
        return a.dtype().isComplex() ? new Conjugated(adjoint(a)) : adjoint(a);
    }

    /**
     * {@code conj(A)}: the entry-wise conjugate, {@code x -> conj(A conj(x))}; a real operator
     * itself.
     *
     * @param a (Input) the operator; kept by reference
     * @return the conjugate
     * @throws IllegalArgumentException if {@code a} is null
     */
    public static LocalOperator conj(LocalOperator a) {
        requireOp("A", a);
        if (!a.dtype().isComplex()) {
            return a;
        }
        return a instanceof Conjugated c ? c.op() : new Conjugated(a);
    }

    /**
     * {@code A + B}, with A's dims and dimsd.
     *
     * @param a (Input) {@code A}; kept by reference
     * @param b (Input) {@code B}, of A's shape; kept by reference
     * @return the sum
     * @throws IllegalArgumentException if an operand is null or the shapes differ (naming both)
     */
    public static LocalOperator sum(LocalOperator a, LocalOperator b) {
        requireSameShape("sum", a, b);
        return new Sum(a, b, 1.0);
    }

    /**
     * {@code A - B}, with A's dims and dimsd.
     *
     * @param a (Input) {@code A}; kept by reference
     * @param b (Input) {@code B}, of A's shape; kept by reference
     * @return the difference
     * @throws IllegalArgumentException if an operand is null or the shapes differ (naming both)
     */
    public static LocalOperator difference(LocalOperator a, LocalOperator b) {
        requireSameShape("difference", a, b);
        return new Sum(a, b, -1.0);
    }

    /**
     * {@code alpha A} with a real scalar; the adjoint is {@code alpha A^H}.
     *
     * @param a     (Input) the operator; kept by reference
     * @param alpha the scalar
     * @return the scaled operator, of A's dtype
     * @throws IllegalArgumentException if {@code a} is null
     */
    public static LocalOperator scale(LocalOperator a, double alpha) {
        return scale(a, alpha, 0.0);
    }

    /**
     * {@code (re + i im) A}; the adjoint is {@code (re - i im) A^H}. A non-zero {@code im} makes
     * a real operator complex.
     *
     * @param a  (Input) the operator; kept by reference
     * @param re the real part of the scalar
     * @param im the imaginary part of the scalar
     * @return the scaled operator
     * @throws IllegalArgumentException if {@code a} is null
     */
    public static LocalOperator scale(LocalOperator a, double re, double im) {
        requireOp("A", a);
        DType dt = im == 0.0 || a.dtype().isComplex() ? a.dtype() : a.dtype().complexType();
        return new Scaled(a, re, im, dt);
    }

    /**
     * {@code -A}.
     *
     * @param a (Input) the operator; kept by reference
     * @return the negated operator
     * @throws IllegalArgumentException if {@code a} is null
     */
    public static LocalOperator negate(LocalOperator a) {
        return scale(a, -1.0);
    }

    /**
     * {@code A B}: {@code x -> A (B x)}, with B's dims and A's dimsd; the adjoint is
     * {@code B^H A^H}.
     *
     * @param a (Input) {@code A}, with as many columns as B has rows; kept by reference
     * @param b (Input) {@code B}; kept by reference
     * @return the product
     * @throws IllegalArgumentException if an operand is null or the shapes do not chain (naming both)
     */
    public static LocalOperator compose(LocalOperator a, LocalOperator b) {
        requireOp("A", a);
        requireOp("B", b);
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("compose: A of shape " + shape(a) + " and B of shape " + shape(b)
                    + " cannot be composed, A has " + a.cols() + " columns but B has " + b.rows() + " rows");
        }
        return new Product(a, b);
    }

    /**
     * {@code A^p}, {@code p} factors of a square operator; {@code A^0} is the identity and
     * {@code A^1} is {@code A} itself. The adjoint is {@code (A^H)^p}.
     *
     * @param a (Input) a square operator; kept by reference
     * @param p the power, at least 0
     * @return the power
     * @throws IllegalArgumentException if {@code a} is null or not square, or {@code p < 0}
     */
    public static LocalOperator power(LocalOperator a, int p) {
        requireOp("A", a);
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("power: A of shape " + shape(a) + " is not square");
        }
        if (p < 0) {
            throw new IllegalArgumentException("p: " + p + ", expected a non-negative power");
        }
        if (p == 0) {
            return new Identity(a.rows(), a.cols(), a.dtype());
        }
        return p == 1 ? a : new Power(a, p);
    }

    /**
     * The block-diagonal operator {@code diag(A_0, A_1, ...)} (serial PyLops' {@code BlockDiag}):
     * block i maps the i-th slice of the model (of {@code cols(A_i)} entries) to the i-th slice of
     * the data; the adjoint applies each {@code A_i^H} to its data slice.
     *
     * @param ops (Input) at least one operator; copied, operators kept by reference
     * @return the block-diagonal operator, 1-d dims and dimsd
     * @throws IllegalArgumentException if {@code ops} is null, empty or holds null
     */
    public static LocalOperator blockDiag(List<? extends LocalOperator> ops) {
        return new Blocks(Kind.BLOCK_DIAG, checkList("blockDiag", ops, 0));
    }

    /**
     * The vertical stack {@code [A_0; A_1; ...]} (serial PyLops' {@code VStack}): every block
     * applies to the whole model, the data is the concatenation; the adjoint is
     * {@code sum_i A_i^H y_i}.
     *
     * @param ops (Input) at least one operator, all with the same number of columns; copied
     * @return the stack, 1-d dims and dimsd
     * @throws IllegalArgumentException if {@code ops} is null, empty, holds null, or the column
     *                                  counts differ (naming both shapes)
     */
    public static LocalOperator vstack(List<? extends LocalOperator> ops) {
        return new Blocks(Kind.VSTACK, checkList("vstack", ops, 1));
    }

    /**
     * The horizontal stack {@code [A_0, A_1, ...]} (serial PyLops' {@code HStack}):
     * {@code y = sum_i A_i x_i} over consecutive model slices; the adjoint writes
     * {@code A_i^H y} into slice i.
     *
     * @param ops (Input) at least one operator, all with the same number of rows; copied
     * @return the stack, 1-d dims and dimsd
     * @throws IllegalArgumentException if {@code ops} is null, empty, holds null, or the row
     *                                  counts differ (naming both shapes)
     */
    public static LocalOperator hstack(List<? extends LocalOperator> ops) {
        return new Blocks(Kind.HSTACK, checkList("hstack", ops, 2));
    }

    /** {@code same}: 0 nothing, 1 the same columns, 2 the same rows. */
    private static List<LocalOperator> checkList(String what, List<? extends LocalOperator> ops,
            int same) {
        if (ops == null || ops.isEmpty()) {
            throw new IllegalArgumentException("ops: " + what + " needs at least one operator, got "
                    + (ops == null ? "null" : "none"));
        }
        for (int i = 0; i < ops.size(); i++) {
            requireOp("ops[" + i + "]", ops.get(i));
            LocalOperator a = ops.get(0);
            LocalOperator b = ops.get(i);
            if (same == 1 && a.cols() != b.cols() || same == 2 && a.rows() != b.rows()) {
                throw new IllegalArgumentException(what + ": operator 0 of shape " + shape(a) + " and operator " + i
                        + " of shape " + shape(b) + " have different numbers of " + (same == 1 ? "columns" : "rows"));
            }
        }
        return List.copyOf(ops);
    }

    // ---------------------------------------------------------------------------------------
    // Checks and the typed application of an operand

    private static void requireOp(String what, LocalOperator op) {
        if (op == null) {
            throw new IllegalArgumentException(what + ": must not be null");
        }
        if (op.dtype() == null) {
            throw new IllegalArgumentException(what + ": " + op + " has no dtype");
        }
    }

    private static void requireSameShape(String what, LocalOperator a, LocalOperator b) {
        requireOp("A", a);
        requireOp("B", b);
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(what + ": A of shape " + shape(a) + " and B of shape " + shape(b)
                    + " differ, expected the same shape");
        }
    }

    private static String shape(LocalOperator op) {
        return "(" + op.rows() + ", " + op.cols() + ")";
    }

    static DType promote(DType a, DType b) {
        boolean complex = a.isComplex() || b.isComplex();
        boolean dbl = a.isDoublePrecision() || b.isDoublePrecision();
        return complex ? (dbl ? DType.COMPLEX128 : DType.COMPLEX64) : (dbl ? DType.FLOAT64 : DType.FLOAT32);
    }

    /**
     * Checks the buffers of a product of {@code op}: the same type, one that holds the results,
     * ranges inside the buffers, none of another engine (the algebra computes through host
     * temporaries).
     */
    static void checkBuffers(LocalOperator op, Buffer in, long inPos, long nIn, Buffer out, long outPos, long nOut,
            boolean adjoint) {
        HostRanges.checkRange(adjoint ? "y" : "x", in, inPos, nIn);
        HostRanges.checkRange(adjoint ? "x" : "y", out, outPos, nOut);
        for (Buffer b : new Buffer[] {in, out}) {                         // the algebra's temporaries are host arrays
            if (HostRanges.ofAnotherEngine(b)) {
                throw new IllegalArgumentException((b == in ? adjoint ? "y" : "x" : adjoint ? "x" : "y") + ": "
                        + HostRanges.onTheHostOnly("the local operator " + op, b));
            }
        }
        if (in.type() != out.type()) {
            throw new IllegalArgumentException("buffers: input of type " + in.type() + " but output of type "
                    + out.type() + ", expected the same type");
        }
        if (op.dtype().isComplex() && !in.type().isComplex()) {
            throw new IllegalArgumentException("buffers: " + op + " of dtype " + op.dtype() + " cannot write its "
                    + "results into buffers of type " + in.type());
        }
    }

    /**
     * Applies operand {@code op} (forward, or adjoint when {@code adjoint}) from {@code in} to
     * {@code out}, both of one type that holds the results: directly when the type is the
     * operand's, else through host temporaries of the operand's dtype (real and imaginary parts
     * separately for a real operand on complex buffers).
     */
    static void applyOperand(LocalOperator op, boolean adjoint, Buffer in, long inPos, Buffer out, long outPos) {
        ElementType t = in.type();
        DType d = op.dtype();
        long nIn = adjoint ? op.rows() : op.cols();
        long nOut = adjoint ? op.cols() : op.rows();
        if (t == d.elementType()) {
            call(op, adjoint, in, inPos, out, outPos);
            return;
        }
        if (d.isComplex() && !t.isComplex()) {
            throw new IllegalArgumentException("buffers: operand " + op + " of dtype " + d + " cannot write its "
                    + "results into buffers of type " + t);
        }
        Object ia = HostRanges.hostArray("buffer", in);
        Object oa = HostRanges.hostArray("buffer", out);
        int parts = t.isComplex() && !d.isComplex() ? 2 : 1; // a real operand on complex data: re, im
        for (int part = 0; part < parts; part++) {
            Buffer ti = HostRanges.temp(d.elementType(), nIn);
            Buffer to = HostRanges.temp(d.elementType(), nOut);
            convert(ia, inPos, t, part, parts, ti.hostArray(), d.elementType(), nIn, true);
            call(op, adjoint, ti, 0, to, 0);
            convert(oa, outPos, t, part, parts, to.hostArray(), d.elementType(), nOut, false);
        }
    }

    private static void call(LocalOperator op, boolean adjoint, Buffer in, long inPos, Buffer out, long outPos) {
        if (adjoint) {
            op.rmatvec(in, inPos, out, outPos);
        } else {
            op.matvec(in, inPos, out, outPos);
        }
    }

    /**
     * Copies {@code n} elements between {@code buf} (type {@code t}, from {@code pos}) and the
     * temporary {@code tmp} (type {@code d}), converting precision. With {@code parts = 2} the
     * temporary is real and holds component {@code part} of the complex buffer.
     */
    private static void convert(Object buf, long pos, ElementType t, int part, int parts, Object tmp, ElementType d,
            long n, boolean toTemp) {
        int cb = t.components();
        int ct = d.components();
        int comps = parts == 2 ? 1 : ct;
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < comps; c++) {
                int ib = Math.toIntExact((pos + k) * cb + (parts == 2 ? part : c));
                int it = k * ct + c;
                if (toTemp) {
                    set(tmp, it, get(buf, ib));
                } else {
                    set(buf, ib, get(tmp, it));
                }
            }
        }
    }

    private static double get(Object a, int i) {
        return a instanceof double[] d ? d[i] : ((float[]) a)[i];
    }

    private static void set(Object a, int i, double v) {
        if (a instanceof double[] d) {
            d[i] = v;
        } else {
            ((float[]) a)[i] = (float) v;
        }
    }

    /** The sum of flop counts, or {@code -1} when one is not known ({@link LocalOperator#flops}). */
    private static long total(long... counts) {
        long sum = 0;
        for (long c : counts) {
            if (c < 0) {
                return -1;
            }
            sum += c;
        }
        return sum;
    }

    /** {@code real} flops per element of a product's output ({@code complex} for a complex dtype): an add 1 / 2, a scale 1 / 6. */
    private static long elementwise(LocalOperator op, boolean adjoint, int real, int complex) {
        return (adjoint ? op.cols() : op.rows()) * (op.dtype().isComplex() ? complex : real);
    }

    // ---------------------------------------------------------------------------------------
    // The operators: each only re-routes calls.

    /** {@code A^H}. */
    private record Adjoint(LocalOperator op) implements LocalOperator {
        @Override
        public long rows() {
            return op.cols();
        }

        @Override
        public long cols() {
            return op.rows();
        }

        @Override
        public long[] dims() {
            return op.dimsd();
        }

        @Override
        public long[] dimsd() {
            return op.dims();
        }

        @Override
        public DType dtype() {
            return op.dtype();
        }

        @Override
        public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
            op.rmatvec(x, xPos, y, yPos);
        }

        @Override
        public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
            op.matvec(y, yPos, x, xPos);
        }

        @Override
        public long flops(boolean adjoint) {
            return op.flops(!adjoint);
        }

        @Override
        public boolean runsOn(Engine engine) {
            return op.runsOn(engine);
        }

        @Override
        public String toString() {
            return op + ".H";
        }
    }

    /**
     * An operator whose product and adjoint share one routine: {@code matvec} and {@code rmatvec}
     * check the buffers against the operator's shape and dtype, then call {@link #apply}.
     */
    private interface TwoWay extends LocalOperator {
        /**
         * {@code out = A in}, or {@code out = A^H in} when {@code adjoint}, on buffers already
         * checked by {@link LocalOperators#checkBuffers}.
         */
        void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint);

        @Override
        default void matvec(Buffer x, long xPos, Buffer y, long yPos) {
            checkBuffers(this, x, xPos, cols(), y, yPos, rows(), false);
            apply(x, xPos, y, yPos, false);
        }

        @Override
        default void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
            checkBuffers(this, y, yPos, rows(), x, xPos, cols(), true);
            apply(y, yPos, x, xPos, true);
        }
    }

    /** An operator with the shapes (and, unless it says otherwise, the dtype) of the one it wraps. */
    private interface SameShape extends LocalOperator {
        /** The wrapped operator. */
        LocalOperator op();

        @Override
        default long rows() {
            return op().rows();
        }

        @Override
        default long cols() {
            return op().cols();
        }

        @Override
        default long[] dims() {
            return op().dims();
        }

        @Override
        default long[] dimsd() {
            return op().dimsd();
        }

        @Override
        default DType dtype() {
            return op().dtype();
        }
    }

    /** {@code conj(A)}: {@code conj(A conj(x))}, adjoint {@code conj(A^H conj(y))}. */
    private record Conjugated(LocalOperator op) implements SameShape, TwoWay {
        @Override
        public void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
            long nIn = adjoint ? rows() : cols();
            long nOut = adjoint ? cols() : rows();
            Buffer t = HostRanges.temp(in.type(), nIn);
            System.arraycopy(HostRanges.hostArray("buffer", in), Math.toIntExact(inPos * in.type().components()),
                    t.hostArray(), 0, Math.toIntExact(nIn * in.type().components()));
            HostRanges.conjInPlace(t, 0, nIn);
            applyOperand(op, adjoint, t, 0, out, outPos);
            HostRanges.conjInPlace(out, outPos, nOut);
        }

        @Override
        public long flops(boolean adjoint) {
            return op.flops(adjoint);
        }

        @Override
        public String toString() {
            return "conj(" + op + ")";
        }
    }

    /** {@code A + s B} with {@code s = +-1}. */
    private record Sum(LocalOperator a, LocalOperator b, double s) implements SameShape, TwoWay {
        @Override
        public LocalOperator op() {
            return a;
        }

        @Override
        public DType dtype() {
            return promote(a.dtype(), b.dtype());
        }

        @Override
        public void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
            long nOut = adjoint ? cols() : rows();
            applyOperand(a, adjoint, in, inPos, out, outPos);
            Buffer t = HostRanges.temp(in.type(), nOut);
            applyOperand(b, adjoint, in, inPos, t, 0);
            HostRanges.addInto(t, s, out, outPos, nOut);
        }

        @Override
        public long flops(boolean adjoint) {
            return total(a.flops(adjoint), b.flops(adjoint), elementwise(this, adjoint, 1, 2));
        }

        @Override
        public String toString() {
            return "(" + a + (s > 0 ? " + " : " - ") + b + ")";
        }
    }

    /** {@code (re + i im) A}, adjoint {@code (re - i im) A^H}. */
    private record Scaled(LocalOperator op, double re, double im, DType dtype) implements SameShape, TwoWay {
        @Override
        public void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
            applyOperand(op, adjoint, in, inPos, out, outPos);
            HostRanges.scaleInPlace(out, outPos, adjoint ? cols() : rows(), re, adjoint ? -im : im);
        }

        @Override
        public long flops(boolean adjoint) {
            return total(op.flops(adjoint), elementwise(this, adjoint, 1, 6));
        }

        @Override
        public String toString() {
            return (im == 0 ? Double.toString(re) : "(" + re + (im < 0 ? "" : "+") + im + "j)") + " * " + op;
        }
    }

    /** {@code A B}, adjoint {@code B^H A^H}. */
    private record Product(LocalOperator a, LocalOperator b) implements TwoWay {
        @Override
        public long rows() {
            return a.rows();
        }

        @Override
        public long cols() {
            return b.cols();
        }

        @Override
        public long[] dims() {
            return b.dims();
        }

        @Override
        public long[] dimsd() {
            return a.dimsd();
        }

        @Override
        public DType dtype() {
            return promote(a.dtype(), b.dtype());
        }

        @Override
        public void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
            LocalOperator first = adjoint ? a : b;
            LocalOperator second = adjoint ? b : a;
            Buffer t = HostRanges.temp(in.type(), b.rows());
            applyOperand(first, adjoint, in, inPos, t, 0);
            applyOperand(second, adjoint, t, 0, out, outPos);
        }

        @Override
        public long flops(boolean adjoint) {
            return total(a.flops(adjoint), b.flops(adjoint));
        }

        @Override
        public String toString() {
            return "(" + a + " * " + b + ")";
        }
    }

    /** {@code A^p}, {@code p >= 2}, adjoint {@code (A^H)^p}. */
    private record Power(LocalOperator op, int p) implements SameShape, TwoWay {
        @Override
        public void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
            long n = rows();
            Buffer t0 = HostRanges.temp(in.type(), n);
            Buffer t1 = HostRanges.temp(in.type(), n);
            applyOperand(op, adjoint, in, inPos, t0, 0);
            for (int k = 1; k < p - 1; k++) {
                applyOperand(op, adjoint, t0, 0, t1, 0);
                Buffer s = t0;
                t0 = t1;
                t1 = s;
            }
            applyOperand(op, adjoint, t0, 0, out, outPos);
        }

        @Override
        public long flops(boolean adjoint) {
            long one = op.flops(adjoint);
            return one < 0 ? -1 : p * one;
        }

        @Override
        public String toString() {
            return op + " ** " + p;
        }
    }

    /** The three block layouts. */
    private enum Kind {
        BLOCK_DIAG, VSTACK, HSTACK
    }

    /** Block-diagonal, vertical or horizontal stack of operators. */
    private record Blocks(Kind kind, List<LocalOperator> ops) implements TwoWay {
        @Override
        public long rows() {
            return kind == Kind.HSTACK ? ops.get(0).rows() : ops.stream().mapToLong(LocalOperator::rows).sum();
        }

        @Override
        public long cols() {
            return kind == Kind.VSTACK ? ops.get(0).cols() : ops.stream().mapToLong(LocalOperator::cols).sum();
        }

        @Override
        public DType dtype() {
            DType d = ops.get(0).dtype();
            for (LocalOperator op : ops) {
                d = promote(d, op.dtype());
            }
            return d;
        }

        @Override
        public void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
            // which side of each block moves along the list, and which side is shared by all blocks
            boolean inMoves = kind == Kind.BLOCK_DIAG || (kind == Kind.VSTACK) == adjoint;
            boolean outMoves = kind == Kind.BLOCK_DIAG || (kind == Kind.VSTACK) != adjoint;
            long inAt = inPos;
            long outAt = outPos;
            for (int i = 0; i < ops.size(); i++) {
                LocalOperator a = ops.get(i);
                long ni = adjoint ? a.rows() : a.cols();
                long no = adjoint ? a.cols() : a.rows();
                if (outMoves || i == 0) {
                    applyOperand(a, adjoint, in, inAt, out, outAt);
                } else {
                    // a shared output: sum of the blocks' results
                    Buffer t = HostRanges.temp(in.type(), no);
                    applyOperand(a, adjoint, in, inAt, t, 0);
                    HostRanges.addInto(t, 1.0, out, outAt, no);
                }
                if (inMoves) {
                    inAt += ni;
                }
                if (outMoves) {
                    outAt += no;
                }
            }
        }

        @Override
        public long flops(boolean adjoint) {
            long[] counts = new long[ops.size() + 1];
            for (int i = 0; i < ops.size(); i++) {
                counts[i] = ops.get(i).flops(adjoint);
            }
            boolean sharedOutput = kind != Kind.BLOCK_DIAG && (kind == Kind.VSTACK) == adjoint;
            counts[ops.size()] = sharedOutput ? (ops.size() - 1) * elementwise(this, adjoint, 1, 2) : 0;
            return total(counts);
        }

        @Override
        public String toString() {
            String name = switch (kind) {
                case BLOCK_DIAG -> "BlockDiag";
                case VSTACK -> "VStack";
                case HSTACK -> "HStack";
            };
            return name + ops;
        }
    }
}
