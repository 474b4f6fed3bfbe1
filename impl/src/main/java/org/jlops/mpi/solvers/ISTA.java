package org.jlops.mpi.solvers;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.Reductions;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * Iterative Shrinkage-Thresholding (PyLops-MPI's {@code ISTA}): a sparse {@code x} with
 * {@code y ≈ A x}, by a gradient step on {@code ½‖y − A x‖²} followed by a threshold (soft, hard or
 * half: the proximal map of an {@code ℓ1}, {@code ℓ0} or {@code ℓ1/2} penalty), step by step. One
 * iteration is one forward and one adjoint product, three norm reductions and one threshold:
 *
 * <pre>
 * setup: x = x0;  alpha = given, or 1/λmax(AᴴA) by power iteration;  thresh = eps·alpha/2
 * step:  r = y − A x                                   (one forward product)
 *        monitorres: stop with an error when ‖r‖ grew since the last step
 *        x_u = x + alpha·Aᴴ r                          (one adjoint product)
 *        x⁺ = T(x_u, decay[k]·thresh)   or, with S:   x⁺ = S T(Sᴴ x_u, decay[k]·thresh)
 *        xupdate = ‖x⁺ − x‖;  x = x⁺
 *        cost.append(½‖r‖² + eps‖x‖₁)
 * run:   while iiter &lt; niter and no stopping rule fired: step, callback
 * </pre>
 *
 * <p><b>The objective and the cost.</b> With the threshold {@code eps·alpha/2} the iteration
 * minimises {@code ½‖y − A x‖² + (eps/2)‖x‖_p} (soft: {@code p = 1}); PyLops documents
 * {@code ‖y − A x‖² + eps‖x‖_p}, and records {@code ½‖y − A x_{k−1}‖² + eps‖x_k‖₁} — the residual of
 * the point before the update, the penalty of the point after it, with {@code eps} rather than
 * {@code eps/2}. That bookkeeping is reproduced exactly (users compare histories with PyLops-MPI's);
 * {@code docs/differences.md} lists the mismatch. For {@code alpha ≤ 1/λmax(AᴴA)} and the soft
 * threshold the true objective decreases every step.
 *
 * <p><b>Same iterates.</b> The update, the thresholds and every reduction are those of PyLops-MPI;
 * the reductions are tree sums over global positions, so the iterates are bit-identical at every
 * rank count and split. The step size estimate starts from a seeded random vector (PyLops-MPI's is
 * unseeded), so runs repeat exactly. An estimated alpha is kept by the solver object for later
 * setups (as PyLops-MPI keeps it); a given alpha is used for that setup only.
 *
 * <pre>{@code
 * IstaResult<DistributedArray> r = new ISTA<>(A).options(ISTA.options().eps(0.5).threshold(Threshold.SOFT))
 *         .show(true).solve(y, null, 200);
 * if (r.diverged()) { ... }        // the cost became NaN or infinite: r.x() is no answer
 * }</pre>
 *
 * <p><b>Passes over memory.</b> Besides the two products and the residual {@code y − A x} (3
 * passes), a step made as separate calls reads or writes whole vectors 11 times (a read or a write
 * of one vector is one pass): the gradient step (3), the threshold (2), {@code x⁺ − x} (3) and the
 * norms of {@code x⁺ − x}, {@code x⁺} and {@code r} (3 reads). In the synthesis form on plain arrays
 * and stacks of them (no analysis operator, no mask) the gradient step, the threshold and
 * {@code x⁺ − x} are one loop, which also sums {@code |x⁺ − x|²} and {@code |x⁺|} for the norms while
 * each piece is in cache ({@link Reductions#shrinkStep}: reads x, g, writes x⁺, d: 4), so 5 with the
 * norm of {@code r}, with the same bits (on 1-d SCATTER arrays; other plain arrays read {@code d}
 * and {@code x⁺} again: 7).
 *
 * <p><b>Operands.</b> {@code y} and {@code x0} are never modified. Without {@code x0} the start is
 * zero in the layout {@code Aᴴ} returns. Bad operands, options that differ between ranks, or a
 * sparsifying operator of the wrong size give the same {@link IllegalArgumentException} on every
 * rank before any product.
 *
 * @param <V> the vectors of the operator
 */
public final class ISTA<V extends DistributedVector> extends ShrinkageSolver<V, ISTA<V>> {

    /**
     * A solver for {@code op}. Local.
     *
     * @param op the operator
     * @throws IllegalArgumentException if {@code op} is null
     */
    public ISTA(DistributedOperator<V> op) {
        super(op);
    }

    /**
     * PyLops-MPI's defaults ({@link IstaOptions#DEFAULTS}), to change with the option methods.
     *
     * @return PyLops-MPI's defaults ({@link IstaOptions#DEFAULTS})
     */
    public static IstaOptions options() {
        return IstaOptions.DEFAULTS;
    }

    @Override
    void doStep() {
        if (!fresh) {
            op.matvec(x, ax);                                                 // A x
            y.subtract(ax, res);                                              // r = y − A x
            op.rmatvec(res, g);                                               // g = A^H r
        }
        fresh = false;
        double normres = options.monitorres() ? residualNorm("ISTA") : Double.NaN;  // ‖r‖ (monitorres: must not grow)
        Reductions.ShrinkNorms step = null;
        if (fused) {
            step = shrink(tau(), x, false, 0);                                // x⁺ = T(x + alpha A^H r), work = x⁺ − x: one pass,
        } else {                                                              // ‖x⁺ − x‖ and ‖x⁺‖₁ summed on the way
            g.iaypx(alpha, 0, x);                                             // x_u = x + alpha A^H r
            V next = threshold(g);                                            // x⁺ = T(x_u) or S T(S^H x_u)
            next.subtract(x, work);                                           // x⁺ − x
            if (next == g) {
                g = x;                                                        // the old x's storage holds the next gradient
            }
            x = next;
        }
        double[] norms;                                                       // ‖x⁺ − x‖, ‖x⁺‖₁ (and ‖r‖): one collective
        if (step != null) {
            norms = options.monitorres() ? Reductions.norms(step) : Reductions.norms(step, res, 2);
        } else {
            norms = options.monitorres() ? Reductions.norms(work, 2, x, 1) : Reductions.norms(work, 2, x, 1, res, 2);
        }
        if (!options.monitorres()) {
            normres = norms[2];
        }
        xupdate = norms[0];
        costdata = 0.5 * normres * normres;                                   // ½‖y − A x_{k−1}‖²
        record(costdata + regularisation(norms[1]));                          // + eps ‖x_k‖₁
    }
}
