package org.jlops.mpi.reference.array;

import java.util.Arrays;
import java.util.Objects;

/**
 * Expected local shapes of the library's two split rules, computed serially.
 *
 * <p><b>Balanced split</b> ({@code local_split}, SPEC §1.2), used by SCATTER arrays, the
 * derivative operators and {@code redistribute}: {@code n} elements over {@code P} ranks, rank
 * {@code r} gets {@code n / P + 1} if {@code r < n % P}, else {@code n / P} — the <em>first</em>
 * {@code n % P} ranks get the extra element (10 over 4 → 3, 3, 2, 2; fewer elements than ranks →
 * trailing ranks get 0). The global offset of rank {@code r} is the sum of the sizes of ranks
 * {@code 0..r−1}.
 *
 * <p><b>Ceil-first block split</b> ({@code halo_block_split}, SPEC §5.7; also
 * {@code local_block_split} of MPIMatrixMult): with {@code b = ceil(n / P)}, part {@code c} owns
 * {@code [c·b, min((c+1)·b, n))}, possibly empty (65 over 4 → 17, 17, 17, 14; 5 over 4 → 2, 2, 1,
 * 0). Over a Cartesian process grid the rule applies per axis, and rank {@code r} has the
 * row-major grid coordinates of {@code r} (last axis fastest, as {@code MPI_Cart_create}).
 *
 * <p>Axes follow Python: a negative axis counts from the end ({@code −1} is the last axis).
 */
public final class ReferenceSplit {

    private ReferenceSplit() {
    }

    /**
     * Balanced split sizes: {@code sizes[r] = n / size + (r < n % size ? 1 : 0)}.
     *
     * @param n    number of elements, at least 0
     * @param size number of ranks, at least 1
     * @return a new array of {@code size} local sizes summing to {@code n}
     * @throws IllegalArgumentException if {@code n < 0} or {@code size < 1}
     */
    public static long[] localSplit(long n, int size) {
        checkCount(n, "n");
        checkSize(size);
        long[] sizes = new long[size];
        for (int r = 0; r < size; r++) {
            sizes[r] = n / size + (r < n % size ? 1 : 0);
        }
        return sizes;
    }

    /**
     * The local shape of one rank under the balanced split of {@code globalShape} along
     * {@code axis} (SCATTER partition).
     *
     * @param globalShape (Input) the global shape. Not modified.
     * @param size        number of ranks, at least 1
     * @param rank        the rank, in {@code [0, size)}
     * @param axis        the split axis, in {@code [−ndim, ndim)}
     * @return a new array: {@code globalShape} with dimension {@code axis} replaced by the rank's size
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static long[] localShape(long[] globalShape, int size, int rank, int axis) {
        return localShapes(globalShape, size, axis)[checkRank(rank, size)];
    }

    /**
     * The local shapes of every rank under the balanced split (SCATTER partition).
     *
     * @param globalShape (Input) the global shape. Not modified.
     * @param size        number of ranks, at least 1
     * @param axis        the split axis, in {@code [−ndim, ndim)}
     * @return a new {@code size × ndim} array, row {@code r} being rank {@code r}'s local shape
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static long[][] localShapes(long[] globalShape, int size, int axis) {
        checkShape(globalShape, "globalShape");
        int ax = normalizeAxis(axis, globalShape.length);
        long[] sizes = localSplit(globalShape[ax], size);
        long[][] shapes = new long[size][];
        for (int r = 0; r < size; r++) {
            shapes[r] = globalShape.clone();
            shapes[r][ax] = sizes[r];
        }
        return shapes;
    }

    /**
     * Exclusive prefix sums: {@code offsets[r] = sizes[0] + … + sizes[r−1]}.
     *
     * @param sizes (Input) per-rank sizes. Not modified.
     * @return a new array of the same length, {@code offsets[0] = 0}
     */
    public static long[] offsets(long[] sizes) {
        Objects.requireNonNull(sizes, "sizes");
        long[] off = new long[sizes.length];
        long acc = 0;
        for (int r = 0; r < sizes.length; r++) {
            off[r] = acc;
            acc = Math.addExact(acc, sizes[r]);
        }
        return off;
    }

    /**
     * Ceil-first block sizes: with {@code b = ceil(n / parts)}, part {@code c} has
     * {@code max(0, min((c+1)·b, n) − c·b)} elements.
     *
     * @param n     number of elements, at least 0
     * @param parts number of parts, at least 1
     * @return a new array of {@code parts} sizes summing to {@code n}
     * @throws IllegalArgumentException if {@code n < 0} or {@code parts < 1}
     */
    public static long[] ceilSplit(long n, int parts) {
        checkCount(n, "n");
        checkSize(parts);
        long b = ceilDiv(n, parts);
        long[] sizes = new long[parts];
        for (int c = 0; c < parts; c++) {
            sizes[c] = Math.max(0, Math.min((c + 1) * b, n) - c * b);
        }
        return sizes;
    }

