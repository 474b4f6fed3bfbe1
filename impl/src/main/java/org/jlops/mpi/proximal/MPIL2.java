package org.jlops.mpi.proximal;

import java.util.List;
import java.util.function.IntUnaryOperator;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.jlops.mpi.solvers.CG;
import org.jlops.mpi.solvers.CGLS;

/**
 * The squared {@code ℓ2} norm of a distributed residual (PyLops-MPI's {@code MPIL2}):
 *
 * <pre>
 *     f(x) = (σ/2)‖A x − b‖² + α qᵀx           (terms without A: (σ/2)‖x − b‖², or (σ/2)‖x‖²; α qᵀx only with q)
 *     ∇f(x) = σ Aᴴ(A x − b) (+ α q when qgrad)
 *     prox_{τf}(x) = argmin_u (σ/2)‖A u − b‖² + α qᵀu + ‖u − x‖²/(2τ):
 *       with A and b, solver CG:   (I + τσ AᴴA) u = x + τσ Aᴴb − τα q                    (normal equations)
 *       with A and b, solver CGLS: [sqrt(τσ) A ; I] u ≈ [sqrt(τσ) b ; x − τα q]          (stacked least squares)
 *       with b only:  u = (x + τσ b − τα q) / (1 + τσ);   neither: u = (x − τα q) / (1 + τσ)
 * </pre>
 *
 * <p>The inner solver runs {@code niter} iterations (a number, or a function of the number of
 * {@code prox} calls so far, counted from 1), with tolerance {@code solverTol} (PyLops-MPI's
 * {@code cg}/{@code cgls} default 1e-4 on the squared residual), from {@code x0}; with {@code warm}
 * each solution becomes the next start. {@code Aᴴb} is computed once at construction for CG.
 *
 * <pre>{@code
 * MPIL2 l2 = MPIL2.builder().op(A).b(y).x0(x0).build();                          // (1/2)‖A x − y‖², CGLS, warm
 * MPIL2 l2cg = MPIL2.builder().op(A).b(y).x0(x0).solver(MPIL2.Solver.CG).niter(k -> 5 + k).build();
 * }</pre>
 *
 * <p><b>State.</b> The call count and the warm start change with every {@code prox}; nothing else.
 * One instance per rank (as every solver). The caller's arrays are never modified.
 *
 * <p>Differences from PyLops-MPI: its {@code prox} subtracts {@code τα q} from the caller's
 * {@code x} in place; here {@code x} is never modified. The identity of the
 * normal equations keeps the layout of {@code x} (PyLops-MPI builds an {@code MPIBlockDiag} or an
 * {@code MPILinearOperator} of the local size, which requires SCATTER or BROADCAST plain arrays).
 * {@code qᵀx} is the real part of the (unconjugated) dot product.
 */
public final class MPIL2 implements DifferentiableProx {

    /** The inner solver of {@code prox} with an operator. */
    public enum Solver {
        /** CG on the normal equations {@code (I + τσ AᴴA) u = rhs}. */
        CG,
        /** CGLS on the stacked system {@code [sqrt(τσ) A ; I]} (PyLops-MPI's default). */
        CGLS
    }

    private final DistributedOperator<DistributedVector> op;
    private final DistributedVector b;
    private final DistributedVector q;
    private final double sigma;
    private final double alpha;
    private final boolean qgrad;
    private final IntUnaryOperator niter;
    private final boolean warm;
    private final Solver solver;
    private final double solverTol;
    /** σ Aᴴ b (CG with A and b). */
    private final DistributedVector opTb;
    private DistributedVector x0;
    private int count;
    /** {@code A x − b} of the last gradient, reused by the next (null before the first). */
    private DistributedVector residual;

    private MPIL2(Builder k) {
        this.op = k.op == null ? null : DistributedOperator.general(k.op);
        this.b = k.b;
        this.q = k.q;
        this.sigma = k.sigma;
        this.alpha = k.alpha;
        this.qgrad = k.qgrad;
        this.niter = k.niter;
        this.warm = k.warm;
        this.solver = k.solver;
        this.solverTol = k.solverTol;
        this.x0 = k.x0 == null ? null : k.x0.copy();
        this.opTb = op != null && b != null && solver == Solver.CG
                ? CollectiveChecks.agreed(() -> op.rmatvec(b).multiply(sigma)) : null;
    }

    /**
     * A builder with PyLops-MPI's defaults: no operator, no b, no q, σ = 1, α = 1, qgrad, 10 iterations, warm, CGLS.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The options of an {@link MPIL2}. */
    public static final class Builder {
        private DistributedOperator<?> op;
        private DistributedVector b;
        private DistributedVector q;
        private double sigma = 1.0;
        private double alpha = 1.0;
        private boolean qgrad = true;
        private IntUnaryOperator niter = k -> 10;
        private DistributedVector x0;
        private boolean warm = true;
        private Solver solver = Solver.CGLS;
        private double solverTol = 1e-4;

        private Builder() {
        }

        /**
         * The operator A (null: none); needs {@link #x0}. Returns this.
         *
         * @param op the operator, or null
         * @return this builder
         */
        public Builder op(DistributedOperator<?> op) {
            this.op = op;
            return this;
        }

