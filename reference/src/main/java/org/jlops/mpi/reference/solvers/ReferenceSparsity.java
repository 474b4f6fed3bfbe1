package org.jlops.mpi.reference.solvers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;

/**
 * Serial recomputations of the sparsity and proximal solvers with EJML, from the algorithm texts
 * (SPEC §6.4, §7.3, §7.4) and never from the library: ISTA and FISTA as PyLops writes them (FISTA
 * with its two forward products per iteration), the proximal gradient method with
 * {@code f = (σ/2)‖A x − b‖²} and {@code g = σ₁‖x‖₁}, and ADMM with an exact least-squares
 * x-update. Vectors are in the operator's type: interleaved {@code (re, im)} for a complex
 * operator, plain for a real one.
 */
public final class ReferenceSparsity {

    private ReferenceSparsity() {
    }

    /** The thresholds of ISTA/FISTA (PyLops' {@code threshkind}). */
    public enum Kind {
        /** {@code x} where {@code |x| > sqrt(2τ)}. */
        HARD,
        /** {@code max(|x| − τ, 0) x/|x|}. */
        SOFT,
        /** The half threshold. */
        HALF
    }

    /**
     * The result of {@link #ista} and {@link #fista}.
     *
     * @param x          the estimate (operator's type)
     * @param iterations steps done
     * @param cost       the cost after each step (PyLops' bookkeeping)
     */
    public record Result(double[] x, int iterations, double[] cost) {
    }

    /** {@code v} thresholded element by element (a new vector). */
    static ZMatrixRMaj threshold(ZMatrixRMaj v, Kind kind, double tau) {
        ZMatrixRMaj out = new ZMatrixRMaj(v.numRows, 1);
        for (int i = 0; i < v.numRows; i++) {
            double re = v.data[2 * i];
            double im = v.data[2 * i + 1];
            double a = Math.hypot(re, im);
            double s;
            switch (kind) {
                case SOFT -> s = a > tau ? (a - tau) / a : 0.0;               // max(|x| − τ, 0) / |x|
                case HARD -> s = a <= Math.sqrt(2 * tau) ? 0.0 : 1.0;
                default -> {
                    double arg = a != 0 ? (tau / 8) * Math.pow(a / 3, -1.5) : 1.0;
                    double phi = 2.0 / 3.0 * Math.acos(Math.min(1, Math.max(-1, arg)));
                    s = a <= Math.cbrt(54) / 4 * Math.pow(tau, 2.0 / 3.0) ? 0.0
                            : 2.0 / 3.0 * (1 + Math.cos(2 * Math.PI / 3 - phi));
                }
            }
            out.data[2 * i] = s * re;
            out.data[2 * i + 1] = s * im;
        }
        return out;
    }

    /**
     * ISTA (SPEC §6.4) with a given step size, no sparsifying operator, decay 1:
     * <pre>
     * step: r = y − A x;  x⁺ = T(x + alpha Aᴴ r, eps alpha / 2);  xupdate = ‖x⁺ − x‖;  x = x⁺
     *       cost.append(½‖r‖² + eps‖x‖₁)
     * run:  while iiter &lt; niter and xupdate &gt; tol
     * </pre>
     *
     * @param op    (Input) the operator. Not modified.
     * @param y     (Input) data. Not modified.
     * @param x0    (Input) the start. Not modified.
     * @param niter the maximum number of steps
     * @param eps   the sparsity weight
     * @param alpha the step size
     * @param kind  the threshold
     * @param tol   the update tolerance
     * @return the estimate and the costs
     */
    public static Result ista(DenseOperator op, double[] y, double[] x0, int niter, double eps, double alpha, Kind kind,
            double tol) {
        return run(op, y, x0, niter, eps, alpha, kind, tol, false);
    }

    /**
     * FISTA (SPEC §6.4) as PyLops writes it, with {@code A z} and {@code A x} two products:
     * <pre>
     * step: r = y − A z;  x⁺ = T(z + alpha Aᴴ r, eps alpha / 2)
     *       t⁺ = (1 + sqrt(1 + 4t²))/2;  z = x⁺ + ((t − 1)/t⁺)(x⁺ − x);  xupdate = ‖x⁺ − x‖;  x = x⁺
     *       cost.append(½‖y − A x‖² + eps‖x‖₁)
     * </pre>
     *
     * @return the estimate and the costs
     */
    public static Result fista(DenseOperator op, double[] y, double[] x0, int niter, double eps, double alpha,
            Kind kind, double tol) {
        return run(op, y, x0, niter, eps, alpha, kind, tol, true);
    }

