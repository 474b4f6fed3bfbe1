package org.jlops.mpi.ops.basic;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;

/**
 * The square process grid of the distributed matrix products ({@link MPIMatrixMult}) and its
 * helpers (PyLops-MPI's {@code active_grid_comm}, {@code local_block_split} and
 * {@code block_gather}).
 *
 * <p>{@code P = p'²} ranks form a {@code p' × p'} grid in row-major order: rank {@code r} sits in
 * grid row {@code r / p'} and grid column {@code r % p'}. A global {@code nr × nc} matrix is cut
 * into {@code p' × p'} tiles by the <em>ceil-first</em> split: every block but the trailing ones has
 * {@code ceil(nr / p')} rows (and {@code ceil(nc / p')} columns); the last non-empty block is
 * shorter, and trailing blocks may be empty. Rank {@code (i, j)} holds tile {@code (i, j)}:
 *
 * <pre>
 *   7 x 5 matrix on a 2 x 2 grid (P = 4): blocks of ceil(7/2) = 4 rows, ceil(5/2) = 3 columns
 *
 *            cols 0..2      cols 3..4
 *          +-------------+-----------+
 *   rows   |   rank 0    |  rank 1   |      rank 0: rows [0, 4) x cols [0, 3)   4 x 3
 *   0..3   |   (0, 0)    |  (0, 1)   |      rank 1: rows [0, 4) x cols [3, 5)   4 x 2
 *          +-------------+-----------+
 *   rows   |   rank 2    |  rank 3   |      rank 2: rows [4, 7) x cols [0, 3)   3 x 3
 *   4..6   |   (1, 0)    |  (1, 1)   |      rank 3: rows [4, 7) x cols [3, 5)   3 x 2
 *          +-------------+-----------+
 *
 *   the distributed vector of the matrix holds the tiles in rank order, each flattened row-major:
 *   [ tile(0,0) 12 | tile(0,1) 8 | tile(1,0) 9 | tile(1,1) 6 ]   (local sizes 12, 8, 9, 6)
 * </pre>
 *
 * <p><b>Active grid.</b> With a rank count that is not a square, or a matrix smaller than the
 * grid, {@link #activeGridComm} carves the ranks that take part: {@code p' = floor(sqrt(P))} and
 * the ranks whose grid row and column are both below {@code min(n, m, p')}:
 *
 * <pre>
 *   P = 5, n = m = 64:  p' = 2               P = 9, n = 2, m = 40:  p' = 3, active side 2
 *     grid row 0:  0  1    active               grid row 0:  0  1  2     0, 1 active
 *     grid row 1:  2  3    active               grid row 1:  3  4  5     3, 4 active
 *     (row 2):     4       inactive             grid row 2:  6  7  8     inactive
 * </pre>
 *
 * <p>Every method is static; {@link #activeGridComm} and {@link #blockGather} are collective, the
 * others local. Errors are {@link IllegalArgumentException}s naming the argument, the same on every
 * rank.
 *
 * <p><b>Differences from PyLops-MPI</b> (see {@code docs/differences.md}): the grid side is
 * {@code floor(sqrt(P))}, as PyLops-MPI computes it ({@code math.isqrt}), which its documentation
 * calls a ceiling; inactive ranks get an {@link ActiveGrid} whose {@link ActiveGrid#comm()} throws
 * a message saying so (PyLops-MPI returns {@code None}); errors are {@code IllegalArgumentException}
 * (PyLops-MPI: {@code RuntimeError}, {@code ValueError}); {@link #blockGather} places each tile with
 * its positive width (PyLops-MPI reshapes with a negative column count that NumPy reads as "infer")
 * and checks every rank's tile size first; it gathers over the array's own communicator.
 */
public final class MatrixGrid {

    private MatrixGrid() {
    }

