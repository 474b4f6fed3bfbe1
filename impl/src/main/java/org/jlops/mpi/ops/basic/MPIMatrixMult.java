package org.jlops.mpi.ops.basic;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.Masks;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.DenseKernels.Op;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.OperandChecks;

/**
 * Distributed dense matrix product on a square process grid (PyLops-MPI's {@code MPIMatrixMult}):
 * a global {@code N × K} matrix {@code A} applied to the {@code M} columns of a
 * {@code K × M} model matrix,
 *
 * <pre>
 *     forward:  Y = A X        (N × M)
 *     adjoint:  X = Aᴴ Y       (K × M; the conjugate transpose, Aᵀ for real A)
 * </pre>
 *
 * <p>{@code P = p'²} ranks form a {@code p' × p'} grid, rank {@code r} at grid row
 * {@code r / p'} and column {@code r % p'} ({@link MatrixGrid}); blocks are the ceil-first split
 * ({@code ceil(n / p')} per block, trailing blocks short or empty). Model and data vectors are 1-d
 * SCATTER arrays holding tiles of {@code X} and {@code Y}, flattened row-major, in rank order —
 * not the row-major ravel of the matrices. Two layouts, chosen by {@link Kind}:
 *
 * <pre>
 *   SUMMA (2 x 2 grid): A, X and Y in p' x p' tiles    BLOCK (2 x 2 grid): rows of A per grid column,
 *                                                        column blocks of X, Y per grid row
 *          A (N x K)        X (K x M)                           A (N x K)          X (K x M)
 *      +-------+-------+  +-------+-------+              +---------------+    +-------+-------+
 *      | r0    | r1    |  | r0    | r1    |              | c0: r0, r2    |    | r0,r1 | r2,r3 |
 *      +-------+-------+  +-------+-------+              +---------------+    |       |       |
 *      | r2    | r3    |  | r2    | r3    |              | c1: r1, r3    |    |       |       |
 *      +-------+-------+  +-------+-------+              +---------------+    +-------+-------+
 *   rank (i, j) holds A[i, j], X[i, j], Y[i, j]           rank (i, j) holds rows block j of A (all K
 *                                                         columns) and column block i of X and Y:
 *                                                         A is replicated down the grid columns, X and
 *                                                         Y across the p' ranks of a grid row
 * </pre>
 *
 * <table>
 * <caption>Layouts (rank (i, j); n_b, k_b, m_b the ceil-first block lengths)</caption>
 * <tr><th>kind</th><th>A given on rank (i, j)</th><th>model x</th><th>data y</th><th>dims, dimsd</th></tr>
 * <tr><td>SUMMA</td><td>tile {@code A[i, j]}: {@code n_i × k_j}
 *     ({@link MatrixGrid#localBlockSplit})</td><td>{@code k_i · m_j} entries: {@code X[i, j]}</td>
 *     <td>{@code n_i · m_j}: {@code Y[i, j]}</td><td>{@code (K, M)}, {@code (N, M)}</td></tr>
 * <tr><td>BLOCK</td><td>rows block {@code j}: {@code n_j × K}, the same on every grid row</td>
 *     <td>{@code K · m_i}: columns block {@code i} of {@code X}</td><td>{@code N · m_i}: columns
 *     block {@code i} of {@code Y}</td><td>{@code (K, p'M)}, {@code (N, p'M)}</td></tr>
 * </table>
 *
 * <p>Both products take a 1-d SCATTER array with exactly the local sizes of the table
 * ({@link #modelSizes()}, {@link #dataSizes()}) and return one with the other sizes and the
 * input's mask. The block kind's vectors hold every column block {@code p'} times (once per rank
 * of a grid row): give them the mask {@link #modelMask()} ({@code r % p'}), so that each mask
 * group holds every block once and reductions ({@code dot}, {@code norm}) count it once; the output
 * then carries it too, and an {@code MPIBlockDiag} built with the same mask chains with it.
 * {@link #toModel}/{@link #toData} build the vectors from global matrices, {@link #fromModel}/
 * {@link #fromData} assemble them back.
 *
 * <p><b>Computation and communication</b> per product (P = p'² ranks, elements of the work dtype):
 * <ul>
 *   <li>BLOCK forward: {@code T = A_j X_i} ({@code n_j × m_i}, one {@code gemm}), then one
 *       {@code allgatherv} of {@code T} inside every grid row (p' ranks), stacked in grid-column
 *       order into {@code Y}'s column block.</li>
 *   <li>BLOCK adjoint: {@code U = A_jᴴ Y_i[rows of block j]} ({@code K × m_i}, one {@code gemm}),
 *       then one {@code allreduce} (sum) of {@code U} inside every grid row.</li>
 *   <li>SUMMA forward: for {@code s = 0 .. p'-1}: {@code A[i, s]} broadcast along grid row
 *       {@code i} from grid column {@code s}, {@code X[s, j]} broadcast along grid column {@code j}
 *       from grid row {@code s}, {@code Y[i, j] += A[i, s] X[s, j]} ({@code gemm}, accumulating) —
 *       on tiles zero-padded to {@code ceil(N/p') × ceil(K/p')} and {@code ceil(K/p') × ceil(M/p')}.</li>
 *   <li>SUMMA adjoint: for {@code s}: {@code Y[s, j]} broadcast along grid column {@code j} from
 *       grid row {@code s}; every rank {@code (s, j)} of grid row {@code s} sends its tile
 *       {@code A[s, j]} (or the stored {@code A[s, j]ᴴ}) point to point to the p' ranks of grid
 *       row {@code j} but itself (tag {@code (100 + s)·1000 + dest}), each rank {@code (i, j)}
 *       receiving {@code A[s, i]} from rank {@code (s, i)}; {@code X[i, j] += A[s, i]ᴴ Y[s, j]}.
 *       Sends and receives interleave in PyLops-MPI's order, which never deadlocks, also with
 *       synchronous sends.</li>
 * </ul>
 * <p>Local products are the engine's dense kernels ({@link Engine#dense()}: BLAS {@code gemm} for
 * every dtype where installed), never element loops here. Tiles whose dtype is already the work
 * dtype are used in place (no copy); an input of another dtype is converted once. On arrays of
 * another engine (a GPU's) the products are that engine's: the tile is copied to the engine on the
 * first product there and kept.
 *
 * <p><b>dtypes.</b> {@code A} is converted to the operator's dtype (a complex {@code A} needs a
 * complex dtype). Forward output: the common type of the operator's and the input's dtypes;
 * adjoint output: that common type when either is complex, else the operator's dtype (PyLops-MPI's
 * rules). Products accumulate in the work dtype (PyLops-MPI accumulates complex128 in extended
 * precision): results agree with it to rounding.
 *
 * <p><b>Construction</b> is collective over {@code comm}: one allreduce agrees on every rank's
 * local checks and on {@code m}, the kind, dtype and {@code saveAt} being the same everywhere;
 * one allgather collects every rank's tile shape (and, for BLOCK, a fingerprint of its values);
 * the grid's row and column communicators are split once per communicator (cached by
 * {@link Masks}). Bad input — a rank count that is not a square, a tile that does not fit the
 * grid, a BLOCK {@code A} that differs between grid rows — throws the same
 * {@link IllegalArgumentException} on every rank before any product.
 *
 * <p><b>Differences from PyLops-MPI</b> (see {@code docs/differences.md}):
 * <ol>
 *   <li>{@link Kind} is an enum (PyLops-MPI: the strings {@code "summa"}, {@code "block"}, anything
 *       else a {@code NotImplementedError}); options are an {@link Options} record.</li>
 *   <li>A rank count that is not a square is an {@code IllegalArgumentException} naming
 *       {@link MatrixGrid#activeGridComm} on every rank (PyLops-MPI: a generic {@code Exception}).</li>
 *   <li>Every rank's tile is checked against the grid at construction (PyLops-MPI assumes it and
 *       fails later, or computes with misplaced rows); for BLOCK, {@code A} must be the same on
 *       every grid row (checked with a fingerprint of the values).</li>
 *   <li>SUMMA works for every {@code N}, {@code K}, {@code M} on every grid, also when a block
 *       before the last one is short or empty (e.g. {@code N = 5} on a 4 × 4 grid): every tile is
 *       padded to the block size. PyLops-MPI pads the last grid row and column only and fails
 *       there.</li>
 *   <li>Operands must have exactly the local sizes of the grid; other sizes or partitions fail on
 *       every rank with a message naming them (PyLops-MPI fails on the ranks whose reshape
 *       fails).</li>
 *   <li>{@code saveAt} keeps {@code Aᴴ} beside {@code A} as in PyLops-MPI; the BLAS reads a
 *       transposed operand in place, so without it no transposed copy is made per product either.</li>
 * </ol>
 */