    private static Result run(DenseOperator op, double[] y, double[] x0, int niter, double eps, double alpha, Kind kind,
            double tol, boolean fast) {
        Objects.requireNonNull(op, "op");
        ReferenceSolvers.checkNiter(niter);
        boolean complex = op.isComplex();
        ZMatrixRMaj yv = ReferenceSolvers.vector(y, op.rows(), complex, "y");
        ZMatrixRMaj x = ReferenceSolvers.vector(x0, op.cols(), complex, "x0");
        ZMatrixRMaj z = x.copy();
        double t = 1;
        double thresh = eps * alpha * 0.5;
        double xupdate = Double.POSITIVE_INFINITY;
        List<Double> cost = new ArrayList<>();
        int iiter = 0;
        while (iiter < niter && xupdate > tol) {
            ZMatrixRMaj from = fast ? z : x;
            ZMatrixRMaj r = ReferenceSolvers.sub(yv, ReferenceSolvers.matvec(op, from));           // r = y − A z
            ZMatrixRMaj xu = ReferenceSolvers.axpy(from, alpha, ReferenceSolvers.rmatvec(op, r));  // z + alpha A^H r
            ZMatrixRMaj next = threshold(xu, kind, thresh);
            xupdate = ReferenceSolvers.norm(ReferenceSolvers.sub(next, x));
            double costdata;
            if (fast) {
                double told = t;
                t = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                z = ReferenceSolvers.axpy(next, (told - 1) / t, ReferenceSolvers.sub(next, x));
                double rn = ReferenceSolvers.norm(ReferenceSolvers.sub(yv, ReferenceSolvers.matvec(op, next)));
                costdata = 0.5 * rn * rn;
            } else {
                double rn = ReferenceSolvers.norm(r);
                costdata = 0.5 * rn * rn;
            }
            x = next;
            cost.add(costdata + eps * l1(x));
            iiter++;
        }
        return new Result(ReferenceSolvers.out(x, complex), iiter, ReferenceSolvers.toArray(cost));
    }

    /** {@code ‖x‖₁ = Σ|x_i|}. */
    static double l1(ZMatrixRMaj x) {
        double s = 0;
        for (int i = 0; i < x.numRows; i++) {
            s += Math.hypot(x.data[2 * i], x.data[2 * i + 1]);
        }
        return s;
    }

    /** The accelerations of the proximal gradient method. */
    public enum Acceleration {
        /** None: {@code y = x}. */
        NONE,
        /** {@code ω = k/(k + 3)}. */
        VANDENBERGHE,
        /** FISTA's {@code t} sequence. */
        FISTA
    }

    /**
     * The proximal gradient method (SPEC §7.3) for {@code f(x) = (σ/2)‖A x − b‖²} and
     * {@code g = σ₁‖x‖₁} with weights {@code epsg[k]}:
     * <pre>
     * x = y = x0;  t = 1
     * for k: xold = x
     *        eta = 1: x = prox_{epsg[k] τ g}(y − τ ∇f(y))   else x = x + eta (prox(x − τ ∇f(x)) − x)
     *        ω = 0 | k/(k+3) | (t − 1)/t⁺;  y = x + ω (x − xold)
     * ∇f(x) = σ Aᴴ(A x − b);  prox_{c g}(v) = soft(v, c σ₁)
     * </pre>
     *
     * @param op           (Input) A. Not modified.
     * @param b            (Input) data. Not modified.
     * @param sigma        σ of f
     * @param sigmaL1      σ₁ of g
     * @param x0           (Input) the start. Not modified.
     * @param tau          the step
     * @param epsg         (Input) the weight of g per iteration ({@code niter} entries). Not modified.
     * @param eta          the relaxation
     * @param acceleration the acceleration
     * @return the estimate (operator's type)
     */
    public static double[] proximalGradient(DenseOperator op, double[] b, double sigma, double sigmaL1, double[] x0,
            double tau, double[] epsg, double eta, Acceleration acceleration) {
        boolean complex = op.isComplex();
        ZMatrixRMaj bv = ReferenceSolvers.vector(b, op.rows(), complex, "b");
        ZMatrixRMaj x = ReferenceSolvers.vector(x0, op.cols(), complex, "x0");
        ZMatrixRMaj y = x.copy();
        double t = 1;
        for (int k = 0; k < epsg.length; k++) {
            ZMatrixRMaj xold = x;
            if (eta == 1.0) {
                ZMatrixRMaj v = ReferenceSolvers.axpy(y, -tau, grad(op, bv, sigma, y));
                x = threshold(v, Kind.SOFT, epsg[k] * tau * sigmaL1);
            } else {
                ZMatrixRMaj v = ReferenceSolvers.axpy(x, -tau, grad(op, bv, sigma, x));
                ZMatrixRMaj p = threshold(v, Kind.SOFT, epsg[k] * tau * sigmaL1);
                x = ReferenceSolvers.axpy(x, eta, ReferenceSolvers.sub(p, x));
            }
            double omega = 0;
            if (acceleration == Acceleration.VANDENBERGHE) {
                omega = k / (k + 3.0);
            } else if (acceleration == Acceleration.FISTA) {
                double told = t;
                t = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                omega = (told - 1) / t;
            }
            y = ReferenceSolvers.axpy(x, omega, ReferenceSolvers.sub(x, xold));
        }
        return ReferenceSolvers.out(x, complex);
    }

