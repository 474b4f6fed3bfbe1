package org.jlops.mpi.reference.solvers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.ejml.dense.row.NormOps_ZDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_ZDRM;
import org.ejml.dense.row.mult.VectorVectorMult_ZDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.jlops.mpi.reference.ops.DenseOperator;

/**
 * Serial reference solvers on a {@link DenseOperator}, written with EJML operations and following
 * the library's algorithms step for step (SPEC §6.1–6.3), so that a test can check both "the same
 * iterates as the library" and "converges to the true solution" ({@link #dampedLeastSquares}).
 *
 * <p><b>Data.</b> Vectors are in the operator's type: real {@code double[]} for a float64
 * operator, interleaved {@code (re, im)} for a complex128 one (solve complex data with a real
 * operator through {@link DenseOperator#toComplex()}). Inputs are never modified. Every solver
 * computes in complex arithmetic on EJML {@link ZMatrixRMaj} column vectors; on real data all
 * imaginary parts stay exactly zero, so the real iterates are those of real arithmetic.
 * {@code matvec} and {@code rmatvec} of the operator are used as the library uses them (the
 * adjoint map, which is {@code Aᴴ} for every adjoint-consistent operator).
 *
 * <p><b>Conventions shared with the library</b> (SPEC ⚠): squared norms are {@code |r·conj(r)|};
 * the stopping tests compare {@code tol} with the <em>squared</em> norm of the residual (CG) or of
 * the normal-equation residual (CGLS): iterations continue while {@code iiter < niter} and
 * {@code kold > tol}.
 */
public final class ReferenceSolvers {

    private ReferenceSolvers() {
    }

    /**
     * Which CGLS formulas to use where PyLops-MPI has a defect (SPEC §6.2, policy at the top of
     * SPEC.md: the library does the correct thing).
     */
    public enum CglsConvention {
        /**
         * The library's behaviour: {@code damp²} in setup as in the step
         * ({@code r = Opᴴs − damp²·x0}, {@code cost1[0] = sqrt(‖s‖² + damp²‖x0‖²)}), and
         * {@code r1norm = ‖s‖}, the residual norm {@code ‖y − Op·x‖} as documented.
         */
        CORRECTED,
        /**
         * PyLops-MPI exactly: unsquared {@code damp} in setup ({@code r = Opᴴs − damp·x0},
         * {@code cost1[0] = sqrt(‖s‖² + damp·‖x0‖²)}) and {@code r1norm = kold}, the squared norm of
         * the normal-equation residual. Identical to {@link #CORRECTED} for {@code x0 = 0} or
         * {@code damp ∈ {0, 1}}, except for {@code r1norm}. For comparisons with Python output.
         */
        PYLOPS
    }

    /**
     * The outcome of {@link #cg}.
     *
     * @param x          the solution estimate (operator's type); owned by the caller
     * @param iterations the number of iterations run, {@code iiter}
     * @param cost       {@code ‖r_k‖ = sqrt(kold_k)} for {@code k = 0..iterations} (initial residual
     *                   included: {@code iterations + 1} entries)
     * @param iterates   {@code x_k} for {@code k = 0..iterations} ({@code x_0} is a copy of
     *                   {@code x0}); owned by the caller
     */
    public record CgResult(double[] x, int iterations, double[] cost, List<double[]> iterates) {
    }

    /**
     * The outcome of {@link #cgls}.
     *
     * @param x          the solution estimate (operator's type); owned by the caller
     * @param istop      1 if {@code kold < tol} at the end, else 2
     * @param iterations the number of iterations run, {@code iiter}
     * @param r1norm     {@link CglsConvention#CORRECTED}: {@code ‖s‖ = ‖y − Op·x‖} (the tracked
     *                   residual, {@code cost[iterations]}); {@link CglsConvention#PYLOPS}:
     *                   {@code kold = ‖Opᴴs − damp²x‖²}
     * @param r2norm     {@code cost1[iterations] = sqrt(‖s‖² + damp²‖x‖²)}
     * @param cost       {@code ‖s_k‖} for {@code k = 0..iterations}
     * @param cost1      {@code sqrt(‖s_k‖² + damp²·|x_k·conj(x_k)|)} for {@code k = 0..iterations}
     *                   (entry 0 with unsquared {@code damp} under {@link CglsConvention#PYLOPS})
     * @param iterates   {@code x_k} for {@code k = 0..iterations}; owned by the caller
     */
    public record CglsResult(double[] x, int istop, int iterations, double r1norm, double r2norm, double[] cost,
            double[] cost1, List<double[]> iterates) {
    }

