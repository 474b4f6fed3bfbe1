/**
 * Serial (local) operators: what one rank applies to its own data inside the distributed block
 * operators, and the references of tests. Basic operators
 * ({@link org.jlops.mpi.ops.serial.MatrixMult}, {@link org.jlops.mpi.ops.serial.Diagonal},
 * {@link org.jlops.mpi.ops.serial.Identity}, {@link org.jlops.mpi.ops.serial.Zero},
 * {@link org.jlops.mpi.ops.serial.Conj}), derivatives
 * ({@link org.jlops.mpi.ops.serial.FirstDerivative},
 * {@link org.jlops.mpi.ops.serial.SecondDerivative}, {@link org.jlops.mpi.ops.serial.Laplacian},
 * {@link org.jlops.mpi.ops.serial.Gradient}) and their algebra
 * ({@link org.jlops.mpi.ops.serial.LocalOperators}). All implement
 * {@link org.jlops.mpi.ops.LocalOperator} and are immutable.
 *
 * <p>Layer: ops; never the communicator: every product here is local. May import: array,
 * engine, ops, ops.internal.
 */
package org.jlops.mpi.ops.serial;
