package org.jlops.mpi.solvers;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.Reductions;
import org.jlops.mpi.ops.DistributedOperator;

/**
 * Fast Iterative Shrinkage-Thresholding (PyLops-MPI's {@code FISTA}; Beck and Teboulle,
 * 2009): {@link ISTA} with the gradient step taken at an extrapolated point {@code z}. One iteration
 * is one forward and one adjoint product:
 *
 * <pre>
 * setup: x = z = x0;  alpha, thresh as ISTA;  t = 1
 * step:  r = y − A z                                   (A z from the products below, see "Cost")
 *        monitorres: stop with an error when ‖r‖ grew since the last step
 *        x⁺ = T(z + alpha·Aᴴ r, decay[k]·thresh)        (one adjoint product; S form as ISTA)
 *        t⁺ = (1 + sqrt(1 + 4t²))/2;  ω = (t − 1)/t⁺
 *        z = x⁺ + ω (x⁺ − x);  xupdate = ‖x⁺ − x‖;  x = x⁺;  t = t⁺
 *        cost.append(½‖y − A x‖² + eps‖x‖₁)            (one forward product, A x)
 * run:   while iiter &lt; niter and no stopping rule fired: step, callback
 * </pre>
 *
 * <p><b>Cost.</b> PyLops-MPI applies {@code A} twice per iteration ({@code A z} for the residual,
 * {@code A x} for the cost). Since {@code z_{k+1} = x_{k+1} + ω (x_{k+1} − x_k)} is linear in the
 * iterates, {@code A z_{k+1} = A x_{k+1} + ω (A x_{k+1} − A x_k)} comes from the product the cost
 * needs anyway: one forward product per iteration instead of two. The iterates equal PyLops-MPI's up
 * to rounding (the residual is a combination of two fresh products instead of one product), and
 * are bit-identical at every rank count and split. The cost bookkeeping is PyLops-MPI's (see
 * {@link ISTA} on the factor of eps).
 *
 * <p><b>Passes over memory.</b> Besides the two products, a step reads or writes whole vectors
 * (a read or a write of one vector is one pass). Made as separate calls it takes 26 passes: the
 * gradient step {@code z + alpha g} (3), the threshold (2), {@code x⁺ − x} (3), {@code y − A x⁺}
 * (3), the three norms (3 reads, one collective), {@code z⁺} (3), {@code A x⁺ − A x} (3),
 * {@code A z⁺} (3) and the residual (3). In the synthesis form on plain arrays and stacks of them
 * (no analysis operator, no mask) the step takes 10, with the same bits: one loop for the gradient
 * step, the threshold, {@code d = x⁺ − x} and {@code z⁺}, which also sums {@code |d|²} and
 * {@code |x⁺|} for the norms piece by piece while each piece is in cache, in the blocks of their
 * tree sums ({@link Reductions#shrinkStep}: reads z, g, x, writes x⁺, z⁺, d: 6, and no more reads
 * of {@code d} and {@code x⁺}); and the residual
 * {@code r = y − (A x⁺ + ω (A x⁺ − A x))} written block by block inside the tree sum of
 * {@code ‖y − A x⁺‖}, which is never stored, while each block is in cache
 * ({@link Reductions#normsWithResidual}: reads y, A x⁺, A x, writes r: 4). The three norms still
 * travel in one collective, after the product: the shrinkage loop keeps this rank's part of its
 * two sums until then. On a 1-d SCATTER array (each component of a stack on its own) the norms
 * are folded; on other plain arrays they are read again after the loop (12 passes).
 * {@code A z} itself is no longer stored ({@code monitorres} adds one read of {@code r} to both
 * counts). The analysis form, masked arrays and other vectors keep the separate calls.
 *
 * @param <V> the vectors of the operator
 */
public final class FISTA<V extends DistributedVector> extends ShrinkageSolver<V, FISTA<V>> {

