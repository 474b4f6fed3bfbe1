package org.jlops.mpi.solvers;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIStackedBlockDiag;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;

/** The solver test problems of SPEC §10 (test_solver), built on one rank, with their dense references. */
final class Problems {

    private Problems() {
    }

    /** The operator families of test_solver. */
    enum Kind { BLOCKDIAG, VSTACK, HSTACK, STACKED }

    /**
     * A distributed operator, its serial reference, and a model vector of an accepted input layout.
     */
    record Problem(DistributedOperator<DistributedVector> op, DenseOperator ref, DistributedVector model) {
    }


    /**
     * The problem of {@code kind}: random {@code ny × nx} blocks {@code A_r} (seeded by rank, 6 added
     * to the diagonal so that they are well conditioned), or
     * for {@code square} their normal matrices {@code A_r^H A_r + I}; HSTACK uses PyLops-MPI's
     * {@code (r+1)·ones (+ i(r+2))} blocks. Collective.
     */
    static Problem of(Kind kind, Communicator comm, DType dtype, int ny, int nx, boolean square, long seed) {
        return of(kind, comm, dtype, ny, nx, square, seed, 6);
    }

    /** As {@link #of(Kind, Communicator, DType, int, int, boolean, long)} with {@code boost} added to the diagonals. */
    static Problem of(Kind kind, Communicator comm, DType dtype, int ny, int nx, boolean square, long seed,
            double boost) {
        int p = comm.size();
        int me = comm.rank();
        List<DenseOperator> refs = new ArrayList<>();
        List<DenseOperator> refs2 = new ArrayList<>();
        SolverTesting.Matrix mine = null;
        SolverTesting.Matrix mine2 = null;
        for (int r = 0; r < p; r++) {
            SolverTesting.Matrix a = kind == Kind.HSTACK
                    ? SolverTesting.Matrix.constant(dtype, ny, nx, r + 1, dtype.isComplex() ? r + 2 : 0)
                    : SolverTesting.Matrix.random(dtype, ny, nx, seed + 101 * r).plusDiagonal(boost);
            SolverTesting.Matrix b = SolverTesting.Matrix.random(dtype, ny + 3, nx, seed + 7 + 101 * r).plusDiagonal(boost);
            if (square) {
                a = a.normal(1.0);
                b = b.normal(1.0);
            }
            refs.add(a.reference());
            refs2.add(b.reference());
            if (r == me) {
                mine = a;
                mine2 = b;
            }
        }
        int cols = (int) mine.cols();
        return switch (kind) {
            case BLOCKDIAG -> new Problem(DistributedOperator.general(new MPIBlockDiag(List.of(mine), comm)),
                    ReferenceOperators.blockDiag(refs), DistributedArray.builder(comm, (long) p * cols).dtype(dtype).build());
            case VSTACK -> new Problem(DistributedOperator.general(new MPIVStack(List.of(mine), comm)),
                    ReferenceOperators.vstack(refs), DistributedArray.builder(comm, cols).partition(Partition.BROADCAST).dtype(dtype).build());
            case HSTACK -> new Problem(DistributedOperator.general(new MPIHStack(List.of(mine), comm)),
                    ReferenceOperators.hstack(refs), DistributedArray.builder(comm, (long) p * cols).dtype(dtype).build());
            case STACKED -> {
                MPIBlockDiag b1 = new MPIBlockDiag(List.of(mine), comm);
                MPIBlockDiag b2 = new MPIBlockDiag(List.of(mine2), comm);
                DistributedVector m = StackedDistributedArray.of(
                        DistributedArray.builder(comm, (long) p * cols).dtype(dtype).build(),
                        DistributedArray.builder(comm, (long) p * mine2.cols()).dtype(dtype).build());
                yield new Problem(DistributedOperator.general(new MPIStackedBlockDiag(List.of(b1, b2), comm)),
                        ReferenceOperators.blockDiag(List.of(ReferenceOperators.blockDiag(refs),
                                ReferenceOperators.blockDiag(refs2))), m);
            }
        };
    }
}