public final class MPIMatrixMult extends MPILinearOperator {

    /** The distribution of {@code A}, {@code X} and {@code Y}. */
    public enum Kind {
        /** 2-d tiles of A, X and Y on the grid; the SUMMA algorithm (van de Geijn and Watts). */
        SUMMA,
        /** Row blocks of A per grid column, column blocks of X and Y per grid row. */
        BLOCK
    }

    /**
     * The options of {@link MPIMatrixMult} with PyLops-MPI's defaults ({@link #of(Kind)}: float64,
     * no {@code saveAt}).
     *
     * @param kind   the distribution
     * @param dtype  the operator's dtype ({@code A} is converted to it)
     * @param saveAt keep {@code Aᴴ} beside {@code A} (twice the memory) and use it in the adjoint
     */
    public record Options(Kind kind, DType dtype, boolean saveAt) {

        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException naming a null kind or dtype
         */
        public Options {
            if (kind == null) {
                throw new IllegalArgumentException("kind: must not be null");
            }
            if (dtype == null) {
                throw new IllegalArgumentException("dtype: must not be null");
            }
        }

        /**
         * PyLops-MPI's defaults for a kind: float64, no {@code saveAt}.
         *
         * @param kind the distribution
         * @return the options
         */
        public static Options of(Kind kind) {
            return new Options(kind, DType.FLOAT64, false);
        }

