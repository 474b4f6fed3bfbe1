package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;

/**
 * The weighted {@code ℓ0} pseudo-norm (PyProximal's {@code L0}), on distributed vectors of every
 * dtype:
 *
 * <pre>
 *     f(x) = σ ‖x‖₀ = σ · #{i : x_i ≠ 0}
 *     prox_{τf}(x) = hard(x, τσ): x_i where |x_i| &gt; τσ, else 0          (element by element)
 *     proxdual: Moreau's identity
 * </pre>
 *
 * <p>Differences from PyProximal: {@code f} includes σ as documented ({@code σ‖x‖₀}); PyProximal
 * 0.12 returns the bare count (the exact form differs between PyProximal versions).
 * The threshold {@code τσ} of the proximal map is PyProximal's (the exact minimiser of
 * {@code σ‖u‖₀ + ‖u − x‖²/(2τ)} zeroes {@code |x_i| ≤ sqrt(2τσ)}; PyProximal's convention is kept).
 *
 * @param sigma the weight σ, finite and at least 0
 */
public record L0(double sigma) implements Separable {

    /**
     * Checks σ.
     *
     * @throws IllegalArgumentException naming σ
     */
    public L0 {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma: " + sigma + ", expected a finite number at least 0");
        }
    }

    /** {@code L0(1)}, PyProximal's default. */
    public L0() {
        this(1.0);
    }

    @Override
    public double f(DistributedVector x) {
        ProxChecks.vector(x);
        return sigma * x.norm(0);                                                // σ #{x_i ≠ 0}
    }

    @Override
    public DistributedVector prox(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        return ElementMaps.hard(x, tau * sigma, x.emptyLike());                  // hard(x, τσ)
    }

    /** {@code hard(x, τσ)} into {@code out} (may be {@code x}). Local but for the checks. */
    @Override
    public DistributedVector prox(DistributedVector x, double tau, DistributedVector out) {
        ProxChecks.tauInto(x, tau, out);
        return ElementMaps.hard(x, tau * sigma, out);
    }
}
