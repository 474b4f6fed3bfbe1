/**
 * The host engine: local blocks in Java arrays ({@code float[]} for float32/complex64,
 * {@code double[]} for float64/complex128, complex interleaved re/im) and kernels written as
 * plain loops over primitive arrays, which the JIT compiles to vector code. Layer 2 (engine).
 * Not exported: reached through {@code Engine.host()}.
 *
 * <p>May import: engine.
 */
package org.jlops.mpi.engine.host;
