package org.jlops.mpi.verify.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.basic.MatrixGrid;
import org.jlops.mpi.ops.signal.MPIFredholm1;

/**
 * Failure drills of the dense operators (issue 15): bad input given on one rank — a rank count
 * that is not a square, a tile that does not fit the grid, a block-kind {@code A} that differs
 * between grid rows, {@code M} differing on one rank, a Fredholm kernel with one slice on one rank,
 * operands of the wrong split or partition — must raise the same {@link IllegalArgumentException}
 * on every rank before any message is sent (no hang), and leave the operands unchanged. Run under
 * {@code mpirun -np N} (any N; drills that need a square grid run on the largest square group of
 * ranks); prints {@code dense drills: K passed} on rank 0 and exits 0, or ends the job with the
 * failing drill.
 */
public final class DenseDrills {

    private DenseDrills() {
    }

    /** Where a drill runs. */
    private enum Ranks {
        /** Every rank. */
        WORLD,
        /** The largest square group of ranks (0 .. p'² - 1). */
        GRID,
        /** A group whose size is not a square: every rank, or all but the last when that count is a square. */
        NOT_SQUARE
    }

    /** One drill: its name, where it runs, and the body every rank there runs, which must throw. */
    private record Drill(String name, Ranks ranks, Function<Communicator, Object> body) {
    }

    /** Thrown alike by every rank of a drill that does not apply to this rank count. */
    private static final class Skip extends RuntimeException {
        Skip(String why) {
            super(why, null, false, false);
        }
    }

    private static NdArray values(long rows, long cols, long seed) {
        NdArray a = NdArray.zeros(DType.FLOAT64, rows, cols);
        for (long q = 0; q < a.size(); q++) {
            a.set(q, (q * 37 + seed) % 11 - 5);
        }
        return a;
    }

    private static NdArray summaTile(NdArray a, Communicator comm) {
        return MatrixGrid.localBlockSplit(a.shape(0), a.shape(1), comm.rank(), comm).of(a);
    }

    private static NdArray blockRows(NdArray a, Communicator comm) {
        int p = MatrixGrid.side(comm.size());
        long rs = MatrixGrid.blockStart(a.shape(0), p, comm.rank() % p);
        return a.slice(0, rs, rs + MatrixGrid.blockLength(a.shape(0), p, comm.rank() % p));
    }

    private static List<Drill> drills() {
        NdArray a = values(7, 5, 1);
        NdArray g = values(21, 24, 2).reshape(21, 4, 6);
        List<Drill> d = new ArrayList<>();
        d.add(new Drill("MPIMatrixMult on a rank count that is not a square", Ranks.NOT_SQUARE,
                comm -> new MPIMatrixMult(a, 3, comm)));
        d.add(new Drill("SUMMA tile of the wrong shape on the last rank", Ranks.GRID, comm -> {
            if (comm.size() == 1) {
                throw new Skip("one rank: its tile is A");
            }
            NdArray t = summaTile(a, comm);
            return new MPIMatrixMult(comm.rank() == comm.size() - 1 ? t.slice(1, 0, Math.max(0, t.shape(1) - 1)) : t,
                    3, comm);
        }));
        d.add(new Drill("BLOCK A differing on the last grid row", Ranks.GRID, comm -> {
            NdArray t = blockRows(a, comm);
            int p = MatrixGrid.side(comm.size());
            if (comm.rank() / p == p - 1 && t.size() > 0) {
                t.set(0, 99);
            }
            if (p == 1) {
                throw new Skip("one grid row");
            }
            return new MPIMatrixMult(t, 3, comm, Kind.BLOCK);
        }));
        d.add(new Drill("M differing on the last rank", Ranks.GRID, comm -> {
            if (comm.size() == 1) {
                throw new Skip("one rank: nothing to differ from");
            }
            return new MPIMatrixMult(summaTile(a, comm), comm.rank() == comm.size() - 1 ? 4 : 3, comm);
        }));
        d.add(new Drill("MPIMatrixMult input of the balanced split (unchanged)", Ranks.GRID, comm -> {
            MPIMatrixMult op = new MPIMatrixMult(summaTile(a, comm), 3, comm);
            DistributedArray x = DistributedArray.builder(comm, op.cols()).build();
            x.fill(1.25);
            if (comm.size() == 1) {
                throw new Skip("one rank: the balanced split is the tiles");
            }
            try {
                return op.matvec(x);
            } finally {
                requireUnchanged(x, 1.25);
            }
        }));
        d.add(new Drill("MPIFredholm1 with one slice on rank 1", Ranks.WORLD, comm -> {
            if (comm.size() == 1) {
                throw new Skip("one rank holds all 21 slices");
            }
            long[] counts = new long[comm.size()];
            counts[0] = 21 - (comm.size() > 1 ? 1 : 0);
            if (comm.size() > 1) {
                counts[1] = 1;
            }
            long start = comm.rank() == 0 ? 0 : comm.rank() == 1 ? counts[0] : 21;
            return new MPIFredholm1(g.slice(0, start, start + counts[comm.rank()]), 5, comm);
        }));
        d.add(new Drill("MPIFredholm1 on SCATTER input (unchanged)", Ranks.WORLD, comm -> {
            MPIFredholm1 op = new MPIFredholm1(comm.rank() == 0 ? g : g.slice(0, 0, 0), 5, comm);
            DistributedArray x = DistributedArray.builder(comm, op.cols()).partition(Partition.SCATTER).build();
            x.fill(0.5);
            try {
                return op.matvec(x);
            } finally {
                requireUnchanged(x, 0.5);
            }
        }));
        return d;
    }

