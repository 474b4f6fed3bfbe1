/**
 * Input and output of host arrays: NumPy {@code .npy} files ({@link org.jlops.mpi.io.Npy}) with
 * checked headers. Beside layer 3 (array).
 *
 * <p>May import: array.
 */
package org.jlops.mpi.io;