        /**
         * These options with another dtype.
         *
         * @param d the dtype
         * @return new options
         */
        public Options withDtype(DType d) {
            return new Options(kind, d, saveAt);
        }

        /**
         * These options with {@code saveAt} set.
         *
         * @param save whether {@code Aᴴ} is kept
         * @return new options
         */
        public Options withSaveAt(boolean save) {
            return new Options(kind, dtype, save);
        }
    }

    private final Kind kind;
    private final boolean saveAt;
    private final int p;
    private final int row;
    private final int col;
    private final long n;
    private final long k;
    private final long m;
    /** This rank's tile at the operator's dtype: BLOCK n_j × K; SUMMA padded to bn × bk. */
    private final NdArray tile;
    /** Its conjugate transpose when saveAt, else null. */
    private final NdArray tileH;
    /** The tiles copied to non-host engines, on their first product there ({@link #buffer}). */
    private final Map<TileKey, Buffer> onEngines = new ConcurrentHashMap<>();
    private final long[] modelSizes;
    private final long[] dataSizes;
    private final int[] modelMask;
    private final Communicator rowComm;
    private final Communicator colComm;

    /**
     * The SUMMA kind with PyLops-MPI's defaults (float64, no {@code saveAt}). Collective.
     *
     * @param a    (Input) this rank's tile of {@code A} (see the class table); not modified (copied)
     * @param m    the number of columns {@code M} of {@code X} and {@code Y}, at least 1, the same on
     *             every rank
     * @param comm a communicator of {@code p'²} ranks
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is
     *                                  bad (see the class doc)
     */
    public MPIMatrixMult(NdArray a, long m, Communicator comm) {
        this(a, m, comm, Options.of(Kind.SUMMA));
    }

