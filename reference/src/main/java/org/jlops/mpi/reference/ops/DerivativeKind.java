package org.jlops.mpi.reference.ops;

/**
 * The finite-difference scheme of a derivative operator (PyLops' {@code kind} argument:
 * {@code "forward"}, {@code "centered"}, {@code "backward"}). With sampling {@code h}, for the
 * first derivative: forward {@code (x[i+1] − x[i])/h}, centered {@code (x[i+1] − x[i−1])/(2h)}
 * (order 3) or the five-point stencil (order 5), backward {@code (x[i] − x[i−1])/h}. See
 * {@link ReferenceOperators#firstDerivativeMatrix} and
 * {@link ReferenceOperators#secondDerivativeMatrix} for the full definitions, boundaries included.
 */
public enum DerivativeKind {
    /** One-sided differences looking ahead ({@code x[i+1]}, {@code x[i+2]}). */
    FORWARD,
    /** Symmetric differences; the only kind where {@code edge} and {@code order} matter. */
    CENTERED,
    /** One-sided differences looking back ({@code x[i−1]}, {@code x[i−2]}). */
    BACKWARD
}