    /** {@code σ Aᴴ(A x − b)}. */
    private static ZMatrixRMaj grad(DenseOperator op, ZMatrixRMaj b, double sigma, ZMatrixRMaj x) {
        return ReferenceSolvers.scale(ReferenceSolvers.rmatvec(op, ReferenceSolvers.sub(ReferenceSolvers.matvec(op, x), b)),
                sigma);
    }

    /**
     * ADMM for {@code min ½‖Op x − b‖² + σ₁‖z‖₁} subject to {@code A x = z} (SPEC §7.4), the
     * x-update solved exactly ({@link ReferenceSolvers#dampedLeastSquares} on the stacked system):
     * <pre>
     * z = A x0 (or z0), u = 0;  for k:
     *   x = argmin ‖Op x − b‖² + (1/τ)‖A x − (z − u)‖²      (gfirst: after the z-update)
     *   z = soft(A x + u, τ σ₁);  u = u + A x − z
     * </pre>
     *
     * @param op      (Input) Op. Not modified.
     * @param b       (Input) data. Not modified.
     * @param a       (Input) the constraint operator A. Not modified.
     * @param x0      (Input) the start. Not modified.
     * @param tau     the step
     * @param niter   outer iterations
     * @param sigmaL1 σ₁ of g
     * @param gfirst  whether the z-update comes first
     * @return {x, z} (operator's type)
     */
    public static double[][] admmL2(DenseOperator op, double[] b, DenseOperator a, double[] x0, double tau, int niter,
            double sigmaL1, boolean gfirst) {
        boolean complex = op.isComplex() || a.isComplex();
        DenseOperator opc = complex ? op.toComplex() : op;
        DenseOperator ac = complex ? a.toComplex() : a;
        ZMatrixRMaj x = ReferenceSolvers.vector(x0, op.cols(), complex, "x0");
        ZMatrixRMaj z = ReferenceSolvers.matvec(ac, x);
        ZMatrixRMaj u = new ZMatrixRMaj(z.numRows, 1);
        double s = 1 / Math.sqrt(tau);
        DenseOperator stacked = ReferenceOperators.vstack(List.of(opc, ac.times(s)));
        ZMatrixRMaj ax = null;
        for (int k = 0; k < niter; k++) {
            if (gfirst) {
                ax = ReferenceSolvers.matvec(ac, x);
                z = threshold(ReferenceSolvers.axpy(ax, 1, u), Kind.SOFT, tau * sigmaL1);
            }
            ZMatrixRMaj zu = ReferenceSolvers.scale(ReferenceSolvers.sub(z, u), s);
            double[] rhs = new double[2 * (op.rows() + zu.numRows)];
            double[] bb = ReferenceSolvers.out(ReferenceSolvers.vector(b, op.rows(), complex, "b"), true);
            System.arraycopy(bb, 0, rhs, 0, bb.length);
            System.arraycopy(zu.data, 0, rhs, bb.length, 2 * zu.numRows);
            x = ReferenceSolvers.vector(ReferenceSolvers.dampedLeastSquares(stacked, complex ? rhs : realParts(rhs), 0.0),
                    op.cols(), complex, "x");
            ax = ReferenceSolvers.matvec(ac, x);
            if (!gfirst) {
                z = threshold(ReferenceSolvers.axpy(ax, 1, u), Kind.SOFT, tau * sigmaL1);
            }
            u = ReferenceSolvers.sub(ReferenceSolvers.axpy(u, 1, ax), z);
        }
        return new double[][] {ReferenceSolvers.out(x, complex), ReferenceSolvers.out(z, complex)};
    }

    private static double[] realParts(double[] interleaved) {
        double[] r = new double[interleaved.length / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = interleaved[2 * i];
        }
        return r;
    }
}
