/**
 * The serial EJML reference of JLops-MPI: an independent recomputation of every distributed
 * operator, solver and array reduction of the library, used by the verification suite as the
 * truth the distributed results are compared with.
 *
 * <p>Independence is the point: this module depends on EJML only, never on the library
 * ({@code impl}). Operators are dense matrices built from their mathematical definition (stencil
 * coefficients, block structure, Kronecker products with identities), never by applying a library
 * operator to unit vectors. Everything runs in float64 / complex128; float32 results of the
 * library are compared with it at a looser tolerance.
 *
 * <p>Sub-packages: {@link org.jlops.mpi.reference.ops} (dense operators and their factories),
 * {@link org.jlops.mpi.reference.solvers} (CG, CGLS, exact least squares, power iteration),
 * {@link org.jlops.mpi.reference.array} (expected local splits, serial reductions).
 */
package org.jlops.mpi.reference;