        /**
         * The data b (null: none); not modified, kept by reference. Returns this.
         *
         * @param b the data, or null
         * @return this builder
         */
        public Builder b(DistributedVector b) {
            this.b = b;
            return this;
        }

        /**
         * The linear term's vector q (null: none); not modified, kept by reference. Returns this.
         *
         * @param q the vector, or null
         * @return this builder
         */
        public Builder q(DistributedVector q) {
            this.q = q;
            return this;
        }

        /**
         * σ, finite. Returns this.
         *
         * @param sigma σ
         * @return this builder
         */
        public Builder sigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /**
         * α of the linear term, finite. Returns this.
         *
         * @param alpha α
         * @return this builder
         */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Whether the gradient includes {@code α q}. Returns this.
         *
         * @param qgrad whether it does
         * @return this builder
         */
        public Builder qgrad(boolean qgrad) {
            this.qgrad = qgrad;
            return this;
        }

        /**
         * The inner solver's iterations, at least 0. Returns this.
         *
         * @param niter the iterations
         * @return this builder
         */
        public Builder niter(int niter) {
            int n = niter;
            this.niter = k -> n;
            return this;
        }

        /**
         * The inner solver's iterations as a function of the number of {@code prox} calls (1, 2, ...). Returns this.
         *
         * @param niter the iterations of the k-th call
         * @return this builder
         */
        public Builder niter(IntUnaryOperator niter) {
            this.niter = niter;
            return this;
        }

        /**
         * The inner solver's start (copied; required with an operator). Returns this.
         *
         * @param x0 (Input) the start; copied
         * @return this builder
         */
        public Builder x0(DistributedVector x0) {
            this.x0 = x0;
            return this;
        }

        /**
         * Whether each solution becomes the next start. Returns this.
         *
         * @param warm whether it does
         * @return this builder
         */
        public Builder warm(boolean warm) {
            this.warm = warm;
            return this;
        }

        /**
         * The inner solver. Returns this.
         *
         * @param solver the solver
         * @return this builder
         */
        public Builder solver(Solver solver) {
            this.solver = solver;
            return this;
        }

        /**
         * The inner solver's tolerance (on squared residual norms, as PyLops-MPI's). Returns this.
         *
         * @param tol the tolerance
         * @return this builder
         */
        public Builder solverTol(double tol) {
            this.solverTol = tol;
            return this;
        }

        /**
         * The function. Collective when an operator is given with CG (one adjoint product) and for
         * the agreement on the options.
         *
         * @return the function
         * @throws IllegalArgumentException on every rank: an operator without x0 ({@code x0 must be
         *                                  passed when Op is not None}), a null solver, non-finite σ or α,
         *                                  vectors of the wrong length or options that differ between ranks
         */
        public MPIL2 build() {
            Communicator comm = op != null ? op.communicator() : b != null ? b.communicator()
                    : q != null ? q.communicator() : null;
            String error = null;
            if (op != null && x0 == null) {
                error = "x0 must be passed when Op is not None (the start of the inner solver)";
            } else if (solver == null) {
                error = "solver: null, expected CG or CGLS";
            } else if (!Double.isFinite(sigma) || !Double.isFinite(alpha) || Double.isNaN(solverTol)) {
                error = "sigma/alpha/solverTol: " + sigma + ", " + alpha + ", " + solverTol + ", expected finite numbers";
            } else if (niter == null) {
                error = "niter: must not be null";
            } else if (op != null && b != null && b.globalSize() != op.rows()) {
                error = "b: global length " + b.globalSize() + ", the operator has " + op.rows() + " rows";
            } else if (op != null && x0.globalSize() != op.cols()) {
                error = "x0: global length " + x0.globalSize() + ", the operator has " + op.cols() + " columns";
            } else if (op != null && q != null && q.globalSize() != op.cols()) {
                error = "q: global length " + q.globalSize() + ", the operator has " + op.cols() + " columns";
            }
            if (comm == null) {
                if (error != null) {
                    throw new IllegalArgumentException(error);
                }
                return new MPIL2(this);
            }
            String e = error;
            Consensus.on(comm).same("sigma", sigma).same("alpha", alpha).same("solver", solver).same("warm", warm)
                    .same("qgrad", qgrad).same("solverTol", solverTol)
                    .same("b (its layout)", b == null ? null : b.layout())
                    .same("q (its layout)", q == null ? null : q.layout())
                    .same("x0 (its layout)", x0 == null ? null : x0.layout()).check(() -> {
                        if (e != null) {
                            throw new IllegalArgumentException(e);
                        }
                        return null;
                    });
            return new MPIL2(this);
        }
    }

    /**
     * The number of {@code prox} calls so far. Local.
     *
     * @return the count
     */
    public int count() {
        return count;
    }

    /**
     * A copy of the inner solver's current start (null when none). Local.
     *
     * @return the copy, or null
     */
    public DistributedVector x0() {
        return x0 == null ? null : x0.copy();
    }