    /**
     * The given kind with PyLops-MPI's defaults (float64, no {@code saveAt}). Collective.
     *
     * @param a    (Input) this rank's tile or row block of {@code A}; not modified (copied)
     * @param m    the number of columns {@code M}, at least 1, the same on every rank
     * @param comm a communicator of {@code p'²} ranks
     * @param kind the distribution
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIMatrixMult(NdArray a, long m, Communicator comm, Kind kind) {
        this(a, m, comm, kind == null ? null : Options.of(kind));
    }

    /**
     * The operator with explicit options. Collective: one allreduce (checks and agreement), one
     * allgather (tile shapes), and the first time on {@code comm} two splits (grid rows and
     * columns, cached).
     *
     * @param a       (Input) this rank's tile (SUMMA) or row block (BLOCK) of {@code A}; not
     *                modified (copied, converted to the dtype)
     * @param m       the number of columns {@code M}, at least 1, the same on every rank
     * @param comm    a communicator of {@code p'²} ranks
     * @param options the kind, dtype and {@code saveAt}, the same on every rank
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIMatrixMult(NdArray a, long m, Communicator comm, Options options) {
        Plan plan = Plan.of(a, m, comm, options);
        super(plan.dims, plan.dimsd, options.dtype(), comm);
        this.kind = options.kind();
        this.saveAt = options.saveAt();
        this.p = plan.p;
        this.row = comm.rank() / p;
        this.col = comm.rank() % p;
        this.n = plan.n;
        this.k = plan.k;
        this.m = m;
        this.tile = plan.tile;
        this.tileH = saveAt ? conjugateTranspose(plan.tile) : null;
        this.modelSizes = plan.modelSizes;
        this.dataSizes = plan.dataSizes;
        int[] rows = new int[comm.size()];
        int[] cols = new int[comm.size()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r / p;
            cols[r] = r % p;
        }
        this.modelMask = kind == Kind.BLOCK ? cols : null;
        this.rowComm = Masks.subcommSplit(comm, rows);
        this.colComm = Masks.subcommSplit(comm, cols);
    }

    /** What the constructor derives from its arguments, checked and agreed on every rank. */
    private record Plan(int p, long n, long k, NdArray tile, long[] modelSizes, long[] dataSizes, long[] dims,
            long[] dimsd) {

        private static final int INFO = 3; // rows, cols, fingerprint

        static Plan of(NdArray a, long m, Communicator comm, Options o) {
            if (comm == null) {
                throw new IllegalArgumentException("comm: must not be null");
            }
            NdArray converted = Consensus.on(comm).same("m", m)
                    .same("kind", o == null ? null : o.kind())
                    .same("dtype", o == null ? null : o.dtype())
                    .same("saveAt", o != null && o.saveAt())
                    .check(() -> {
                        if (o == null) {
                            throw new IllegalArgumentException("options: must not be null");
                        }
                        if (a == null) {
                            throw new IllegalArgumentException("a: must not be null");
                        }
                        if (a.ndim() != 2) {
                            throw new IllegalArgumentException("a: expected a 2-d matrix, got shape "
                                    + Arrays.toString(a.shape()));
                        }
                        if (m < 1) {
                            throw new IllegalArgumentException("m: X and Y need at least one column, got " + m);
                        }
                        if (a.dtype().isComplex() && !o.dtype().isComplex()) {
                            throw new IllegalArgumentException("dtype: " + o.dtype()
                                    + " cannot hold the complex matrix a of dtype " + a.dtype());
                        }
                        MatrixGrid.squareSide(comm, "MPIMatrixMult");
                        return a.dtype() == o.dtype() ? a.copy() : a.astype(o.dtype());
                    });
            int p = MatrixGrid.side(comm.size());
            int size = comm.size();
            long[] info = {converted.shape(0), converted.shape(1), o.kind() == Kind.BLOCK ? fingerprint(converted) : 0};
            long[] all = new long[INFO * size];
            comm.allgather(MemorySegment.ofArray(info), MemorySegment.ofArray(all), INFO, Datatype.INT64);
            // from here every rank checks the same gathered numbers: the same verdict everywhere
            return o.kind() == Kind.SUMMA ? summa(converted, m, p, all) : block(converted, m, p, all);
        }

        private static Plan summa(NdArray a, long m, int p, long[] all) {
            long n = 0;
            long k = 0;
            for (int i = 0; i < p; i++) {
                n += all[INFO * (i * p)];          // rows of the tiles of grid column 0
                k += all[INFO * i + 1];            // columns of the tiles of grid row 0
            }
            requireNonEmpty(n, k);
            for (int r = 0; r < p * p; r++) {
                long rows = all[INFO * r];
                long cols = all[INFO * r + 1];
                MatrixGrid.Tile t = MatrixGrid.tile(n, k, p, r / p, r % p);
                if (rows != t.rows() || cols != t.cols()) {
                    throw new IllegalArgumentException("a: rank " + r + " (grid row " + r / p + ", column " + r % p
                            + ") holds a " + rows + " x " + cols + " tile, but tile (" + r / p + ", " + r % p + ") of the "
                            + n + " x " + k + " matrix A on a " + p + " x " + p + " grid is " + t.rows() + " x "
                            + t.cols() + " (MatrixGrid.localBlockSplit(" + n + ", " + k + ", " + r + ", comm))");
                }
            }
            long bn = MatrixGrid.ceilDiv(n, p);
            long bk = MatrixGrid.ceilDiv(k, p);
            long[] model = new long[p * p];
            long[] data = new long[p * p];
            for (int r = 0; r < p * p; r++) {
                long mj = MatrixGrid.blockLength(m, p, r % p);
                model[r] = MatrixGrid.blockLength(k, p, r / p) * mj;
                data[r] = MatrixGrid.blockLength(n, p, r / p) * mj;
            }
            return new Plan(p, n, k, pad(a, bn, bk), model, data, new long[] {k, m}, new long[] {n, m});
        }

        private static Plan block(NdArray a, long m, int p, long[] all) {
            long n = 0;
            for (int j = 0; j < p; j++) {
                n += all[INFO * j];                // row blocks of grid row 0
            }
            long k = all[1];
            requireNonEmpty(n, k);
            for (int r = 0; r < p * p; r++) {
                long rows = all[INFO * r];
                long cols = all[INFO * r + 1];
                long want = MatrixGrid.blockLength(n, p, r % p);
                if (cols != k || rows != want) {
                    throw new IllegalArgumentException("a: rank " + r + " (grid row " + r / p + ", column " + r % p
                            + ") holds a " + rows + " x " + cols + " block, but the block kind needs rows block "
                            + r % p + " of the " + n + " x " + k + " matrix A there: " + want + " x " + k
                            + " (ceil-first blocks of " + MatrixGrid.ceilDiv(n, p) + " rows over the grid columns)");
                }
                if (all[INFO * r + 2] != all[INFO * (r % p) + 2]) {
                    throw new IllegalArgumentException("a: rank " + r + " (grid row " + r / p + ", column " + r % p
                            + ") holds other values than rank " + r % p + " (grid row 0, column " + r % p
                            + "); the block kind needs the same rows block of A on every grid row");
                }
            }
            long[] model = new long[p * p];
            long[] data = new long[p * p];
            for (int r = 0; r < p * p; r++) {
                long mi = MatrixGrid.blockLength(m, p, r / p);
                model[r] = k * mi;
                data[r] = n * mi;
            }
            return new Plan(p, n, k, a, model, data, new long[] {k, p * m}, new long[] {n, p * m});
        }

        private static void requireNonEmpty(long n, long k) {
            if (n < 1 || k < 1) {
                throw new IllegalArgumentException("a: the ranks' tiles make a " + n + " x " + k
                        + " matrix A; it needs at least one row and one column");
            }
        }

        /** {@code a} zero-padded to {@code rows × cols} (itself when it has that shape). */
        private static NdArray pad(NdArray a, long rows, long cols) {
            if (a.shape(0) == rows && a.shape(1) == cols) {
                return a;
            }
            NdArray out = NdArray.zeros(a.dtype(), rows, cols);
            int c = a.dtype().components();
            int w = (int) (c * a.shape(1));
            for (long i = 0; i < a.shape(0); i++) {
                System.arraycopy(a.data(), (int) (i * w), out.data(), (int) (c * i * cols), w);
            }
            return out;
        }

        /** A 64-bit hash of the shape and the bits of every entry. */
        private static long fingerprint(NdArray a) {
            long h = 0x9E3779B97F4A7C15L * (a.shape(0) * 31 + a.shape(1));
            Object d = a.data();
            int len = d instanceof double[] dd ? dd.length : ((float[]) d).length;
            for (int i = 0; i < len; i++) {
                long bits = d instanceof double[] dd ? Double.doubleToRawLongBits(dd[i])
                        : Float.floatToRawIntBits(((float[]) d)[i]);
                h = (h ^ bits) * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
            }
            return h;
        }
    }

