/**
 * Dense reference operators: {@link org.jlops.mpi.reference.ops.DenseOperator} (an EJML matrix
 * with a forward and an adjoint map) and {@link org.jlops.mpi.reference.ops.ReferenceOperators}
 * (factories building each operator of the library from its definition).
 *
 * <p>May import: EJML, the JDK and {@code org.jlops.mpi.reference.array}. Must not import the
 * library ({@code org.jlops.mpi} outside {@code org.jlops.mpi.reference}).
 */
package org.jlops.mpi.reference.ops;