    private static void requireUnchanged(DistributedArray x, double value) {
        for (long q = 0; q < x.localSize(); q++) {
            if (x.localArray().re(q) != value) {
                throw new AssertionError("the operand changed on rank " + x.rank());
            }
        }
    }

    /**
     * Runs every drill and checks, with two allreduces per drill, that every rank threw an
     * {@link IllegalArgumentException} with the same message.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Communicator world = Communicators.world();
        int n = world.size();
        int side = MatrixGrid.side(n);
        Communicator grid = world.split(world.rank() < side * side ? 0 : Communicator.UNDEFINED, world.rank());
        int odd = side * side == n ? n - 1 : n;                 // a count that is not a square (0: none)
        Communicator notSquare = world.split(world.rank() < odd && odd > 1 ? 0 : Communicator.UNDEFINED,
                world.rank());
        int passed = 0;
        int skipped = 0;
        for (Drill drill : drills()) {
            Communicator comm = switch (drill.ranks()) {
                case WORLD -> world;
                case GRID -> grid;
                case NOT_SQUARE -> notSquare;
            };
            String verdict = comm == null && drill.ranks() == Ranks.NOT_SQUARE && odd <= 1 ? "skipped" : "ok";
            if (comm != null) {
                String message = null;
                try {
                    drill.body().apply(comm);
                } catch (IllegalArgumentException e) {
                    message = e.getMessage();
                } catch (Skip e) {
                    message = "skipped: " + e.getMessage();
                    verdict = "skipped";
                }
                long h = message == null ? Long.MIN_VALUE : message.hashCode();
                long lo = comm.allreduce(h, ReduceOp.MIN);
                long hi = comm.allreduce(h, ReduceOp.MAX);
                if (message == null || lo != hi) {
                    throw new AssertionError("drill '" + drill.name() + "' on rank " + comm.rank() + ": "
                            + (message == null ? "no exception" : "the ranks' messages differ; here: " + message));
                }
                if (comm.rank() == 0) {
                    System.out.println("drill " + verdict + ": " + drill.name() + ": " + message);
                }
            } else if (world.rank() == 0) {
                System.out.println("drill skipped: " + drill.name() + ": no such group of " + n + " ranks");
            }
            if (verdict.equals("ok")) {
                passed++;
            } else {
                skipped++;
            }
            world.barrier();
        }
        if (world.rank() == 0) {
            System.out.println("dense drills: " + passed + " passed, " + skipped + " skipped");
        }
    }
}
