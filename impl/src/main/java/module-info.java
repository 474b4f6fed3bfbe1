/**
 * JLops-MPI: distributed arrays, linear operators and matrix-free solvers over MPI ranks, a Java
 * re-implementation of PyLops-MPI.
 *
 * <p>The exported packages are the API, layer by layer: communicators
 * ({@code comm}, the in-JVM cluster in {@code comm.local}), engines ({@code engine}), arrays
 * ({@code array}), {@code .npy} files ({@code io}), operators ({@code ops} and its
 * {@code serial}, {@code basic}, {@code stack}, {@code signal} families), solvers ({@code solvers}) and
 * proximal operators and solvers ({@code proximal}); the log view of a run ({@code profile}). The MPI
 * backends ({@code comm.ffm}, {@code comm.ompijava}), the host engine ({@code engine.host}) and the
 * operators' shared machinery ({@code ops.internal}) are not exported: reach them through
 * {@code Communicators}, {@code Engine} and the operators.
 *
 * <p>On the module path, native access (MPI through FFM, the system BLAS) needs
 * {@code --enable-native-access=org.jlops.mpi}; on the class path, {@code ALL-UNNAMED}. The stencil
 * kernels, the shrinkage solvers' fused step and the non-stationary convolution use the Vector API
 * when the JVM is given {@code --add-modules jdk.incubator.vector} (an optional dependency:
 * without it they run scalar loops with the same results). Outputs that a kernel overwrites in full are allocated without the
 * JVM's zeroing, where HotSpot allows it, when the JVM is given
 * {@code --add-exports java.base/jdk.internal.misc=org.jlops.mpi} ({@code ALL-UNNAMED} on the class
 * path); without it they are zero-filled, with the same results.
 */
@SuppressWarnings("requires-automatic") // netlib's BLAS names its module in its manifest only; JTransforms 3.1 is an automatic module
module org.jlops.mpi {
    requires dev.ludovic.netlib.blas;
    requires JTransforms;
    requires java.logging;
    // the stencil kernels', the shrinkage step's and the non-stationary convolution's vector loops, used when the JVM runs with --add-modules jdk.incubator.vector
    requires static jdk.incubator.vector;

    exports org.jlops.mpi.comm;
    exports org.jlops.mpi.comm.local;
    exports org.jlops.mpi.engine;
    exports org.jlops.mpi.array;
    exports org.jlops.mpi.io;
    exports org.jlops.mpi.ops;
    exports org.jlops.mpi.ops.serial;
    exports org.jlops.mpi.ops.basic;
    exports org.jlops.mpi.ops.stack;
    exports org.jlops.mpi.ops.signal;
    exports org.jlops.mpi.solvers;
    exports org.jlops.mpi.proximal;
    exports org.jlops.mpi.profile;
}
