package org.jlops.mpi.bench.scale;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIVStack;

/**
 * Block operators of dense float64 {@link MatrixMult} blocks (BLAS through dev.ludovic.netlib): 8 blocks of 1024 x 1024 in all by default (the
 * block count scales), split evenly over the ranks in rank order. Bytes count the matrices (8 B
 * per entry) plus one read of the input and one write of the output; flops 2 per matrix entry.
 */
public final class StackWorkloads {

    /** Default block side. */
    static final int SIDE = 1024;
    /** Quick-mode block side. */
    static final int QUICK_SIDE = 16;

    private StackWorkloads() {
    }

    /** The number of blocks at np = 1 (the block count scales in weak mode). */
    static int blockCount(boolean quick) {
        return quick ? 4 : 8;
    }

    /** This rank's blocks of {@code total} (block b gets seed 1000 + b). */
    static List<LocalOperator> blocks(Communicator comm, long total, int side) {
        long lo = total * comm.rank() / comm.size();
        long hi = total * (comm.rank() + 1) / comm.size();
        List<LocalOperator> ops = new ArrayList<>();
        for (long b = lo; b < hi; b++) {
            ops.add(new MatrixMult(NdArray.ofFloat64(Fill.matrix(side, side, 1000 + b), side, side)));
        }
        return ops;
    }

    static Workload.Instance timed(MPILinearOperator a, DistributedArray x, long blocks, int side, String what) {
        DistributedArray y = a.matvec(x);
        double entries = (double) blocks * side * side;
        double vectors = 8.0 * (a.cols() + a.rows());
        return new Workload.Instance(blocks + "x" + side + "x" + side, 8 * entries + vectors, 2 * entries,
                what + "; MatrixMult blocks; bytes: matrices + input + output",
                () -> a.matvec(x, y));
    }

    /** MPIBlockDiag of the blocks, SCATTER model. */
    public static final class BlockDiag implements Workload {
        @Override
        public String name() {
            return "blockdiag";
        }

        @Override
        public String op() {
            return "forward";
        }

        @Override
        public Floor floor() {
            return Floor.DGEMV;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long total = scale.extent(blockCount(false), blockCount(true));
            int side = (int) scale.fixed(SIDE, QUICK_SIDE);
            MPILinearOperator a = new MPIBlockDiag(blocks(comm, total, side), comm);
            DistributedArray x = a.rmatvec(a.matvec(DistributedArray.builder(comm, a.cols()).build()));
            Fill.uniform(x, 7);
            return timed(a, x, total, side, "block diagonal");
        }
    }

    /** MPIVStack of the blocks on a BROADCAST model (no communication forward). */
    public static final class VStack implements Workload {
        @Override
        public String name() {
            return "vstack";
        }

        @Override
        public String op() {
            return "forward";
        }

        @Override
        public Floor floor() {
            return Floor.DGEMV;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long total = scale.extent(blockCount(false), blockCount(true));
            int side = (int) scale.fixed(SIDE, QUICK_SIDE);
            MPILinearOperator a = new MPIVStack(blocks(comm, total, side), comm);
            DistributedArray x = DistributedArray.builder(comm, side).partition(Partition.BROADCAST).build();
            var local = x.localArray();
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
            for (long k = 0; k < side; k++) {
                local.set(k, 2 * rnd.nextDouble() - 1);
            }
            return timed(a, x, total, side, "vertical stack, broadcast model");
        }
    }

    /** MPIHStack of the blocks: local products summed by one allreduce. */
    public static final class HStack implements Workload {
        @Override
        public String name() {
            return "hstack";
        }

        @Override
        public String op() {
            return "forward";
        }

        @Override
        public Floor floor() {
            return Floor.DGEMV;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long total = scale.extent(blockCount(false), blockCount(true));
            int side = (int) scale.fixed(SIDE, QUICK_SIDE);
            MPILinearOperator a = new MPIHStack(blocks(comm, total, side), comm);
            DistributedArray x = a.rmatvec(a.matvec(a.rmatvec(
                    DistributedArray.builder(comm, side).partition(Partition.BROADCAST).build())));
            Fill.uniform(x, 7);
            return timed(a, x, total, side, "horizontal stack, allreduce of the output");
        }
    }
}
