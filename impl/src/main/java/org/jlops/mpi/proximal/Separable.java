package org.jlops.mpi.proximal;

/**
 * A separable function, {@code f(x) = Σ_i φ(x_i)}: its proximal map acts element by element, so a
 * distributed vector is mapped rank by rank without communication and its value is one reduction.
 * The functions PyLops-MPI's {@code MPIProxOperator} accepts ({@code L1}, {@code L0}, {@code Box}):
 * the interface is sealed, so a non-separable function cannot be wrapped by mistake (PyLops-MPI
 * raises {@code NotImplementedError} at run time).
 */
public sealed interface Separable extends ProxOperator permits L1, L0, Box {
}