    /** The conjugate transpose of a 2-d array. */
    private static NdArray conjugateTranspose(NdArray a) {
        long r = a.shape(0);
        long c = a.shape(1);
        NdArray out = NdArray.zeros(a.dtype(), c, r);
        for (long i = 0; i < r; i++) {
            for (long j = 0; j < c; j++) {
                out.set(j * r + i, a.re(i * c + j), -a.im(i * c + j));
            }
        }
        return out;
    }

    // --------------------------------------------------------------------------------- accessors

    /**
     * The distribution. Local.
     *
     * @return the distribution
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The grid side {@code p'} ({@code P = p'²}). Local.
     *
     * @return the grid side {@code p'} ({@code P = p'²})
     */
    public int gridSide() {
        return p;
    }

    /**
     * The rows {@code N} of {@code A} and {@code Y}. Local.
     *
     * @return the rows {@code N} of {@code A} and {@code Y}
     */
    public long n() {
        return n;
    }

    /**
     * The columns {@code K} of {@code A}, the rows of {@code X}. Local.
     *
     * @return the columns {@code K} of {@code A}, the rows of {@code X}
     */
    public long k() {
        return k;
    }

    /**
     * The columns {@code M} of {@code X} and {@code Y}. Local.
     *
     * @return the columns {@code M} of {@code X} and {@code Y}
     */
    public long m() {
        return m;
    }

    /**
     * Whether {@code Aᴴ} is kept beside {@code A}. Local.
     *
     * @return whether {@code Aᴴ} is kept beside {@code A}
     */
    public boolean saveAt() {
        return saveAt;
    }

    /**
     * The local sizes {@code matvec} takes and {@code rmatvec} returns, by rank; a copy. Local.
     *
     * @return the local sizes {@code matvec} takes and {@code rmatvec} returns, by rank
     */
    public long[] modelSizes() {
        return modelSizes.clone();
    }

    /**
     * The local sizes {@code rmatvec} takes and {@code matvec} returns, by rank; a copy. Local.
     *
     * @return the local sizes {@code rmatvec} takes and {@code matvec} returns, by rank
     */
    public long[] dataSizes() {
        return dataSizes.clone();
    }

    /**
     * The mask that makes the block kind's replicated vectors count every column block once
     * ({@code r % p'}: one group per grid column), or null for SUMMA (no replication); a copy.
     * Local.
     *
     * @return the mask
     */
    public int[] modelMask() {
        return modelMask == null ? null : modelMask.clone();
    }

    // ------------------------------------------------------------------------ vectors from matrices

    /**
     * The model vector of a global {@code K × M} matrix {@code X}: each rank takes its tile (SUMMA)
     * or column block (BLOCK, with {@link #modelMask()}). Collective (the array's construction).
     *
     * @param x (Input) the global {@code K × M} matrix, the same on every rank; not modified
     * @return a new 1-d SCATTER array of {@code x}'s dtype with {@link #modelSizes()}
     * @throws IllegalArgumentException on every rank when {@code x} is not {@code K × M} on some rank
     */
    public DistributedArray toModel(NdArray x) {
        return vector("x", x, k, modelSizes);
    }

    /**
     * The data vector of a global {@code N × M} matrix {@code Y} (see {@link #toModel}). Collective.
     *
     * @param y (Input) the global {@code N × M} matrix, the same on every rank; not modified
     * @return a new 1-d SCATTER array of {@code y}'s dtype with {@link #dataSizes()}
     * @throws IllegalArgumentException on every rank when {@code y} is not {@code N × M} on some rank
     */
    public DistributedArray toData(NdArray y) {
        return vector("y", y, n, dataSizes);
    }

