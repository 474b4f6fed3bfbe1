package org.jlops.mpi.bench.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of the scaling study's workloads, in report order. {@link #standard()} holds every
 * workload of the project; a new workload is one small class implementing {@link Workload} and one
 * {@link #add} line here. A name may be registered once per op and dtype (the dense workloads run
 * forward and adjoint in float64 and complex128); {@code --workloads NAME} selects all of them.
 */
public final class Workloads {

    private final Map<String, Workload> byKey = new LinkedHashMap<>();

    /** An empty registry (tests fill their own). */
    public Workloads() {
    }

    /** The project's workloads: arrays, stencils, block operators, CGLS, sparsity solvers, collectives. */
    public static Workloads standard() {
        return new Workloads()
                .add(new ArrayWorkloads.Add())
                .add(new ArrayWorkloads.Dot())
                .add(new ArrayWorkloads.Norm())
                .add(new StencilWorkloads.FirstDerivative())
                .add(new StencilWorkloads.SecondDerivative())
                .add(new StencilWorkloads.Laplacian())
                .add(new StackWorkloads.BlockDiag())
                .add(new StackWorkloads.VStack())
                .add(new StackWorkloads.HStack())
                .add(new SolverWorkloads.Cgls())
                .addAll(DenseWorkloads.all())
                .addAll(SpectralWorkloads.all())
                .add(SparsityWorkloads.FISTA_DENSE)
                .add(SparsityWorkloads.FISTA_DENSE_PRODUCTS)
                .add(SparsityWorkloads.FISTA_DENSE_PRODUCTS_SYNCED)
                .add(SparsityWorkloads.FISTA_REFLECTIVITY)
                .add(SparsityWorkloads.FISTA_REFLECTIVITY_PRODUCTS)
                .add(SparsityWorkloads.PROXIMAL_GRADIENT)
                .add(SparsityWorkloads.PROXIMAL_GRADIENT_PRODUCTS)
                .add(new CommWorkloads.Allreduce())
                .add(new CommWorkloads.Allgather())
                .add(new CommWorkloads.Sendrecv());
    }

    /**
     * Adds (or replaces, keeping its place) a workload.
     *
     * @param w the workload
     * @return this registry
     */
    public Workloads add(Workload w) {
        byKey.put(w.name() + " " + w.op() + " " + w.dtype(), w);
        return this;
    }

    /**
     * Adds (or replaces) several workloads, in order.
     *
     * @param ws the workloads
     * @return this registry
     */
    public Workloads addAll(List<Workload> ws) {
        ws.forEach(this::add);
        return this;
    }

    /** Every workload, in order. */
    public List<Workload> all() {
        return List.copyOf(byKey.values());
    }

    /**
     * The workloads named in {@code names}, in registry order; every workload when names is empty.
     *
     * @throws IllegalArgumentException naming the unknown workload and the known ones
     */
    public List<Workload> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return all();
        }
        java.util.Set<String> known = new java.util.LinkedHashSet<>();
        byKey.values().forEach(w -> known.add(w.name()));
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("--workloads: unknown workload '" + n + "'; known: "
                        + String.join(",", known));
            }
        }
        List<Workload> out = new ArrayList<>();
        for (Workload w : byKey.values()) {
            if (names.contains(w.name())) {
                out.add(w);
            }
        }
        return out;
    }
}
