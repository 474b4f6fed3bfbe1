package org.jlops.mpi.bench.scale;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.jlops.mpi.solvers.Solvers;

/**
 * Solver workloads: a distributed finite-difference regularised inversion at scale.
 */
public final class SolverWorkloads {

    /** Iterations per timed call. */
    static final int NITER = 10;

    private SolverWorkloads() {
    }

    /**
     * {@value #NITER} CGLS iterations (tolerance 0, so every iteration runs) on
     * {@code [BlockDiag; D]}: the dense blocks of {@link StackWorkloads} (8 of 1024 x 1024 by
     * default) stacked over a centered first derivative of the whole model. Bytes per iteration
     * are counted as: each matrix read twice (forward and adjoint), the derivative's input and
     * output twice (32 B per model element) and ten vector passes of the model and of the data
     * (80 B per element each); flops: 4 per matrix entry, 4 per element for the derivative and 12
     * per element for the vector updates.
     */
    public static final class Cgls implements Workload {
        @Override
        public String name() {
            return "cgls";
        }

        @Override
        public String op() {
            return "cgls-" + NITER + "-iterations";
        }

        @Override
        public Floor floor() {
            return Floor.TRIAD;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long total = scale.extent(8, 4);
            int side = (int) scale.fixed(StackWorkloads.SIDE, StackWorkloads.QUICK_SIDE);
            MPILinearOperator blocks = new MPIBlockDiag(StackWorkloads.blocks(comm, total, side), comm);
            long n = blocks.cols();
            MPILinearOperator d = new MPIFirstDerivative(new long[] {n}, 1.0, DerivativeKind.CENTERED, false, 3,
                    comm, DType.FLOAT64);
            MPIStackedVStack a = new MPIStackedVStack(List.of(blocks, d), comm);
            DistributedArray xTrue = blocks.rmatvec(blocks.matvec(DistributedArray.builder(comm, n).build()));
            Fill.uniform(xTrue, 7);
            DistributedVector y = a.matvec(xTrue);
            double entries = (double) total * side * side;
            double perIteration = 16 * entries + 32.0 * n + 80.0 * (n + n + n);
            double flops = 4 * entries + 4.0 * n + 12.0 * 3 * n;
            return new Instance(total + "x" + side + "x" + side, NITER * perIteration, NITER * flops,
                    NITER + " CGLS iterations on [BlockDiag; FirstDerivative], tol 0; bytes and flops approximate",
                    () -> Solvers.cgls(a, y, null, NITER, 0.0, 0.0));
        }
    }
}