    /**
     * The global {@code K × M} matrix a model vector holds (for BLOCK, the copies of grid column
     * 0). Collective: one allgather.
     *
     * @param x (Input) a vector with {@link #modelSizes()}; not modified
     * @return a new {@code K × M} array of {@code x}'s dtype, the same on every rank
     */
    public NdArray fromModel(DistributedArray x) {
        return matrix("x", x, k, modelSizes);
    }

    /**
     * The global {@code N × M} matrix a data vector holds. Collective: one allgather.
     *
     * @param y (Input) a vector with {@link #dataSizes()}; not modified
     * @return a new {@code N × M} array of {@code y}'s dtype, the same on every rank
     */
    public NdArray fromData(DistributedArray y) {
        return matrix("y", y, n, dataSizes);
    }

    /** The part of rows × M on rank r: (first row, rows, first column, columns). */
    private long[] part(long rows, int r) {
        if (kind == Kind.SUMMA) {
            MatrixGrid.Tile t = MatrixGrid.tile(rows, m, p, r / p, r % p);
            return new long[] {t.rowStart(), t.rows(), t.colStart(), t.cols()};
        }
        return new long[] {0, rows, MatrixGrid.blockStart(m, p, r / p), MatrixGrid.blockLength(m, p, r / p)};
    }

    private DistributedArray vector(String what, NdArray g, long rows, long[] sizes) {
        Communicator comm = communicator();
        NdArray local = Consensus.on(comm).check(() -> {
            if (g == null || g.ndim() != 2 || g.shape(0) != rows || g.shape(1) != m) {
                throw new IllegalArgumentException(what + ": expected a " + rows + " x " + m + " matrix, got "
                        + (g == null ? "null" : "shape " + Arrays.toString(g.shape())));
            }
            long[] q = part(rows, comm.rank());
            return g.slice(0, q[0], q[0] + q[1]).slice(1, q[2], q[2] + q[3]).reshape(q[1] * q[3]);
        });
        long total = Arrays.stream(sizes).sum();
        return DistributedArray.builder(comm, total).localSizes(sizes).mask(modelMask).dtype(local.dtype())
                .localArray(local).build();
    }

    private NdArray matrix(String what, DistributedArray v, long rows, long[] sizes) {
        Consensus.on(communicator()).same(what + " (its layout)", v == null ? null : v.layout()).check(() -> {
            requireOperand(what, v, sizes);
            return null;
        });
        NdArray all = v.asArray();
        NdArray out = NdArray.zeros(v.dtype(), rows, m);
        int c = v.dtype().components();
        long off = 0;
        for (int r = 0; r < sizes.length; r++) {
            long[] q = part(rows, r);
            boolean take = kind == Kind.SUMMA || r % p == 0;
            for (long i = 0; take && i < q[1]; i++) {
                System.arraycopy(all.data(), (int) (c * (off + i * q[3])), out.data(),
                        (int) (c * ((q[0] + i) * m + q[2])), (int) (c * q[3]));
            }
            off += sizes[r];
        }
        return out;
    }

    // --------------------------------------------------------------------------------- products

    private void requireOperand(String what, DistributedArray x, long[] sizes) {
        OperandChecks.requireVector(what, x, Arrays.stream(sizes).sum());
        OperandChecks.requirePartition(what, x, Partition.SCATTER);
        if (!Arrays.equals(x.localSizes(), sizes)) {
            throw new IllegalArgumentException(what + ": local sizes " + Arrays.toString(x.localSizes())
                    + " but MPIMatrixMult(" + kind + ") on a " + p + " x " + p + " grid needs "
                    + Arrays.toString(sizes) + " (the " + (what.equals("x") ? "model" : "data") + " tiles; "
                    + (what.equals("x") ? "modelSizes(), toModel" : "dataSizes(), toData") + ")");
        }
    }

