/**
 * Serial (local) operators: what one rank applies to its own data inside the distributed block
 * operators, and the references of tests. Basic operators
 * ({@link org.jlops.mpi.ops.serial.MatrixMult}, {@link org.jlops.mpi.ops.serial.Diagonal},
 * {@link org.jlops.mpi.ops.serial.Identity}, {@link org.jlops.mpi.ops.serial.Zero},
 * {@link org.jlops.mpi.ops.serial.Conj}), derivatives
 * ({@link org.jlops.mpi.ops.serial.FirstDerivative},
 * {@link org.jlops.mpi.ops.serial.SecondDerivative}, {@link org.jlops.mpi.ops.serial.Laplacian},
 * {@link org.jlops.mpi.ops.serial.Gradient}), signal and shaping operators
 * ({@link org.jlops.mpi.ops.serial.Convolve1D}, {@link org.jlops.mpi.ops.serial.Smoothing1D},
 * {@link org.jlops.mpi.ops.serial.PoststackLinearModelling}, {@link org.jlops.mpi.ops.serial.Restriction},
 * {@link org.jlops.mpi.ops.serial.Transpose}, {@link org.jlops.mpi.ops.serial.Pad},
 * {@link org.jlops.mpi.ops.serial.Roll}, {@link org.jlops.mpi.ops.serial.Flip},
 * {@link org.jlops.mpi.ops.serial.Sum}), operators from two functions
 * ({@link org.jlops.mpi.ops.serial.FunctionOperator}) and their algebra
 * ({@link org.jlops.mpi.ops.serial.LocalOperators}). All implement
 * {@link org.jlops.mpi.ops.LocalOperator} and are immutable.
 *
 * <p>Layer: ops; never the communicator: every product here is local. May import: array,
 * engine, ops, ops.internal.
 */
package org.jlops.mpi.ops.serial;