    /**
     * The outcome of {@link #powerIteration}.
     *
     * @param eigenvalueRe real part of the last Rayleigh quotient {@code vdot(b_k, Op·b_k)}
     * @param eigenvalueIm imaginary part of it (0 for a real operator)
     * @param vector       the last normalised vector {@code b} (operator's type); owned by the caller
     * @param iterations   iterations performed ({@code iiter + 1} of the library)
     */
    public record PowerIterationResult(double eigenvalueRe, double eigenvalueIm, double[] vector, int iterations) {
    }

    // ================================================================== CG

    /**
     * Conjugate gradient for a square Hermitian positive-definite operator (SPEC §6.1).
     * <pre>
     * setup: x = x0; r = y − Op·x; c = r; kold = |r·conj(r)|; cost = [sqrt(kold)]
     * step:  Opc = Op·c
     *        a = kold / |c·conj(Opc)|
     *        x = x + a·c;  r = r − a·Opc
     *        k = |r·conj(r)|;  b = k / kold;  c = r + b·c
     *        kold = k;  iiter += 1;  cost.append(sqrt(kold))
     * run:   while iiter &lt; niter and kold &gt; tol: step
     * </pre>
     *
     * @param op    (Input) a square operator. Not modified.
     * @param y     (Input) data, length {@code rows} (operator's type). Not modified.
     * @param x0    (Input) starting point, length {@code cols}. Not modified.
     * @param niter maximum number of iterations, at least 0
     * @param tol   tolerance on the squared residual norm
     * @return the solution, iteration count, cost history and iterates
     * @throws IllegalArgumentException if the operator is not square or a length is wrong
     */
    public static CgResult cg(DenseOperator op, double[] y, double[] x0, int niter, double tol) {
        Objects.requireNonNull(op, "op");
        if (op.rows() != op.cols()) {
            throw new IllegalArgumentException("op: " + op.rows() + "×" + op.cols() + ", expected a square operator for CG");
        }
        checkNiter(niter);
        boolean complex = op.isComplex();
        ZMatrixRMaj yv = vector(y, op.rows(), complex, "y");
        ZMatrixRMaj x = vector(x0, op.cols(), complex, "x0");
        List<double[]> iterates = new ArrayList<>();
        iterates.add(out(x, complex));

        ZMatrixRMaj r = sub(yv, matvec(op, x));                  // r = y − Op x
        ZMatrixRMaj c = r.copy();                                 // c = r
        double kold = sqNorm(r);                                  // |r·conj(r)|
        List<Double> cost = new ArrayList<>();
        cost.add(Math.sqrt(kold));
        int iiter = 0;
        while (iiter < niter && kold > tol) {
            ZMatrixRMaj opc = matvec(op, c);                      // Op c
            double a = kold / dotConj(c, opc).getMagnitude();     // kold / |c·conj(Op c)|
            x = axpy(x, a, c);                                    // x += a c
            r = axpy(r, -a, opc);                                 // r −= a Op c
            double k = sqNorm(r);                                 // |r·conj(r)|
            double b = k / kold;
            c = axpy(r, b, c);                                    // c = r + b c
            kold = k;
            iiter++;
            cost.add(Math.sqrt(kold));
            iterates.add(out(x, complex));
        }
        return new CgResult(out(x, complex), iiter, toArray(cost), iterates);
    }

    // ================================================================== CGLS

    /**
     * CGLS for {@code min ‖y − Op·x‖² + damp²‖x‖²} with the {@link CglsConvention#CORRECTED}
     * formulas (the library's).
     *
     * @param op    (Input) the operator. Not modified.
     * @param y     (Input) data, length {@code rows} (operator's type). Not modified.
     * @param x0    (Input) starting point, length {@code cols}. Not modified.
     * @param niter maximum number of iterations, at least 0
     * @param damp  damping {@code damp} (the penalty is {@code damp²‖x‖²})
     * @param tol   tolerance on {@code kold}, the squared normal-equation residual norm
     * @return see {@link CglsResult}
     * @throws IllegalArgumentException if a length is wrong
     * @see #cgls(DenseOperator, double[], double[], int, double, double, CglsConvention)
     */
    public static CglsResult cgls(DenseOperator op, double[] y, double[] x0, int niter, double damp, double tol) {
        return cgls(op, y, x0, niter, damp, tol, CglsConvention.CORRECTED);
    }

