package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.Dottest;
import org.jlops.mpi.ops.basic.MPIHalo;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.testkit.DenseOp;

/**
 * Drills of the collective methods around the operators that are not products: the dot-test
 * ({@code ops/Dottest}: {@code like}, {@code seed}, {@code rtol}, {@code atol}) and the halo's
 * helpers ({@code ops/MPIHalo}: {@code fromModel(model)}, {@code sandwich(inner)}).
 */
public final class HelperDrills {

    private HelperDrills() {
    }

    /** Every helper drill. */
    public static List<Drill> drills() {
        List<Drill> out = new ArrayList<>();
        Group g = new Group("ops/Dottest");
        for (Badness b : BadOperands.VECTOR_KINDS) {
            g.add("check", "like", b, (comm, bad) -> {
                DistributedOperator<DistributedVector> op = SolverDrills.operator(comm);
                DistributedVector like = BadOperands.operand(b, DistributedArray.toDist(ArrayDrills.values(9, 0), comm),
                        comm, bad);
                return Scene.of(() -> dottest(op, like, 7, 1e-6, 1e-21), like);
            });
        }
        g.add("check", "seed", Badness.DIFFERS, (comm, bad) -> dottest(comm, bad, 8, 1e-6, 1e-21));
        g.add("check", "rtol", Badness.NAN, (comm, bad) -> dottest(comm, bad, 7, Double.NaN, 1e-21));
        g.add("check", "rtol", Badness.DIFFERS, (comm, bad) -> dottest(comm, bad, 7, 1e-30, 1e-21));
        g.add("check", "atol", Badness.DIFFERS, (comm, bad) -> dottest(comm, bad, 7, 1e-6, 1));
        out.addAll(g.drills());

        g = new Group("ops/MPIHalo");
        for (Badness b : BadOperands.VECTOR_KINDS) {
            if (b == Badness.STACKING) {
                continue;                                // fromModel takes a DistributedArray: no stack can be passed
            }
            g.add("fromModel", "model", b, (comm, bad) -> {
                MPIHalo h = halo(comm);
                DistributedVector model = BadOperands.operand(b, h.toModel(ArrayDrills.values(h.cols(), 0)), comm, bad);
                return Scene.of(() -> h.fromModel((DistributedArray) model), model);
            });
        }
        g.add("sandwich", "inner", Badness.SIZE, (comm, bad) -> {
            MPIHalo h = halo(comm);
            long n = h.dataCounts()[comm.rank()];
            long m = comm.rank() == bad ? n + 1 : n;
            return Scene.of(() -> h.sandwich(DenseOp.constant(DType.FLOAT64, m, m, 1, 0)));
        });
        g.add("sandwich", "inner", Badness.NULL, (comm, bad) -> {
            MPIHalo h = halo(comm);
            return Scene.of(() -> h.sandwich(comm.rank() == bad ? null
                    : new FirstDerivative(h.localExtent(), 0, 1.0, org.jlops.mpi.ops.serial.DerivativeKind.CENTERED,
                            false, 3, DType.FLOAT64)));
        });
        out.addAll(g.drills());
        return out;
    }

    /** A halo of width 1 around the blocks of a 12x3 grid split along axis 0. Collective. */
    private static MPIHalo halo(Communicator comm) {
        return new MPIHalo(new long[] {12, 3}, 1, new int[] {comm.size(), 1}, comm, DType.FLOAT64);
    }

    private static Scene dottest(Communicator comm, int bad, long badSeed, double badRtol, double badAtol) {
        DistributedOperator<DistributedVector> op = SolverDrills.operator(comm);
        DistributedVector like = DistributedArray.toDist(ArrayDrills.values(9, 0), comm);
        boolean mine = comm.rank() == bad;
        return Scene.of(() -> dottest(op, like, mine ? badSeed : 7, mine ? badRtol : 1e-6, mine ? badAtol : 1e-21),
                like);
    }

    private static Object dottest(DistributedOperator<DistributedVector> op, DistributedVector like, long seed,
            double rtol, double atol) {
        Dottest.Result r = Dottest.check(op, like, seed, rtol, atol);
        return List.of(r.yy(), r.xx(), r.passed());
    }
}
