package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;

/**
 * The weighted {@code ℓ1} norm (PyProximal's {@code L1}), on distributed vectors of every dtype:
 *
 * <pre>
 *     f(x) = σ ‖x‖₁ = σ Σ|x_i|
 *     prox_{τf}(x) = soft(x, τσ) = max(|x| − τσ, 0) · x/|x|          (element by element)
 *     proxdual_{τf}(x) = x · min(1, σ/|x|)                             (the projection onto |x_i| ≤ σ)
 * </pre>
 *
 * <p>{@code f} is one tree-sum reduction ({@code x.norm(1)}: the same bits at every rank count; a
 * SCATTER array reduces over its mask's sub-communicator, a BROADCAST array counts each element
 * once); the maps are local.
 *
 * <p>Differences from PyProximal: {@code σ} is a number (PyProximal also takes a function of the
 * call count, and an offset {@code g}); the dual map of a complex vector projects every element onto
 * the disc of radius σ (PyProximal's clip to {@code [−σ, σ]} is the same for real values and
 * undefined for complex ones).
 *
 * @param sigma the weight σ, finite and at least 0
 */
public record L1(double sigma) implements Separable {

    /**
     * Checks σ.
     *
     * @throws IllegalArgumentException naming σ
     */
    public L1 {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma: " + sigma + ", expected a finite number at least 0");
        }
    }

    /** {@code L1(1)}, PyProximal's default. */
    public L1() {
        this(1.0);
    }

    @Override
    public double f(DistributedVector x) {
        ProxChecks.vector(x);
        return sigma * x.norm(1);                                                // σ Σ|x_i|
    }

    @Override
    public DistributedVector prox(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        return ElementMaps.soft(x, tau * sigma, x.emptyLike());                  // soft(x, τσ)
    }

    /** {@code soft(x, τσ)} into {@code out} (may be {@code x}). Local but for the checks. */
    @Override
    public DistributedVector prox(DistributedVector x, double tau, DistributedVector out) {
        ProxChecks.tauInto(x, tau, out);
        return ElementMaps.soft(x, tau * sigma, out);
    }

    @Override
    public DistributedVector proxdual(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        return ElementMaps.shrinkToBall(x, sigma, x.emptyLike());                // x · min(1, σ/|x|)
    }
}
