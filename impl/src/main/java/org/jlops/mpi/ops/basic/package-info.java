/**
 * Distributed basic operators: the dense matrix product on a square process grid
 * ({@link org.jlops.mpi.ops.basic.MPIMatrixMult}, kinds SUMMA and BLOCK, with the grid helpers of
 * {@link org.jlops.mpi.ops.basic.MatrixGrid}), halo extraction on a Cartesian process grid
 * ({@link org.jlops.mpi.ops.basic.MPIHalo}, with its crop and the sandwich of a local operator), and
 * derivatives of n-d arrays split in row slabs along axis 0:
 *
 * <ul>
 *   <li>{@link org.jlops.mpi.ops.basic.MPIFirstDerivative} — first derivative along axis 0;</li>
 *   <li>{@link org.jlops.mpi.ops.basic.MPISecondDerivative} — second derivative along axis 0;</li>
 *   <li>{@link org.jlops.mpi.ops.basic.MPILaplacian} — weighted sum of second derivatives along
 *       any axes;</li>
 *   <li>{@link org.jlops.mpi.ops.basic.MPIGradient} — first derivatives along every axis, stacked.</li>
 * </ul>
 *
 * <p>Derivatives along axis 0 run a local stencil kernel (the engine's
 * {@link org.jlops.mpi.engine.StencilKernels}) on the rank's slab plus the ghost rows received from
 * the ranks that hold them; derivatives along the other axes need no communication and run as
 * {@link org.jlops.mpi.ops.stack.MPIBlockDiag} of the serial operators of
 * {@link org.jlops.mpi.ops.serial} on each rank's slab.
 *
 * <p>Layer: ops; never MPI directly. May import: array, comm, engine, ops, ops.internal,
 * ops.serial, ops.stack. Construction is collective (checks agreed on every rank); every
 * product is collective over the operator's communicator and leaves its input unchanged.
 */
package org.jlops.mpi.ops.basic;