    /**
     * This rank's multiply-adds: BLOCK one {@code n_j × K} by {@code K × m_i} product; SUMMA
     * {@code P} products of padded {@code bn × bk} by {@code bk × bm} tiles.
     */
    @Override
    protected long localFlops(boolean adjoint) {
        long madds = kind == Kind.BLOCK ? tile.shape(0) * MatrixGrid.blockLength(m, p, row) * k
                : p * MatrixGrid.ceilDiv(n, p) * MatrixGrid.ceilDiv(k, p) * MatrixGrid.ceilDiv(m, p);
        return madds * (dtype().isComplex() ? 8 : 2);
    }

    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return forward(x, null);
    }

    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return adjoint(y, null);
    }

    /** {@code out = A x} into an array of the product's layout (no allocation of the result). Collective. */
    @Override
    protected DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return forward(x, out);
    }

    /** {@code out = A^H y} into an array of the product's layout. Collective. */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return adjoint(y, out);
    }

    private DistributedArray forward(DistributedArray x, DistributedArray out) {
        requireOperand("x", x, modelSizes);
        DType work = DType.promote(dtype(), x.dtype());
        DistributedArray y = output(x, out, dataSizes, work);
        DistributedArray in = x.astype(work, false);
        return kind == Kind.SUMMA ? summaForward(in, work, y) : blockForward(in, work, y);
    }

    private DistributedArray adjoint(DistributedArray y, DistributedArray out) {
        requireOperand("y", y, dataSizes);
        DType work = dtype().isComplex() || y.dtype().isComplex() ? DType.promote(dtype(), y.dtype()) : dtype();
        DistributedArray x = output(y, out, modelSizes, work);
        DistributedArray in = y.astype(work, false);
        return kind == Kind.SUMMA ? summaAdjoint(in, work, x) : blockAdjoint(in, work, x);
    }

    /**
     * A tile at the work dtype, as a buffer of {@code e}: on the host the tile itself (no copy when it
     * already has that dtype); on another engine (a GPU's) a copy made on the first product there and
     * kept, so that later products move no operator data.
     */
    private Buffer buffer(NdArray t, DType work, Engine e) {
        if (e == Engine.host()) {
            NdArray w = t.dtype() == work ? t : t.astype(work);
            return e.wrap(w.data(), work.elementType());
        }
        return onEngines.computeIfAbsent(new TileKey(e, t == tileH, work), key -> {
            NdArray w = t.dtype() == work ? t : t.astype(work);
            return e.fromHost(w.data(), work.elementType());
        });
    }

    /** Which tile ({@code A} or the stored {@code Aᴴ}) at which dtype on which engine. */
    private record TileKey(Engine engine, boolean hermitian, DType work) {
    }

    /** {@code out} after checking its layout, or a new output: SCATTER, {@code sizes}, {@code like}'s mask. */
    private static DistributedArray output(DistributedArray like, DistributedArray out, long[] sizes, DType work) {
        if (out == null) {
            return OperandChecks.newScatter1d(like, sizes, like.mask(), work);
        }
        OperandChecks.requireLayout("out", out, work, Partition.SCATTER, sizes, like.mask());
        return out;
    }

    // BLOCK: rank (i, j) holds rows block j of A (n_j x K) and column block i of X, Y (m_i columns)

    private DistributedArray blockForward(DistributedArray x, DType work, DistributedArray y) {
        Engine e = x.engine();
        int cols = (int) MatrixGrid.blockLength(m, p, row);
        int nj = (int) tile.shape(0);
        Buffer t = e.allocate(work.elementType(), (long) nj * cols);
        e.dense().gemm(Op.NONE, nj, cols, (int) k, buffer(tile, work, e), 0, (int) k, x.localBuffer(), 0, cols,
                false, t, 0, cols);                                                      // T = A_j X_i
        long[] counts = new long[p];
        long[] displs = new long[p];
        for (int j = 0; j < p; j++) {
            counts[j] = MatrixGrid.blockLength(n, p, j) * cols;
            displs[j] = MatrixGrid.blockStart(n, p, j) * cols;
        }
        rowComm.allgatherv(t.segment(), t.length(), y.localBuffer().segment(), counts, displs,
                work.datatype());                                                        // Y_i = [T_0; ...; T_p'-1]
        return y;
    }

    private DistributedArray blockAdjoint(DistributedArray y, DType work, DistributedArray x) {
        Engine e = y.engine();
        int cols = (int) MatrixGrid.blockLength(m, p, row);
        int nj = (int) tile.shape(0);
        long first = MatrixGrid.blockStart(n, p, col) * cols;                           // Y_i[rows of block j]
        Buffer u = x.localBuffer();
        if (saveAt) {
            e.dense().gemm(Op.NONE, (int) k, cols, nj, buffer(tileH, work, e), 0, nj, y.localBuffer(), first, cols,
                    false, u, 0, cols);                                                  // U = (A_j^H) Y_i[j]
        } else {
            e.dense().gemm(Op.ADJOINT, (int) k, cols, nj, buffer(tile, work, e), 0, (int) k, y.localBuffer(), first,
                    cols, false, u, 0, cols);                                            // U = A_j^H Y_i[j]
        }
        rowComm.allreduce(u.segment(), u.segment(), u.length(), work.datatype(), ReduceOp.SUM); // X_i = sum_j U
        return x;
    }

    // SUMMA: rank (i, j) holds tiles A[i, j], X[i, j], Y[i, j]; products on padded tiles

    /** The local tile of {@code v} ({@code rows × cols}) zero-padded to {@code pr × pc}; the buffer itself when full. */
    private static Buffer padded(DistributedArray v, int rows, int cols, int pr, int pc) {
        Buffer b = v.localBuffer();
        if (rows == pr && cols == pc) {
            return b;
        }
        Buffer out = v.engine().allocate(b.type(), (long) pr * pc);
        v.engine().copyRows(b, 0, cols, out, 0, pc, rows, cols);
        return out;
    }

    private DistributedArray summaForward(DistributedArray x, DType work, DistributedArray y) {
        Engine e = x.engine();
        DenseKernels dense = e.dense();
        Datatype dt = work.datatype();
        int bn = (int) MatrixGrid.ceilDiv(n, p);
        int bk = (int) MatrixGrid.ceilDiv(k, p);
        int bm = (int) MatrixGrid.ceilDiv(m, p);
        int ln = (int) MatrixGrid.blockLength(n, p, row);
        int lk = (int) MatrixGrid.blockLength(k, p, row);
        int lm = (int) MatrixGrid.blockLength(m, p, col);
        Buffer mineA = buffer(tile, work, e);
        Buffer mineX = padded(x, lk, lm, bk, bm);
        Buffer otherA = p > 1 ? e.allocate(work.elementType(), (long) bn * bk) : null;
        Buffer otherX = p > 1 ? e.allocate(work.elementType(), (long) bk * bm) : null;
        boolean full = ln == bn && lm == bm;                                           // no padding: into y
        Buffer acc = full ? y.localBuffer() : e.allocate(work.elementType(), (long) bn * bm);
        for (int s = 0; s < p; s++) {
            Buffer as = col == s ? mineA : otherA;
            Buffer xs = row == s ? mineX : otherX;
            rowComm.bcast(as.segment(), (long) bn * bk, dt, s);                         // A[i, s] along grid row i
            colComm.bcast(xs.segment(), (long) bk * bm, dt, s);                         // X[s, j] along grid column j
            dense.gemm(Op.NONE, bn, bm, bk, as, 0, bk, xs, 0, bm, s > 0, acc, 0, bm);  // Y[i, j] += A[i, s] X[s, j]
        }
        if (!full) {
            e.copyRows(acc, 0, bm, y.localBuffer(), 0, lm, ln, lm);                     // unpad
        }
        return y;
    }

    private DistributedArray summaAdjoint(DistributedArray y, DType work, DistributedArray x) {
        Engine e = y.engine();
        DenseKernels dense = e.dense();
        Datatype dt = work.datatype();
        Communicator comm = communicator();
        int rank = comm.rank();
        int bn = (int) MatrixGrid.ceilDiv(n, p);
        int bk = (int) MatrixGrid.ceilDiv(k, p);
        int bm = (int) MatrixGrid.ceilDiv(m, p);
        int ln = (int) MatrixGrid.blockLength(n, p, row);
        int lk = (int) MatrixGrid.blockLength(k, p, row);
        int lm = (int) MatrixGrid.blockLength(m, p, col);
        Buffer mineA = saveAt ? buffer(tileH, work, e) : buffer(tile, work, e);        // what this rank sends
        long tileCount = (long) bn * bk;
        Buffer mineY = padded(y, ln, lm, bn, bm);
        Buffer otherY = p > 1 ? e.allocate(work.elementType(), (long) bn * bm) : null;
        Buffer otherA = p > 1 ? e.allocate(work.elementType(), tileCount) : null;
        boolean full = lk == bk && lm == bm;                                           // no padding: into x
        Buffer acc = full ? x.localBuffer() : e.allocate(work.elementType(), (long) bk * bm);
        for (int s = 0; s < p; s++) {
            Buffer ys = row == s ? mineY : otherY;
            colComm.bcast(ys.segment(), (long) bn * bm, dt, s);                         // Y[s, j] along grid column j
            int source = s * p + row;                                                   // rank (s, i) holds A[s, i]
            Buffer at = source == rank ? mineA : null;
            for (int moving = 0; moving < p; moving++) {
                if (row == s) {
                    int dest = col * p + moving;                                        // grid row j needs A[s, j]
                    if (dest != rank) {
                        comm.send(mineA.segment(), tileCount, dt, dest, (100 + s) * 1000 + dest);
                    }
                }
                if (col == moving && at == null) {
                    comm.recv(otherA.segment(), tileCount, dt, source, (100 + s) * 1000 + rank);
                    at = otherA;
                }
            }
            if (saveAt) {                                                               // X[i, j] += A[s, i]^H Y[s, j]
                dense.gemm(Op.NONE, bk, bm, bn, at, 0, bn, ys, 0, bm, s > 0, acc, 0, bm);
            } else {
                dense.gemm(Op.ADJOINT, bk, bm, bn, at, 0, bk, ys, 0, bm, s > 0, acc, 0, bm);
            }
        }
        if (!full) {
            e.copyRows(acc, 0, bm, x.localBuffer(), 0, lm, lk, lm);                     // unpad
        }
        return x;
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " MPIMatrixMult(" + kind + ", " + n + "x" + k + " times " + k + "x" + m
                + " on a " + p + "x" + p + " grid) with dtype=" + dtype() + ">";
    }
}
