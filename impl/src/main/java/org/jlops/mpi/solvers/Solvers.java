package org.jlops.mpi.solvers;

import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * One-call entry points of the solvers (PyLops-MPI's functions {@code cg}, {@code cgls},
 * {@code ista}, {@code fista}, {@code power_iteration}). Each builds the step-wise solver
 * ({@link CG}, {@link CGLS}, {@link ISTA}, {@link FISTA}), runs it
 * without log or callback and returns its result; use the classes for {@code show}, callbacks or
 * step-by-step control. Every call is collective over the operator's communicator; operands are
 * never modified.
 *
 * <pre>{@code
 * CglsResult<DistributedArray> inv = Solvers.cgls(D, y, 10);   // x0 = 0, damp 0, tol 1e-4
 * DistributedArray x = inv.x();
 * }</pre>
 */
public final class Solvers {

    /** PyLops-MPI's default tolerance of {@code cg} and {@code cgls}. */
    public static final double DEFAULT_TOL = 1e-4;

    private Solvers() {
    }

    /**
     * CG from {@code x0} with tol 1e-4 ({@link CG#solve}). Collective.
     *
     * @param op    a square operator
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in {@code y}'s layout, or null for zero; not modified
     * @param niter the maximum number of iterations
     * @param <V>   the vectors of the operator
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public static <V extends DistributedVector> CgResult<V> cg(DistributedOperator<V> op, V y, V x0, int niter) {
        return cg(op, y, x0, niter, DEFAULT_TOL);
    }

    /**
     * CG ({@link CG#solve}). Collective.
     *
     * @param tol the tolerance on the squared residual norm
     * @param <V>   the vectors of the operator
     * @param op    the operator
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in the operator's model layout, or null for zero; not modified
     * @param niter the maximum number of iterations
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public static <V extends DistributedVector> CgResult<V> cg(DistributedOperator<V> op, V y, V x0, int niter,
            double tol) {
        return new CG<>(op).solve(y, x0, niter, tol);
    }

    /**
     * CG on plain arrays from zero, tol 1e-4. Collective.
     *
     * @param y (Input) the data; not modified
     * @param <V>   the vectors of the operator
     * @param op    the operator
     * @param niter the maximum number of iterations
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public static <V extends DistributedVector> CgResult<V> cg(DistributedOperator<V> op, V y, int niter) {
        return cg(op, y, null, niter, DEFAULT_TOL);
    }

    /**
     * CGLS without damping, tol 1e-4 ({@link CGLS#solve}). Collective.
     *
     * @param op    the operator
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in the model layout of {@code op}'s adjoint, or null
     *              for zero; not modified
     * @param niter the maximum number of iterations
     * @param <V>   the vectors of the operator
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public static <V extends DistributedVector> CglsResult<V> cgls(DistributedOperator<V> op, V y, V x0, int niter) {
        return cgls(op, y, x0, niter, 0.0, DEFAULT_TOL);
    }

    /**
     * CGLS ({@link CGLS#solve}): minimises {@code ‖y − A x‖² + damp²‖x‖²}. Collective.
     *
     * @param damp the damping
     * @param tol  the tolerance on the squared normal-equation residual norm
     * @param <V>   the vectors of the operator
     * @param op    the operator
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in the operator's model layout, or null for zero; not modified
     * @param niter the maximum number of iterations
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public static <V extends DistributedVector> CglsResult<V> cgls(DistributedOperator<V> op, V y, V x0, int niter,
            double damp, double tol) {
        return new CGLS<>(op).solve(y, x0, niter, damp, tol);
    }

    /**
     * CGLS with named options ({@code CGLS.options().niter(50).damp(0.1)}). Collective.
     *
     * @param <V>     the vectors of the operator
     * @param op      the operator
     * @param y       (Input) the data; not modified
     * @param x0      (Input) the starting point in the operator's model layout, or null for zero; not modified
     * @param options the options, not null
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand or option does not fit
     */
    public static <V extends DistributedVector> CglsResult<V> cgls(DistributedOperator<V> op, V y, V x0,
            CglsOptions options) {
        return new CGLS<>(op).solve(y, x0, options);
    }

    /**
     * CGLS on plain arrays from zero, without damping, tol 1e-4: the common inversion
     * {@code x = argmin ‖y − A x‖}. Collective.
     *
     * @param op    the operator
     * @param y     (Input) the data; not modified
     * @param niter the maximum number of iterations
     * @param <V>   the vectors of the operator
     * @return the result; {@code x()} is in the model layout {@code op.rmatvec} returns
     * @throws IllegalArgumentException on every rank when an operand does not fit
     */
    public static <V extends DistributedVector> CglsResult<V> cgls(DistributedOperator<V> op, V y, int niter) {
        return cgls(op, y, null, niter, 0.0, DEFAULT_TOL);
    }