    /**
     * CGLS for {@code min ‖y − Op·x‖² + damp²‖x‖²} (SPEC §6.2), with {@code δ = damp²}:
     * <pre>
     * setup: x = x0; s = y − Op·x
     *        r = Opᴴ·s − δ·x                     (PYLOPS: − damp·x)
     *        c = r; q = Op·c; kold = |r·conj(r)|
     *        cost = [‖s‖]; cost1 = [sqrt(‖s‖² + δ·|x·conj(x)|)]   (PYLOPS: damp instead of δ)
     * step:  a = |kold / (q·conj(q) + δ·c·conj(c))|
     *        x = x + a·c;  s = s − a·q
     *        r = Opᴴ·s − δ·x;  k = |r·conj(r)|;  b = k / kold
     *        c = r + b·c;  q = Op·c;  kold = k;  iiter += 1
     *        cost.append(‖s‖); cost1.append(sqrt(‖s‖² + δ·|x·conj(x)|))
     * run:   while iiter &lt; niter and kold &gt; tol: step
     * end:   istop = 1 if kold &lt; tol else 2; r2norm = cost1[iiter]
     *        r1norm = ‖s‖ = cost[iiter]         (PYLOPS: kold)
     * </pre>
     * Choice documented for the library (SPEC policy): PyLops-MPI's {@code r1norm} is the squared
     * normal-equation residual although documented as the residual norm, and its setup uses
     * {@code damp} where the step uses {@code damp²}; the corrected convention returns
     * {@code r1norm = ‖y − Op·x‖} (the recursively updated residual {@code s}, equal to it up to
     * rounding) and uses {@code damp²} throughout.
     *
     * @param op         (Input) the operator. Not modified.
     * @param y          (Input) data, length {@code rows} (operator's type). Not modified.
     * @param x0         (Input) starting point, length {@code cols}. Not modified.
     * @param niter      maximum number of iterations, at least 0
     * @param damp       damping {@code damp}
     * @param tol        tolerance on {@code kold}
     * @param convention corrected (library) or PyLops-MPI formulas
     * @return see {@link CglsResult}
     * @throws IllegalArgumentException if a length is wrong
     */
    public static CglsResult cgls(DenseOperator op, double[] y, double[] x0, int niter, double damp, double tol,
            CglsConvention convention) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(convention, "convention");
        checkNiter(niter);
        boolean complex = op.isComplex();
        boolean pylops = convention == CglsConvention.PYLOPS;
        double dampSq = damp * damp;
        double setupDamp = pylops ? damp : dampSq;
        ZMatrixRMaj yv = vector(y, op.rows(), complex, "y");
        ZMatrixRMaj x = vector(x0, op.cols(), complex, "x0");
        List<double[]> iterates = new ArrayList<>();
        iterates.add(out(x, complex));