    /**
     * Row-major coordinates of a rank in a Cartesian process grid (last axis fastest).
     *
     * @param rank      the rank, in {@code [0, prod(gridShape))}
     * @param gridShape (Input) processes per axis, each at least 1. Not modified.
     * @return a new array of coordinates, one per axis
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static int[] gridCoords(int rank, int[] gridShape) {
        int size = gridSize(gridShape);
        checkRank(rank, size);
        int[] c = new int[gridShape.length];
        int rem = rank;
        for (int k = gridShape.length - 1; k >= 0; k--) {
            c[k] = rem % gridShape[k];
            rem /= gridShape[k];
        }
        return c;
    }

    /**
     * The block of a rank under the ceil-first split over a Cartesian grid
     * ({@code halo_block_split}): per axis {@code k}, {@code [start_k, end_k)} with
     * {@code start_k = min(c_k·b_k, n_k)}, {@code end_k = min((c_k+1)·b_k, n_k)},
     * {@code b_k = ceil(n_k / g_k)}.
     *
     * @param globalShape (Input) global shape. Not modified.
     * @param gridShape   (Input) processes per axis; same length as {@code globalShape}. Not modified.
     * @param rank        the rank, in {@code [0, prod(gridShape))}
     * @return a new {@code ndim × 2} array of {@code {start, end}} pairs
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static long[][] haloBlock(long[] globalShape, int[] gridShape, int rank) {
        checkShape(globalShape, "globalShape");
        if (gridShape == null || gridShape.length != globalShape.length) {
            throw new IllegalArgumentException("gridShape: " + Arrays.toString(gridShape) + ", expected "
                    + globalShape.length + " entries (one per axis of globalShape " + Arrays.toString(globalShape) + ")");
        }
        int[] c = gridCoords(rank, gridShape);
        long[][] block = new long[globalShape.length][2];
        for (int k = 0; k < globalShape.length; k++) {
            long b = ceilDiv(globalShape[k], gridShape[k]);
            block[k][0] = Math.min(c[k] * b, globalShape[k]);
            block[k][1] = Math.min((c[k] + 1) * b, globalShape[k]);
        }
        return block;
    }

    /**
     * The local shape of a rank under the ceil-first split over a Cartesian grid.
     *
     * @param globalShape (Input) global shape. Not modified.
     * @param gridShape   (Input) processes per axis. Not modified.
     * @param rank        the rank
     * @return a new array with {@code end_k − start_k} per axis (see {@link #haloBlock})
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static long[] haloLocalShape(long[] globalShape, int[] gridShape, int rank) {
        long[][] block = haloBlock(globalShape, gridShape, rank);
        long[] shape = new long[block.length];
        for (int k = 0; k < block.length; k++) {
            shape[k] = block[k][1] - block[k][0];
        }
        return shape;
    }

    /**
     * Normalises a Python-style axis.
     *
     * @param axis an axis in {@code [−ndim, ndim)}
     * @param ndim number of dimensions
     * @return {@code axis} if non-negative, else {@code axis + ndim}
     * @throws IllegalArgumentException if {@code axis} is out of range
     */
    public static int normalizeAxis(int axis, int ndim) {
        if (axis < -ndim || axis >= ndim) {
            throw new IllegalArgumentException("axis: " + axis + ", expected in [" + (-ndim) + ", " + ndim + ") for "
                    + ndim + " dimensions");
        }
        return axis < 0 ? axis + ndim : axis;
    }

    /**
     * The number of processes of a grid.
     *
     * @param gridShape (Input) processes per axis, each at least 1. Not modified.
     * @return the product of the entries
     * @throws IllegalArgumentException if an entry is below 1 or the product overflows an int
     */
    public static int gridSize(int[] gridShape) {
        Objects.requireNonNull(gridShape, "gridShape");
        long p = 1;
        for (int k = 0; k < gridShape.length; k++) {
            if (gridShape[k] < 1) {
                throw new IllegalArgumentException("gridShape[" + k + "]: " + gridShape[k]
                        + ", expected at least 1 process per axis (grid " + Arrays.toString(gridShape) + ")");
            }
            p *= gridShape[k];
            if (p > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("gridShape: " + Arrays.toString(gridShape)
                        + ", expected a product that fits an int");
            }
        }
        return (int) p;
    }

    private static long ceilDiv(long n, long d) {
        return (n + d - 1) / d;
    }

    private static void checkCount(long n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": " + n + ", expected at least 0");
        }
    }

    private static void checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: " + size + ", expected at least 1 rank");
        }
    }

    private static int checkRank(int rank, int size) {
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank: " + rank + ", expected in [0, " + size + ")");
        }
        return rank;
    }

    private static void checkShape(long[] shape, String name) {
        Objects.requireNonNull(shape, name);
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] < 0) {
                throw new IllegalArgumentException(name + "[" + k + "]: " + shape[k] + ", expected at least 0 (shape "
                        + Arrays.toString(shape) + ")");
            }
        }
    }
}