    /**
     * ISTA ({@link ISTA#solve}): a sparse {@code x} with {@code y ≈ A x}, with the options
     * {@code options} (PyLops-MPI's {@code ista}; its three stopping rules included). Collective.
     *
     * <pre>{@code
     * IstaResult<DistributedArray> r = Solvers.ista(A, y, null, 200, ISTA.options().eps(1.0).tol(0));
     * }</pre>
     *
     * @param op      the operator
     * @param y       (Input) the data; not modified
     * @param x0      (Input) the starting point in the model layout of {@code op}'s adjoint, or null
     *                for zero; not modified
     * @param niter   the maximum number of iterations
     * @param options the options ({@link ISTA#options()} for PyLops-MPI's defaults)
     * @param <V>     the vectors of the operator
     * @return the result; {@link IstaResult#diverged()} says when the cost became NaN or infinite
     * @throws IllegalArgumentException on every rank when an operand or option does not fit, or
     *                                  (with {@code monitorres}) when the residual grows
     */
    public static <V extends DistributedVector> IstaResult<V> ista(DistributedOperator<V> op, V y, V x0, int niter,
            IstaOptions options) {
        return new ISTA<>(op).options(options).solve(y, x0, niter);
    }

    /**
     * FISTA ({@link FISTA#solve}), as {@link #ista} with the accelerated iteration. Collective.
     *
     * @param <V>   the vectors of the operator
     * @param op    the operator
     * @param y     (Input) the data; not modified
     * @param x0    (Input) the starting point in the operator's model layout, or null for zero; not modified
     * @param niter   the maximum number of iterations
     * @param options the options ({@link FISTA#options()} for PyLops-MPI's defaults)
     * @return the result
     * @throws IllegalArgumentException on every rank when an operand or option does not fit, or
     *                                  (with {@code monitorres}) when the residual grows
     */
    public static <V extends DistributedVector> IstaResult<V> fista(DistributedOperator<V> op, V y, V x0, int niter,
            IstaOptions options) {
        return new FISTA<>(op).options(options).solve(y, x0, niter);
    }

    /**
     * Power iteration for the eigenvalue of largest magnitude (PyLops-MPI's
     * {@code power_iteration}):
     *
     * <pre>
     * b = random in the layout of like (uniform [0, 1), imaginary part too when complex);  b /= ‖b‖
     * for iiter = 0..niter−1:
     *     b1 = A b;  maxeig = vdot(b, b1);  b = b1 / ‖b1‖
     *     stop when |maxeig − maxeig_old| &lt; tol·|maxeig|;  maxeig_old = maxeig
     * </pre>
     *
     * The content of {@code like} is ignored (only its layout and dtype are used; when the operator
     * returns another layout, the start is drawn again in that one, at the cost of one product); the random
     * start is a function of {@code seed}, the component index for stacks and each element's global
     * position, so runs are reproducible — unlike PyLops-MPI's unseeded draw — and the same on every
     * rank count and split (with the reductions' tree sums, the whole iteration is bit-identical).
     * Collective.
     *
     * @param op    a square operator whose output layout is accepted as its input
     * @param like  (Input) a vector in the operator's model layout; not modified
     * @param niter the maximum number of iterations, at least 1
     * @param tol   the relative tolerance on the change of the Rayleigh quotient (0: run all iterations)
     * @param seed  the seed of the random start
     * @param <V> the vectors of the operator
     * @return the largest eigenvalue estimate, its vector and the iterations done
     * @throws IllegalArgumentException on every rank when {@code op} is not square, {@code niter < 1},
     *                                  or {@code like} does not fit
     */
    @SuppressWarnings("unchecked")
    public static <V extends DistributedVector> PowerIterationResult<V> powerIteration(DistributedOperator<V> op,
            V like, int niter, double tol, long seed) {
        if (op == null) {
            throw new IllegalArgumentException("op: must not be null");
        }
        String error = op.rows() != op.cols()
                ? "op: " + op.rows() + "x" + op.cols() + ", power iteration needs a square operator"
                : niter < 1 ? "niter: " + niter + ", expected at least 1"
                : Double.isNaN(tol) ? "tol: NaN, expected a number"
                : Operands.check("like", like, op.cols(), op, null);
        Operands.agree(op, error, new String[] {"niter", "tol", "seed"}, new double[] {niter, tol, seed}, "like",
                like);
        return CollectiveChecks.agreed(() -> iterate(op, like, niter, tol, seed));
    }