        ZMatrixRMaj s = sub(yv, matvec(op, x));                          // s = y − Op x
        ZMatrixRMaj r = axpy(rmatvec(op, s), -setupDamp, x);             // r = Opᴴ s − δ x
        ZMatrixRMaj c = r.copy();
        ZMatrixRMaj q = matvec(op, c);                                   // q = Op c
        double kold = sqNorm(r);
        List<Double> cost = new ArrayList<>();
        List<Double> cost1 = new ArrayList<>();
        cost.add(norm(s));
        cost1.add(Math.sqrt(cost.get(0) * cost.get(0) + setupDamp * sqNorm(x)));
        int iiter = 0;
        while (iiter < niter && kold > tol) {
            Complex_F64 qq = dotConj(q, q);
            Complex_F64 cc = dotConj(c, c);
            double denRe = qq.real + dampSq * cc.real;
            double denIm = qq.imaginary + dampSq * cc.imaginary;
            double a = kold / Math.hypot(denRe, denIm);                  // |kold / (q·q̄ + δ c·c̄)|
            x = axpy(x, a, c);                                           // x += a c
            s = axpy(s, -a, q);                                          // s −= a q
            r = axpy(rmatvec(op, s), -dampSq, x);                        // r = Opᴴ s − δ x
            double k = sqNorm(r);
            double b = k / kold;
            c = axpy(r, b, c);                                           // c = r + b c
            q = matvec(op, c);                                           // q = Op c
            kold = k;
            iiter++;
            double sn = norm(s);
            cost.add(sn);
            cost1.add(Math.sqrt(sn * sn + dampSq * sqNorm(x)));
            iterates.add(out(x, complex));
        }
        int istop = kold < tol ? 1 : 2;
        double r1norm = pylops ? kold : cost.get(iiter);
        double r2norm = cost1.get(iiter);
        return new CglsResult(out(x, complex), istop, iiter, r1norm, r2norm, toArray(cost), toArray(cost1), iterates);
    }

    // ================================================================== exact least squares

    /**
     * The exact solution of {@code min ‖y − A·x‖² + damp²‖x‖²} for the forward matrix {@code A}
     * of {@code op}: the least-squares solution of the augmented system
     * {@code [A; damp·I]·x = [y; 0]} by Householder QR (better conditioned than the normal
     * equations {@code (AᴴA + damp²I)·x = Aᴴy}, which it satisfies). With {@code damp = 0}
     * {@code A} must have full column rank.
     *
     * @param op   (Input) the operator (its forward matrix). Not modified.
     * @param y    (Input) data, length {@code rows} (operator's type). Not modified.
     * @param damp damping
     * @return a new solution vector in the operator's type
     * @throws IllegalArgumentException if a length is wrong or the system is rank deficient
     */
    public static double[] dampedLeastSquares(DenseOperator op, double[] y, double damp) {
        Objects.requireNonNull(op, "op");
        int m = op.rows();
        int n = op.cols();
        if (damp == 0 && m < n) {
            throw new IllegalArgumentException("op: " + m + "×" + n + " with damp = 0, expected at least as many rows as"
                    + " columns (full column rank)");
        }
        double[] x;
        if (!op.isComplex()) {
            ZMatrixRMaj yz = vector(y, m, false, "y");
            DMatrixRMaj aug = new DMatrixRMaj(m + n, n);
            CommonOps_DDRM.insert(op.realMatrix(), aug, 0, 0);
            for (int i = 0; i < n; i++) {
                aug.set(m + i, i, damp);
            }
            DMatrixRMaj rhs = new DMatrixRMaj(m + n, 1);
            for (int i = 0; i < m; i++) {
                rhs.data[i] = yz.data[2 * i];
            }
            LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.qr(m + n, n);
            if (!solver.setA(aug)) {
                throw rankDeficient(op, damp);
            }
            DMatrixRMaj sol = new DMatrixRMaj(n, 1);
            solver.solve(rhs, sol);
            x = sol.data.clone();
        } else {
            ZMatrixRMaj yz = vector(y, m, true, "y");
            ZMatrixRMaj aug = new ZMatrixRMaj(m + n, n);
            ZMatrixRMaj a = op.complexMatrix();
            CommonOps_ZDRM.extract(a, 0, m, 0, n, aug, 0, 0);
            for (int i = 0; i < n; i++) {
                aug.set(m + i, i, damp, 0);
            }
            ZMatrixRMaj rhs = new ZMatrixRMaj(m + n, 1);
            System.arraycopy(yz.data, 0, rhs.data, 0, 2 * m);
            LinearSolverDense<ZMatrixRMaj> solver = LinearSolverFactory_ZDRM.qr(m + n, n);
            if (!solver.setA(aug)) {
                throw rankDeficient(op, damp);
            }
            ZMatrixRMaj sol = new ZMatrixRMaj(n, 1);
            solver.solve(rhs, sol);
            x = sol.data.clone();
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw rankDeficient(op, damp);
            }
        }
        return x;
    }

    /**
     * The residual of the normal equations, {@code g = Aᴴ·(y − A·x) − damp²·x}, with the forward
     * matrix {@code A} of {@code op} and its conjugate transpose (not the adjoint map): zero at the
     * exact damped least-squares solution, and the negative half-gradient of the objective.
     *
     * @param op   (Input) the operator. Not modified.
     * @param y    (Input) data, length {@code rows} (operator's type). Not modified.
     * @param x    (Input) a model, length {@code cols} (operator's type). Not modified.
     * @param damp damping
     * @return a new vector of length {@code cols} in the operator's type
     * @throws IllegalArgumentException if a length is wrong
     */
    public static double[] normalEquationsResidual(DenseOperator op, double[] y, double[] x, double damp) {
        Objects.requireNonNull(op, "op");
        boolean complex = op.isComplex();
        ZMatrixRMaj yv = vector(y, op.rows(), complex, "y");
        ZMatrixRMaj xv = vector(x, op.cols(), complex, "x");
        ZMatrixRMaj a = op.complexMatrix();
        ZMatrixRMaj ax = new ZMatrixRMaj(op.rows(), 1);
        CommonOps_ZDRM.mult(a, xv, ax);
        ZMatrixRMaj res = sub(yv, ax);
        ZMatrixRMaj g = new ZMatrixRMaj(op.cols(), 1);
        CommonOps_ZDRM.multTransA(a, res, g);                    // Aᴴ (y − A x)
        return out(axpy(g, -damp * damp, xv), complex);
    }

    // ================================================================== eigenvalues

    /**
     * Power iteration for the eigenvalue of largest magnitude (SPEC §6.3), from a given start
     * vector (the library draws a random one; the reference takes it as an argument so runs are
     * reproducible):
     * <pre>
     * b = b0 / ‖b0‖; maxeig_old = 0
     * for iiter = 0..niter−1:
     *     b1 = Op·b; maxeig = vdot(b, b1) = Σ conj(b_i)·b1_i; b = b1 / ‖b1‖
     *     if |maxeig − maxeig_old| &lt; tol·maxeig: break      (complex: tol·|maxeig|)
     *     maxeig_old = maxeig
     * return maxeig, b, iiter + 1
     * </pre>
     * For a complex {@code maxeig} the library compares with the complex number {@code tol·maxeig};
     * the reference compares with {@code tol·|maxeig|}.
     *
     * @param op    (Input) a square operator. Not modified.
     * @param b0    (Input) non-zero start vector, length {@code cols} (operator's type). Not modified.
     * @param niter number of iterations, at least 1
     * @param tol   relative tolerance on the change of the Rayleigh quotient (0: run all iterations)
     * @return the eigenvalue estimate, last vector and iteration count
     * @throws IllegalArgumentException if the operator is not square, {@code niter < 1}, a length is
     *     wrong or {@code b0} is zero
     */
    public static PowerIterationResult powerIteration(DenseOperator op, double[] b0, int niter, double tol) {
        Objects.requireNonNull(op, "op");
        if (op.rows() != op.cols()) {
            throw new IllegalArgumentException("op: " + op.rows() + "×" + op.cols() + ", expected a square operator");
        }
        if (niter < 1) {
            throw new IllegalArgumentException("niter: " + niter + ", expected at least 1");
        }
        boolean complex = op.isComplex();
        ZMatrixRMaj b = vector(b0, op.cols(), complex, "b0");
        double nb = norm(b);
        if (nb == 0) {
            throw new IllegalArgumentException("b0: the zero vector, expected a non-zero start vector");
        }
        b = scale(b, 1 / nb);
        Complex_F64 maxeig = new Complex_F64();
        Complex_F64 old = new Complex_F64();
        int iiter = 0;
        for (; iiter < niter; iiter++) {
            ZMatrixRMaj b1 = matvec(op, b);
            maxeig = dotConj(b1, b);                             // Σ b1_i·conj(b_i) = vdot(b, b1)
            b = scale(b1, 1 / norm(b1));
            double change = Math.hypot(maxeig.real - old.real, maxeig.imaginary - old.imaginary);
            double threshold = complex ? tol * maxeig.getMagnitude() : tol * maxeig.real;
            if (change < threshold) {
                break;
            }
            old = maxeig;
        }
        return new PowerIterationResult(maxeig.real, maxeig.imaginary, out(b, complex), Math.min(iiter + 1, niter));
    }

    /**
     * The exact eigenvalue of largest magnitude, by EJML's eigen decomposition. Ties in magnitude
     * are broken towards the larger real part, then the larger imaginary part. A complex operator
     * must be Hermitian (its eigenvalues are real; they are those of the real symmetric embedding
     * {@code [[Re A, −Im A], [Im A, Re A]]}, each twice); use {@link #spectralRadius} otherwise.
     *
     * @param op (Input) a square operator. Not modified.
     * @return a new {@code {re, im}} pair
     * @throws IllegalArgumentException if the operator is not square, is complex and not Hermitian,
     *     or the decomposition fails
     */
    public static double[] dominantEigenvalue(DenseOperator op) {
        Objects.requireNonNull(op, "op");
        requireSquare(op);
        if (op.rows() == 0) {
            throw new IllegalArgumentException("op: 0×0, expected at least one eigenvalue");
        }
        if (op.isComplex()) {
            ZMatrixRMaj a = op.complexMatrix();
            ZMatrixRMaj ah = CommonOps_ZDRM.transposeConjugate(a, null);
            CommonOps_ZDRM.subtract(a, ah, ah);
            double scale = Math.max(CommonOps_ZDRM.elementMaxAbs(a), Double.MIN_NORMAL);
            if (CommonOps_ZDRM.elementMaxAbs(ah) > 1e-12 * scale) {
                throw new IllegalArgumentException("op: complex and not Hermitian (max |A − Aᴴ| = "
                        + CommonOps_ZDRM.elementMaxAbs(ah) + "), expected a Hermitian operator; use spectralRadius");
            }
            return dominant(eigenvalues(embedding(a), true));
        }
        return dominant(eigenvalues(op.realMatrix(), false));
    }

    /**
     * The spectral radius {@code max |λ|} over the eigenvalues of the forward matrix (for a complex
     * operator through the real embedding, whose spectrum is {@code λ(A) ∪ conj(λ(A))}).
     *
     * @param op (Input) a square operator. Not modified.
     * @return the largest eigenvalue magnitude
     * @throws IllegalArgumentException if the operator is not square or the decomposition fails
     */
    public static double spectralRadius(DenseOperator op) {
        Objects.requireNonNull(op, "op");
        requireSquare(op);
        if (op.rows() == 0) {
            return 0;
        }
        List<Complex_F64> ev = op.isComplex() ? eigenvalues(embedding(op.complexMatrix()), false)
                : eigenvalues(op.realMatrix(), false);
        double best = 0;
        for (Complex_F64 e : ev) {
            best = Math.max(best, e.getMagnitude());
        }
        return best;
    }

    // ================================================================== helpers

    private static List<Complex_F64> eigenvalues(DMatrixRMaj a, boolean symmetric) {
        EigenDecomposition_F64<DMatrixRMaj> eig = symmetric
                ? DecompositionFactory_DDRM.eig(a.numRows, false, true)
                : DecompositionFactory_DDRM.eig(a.numRows, false);
        if (!eig.decompose(a.copy())) {
            throw new IllegalArgumentException("op: the eigen decomposition of the " + a.numRows + "×" + a.numCols
                    + " matrix did not converge");
        }
        List<Complex_F64> ev = new ArrayList<>();
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            ev.add(eig.getEigenvalue(i));
        }
        return ev;
    }

    private static double[] dominant(List<Complex_F64> ev) {
        Complex_F64 best = null;
        for (Complex_F64 e : ev) {
            if (best == null) {
                best = e;
                continue;
            }
            double me = e.getMagnitude();
            double mb = best.getMagnitude();
            double tie = 1e-12 * Math.max(me, mb);
            if (me > mb + tie || (Math.abs(me - mb) <= tie
                    && (e.real > best.real || (e.real == best.real && e.imaginary > best.imaginary)))) {
                best = e;
            }
        }
        return new double[] {best.real, best.imaginary};
    }

    /** The real 2n × 2n matrix [[Re A, −Im A], [Im A, Re A]]. */
    private static DMatrixRMaj embedding(ZMatrixRMaj a) {
        int n = a.numRows;
        DMatrixRMaj m = new DMatrixRMaj(2 * n, 2 * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double re = a.getReal(i, j);
                double im = a.getImag(i, j);
                m.set(i, j, re);
                m.set(i, n + j, -im);
                m.set(n + i, j, im);
                m.set(n + i, n + j, re);
            }
        }
        return m;
    }

    private static void requireSquare(DenseOperator op) {
        if (op.rows() != op.cols()) {
            throw new IllegalArgumentException("op: " + op.rows() + "×" + op.cols() + ", expected a square operator");
        }
    }

    private static IllegalArgumentException rankDeficient(DenseOperator op, double damp) {
        return new IllegalArgumentException("op: " + op.rows() + "×" + op.cols() + " with damp = " + damp
                + " gives a rank-deficient least-squares system, expected full column rank or damp != 0");
    }

    static void checkNiter(int niter) {
        if (niter < 0) {
            throw new IllegalArgumentException("niter: " + niter + ", expected at least 0");
        }
    }

    /** A complex column vector from data in the operator's type. */
    static ZMatrixRMaj vector(double[] v, int n, boolean complex, String name) {
        Objects.requireNonNull(v, name);
        long expected = complex ? 2L * n : n;
        if (v.length != expected) {
            throw new IllegalArgumentException(name + ": length " + v.length + ", expected " + expected
                    + (complex ? " (interleaved complex, " + n + " elements)" : " (real)"));
        }
        ZMatrixRMaj z = new ZMatrixRMaj(n, 1);
        if (complex) {
            System.arraycopy(v, 0, z.data, 0, 2 * n);
        } else {
            for (int i = 0; i < n; i++) {
                z.data[2 * i] = v[i];
            }
        }
        return z;
    }

    /** Data in the operator's type from a complex column vector (real: the real parts). */
    static double[] out(ZMatrixRMaj z, boolean complex) {
        int n = z.numRows;
        if (complex) {
            return Arrays.copyOf(z.data, 2 * n);
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = z.data[2 * i];
        }
        return r;
    }

    static ZMatrixRMaj matvec(DenseOperator op, ZMatrixRMaj x) {
        return column(op.matvecComplex(Arrays.copyOf(x.data, 2 * x.numRows)));
    }

    static ZMatrixRMaj rmatvec(DenseOperator op, ZMatrixRMaj y) {
        return column(op.rmatvecComplex(Arrays.copyOf(y.data, 2 * y.numRows)));
    }

    private static ZMatrixRMaj column(double[] interleaved) {
        ZMatrixRMaj z = new ZMatrixRMaj(interleaved.length / 2, 1);
        System.arraycopy(interleaved, 0, z.data, 0, interleaved.length);
        return z;
    }

    /** a − b, new vector. */
    static ZMatrixRMaj sub(ZMatrixRMaj a, ZMatrixRMaj b) {
        ZMatrixRMaj c = new ZMatrixRMaj(a.numRows, 1);
        CommonOps_ZDRM.subtract(a, b, c);
        return c;
    }

    /** a + alpha·b (alpha real), new vector. */
    static ZMatrixRMaj axpy(ZMatrixRMaj a, double alpha, ZMatrixRMaj b) {
        ZMatrixRMaj t = scale(b, alpha);
        ZMatrixRMaj c = new ZMatrixRMaj(a.numRows, 1);
        CommonOps_ZDRM.add(a, t, c);
        return c;
    }

    /** alpha·a (alpha real), new vector. */
    static ZMatrixRMaj scale(ZMatrixRMaj a, double alpha) {
        ZMatrixRMaj t = a.copy();
        CommonOps_ZDRM.scale(alpha, 0, t);
        return t;
    }

    /** a·conj(b) = Σ a_i·conj(b_i), the library's {@code a.dot(b.conj())}. */
    static Complex_F64 dotConj(ZMatrixRMaj a, ZMatrixRMaj b) {
        ZMatrixRMaj bc = new ZMatrixRMaj(b.numRows, 1);
        CommonOps_ZDRM.conjugate(b, bc);
        return VectorVectorMult_ZDRM.innerProd(a, bc, null);
    }

    /** |r·conj(r)|. */
    private static double sqNorm(ZMatrixRMaj r) {
        return dotConj(r, r).getMagnitude();
    }

    /** ‖v‖₂. */
    static double norm(ZMatrixRMaj v) {
        return NormOps_ZDRM.normF(v);
    }

    static double[] toArray(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
