package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.ReduceOp;

/**
 * The indicator of a box (PyProximal's {@code Box}), on real distributed vectors:
 *
 * <pre>
 *     f(x) = 0 if lower ≤ x_i ≤ upper for every i, else +∞
 *     prox_{τf}(x) = min(max(x, lower), upper)        (the projection, whatever τ)
 *     proxdual: Moreau's identity
 * </pre>
 *
 * <p>{@link #contains} is PyProximal's boolean value of the call. The count of elements outside is
 * one allreduce per SCATTER leaf over its mask's sub-communicator (PyLops-MPI's logical AND); a
 * BROADCAST leaf is counted locally.
 *
 * <p>Differences from PyProximal: {@code f} is the indicator's value ({@code 0} or {@code +∞}), not
 * a boolean; the bounds are numbers (not arrays); complex vectors are rejected (they have no order;
 * NumPy compares them lexicographically).
 *
 * @param lower the lower bound ({@code -∞} allowed)
 * @param upper the upper bound ({@code +∞} allowed), at least {@code lower}
 */
public record Box(double lower, double upper) implements Separable {

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException naming the bad bound
     */
    public Box {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("lower/upper: [" + lower + ", " + upper + "], expected lower <= upper");
        }
    }

    /**
     * Whether every element lies in {@code [lower, upper]} (NaN does not). Collective.
     *
     * @param x (Input) a real vector; not modified
     * @return whether every element lies in {@code [lower, upper]} (NaN does not), the same on every rank
     * @throws IllegalArgumentException on every rank for a complex vector or layouts that differ between ranks
     */
    public boolean contains(DistributedVector x) {
        ProxChecks.vector(x);
        if (x.dtype().isComplex()) {
            throw new IllegalArgumentException("x: Box needs real values (complex numbers have no order), got "
                    + x.dtype());
        }
        long outside = 0;
        for (DistributedArray a : ElementMaps.leaves(x)) {
            long n = ElementMaps.countOutside(a, lower, upper);
            outside += a.partition() == Partition.SCATTER ? a.subCommunicator().allreduce(n, ReduceOp.SUM) : n;
        }
        return outside == 0;
    }

    @Override
    public double f(DistributedVector x) {
        return contains(x) ? 0.0 : Double.POSITIVE_INFINITY;
    }

    @Override
    public DistributedVector prox(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        return ElementMaps.clip(x, lower, upper, x.emptyLike());                 // min(max(x, lower), upper)
    }

    /** {@code min(max(x, lower), upper)} into {@code out} (may be {@code x}). Local but for the checks. */
    @Override
    public DistributedVector prox(DistributedVector x, double tau, DistributedVector out) {
        ProxChecks.tauInto(x, tau, out);
        return ElementMaps.clip(x, lower, upper, out);
    }
}