    private V z;
    /** {@code A z} and the next {@code A x} (data layout). */
    private V az;
    private V axNext;
    private double t;

    /**
     * A solver for {@code op}. Local.
     *
     * @param op the operator
     * @throws IllegalArgumentException if {@code op} is null
     */
    public FISTA(DistributedOperator<V> op) {
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
    void prepare() {
        z = copyOf(x);                                                        // z = x0
        az = copyOf(ax);                                                      // A z = A x0
        axNext = copyOf(ax);
        t = 1.0;
    }

    @Override
    void doStep() {
        if (!fresh) {
            op.rmatvec(res, g);                                               // g = A^H (y − A z)
        }
        fresh = false;
        if (options.monitorres()) {
            residualNorm("FISTA");                                            // ‖y − A z‖ must not grow
        }
        if (fused) {
            fusedStep();
            return;
        }
        g.iaypx(alpha, 0, z);                                                 // x_u = z + alpha A^H r
        V next = threshold(g);                                                // x⁺ = T(x_u) or S T(S^H x_u)
        double told = t;
        t = (1.0 + Math.sqrt(1.0 + 4.0 * t * t)) / 2.0;                       // t⁺ = (1 + sqrt(1 + 4t²))/2
        double omega = (told - 1.0) / t;
        next.subtract(x, work);                                               // d = x⁺ − x
        if (next == g) {
            g = x;                                                            // the old x's storage holds the next gradient
        }
        x = next;
        op.matvec(x, axNext);                                                 // A x⁺ (the cost's product)
        y.subtract(axNext, res);
        double[] norms = Reductions.norms(work, 2, res, 2, x, 1);             // ‖d‖, ‖y − A x⁺‖, ‖x⁺‖₁: one collective
        xupdate = norms[0];
        costdata = 0.5 * norms[1] * norms[1];                                 // ½‖y − A x⁺‖²
        work.iaypx(omega, 0, x);                                              // z⁺ = x⁺ + ω d
        V oldZ = z;
        z = work;
        work = oldZ;
        axNext.subtract(ax, az);
        az.iaypx(omega, 0, axNext);                                           // A z⁺ = A x⁺ + ω (A x⁺ − A x)
        V tmp = ax;
        ax = axNext;
        axNext = tmp;
        y.subtract(az, res);                                                  // r = y − A z⁺ for the next step
        record(costdata + regularisation(norms[2]));                          // + eps ‖x⁺‖₁
    }

    /**
     * The step above with the vector passes fused (the synthesis form on plain arrays): the same
     * bits, 10 passes over vectors instead of 26 besides the two products ("Passes over memory").
     */
    private void fusedStep() {
        double tau = tau();                                                   // decay[k] · thresh
        double told = t;
        t = (1.0 + Math.sqrt(1.0 + 4.0 * t * t)) / 2.0;                       // t⁺ = (1 + sqrt(1 + 4t²))/2
        double omega = (told - 1.0) / t;
        Reductions.ShrinkNorms step = shrink(tau, z, true, omega);            // x⁺ = T(z + alpha A^H r), z⁺, d = x⁺ − x,
                                                                              // ‖d‖ and ‖x⁺‖₁ summed on the way
        op.matvec(x, axNext);                                                 // A x⁺ (the cost's product)
        double[] norms = step != null                                         // ‖d‖, ‖x⁺‖₁, ‖y − A x⁺‖: one collective,
                ? Reductions.normsWithResidual(step, y, axNext, ax, omega, res, az)   // r = y − (A x⁺ + ω (A x⁺ − A x))
                : Reductions.normsWithResidual(work, 2, x, 1, y, axNext, ax, omega, res, az);   // on the way
        xupdate = norms[0];
        costdata = 0.5 * norms[2] * norms[2];                                 // ½‖y − A x⁺‖²
        V tmp = ax;
        ax = axNext;
        axNext = tmp;
        record(costdata + regularisation(norms[1]));                          // + eps ‖x⁺‖₁
    }
}
