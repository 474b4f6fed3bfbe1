/**
 * Layer 3 of 5 (array): distributed arrays over a communicator —
 * {@link org.jlops.mpi.array.DistributedArray}, {@link org.jlops.mpi.array.StackedDistributedArray}
 * (their common type {@link org.jlops.mpi.array.DistributedVector}), the
 * {@link org.jlops.mpi.array.Partition} and {@link org.jlops.mpi.array.DType} enums, the balanced
 * {@link org.jlops.mpi.array.LocalSplit}, mask sub-communicators
 * ({@link org.jlops.mpi.array.Masks}) and the host n-d array
 * {@link org.jlops.mpi.array.NdArray} used for data in and out.
 *
 * <p>May import: comm, engine, profile.
 */
package org.jlops.mpi.array;
