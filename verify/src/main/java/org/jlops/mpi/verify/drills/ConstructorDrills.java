package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.basic.MPIHalo;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.jlops.mpi.testkit.DenseOp;

/**
 * Representative constructor drills (group {@code constructor/<class>}): a NaN or differing option
 * on one rank — the derivatives' sampling, order, edge and dims, the Laplacian's weights and axes,
 * the block operators' dtype, mask and blocks of another shape, the halo's width and dims, and
 * {@link DistributedArray.Builder#build()}'s global shape, partition, dtype, mask and split. The
 * call is the construction itself.
 */
public final class ConstructorDrills {

    private static final long[] DIMS = {9, 2};

    private ConstructorDrills() {
    }

    /** A value per rank: {@code bad} on the bad rank, {@code good} elsewhere. */
    private static <T> T pick(Communicator comm, int badRank, T good, T bad) {
        return comm.rank() == badRank ? bad : good;
    }

    /** Every constructor drill. */
    public static List<Drill> drills() {
        List<Drill> out = new ArrayList<>();

        Group g = new Group("constructor/MPIFirstDerivative");
        g.add("new", "sampling", Badness.NAN, (comm, bad) -> Scene.of(() -> new MPIFirstDerivative(DIMS,
                pick(comm, bad, 1.0, Double.NaN), DerivativeKind.CENTERED, false, 3, comm, DType.FLOAT64)));
        g.add("new", "sampling", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPIFirstDerivative(DIMS,
                pick(comm, bad, 1.0, 0.5), DerivativeKind.CENTERED, false, 3, comm, DType.FLOAT64)));
        g.add("new", "dims", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPIFirstDerivative(
                pick(comm, bad, DIMS, new long[] {10, 2}), 1.0, DerivativeKind.CENTERED, false, 3, comm, DType.FLOAT64)));
        g.add("new", "order", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPIFirstDerivative(DIMS, 1.0,
                DerivativeKind.CENTERED, false, pick(comm, bad, 3, 5), comm, DType.FLOAT64)));
        out.addAll(g.drills());

        g = new Group("constructor/MPISecondDerivative");
        g.add("new", "sampling", Badness.NAN, (comm, bad) -> Scene.of(() -> new MPISecondDerivative(DIMS,
                pick(comm, bad, 1.0, Double.NaN), DerivativeKind.CENTERED, false, comm, DType.FLOAT64)));
        g.add("new", "edge", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPISecondDerivative(DIMS, 1.0,
                DerivativeKind.CENTERED, pick(comm, bad, false, true), comm, DType.FLOAT64)));
        out.addAll(g.drills());

        g = new Group("constructor/MPILaplacian");
        g.add("new", "weights", Badness.NAN, (comm, bad) -> laplacian(comm, new int[] {0, 1},
                pick(comm, bad, new double[] {1, 1}, new double[] {1, Double.NaN})));
        g.add("new", "weights", Badness.DIFFERS, (comm, bad) -> laplacian(comm, new int[] {0, 1},
                pick(comm, bad, new double[] {1, 1}, new double[] {1, 2})));
        g.add("new", "axes", Badness.DIFFERS, (comm, bad) -> laplacian(comm, pick(comm, bad, new int[] {0, 1},
                new int[] {0, -1}), new double[] {1, 1}));
        out.addAll(g.drills());

        g = new Group("constructor/MPIGradient");
        g.add("new", "sampling", Badness.NAN, (comm, bad) -> Scene.of(() -> new MPIGradient(DIMS,
                pick(comm, bad, new double[] {1, 1}, new double[] {Double.NaN, 1}), false, DerivativeKind.CENTERED,
                comm, DType.FLOAT64)));
        out.addAll(g.drills());

        g = new Group("constructor/MPIBlockDiag");
        g.add("new", "dtype", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPIBlockDiag(blocks(2, 3), comm, null,
                pick(comm, bad, DType.FLOAT64, DType.COMPLEX128))));
        g.add("new", "ops", Badness.NULL, (comm, bad) -> Scene.of(() -> new MPIBlockDiag(pick(comm, bad, blocks(2, 3),
                null), comm, null, null)));
        g.add("new", "mask", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPIBlockDiag(blocks(2, 3), comm,
                pick(comm, bad, new int[comm.size()], BadOperands.otherMask(new int[comm.size()], comm.size())), null)));
        out.addAll(g.drills());

        g = new Group("constructor/MPIVStack");
        g.add("new", "ops", Badness.SIZE, (comm, bad) -> Scene.of(() -> new MPIVStack(pick(comm, bad, blocks(2, 3),
                blocks(2, 4)), comm)));
        out.addAll(g.drills());

        g = new Group("constructor/MPIHStack");
        g.add("new", "ops", Badness.SIZE, (comm, bad) -> Scene.of(() -> new MPIHStack(pick(comm, bad, blocks(2, 3),
                blocks(3, 3)), comm)));
        out.addAll(g.drills());

        g = new Group("constructor/MPIHalo");
        g.add("new", "dims", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPIHalo(pick(comm, bad,
                new long[] {12, 3}, new long[] {13, 3}), 1, null, comm, DType.FLOAT64)));
        g.add("new", "halo", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> new MPIHalo(new long[] {3, 12},
                pick(comm, bad, 1, 2), null, comm, DType.FLOAT64)));
        out.addAll(g.drills());

        g = new Group("constructor/DistributedArray");
        g.add("build", "globalShape", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> DistributedArray.builder(comm,
                pick(comm, bad, 7L, 8L)).build()));
        g.add("build", "partition", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> DistributedArray.builder(comm, 7)
                .partition(pick(comm, bad, Partition.SCATTER, Partition.BROADCAST)).build()));
        g.add("build", "dtype", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> DistributedArray.builder(comm, 7)
                .dtype(pick(comm, bad, DType.FLOAT64, DType.FLOAT32)).build()));
        g.add("build", "mask", Badness.DIFFERS, (comm, bad) -> Scene.of(() -> DistributedArray.builder(comm, 7)
                .mask(pick(comm, bad, new int[comm.size()], BadOperands.otherMask(new int[comm.size()], comm.size())))
                .build()));
        g.add("build", "localShapes", Badness.SPLIT, (comm, bad) -> Scene.of(() -> DistributedArray.builder(comm, 7)
                .localSizes(pick(comm, bad, BadOperands.balanced(7, comm),
                        BadOperands.moved(BadOperands.balanced(7, comm)))).build()));
        g.add("build", "mask", Badness.RANGE, (comm, bad) -> Scene.of(() -> DistributedArray.builder(comm, 7)
                .mask(pick(comm, bad, new int[comm.size()], new int[] {-1})).build()));
        out.addAll(g.drills());
        return out;
    }

    private static Scene laplacian(Communicator comm, int[] axes, double[] weights) {
        return Scene.of(() -> new MPILaplacian(DIMS, axes, weights, new double[] {1, 1}, false,
                DerivativeKind.CENTERED, comm, DType.FLOAT64));
    }

    /** Two float64 blocks of {@code rows x cols} on every rank. */
    private static List<LocalOperator> blocks(long rows, long cols) {
        return List.of(DenseOp.constant(DType.FLOAT64, rows, cols, 1, 0), DenseOp.constant(DType.FLOAT64, rows, cols,
                2, 0));
    }
}