    @Override
    public double f(DistributedVector x) {
        ProxChecks.vector(x);
        return CollectiveChecks.agreed(() -> {
            double f;
            if (op != null && b != null) {
                double n = op.matvec(x).subtract(b).norm();
                f = sigma / 2.0 * n * n;                                         // (σ/2)‖A x − b‖²
            } else if (b != null) {
                double n = x.subtract(b).norm();
                f = sigma / 2.0 * n * n;                                         // (σ/2)‖x − b‖²
            } else {
                double n = x.norm();
                f = sigma / 2.0 * n * n;                                         // (σ/2)‖x‖²
            }
            if (q != null) {
                Complex d = q.dot(x);
                f += alpha * d.re();                                             // + α qᵀx
            }
            return f;
        });
    }

    @Override
    public DistributedVector grad(DistributedVector x) {
        ProxChecks.vector(x);
        return CollectiveChecks.agreed(() -> gradient(x, null));
    }

    /**
     * {@code ∇f(x)} into {@code out}: the adjoint product written into {@code out} (with an
     * operator), else {@code σ (x − b)} or {@code σ x} computed into it; the same bits as
     * {@link #grad(DistributedVector)}. Collective.
     */
    @Override
    public DistributedVector grad(DistributedVector x, DistributedVector out) {
        ProxChecks.vector(x);
        Consensus.on(x.communicator()).same("out (its layout)", out == null ? "null" : out.layout()).check(() -> {
            if (out == null || out == x) {
                throw new IllegalArgumentException("out: must be a vector other than x, got "
                        + (out == null ? "null" : "x itself"));
            }
            return null;
        });
        return CollectiveChecks.agreed(() -> gradient(x, out));
    }

    /** {@code ∇f(x)}, into {@code out} or (null) a new vector; operands agreed. */
    private DistributedVector gradient(DistributedVector x, DistributedVector out) {
        DistributedVector g;
        if (op != null && b != null) {
            residual = residual == null ? op.matvec(x) : op.matvec(x, residual);
            residual.isub(b);                                                    // A x − b
            g = scaled(out == null ? op.rmatvec(residual) : op.rmatvec(residual, out)); // σ A^H (A x − b)
        } else if (b != null) {
            g = scaled(out == null ? x.subtract(b) : x.subtract(b, out));        // σ (x − b)
        } else {
            g = out == null ? x.multiply(sigma) : x.multiply(sigma, 0, out);     // σ x
        }
        if (q != null && qgrad) {
            g.iaxpy(alpha, 0, q);                                                // + α q
        }
        return g;
    }

    /** {@code σ v} in {@code v}'s storage (a vector of ours; σ = 1 leaves it as it is, the same bits). */
    private DistributedVector scaled(DistributedVector v) {
        return sigma == 1.0 ? v : v.imultiply(sigma, 0);
    }

    /**
     * {@code prox_{τf}(x)} (see the class documentation). Collective: with an operator, one inner
     * CG or CGLS solve. Increments the call count; with {@code warm}, keeps the solution as the next
     * start.
     *
     * @param x   (Input) not modified
     * @param tau the step, positive
     * @return a new vector
     * @throws IllegalArgumentException on every rank when {@code tau} is not positive
     */
    @Override
    public DistributedVector prox(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        count++;
        int n = niter.applyAsInt(count);
        return CollectiveChecks.agreed(() -> {
            if (op != null && b != null) {
                DistributedVector u;
                if (solver == Solver.CG) {
                    DistributedVector rhs = x.copy().iaxpy(tau, 0, opTb);           // x + τ σ A^H b
                    if (q != null) {
                        rhs.iaxpy(-tau * alpha, 0, q);                            // − τ α q
                    }
                    u = new CG<>(new ShiftedNormal(op, tau * sigma)).solve(rhs, x0, n, solverTol).x();
                } else {
                    DistributedVector rhs = x;
                    if (q != null) {
                        rhs = x.copy().iaxpy(-tau * alpha, 0, q);                 // x − τ α q (x itself unchanged)
                    }
                    double s = Math.sqrt(tau * sigma);
                    MPIStackedVStack stacked = new MPIStackedVStack(List.of(op.times(s),
                            new IdentityOperator(op.cols(), op.dtype(), op.communicator())));
                    DistributedVector data = StackedDistributedArray.of(b.multiply(s), rhs);
                    u = new CGLS<>(stacked).solve(data, x0, n, 0.0, solverTol).x();   // [√(τσ) A; I] u ≈ [√(τσ) b; rhs]
                }
                if (warm) {
                    x0 = u.copy();
                }
                return u;
            }
            DistributedVector num = x.copy();
            if (b != null) {
                num.iaxpy(tau * sigma, 0, b);                                     // x + τ σ b
            }
            if (q != null) {
                num.iaxpy(-tau * alpha, 0, q);                                    // − τ α q
            }
            return num.imultiply(1.0 / (1.0 + tau * sigma), 0);                   // / (1 + τ σ)
        });
    }

    @Override
    public String toString() {
        return "MPIL2(sigma=" + sigma + (op != null ? ", op=" + op : "") + (b != null ? ", b" : "")
                + (q != null ? ", q, alpha=" + alpha : "") + ", solver=" + solver + ")";
    }
}
