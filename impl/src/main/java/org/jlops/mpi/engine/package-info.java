/**
 * Layer 2 of 5 (engine): where the local block of a distributed array lives and the element
 * kernels that touch it. An {@link org.jlops.mpi.engine.Engine} allocates
 * {@link org.jlops.mpi.engine.Buffer}s and runs kernels on them (element-wise arithmetic, dot
 * products, norm reductions, strided block copies); it never sees a communicator, so a device
 * engine (CUDA) can be added beside the host one without touching the layers above.
 *
 * <p>May import: engine.host, engine.cuda (the host and CUDA engines, which only {@code Engine} names).
 */
package org.jlops.mpi.engine;