    /** Power iteration once the operands are agreed on. Collective. */
    @SuppressWarnings("unchecked")
    private static <V extends DistributedVector> PowerIterationResult<V> iterate(DistributedOperator<V> op, V like,
            int niter, double tol, long seed) {
        V b = (V) like.zerosLike();
        fillRandom(b, seed, 0);
        b.imultiply(1 / b.norm(), 0);                                     // b /= ‖b‖
        boolean complex = b.dtype().isComplex();
        Complex maxeig = Complex.ZERO;
        Complex old = Complex.ZERO;
        int iiter = 0;
        V first = op.matvec(b);
        if (!first.sameLayout(b)) {
            // the operator returns another layout than the start's (derivatives return row slabs):
            // draw the start in that layout once, so that b and A b can be combined
            b = (V) first.zerosLike();
            fillRandom(b, seed, 0);
            b.imultiply(1 / b.norm(), 0);
            first = op.matvec(b);
            String bad = Operands.mismatch("op", first, b, "its input");
            if (bad != null) {
                throw new IllegalArgumentException(bad + " (power iteration needs an operator that returns the"
                        + " layout it is given)");
            }
        }
        for (; iiter < niter; iiter++) {
            V b1 = iiter == 0 ? first : op.matvec(b);                     // b1 = A b
            maxeig = b.dot(b1, true);                                     // vdot(b, b1)
            b = (V) b1.imultiply(1 / b1.norm(), 0);                       // b = b1 / ‖b1‖
            double change = Math.hypot(maxeig.re() - old.re(), maxeig.im() - old.im());
            double threshold = tol * (complex ? maxeig.abs() : maxeig.re());
            if (change < threshold) {
                break;
            }
            old = maxeig;
        }
        return new PowerIterationResult<>(maxeig, b, Math.min(iiter + 1, niter));
    }

    /**
     * {@link #powerIteration(DistributedOperator, DistributedVector, int, double, long)} of a plain
     * operator with a start in the balanced 1-d SCATTER layout of its columns and its dtype.
     * Collective.
     *
     * @param op    the operator
     * @param niter the maximum number of iterations, at least 1
     * @param tol   the relative tolerance on the change of the Rayleigh quotient (0: run all iterations)
     * @param seed  the seed of the random start
     * @return the largest eigenvalue estimate, its vector and the iterations done
     * @throws IllegalArgumentException on every rank when {@code op} is not square or {@code niter < 1}
     */
    public static PowerIterationResult<DistributedArray> powerIteration(DistributedOperator<DistributedArray> op,
            int niter, double tol, long seed) {
        if (op == null) {
            throw new IllegalArgumentException("op: must not be null");
        }
        DistributedArray like = DistributedArray.builder(op.communicator(), op.cols()).dtype(op.dtype()).build();
        return powerIteration(op, like, niter, tol, seed);
    }

    /**
     * Fills every leaf with uniform [0, 1) numbers (imaginary parts too for complex leaves), each a
     * function of (seed, leaf index, the element's global position): the same start on every rank
     * count and every split. Local. Returns the next leaf index.
     */
    private static int fillRandom(DistributedVector v, long seed, int leaf) {
        if (v instanceof StackedDistributedArray s) {
            for (DistributedVector c : s.arrays()) {
                leaf = fillRandom(c, seed, leaf);
            }
            return leaf;
        }
        DistributedArray a = (DistributedArray) v;
        long[] global = a.globalShape();
        int axis = a.axis();
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= global[d];
        }
        long inner = 1;
        for (int d = axis + 1; d < global.length; d++) {
            inner *= global[d];
        }
        long offset = 0;
        long length = global[axis];
        if (a.partition() == Partition.SCATTER) {
            long[][] shapes = a.localShapes();
            for (int r = 0; r < a.rank(); r++) {
                offset += shapes[r][axis];
            }
            length = shapes[a.rank()][axis];
        }
        boolean host = a.localBuffer().isHost();
        NdArray local = host ? a.localArray() : NdArray.zeros(a.dtype(), a.localSize());
        boolean complex = a.dtype().isComplex();
        long stream = mix(seed ^ mix(0x9E3779B97F4A7C15L * (leaf + 1)));
        long k = 0;
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < length; i++) {
                for (long j = 0; j < inner; j++) {
                    long g = (o * global[axis] + offset + i) * inner + j;     // the global C-order position
                    local.set(k++, uniform(stream, 2 * g), complex ? uniform(stream, 2 * g + 1) : 0);
                }
            }
        }
        if (!host) {                                                      // drawn on the host: one transfer
            a.assign(local.reshape(a.localShape()));
        }
        return leaf + 1;
    }

    /** A uniform [0, 1) number, the counter-th of a stream. */
    private static double uniform(long stream, long counter) {
        return (mix(stream + mix(counter)) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