    /**
     * The side {@code p' = floor(sqrt(size))} of the largest square grid {@code size} ranks fill.
     *
     * @param size a rank count, at least 1
     * @return {@code p'}, with {@code p'² <= size < (p' + 1)²}
     */
    public static int side(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: must be at least 1, got " + size);
        }
        int p = (int) Math.sqrt(size);
        while ((long) p * p > size) {
            p--;
        }
        while ((long) (p + 1) * (p + 1) <= size) {
            p++;
        }
        return p;
    }

    /**
     * {@code p'} for a square rank count. Local.
     *
     * @param comm the communicator whose size must be {@code p'²}
     * @param who  the caller, for the message
     * @return {@code p'}
     * @throws IllegalArgumentException naming {@code comm} when its size is not a square
     */
    static int squareSide(Communicator comm, String who) {
        int p = side(comm.size());
        if (p * p != comm.size()) {
            throw new IllegalArgumentException("comm: " + who + " needs a square number of ranks (a p' x p' grid), got "
                    + comm.size() + "; use the ranks of MatrixGrid.activeGridComm(comm, n, m)");
        }
        return p;
    }

    /**
     * The length of block {@code index} of the ceil-first split of {@code n} into {@code p} blocks:
     * {@code max(0, min(n, (index + 1) c) - index c)} with {@code c = ceil(n / p)}.
     *
     * @param n     the length split, at least 0
     * @param p     the number of blocks, at least 1
     * @param index the block, in {@code [0, p)}
     * @return the block's length (0 for trailing empty blocks)
     */
    public static long blockLength(long n, int p, int index) {
        long c = ceilDiv(n, p);
        return Math.max(0, Math.min(n, (index + 1) * c) - index * c);
    }

    /**
     * The first index of block {@code index} of the ceil-first split ({@code min(n, index · ceil(n / p))}).
     *
     * @param n     the length split, at least 0
     * @param p     the number of blocks, at least 1
     * @param index the block, in {@code [0, p]}
     * @return the block's first index
     */
    public static long blockStart(long n, int p, int index) {
        return Math.min(n, index * ceilDiv(n, p));
    }

    static long ceilDiv(long n, int p) {
        return (n + p - 1) / p;
    }

    // ------------------------------------------------------------------------------- active grid

    /**
     * The answer of {@link #activeGridComm}: on an active rank the grid's communicator and this
     * rank's place in it; on an inactive rank its place in the {@code p' × p'} grid of the base
     * communicator and no communicator.
     *
     * @param comm   the active ranks' communicator (size {@code d²}), or null on an inactive rank
     * @param rank   the rank in {@code comm} (active), or in the base communicator (inactive)
     * @param row    the grid row in the active grid (active) or the base grid (inactive)
     * @param col    the grid column likewise
     * @param active whether this rank takes part
     */
    public record ActiveGrid(Communicator comm, int rank, int row, int col, boolean active) {

        /**
         * The active ranks' communicator.
         *
         * @return the communicator of the {@code d × d} active grid
         * @throws IllegalStateException on an inactive rank, saying so
         */
        @Override
        public Communicator comm() {
            if (!active) {
                throw new IllegalStateException("rank " + rank + " (grid row " + row + ", column " + col
                        + ") is not in the active grid and has no communicator; check active() first");
            }
            return comm;
        }
    }

    /**
     * Selects the ranks of {@code base} that form the active square grid for an {@code n × m}
     * result (PyLops-MPI's {@code active_grid_comm}): with {@code p' = floor(sqrt(P))} and
     * {@code d = min(n, m, p')}, rank {@code r} (grid row {@code r / p'}, column {@code r % p'}) is
     * active when both are below {@code d}. The active ranks get a new communicator of {@code d²}
     * ranks in row-major order, with their row and column in the {@code d × d} grid; the others
     * get {@code active = false} with their base rank and base-grid place. Collective over
     * {@code base}: one allreduce agrees on {@code n} and {@code m}, one split makes the
     * communicator (inactive ranks take part in it and get none), so no rank ever waits for
     * another that returned early.
     *
     * @param base the communicator to carve from
     * @param n    rows of the result, at least 1, the same on every rank
     * @param m    columns of the result, at least 1, the same on every rank
     * @return this rank's answer
     * @throws IllegalArgumentException on every rank when {@code n} or {@code m} is not positive
     *                                  on some rank, or differs between ranks
     */
    public static ActiveGrid activeGridComm(Communicator base, long n, long m) {
        Consensus.on(base).same("n", n).same("m", m).check(() -> {
            if (n < 1 || m < 1) {
                throw new IllegalArgumentException("n, m: the result must have at least one row and one column, got "
                        + n + " x " + m);
            }
            return null;
        });
        int size = base.size();
        int rank = base.rank();
        int p = side(size);
        int row = rank / p;
        int col = rank % p;
        int d = (int) Math.min(Math.min(n, m), p);
        boolean active = row < d && col < d;
        Communicator sub = base.split(active ? 0 : Communicator.UNDEFINED, rank);
        if (!active) {
            return new ActiveGrid(null, rank, row, col, false);
        }
        int newRank = sub.rank();
        return new ActiveGrid(sub, newRank, newRank / d, newRank % d, true);
    }

    // ------------------------------------------------------------------------------- block split

    /**
     * The rows {@code [rowStart, rowEnd)} and columns {@code [colStart, colEnd)} of a tile of a
     * global matrix.
     *
     * @param rowStart first row
     * @param rowEnd   one past the last row
     * @param colStart first column
     * @param colEnd   one past the last column
     */
    public record Tile(long rowStart, long rowEnd, long colStart, long colEnd) {

        /**
         * Rows of the tile (possibly 0).
         *
         * @return rows of the tile (possibly 0)
         */
        public long rows() {
            return rowEnd - rowStart;
        }

        /**
         * Columns of the tile (possibly 0).
         *
         * @return columns of the tile (possibly 0)
         */
        public long cols() {
            return colEnd - colStart;
        }

        /**
         * Elements of the tile.
         *
         * @return elements of the tile
         */
        public long size() {
            return rows() * cols();
        }

        /** {@code rows [rs, re) x columns [cs, ce)}. */
        @Override
        public String toString() {
            return "rows [" + rowStart + ", " + rowEnd + ") x columns [" + colStart + ", " + colEnd + ")";
        }

        /**
         * This tile of a 2-d host array (PyLops' {@code A[row_slice, col_slice]}).
         *
         * @param global (Input) the {@code nr × nc} matrix; not modified
         * @return a new {@code rows() × cols()} array of the same dtype
         */
        public NdArray of(NdArray global) {
            if (global == null || global.ndim() != 2) {
                throw new IllegalArgumentException("global: expected a 2-d array, got "
                        + (global == null ? "null" : "shape " + Arrays.toString(global.shape())));
            }
            if (global.shape(0) < rowEnd || global.shape(1) < colEnd) {
                throw new IllegalArgumentException("global: shape " + Arrays.toString(global.shape())
                        + " does not hold the tile " + this);
            }
            return global.slice(0, rowStart, rowEnd).slice(1, colStart, colEnd);
        }
    }

    /**
     * The tile of an {@code nr × nc} matrix that rank {@code rank} of a square grid holds
     * (PyLops-MPI's {@code local_block_split}): grid row {@code pr = rank / p'} and column
     * {@code pc = rank % p'}, blocks of {@code ceil(nr / p')} rows and {@code ceil(nc / p')}
     * columns, rows {@code [pr·br, min(nr, (pr+1)·br))} and columns likewise (possibly empty). Local.
     *
     * @param nr   rows of the global matrix, at least 0
     * @param nc   columns of the global matrix, at least 0
     * @param rank a rank of {@code comm}
     * @param comm a communicator of {@code p'²} ranks
     * @return the tile
     * @throws IllegalArgumentException naming the argument when {@code comm}'s size is not a square,
     *                                  {@code rank} is outside {@code [0, P)} or a dimension is negative
     */
    public static Tile localBlockSplit(long nr, long nc, int rank, Communicator comm) {
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        int p = squareSide(comm, "localBlockSplit");
        if (rank < 0 || rank >= comm.size()) {
            throw new IllegalArgumentException("rank: expected a rank in [0, " + comm.size() + "), got " + rank);
        }
        if (nr < 0 || nc < 0) {
            throw new IllegalArgumentException("nr, nc: must not be negative, got " + nr + " x " + nc);
        }
        return tile(nr, nc, p, rank / p, rank % p);
    }

    /** Tile (i, j) of the ceil-first split of nr × nc on a p × p grid. */
    static Tile tile(long nr, long nc, int p, int i, int j) {
        long rs = blockStart(nr, p, i);
        long cs = blockStart(nc, p, j);
        return new Tile(rs, rs + blockLength(nr, p, i), cs, cs + blockLength(nc, p, j));
    }

    // ------------------------------------------------------------------------------- block gather

    /**
     * Assembles on every rank the {@code nr × nc} matrix whose tiles the ranks of {@code x}'s
     * communicator hold, rank {@code (i, j)} of the square grid holding tile {@code (i, j)} of
     * {@link #localBlockSplit} flattened row-major (PyLops-MPI's {@code block_gather}, e.g. of a
     * SUMMA {@link MPIMatrixMult}'s output). Collective over {@code x}'s communicator: one allreduce
     * agrees on the arguments and checks, one allgatherv moves the tiles.
     *
     * @param x  (Input) a distributed array whose local block on rank r has the size of rank r's
     *           tile; not modified
     * @param nr rows of the global matrix, the same on every rank
     * @param nc columns of the global matrix, the same on every rank
     * @return a new {@code nr × nc} array of {@code x}'s dtype, the same on every rank
     * @throws IllegalArgumentException on every rank when the communicator's size is not a square,
     *                                  {@code nr · nc} differs from {@code x}'s global size or a
     *                                  rank's local size from its tile's
     */
    public static NdArray blockGather(DistributedArray x, long nr, long nc) {
        if (x == null) {
            throw new IllegalArgumentException("x: must not be null");
        }
        Communicator comm = x.communicator();
        long[] counts = Consensus.on(comm).same("nr", nr).same("nc", nc).same("x (its layout)", x.layout())
                .check(() -> {
                    int p = squareSide(comm, "blockGather");
                    if (nr < 0 || nc < 0) {
                        throw new IllegalArgumentException("nr, nc: must not be negative, got " + nr + " x " + nc);
                    }
                    if (x.globalSize() != nr * nc) {
                        throw new IllegalArgumentException("x: " + x.globalSize() + " elements, but a " + nr + " x " + nc
                                + " matrix has " + nr * nc);
                    }
                    long[] have = x.localSizes();
                    long[] want = new long[comm.size()];
                    for (int r = 0; r < want.length; r++) {
                        want[r] = tile(nr, nc, p, r / p, r % p).size();
                        if (have[r] != want[r]) {
                            throw new IllegalArgumentException("x: rank " + r + " holds " + have[r]
                                    + " elements, but its tile " + tile(nr, nc, p, r / p, r % p) + " of the " + nr
                                    + " x " + nc + " matrix has " + want[r]);
                        }
                    }
                    return want;
                });
        int p = side(comm.size());
        DType t = x.dtype();
        long[] displs = new long[counts.length];
        for (int r = 1; r < counts.length; r++) {
            displs[r] = displs[r - 1] + counts[r - 1];
        }
        NdArray gathered = NdArray.zeros(t, nr * nc);
        MemorySegment recv = gathered.data() instanceof double[] d ? MemorySegment.ofArray(d)
                : MemorySegment.ofArray((float[]) gathered.data());
        comm.allgatherv(x.localBuffer().segment(), x.localSize(), recv, counts, displs, t.datatype());
        NdArray out = NdArray.zeros(t, nr, nc);
        int c = t.components();
        Object src = gathered.data();
        Object dst = out.data();
        for (int r = 0; r < counts.length; r++) {
            Tile tl = tile(nr, nc, p, r / p, r % p);
            for (long i = 0; i < tl.rows(); i++) {
                int from = (int) (c * (displs[r] + i * tl.cols()));
                int to = (int) (c * ((tl.rowStart() + i) * nc + tl.colStart()));
                System.arraycopy(src, from, dst, to, (int) (c * tl.cols()));
            }
        }
        return out;
    }
}
