package org.jlops.mpi.proximal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.CollectiveChecks;

/**
 * The mixed {@code ℓ2,1} norm (PyProximal's {@code L21}): the sum over positions of the Euclidean
 * norm across {@code ndim} components, the isotropic total variation when the components are the
 * derivatives that {@link org.jlops.mpi.ops.basic.MPIGradient} returns.
 *
 * <pre>
 *     n_k = sqrt(Σ_j |x_j[k]|²)                                     (j over the ndim components)
 *     f(x) = σ Σ_k n_k
 *     prox_{τf}(x)_j[k] = (1 − τσ / max(n_k, τσ)) · x_j[k]
 *     proxdual_{τf}(x)_j[k] = σ x_j[k] / max(n_k, σ)               (the projection onto n_k ≤ σ)
 * </pre>
 *
 * <p><b>Vectors.</b> A {@link StackedDistributedArray} of {@code ndim} plain components of one
 * layout (position {@code k} is local element {@code k} of every component, so the maps need no
 * communication), or for {@code ndim = 1} a plain {@link DistributedArray}. PyProximal reshapes a
 * flat vector to {@code ndim × N}; a distributed flat vector would put a position's components on
 * different ranks, so here the stack carries the grouping. {@code f} is one tree-sum reduction of
 * the {@code n_k} (the same bits at every rank count); the maps are local. Host engine.
 *
 * <p>Differences from PyProximal: complex values use {@code |x|²} (PyProximal squares them, which
 * is not a norm); {@code n_k} is accumulated in double precision for every dtype.
 *
 * @param ndim  the number of components grouped at each position, at least 1
 * @param sigma the weight σ, finite and at least 0
 */
public record L21(int ndim, double sigma) implements ProxOperator {

    /**
     * Checks {@code ndim} and σ.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public L21 {
        if (ndim < 1) {
            throw new IllegalArgumentException("ndim: " + ndim + ", expected at least 1 component per position");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma: " + sigma + ", expected a finite number at least 0");
        }
    }

    /**
     * {@code L21(ndim, 1)}, PyProximal's default weight.
     *
     * @param ndim the number of components grouped at each position
     */
    public L21(int ndim) {
        this(ndim, 1.0);
    }

    @Override
    public double f(DistributedVector x) {
        ProxChecks.vector(x);
        List<DistributedArray> c = components(x);
        return CollectiveChecks.agreed(() -> {
            DistributedArray first = c.get(0);
            DistributedArray norms = DistributedArray.builder(first.communicator(), first.globalShape()).like(first)
                    .localShapes(first.localShapes()).dtype(first.dtype().realType()).build();
            NdArray n = norms.localArray();
            double[] s = sumsOfSquares(c);
            for (int k = 0; k < s.length; k++) {
                n.set(k, Math.sqrt(s[k]));
            }
            return sigma * norms.norm(1);                                        // σ Σ_k n_k
        });
    }

    @Override
    public DistributedVector prox(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        double t = tau * sigma;
        return scaled(x, n -> 1 - t / Math.max(n, t));                         // (1 − τσ / max(n, τσ)) x
    }

    @Override
    public DistributedVector proxdual(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        return scaled(x, n -> sigma / Math.max(n, sigma));                      // σ x / max(n, σ)
    }

    /** A copy of {@code x} with the components at position k scaled by {@code factor(n_k)}. Local. */
    private DistributedVector scaled(DistributedVector x, DoubleUnaryOperator factor) {
        List<DistributedArray> in = components(x);
        DistributedVector out = x.emptyLike();
        List<DistributedArray> to = ElementMaps.leaves(out);
        double[] s = sumsOfSquares(in);
        double[] f = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            f[k] = factor.applyAsDouble(Math.sqrt(s[k]));
        }
        boolean complex = x.dtype().isComplex();
        for (int j = 0; j < in.size(); j++) {
            NdArray a = in.get(j).localArray();
            NdArray b = to.get(j).localArray();
            for (int k = 0; k < f.length; k++) {
                if (complex) {
                    b.set(k, f[k] * a.re(k), f[k] * a.im(k));
                } else {
                    b.set(k, f[k] * a.re(k));
                }
            }
        }
        return out;
    }

    /** {@code Σ_j |x_j[k]|²} for every local position k. Local. */
    private static double[] sumsOfSquares(List<DistributedArray> c) {
        double[] s = new double[Math.toIntExact(c.get(0).localSize())];
        boolean complex = c.get(0).dtype().isComplex();
        for (DistributedArray a : c) {
            NdArray v = a.localArray();
            for (int k = 0; k < s.length; k++) {
                double re = v.re(k);
                double im = complex ? v.im(k) : 0;
                s[k] += re * re + im * im;
            }
        }
        return s;
    }

    /**
     * The {@code ndim} components of {@code x}, checked: every rank decides alike, as the layout was
     * agreed before.
     */
    private List<DistributedArray> components(DistributedVector x) {
        DistributedArray leaf = ElementMaps.leaves(x).get(0);
        if (!leaf.localBuffer().isHost()) {
            throw new IllegalArgumentException("x: L21 computes its group norms on host arrays and has no kernel on "
                    + "engine " + leaf.engine().name() + " (nothing is copied through the host behind the caller's "
                    + "back): use arrays on Engine.host()");
        }
        if (x instanceof DistributedArray a) {
            if (ndim != 1) {
                throw new IllegalArgumentException("x: a plain DistributedArray, but L21 with ndim = " + ndim
                        + " groups " + ndim + " components: pass a StackedDistributedArray of " + ndim + " components");
            }
            return List.of(a);
        }
        StackedDistributedArray s = (StackedDistributedArray) x;
        if (s.narrays() != ndim) {
            throw new IllegalArgumentException("x: a stack of " + s.narrays() + " components, expected ndim = " + ndim);
        }
        List<DistributedArray> c = new ArrayList<>();
        for (int j = 0; j < ndim; j++) {
            if (!(s.get(j) instanceof DistributedArray a)) {
                throw new IllegalArgumentException("x: component " + j + " is itself a stack; L21 needs plain components");
            }
            if (j > 0 && !a.sameLayout(c.get(0))) {
                throw new IllegalArgumentException("x: component " + j + " has the layout " + a.layout()
                        + ", component 0 " + c.get(0).layout() + "; L21 groups position k of every component, so "
                        + "they need one layout");
            }
            c.add(a);
        }
        return c;
    }
}
