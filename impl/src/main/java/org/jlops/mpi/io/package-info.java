/**
 * Input and output of host arrays: NumPy {@code .npy} files ({@link org.jlops.mpi.io.Npy}) with
 * checked headers. Beside layer 3 (array): may import array; must not import comm, ops, solvers.
 */
package org.jlops.mpi.io;
