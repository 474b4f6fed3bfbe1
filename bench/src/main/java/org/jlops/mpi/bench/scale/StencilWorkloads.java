package org.jlops.mpi.bench.scale;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;

/**
 * Stencil workloads on 2-D float64 arrays split in row slabs (the rows scale, 4096 columns): the
 * forward product into an output held from call to call
 * ({@link MPILinearOperator#matvec(DistributedArray, DistributedArray)}). Bytes count one read
 * of the input and one write of the output (16 bytes per element), as the operator benchmark does.
 */
public final class StencilWorkloads {

    private StencilWorkloads() {
    }

    /** {@code {rows, cols}} of a derivative workload: 4096 x 4096 by default. */
    static long[] dims(Workload.Scale scale, long full, long quick) {
        return new long[] {scale.extent(full, quick), scale.fixed(full, quick)};
    }

    /** The forward product of {@code a} on a random input in its model layout. Collective. */
    static Workload.Instance forward(MPILinearOperator a, Communicator comm, long[] dims, double flopsPerElement,
            String what) {
        DistributedArray x = a.rmatvec(a.matvec(DistributedArray.builder(comm, a.cols()).build()));
        Fill.uniform(x, 7);
        DistributedArray y = a.matvec(x);
        long n = a.cols();
        return new Workload.Instance(dims[0] + "x" + dims[1], 16.0 * n, flopsPerElement * n,
                what + ", forward into a held output; 16 B, " + (int) flopsPerElement + " flops per element",
                () -> a.matvec(x, y));
    }

    /** First derivative along the rows, centered, order 3. */
    public static final class FirstDerivative implements Workload {
        @Override
        public String name() {
            return "first_derivative";
        }

        @Override
        public String op() {
            return "forward";
        }

        @Override
        public Floor floor() {
            return Floor.TRIAD;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long[] d = dims(scale, 4096, 64);
            return forward(new MPIFirstDerivative(d, 1.0, DerivativeKind.CENTERED, false, 3, comm, DType.FLOAT64),
                    comm, d, 2, "centered order 3 along axis 0");
        }
    }

    /** Second derivative along the rows, centered. */
    public static final class SecondDerivative implements Workload {
        @Override
        public String name() {
            return "second_derivative";
        }

        @Override
        public String op() {
            return "forward";
        }

        @Override
        public Floor floor() {
            return Floor.TRIAD;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long[] d = dims(scale, 4096, 64);
            return forward(new MPISecondDerivative(d, 1.0, DerivativeKind.CENTERED, false, comm, DType.FLOAT64),
                    comm, d, 4, "centered along axis 0");
        }
    }

    /** 2-D Laplacian (both axes, unit weights), 2048 x 2048 by default. */
    public static final class Laplacian implements Workload {
        @Override
        public String name() {
            return "laplacian";
        }

        @Override
        public String op() {
            return "forward";
        }

        @Override
        public Floor floor() {
            return Floor.TRIAD;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long[] d = dims(scale, 2048, 32);
            return forward(new MPILaplacian(d, comm), comm, d, 9, "both axes");
        }
    }
}
