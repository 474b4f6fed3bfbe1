package org.jlops.mpi.ops.serial;

/**
 * The finite-difference scheme of a derivative operator (PyLops' {@code kind} argument:
 * {@code "forward"}, {@code "centered"}, {@code "backward"}). With sampling {@code h} the first
 * derivative is {@code (x[i+1] - x[i])/h} (forward), {@code (x[i+1] - x[i-1])/(2h)} (centered,
 * order 3, or the five-point stencil of order 5) or {@code (x[i] - x[i-1])/h} (backward); see
 * {@link FirstDerivative} and {@link SecondDerivative} for the full definitions, boundaries
 * included.
 */
public enum DerivativeKind {
    /** One-sided differences looking ahead ({@code x[i+1]}, {@code x[i+2]}). */
    FORWARD,
    /** Symmetric differences: the only kind where {@code edge} and {@code order} matter. */
    CENTERED,
    /** One-sided differences looking back ({@code x[i-1]}, {@code x[i-2]}). */
    BACKWARD
}
