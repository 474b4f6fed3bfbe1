/**
 * The CUDA engine: local blocks in device memory, element kernels from {@code src/main/cuda}
 * (shipped as PTX, compiled at build time with {@code -fmad=false}), dense products through cuBLAS,
 * and the CUDA libraries bound through the Foreign Function &amp; Memory API ({@code libcudart},
 * {@code libcublas}, {@code libnvrtc}; found as described in {@code docs/configuration.md}). Layer 2
 * (engine). Not exported: reached through {@code Engine.cuda()}.
 *
 * <p>May import: cuda, engine.
 */
package org.jlops.mpi.engine.cuda;
