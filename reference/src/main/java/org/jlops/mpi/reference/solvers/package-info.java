/**
 * Serial reference solvers on {@link org.jlops.mpi.reference.ops.DenseOperator}: CG and CGLS with
 * the library's update formulas, the exact damped least-squares solution, power iteration and
 * the exact dominant eigenvalue.
 *
 * <p>May import: EJML, the JDK and {@code org.jlops.mpi.reference.ops}. Must not import the
 * library.
 */
package org.jlops.mpi.reference.solvers;
