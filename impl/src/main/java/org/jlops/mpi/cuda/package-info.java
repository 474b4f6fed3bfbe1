/**
 * The CUDA libraries bound through the Foreign Function &amp; Memory API, below the communicator
 * and engine layers: finding them ({@link org.jlops.mpi.cuda.CudaLibraries}: a system property,
 * the NVIDIA Python wheels of {@code python3}'s environment, the CUDA toolkit, the loader's path)
 * and one binding per library ({@code libcudart}, {@code libcublas}, {@code libnvrtc},
 * {@code libnccl}), each looked up lazily on first use. Used by the CUDA engine and the NCCL
 * communicator; not exported.
 *
 * <p>May import: nothing.
 */
package org.jlops.mpi.cuda;
