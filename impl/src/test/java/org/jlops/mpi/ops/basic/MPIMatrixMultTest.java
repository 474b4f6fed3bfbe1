package org.jlops.mpi.ops.basic;

import static org.jlops.mpi.ops.basic.MPIMatrixMultSpecTest.product;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MPIMatrixMult} beyond PyLops-MPI's parameter sets: every dtype, both kinds, with and
 * without {@code saveAt}, sizes that leave blocks short or empty anywhere in the grid (also before
 * the last block, e.g. N = 5 on a 4 × 4 grid), 1, 4, 9 and 16 ranks, inputs of other dtypes (the
 * output dtype rules), the dot-test, and bad input given on one rank only: the same exception on
 * every rank, the operands unchanged.
 */
class MPIMatrixMultTest {

    static NdArray random(DType dt, long rows, long cols, long seed) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(dt, rows, cols);
        for (long q = 0; q < rows * cols; q++) {
            a.set(q, rnd.nextGaussian(), dt.isComplex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    /** This rank's part of A for a kind (SUMMA: its tile; BLOCK: rows block of its grid column). */
    static NdArray partOf(NdArray a, Kind kind, Communicator comm) {
        int p = MatrixGrid.side(comm.size());
        if (kind == Kind.SUMMA) {
            return MatrixGrid.localBlockSplit(a.shape(0), a.shape(1), comm.rank(), comm).of(a);
        }
        long n = a.shape(0);
        int j = comm.rank() % p;
        long rs = MatrixGrid.blockStart(n, p, j);
        return a.slice(0, rs, rs + MatrixGrid.blockLength(n, p, j));
    }

    private static double tol(DType dt) {
        return dt.isDoublePrecision() ? 1e-12 : 1e-5;
    }

    /** Forward, adjoint, output dtypes and the dot-test on random matrices, every shape class. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void productsOnEveryGrid(DType dt) {
        long[][] shapes = {{1, 1, 1}, {5, 3, 7}, {7, 5, 4}, {5, 9, 2}, {12, 7, 10}, {3, 1, 6}};
        for (int np : new int[] {1, 4, 9, 16}) {
            LocalCluster.run(np, comm -> {
                long seed = 11;
                for (long[] s : shapes) {
                    for (Kind kind : Kind.values()) {
                        for (boolean save : new boolean[] {false, true}) {
                            check(comm, dt, s[0], s[1], s[2], kind, save, seed++);
                        }
                    }
                }
            });
        }
    }

    private static void check(Communicator comm, DType dt, long n, long k, long m, Kind kind, boolean save, long seed) {
        NdArray a = random(dt, n, k, seed);
        NdArray x = random(dt, k, m, seed + 1);
        NdArray y = random(dt, n, m, seed + 2);
        MPIMatrixMult op = new MPIMatrixMult(partOf(a, kind, comm), m, comm,
                Options.of(kind).withDtype(dt).withSaveAt(save));
        String what = op + " saveAt=" + save + " on " + comm.size();
        int p = op.gridSide();
        assertEquals(kind == Kind.SUMMA ? n * m : n * p * m, op.rows(), what);
        assertEquals(kind == Kind.SUMMA ? k * m : k * p * m, op.cols(), what);
        DistributedArray xd = op.toModel(x);
        DistributedArray yd = op.toData(y);
        DistributedArray ax = op.matvec(xd);
        DistributedArray ahy = op.rmatvec(yd);
        assertEquals(dt, ax.dtype(), what);
        assertArrayEquals(op.dataSizes(), ax.localSizes(), what);
        assertArrayEquals(op.modelSizes(), ahy.localSizes(), what);
        assertArrayEquals(xd.mask(), ax.mask(), what);
        assertClose(product(a, x, false), op.fromData(ax), tol(dt), what + " forward");
        assertClose(product(a, y, true), op.fromModel(ahy), tol(dt), what + " adjoint");
        // into outputs held by the caller: the same bits
        DistributedArray out = ax.zerosLike();
        DistributedArray back = ahy.zerosLike();
        assertTrue(op.matvec(xd, out) == out && op.rmatvec(yd, back) == back, what);
        assertEquals(ax.localArray(), out.localArray(), what + " matvec(x, out)");
        assertEquals(ahy.localArray(), back.localArray(), what + " rmatvec(y, out)");
        // the dot-test; with the block kind's mask every column block counts once
        Complex left = ax.dot(yd, true);
        Complex right = xd.dot(ahy, true);
        double scale = Math.max(left.abs(), right.abs());
        assertTrue(Math.hypot(left.re() - right.re(), left.im() - right.im()) <= BasicTesting.dotRtol(dt) * scale,
                what + ": <Ax, y> = " + left + ", <x, A^H y> = " + right);
    }

    /**
     * The operators' products on arbitrary global vectors (not replicated, for BLOCK) against the
     * reference matrices of their layouts built from SPEC §5.1 ({@code summaMatrixMult}, and
     * {@code blockMatrixMult} with PyLops-MPI's adjoint map).
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "COMPLEX128"})
    void againstTheReferenceLayouts(DType dt) {
        for (int np : new int[] {1, 4, 9}) {
            LocalCluster.run(np, comm -> {
                long seed = 5;
                for (long[] s : new long[][] {{5, 4, 3}, {7, 2, 5}, {2, 3, 2}}) {
                    NdArray a = random(dt, s[0], s[1], seed++);
                    org.ejml.data.ZMatrixRMaj za = new org.ejml.data.ZMatrixRMaj((int) s[0], (int) s[1]);
                    for (int q = 0; q < s[0] * s[1]; q++) {
                        za.data[2 * q] = a.re(q);
                        za.data[2 * q + 1] = a.im(q);
                    }
                    for (Kind kind : Kind.values()) {
                        MPIMatrixMult op = new MPIMatrixMult(partOf(a, kind, comm), s[2], comm,
                                Options.of(kind).withDtype(dt));
                        int p = op.gridSide();
                        org.jlops.mpi.reference.ops.DenseOperator ref = kind == Kind.SUMMA
                                ? org.jlops.mpi.reference.ops.ReferenceOperators.summaMatrixMult(za, (int) s[2], p)
                                : org.jlops.mpi.reference.ops.ReferenceOperators.blockMatrixMult(za, (int) s[2], p);
                        NdArray xg = random(dt, 1, op.cols(), seed++).reshape(op.cols());
                        NdArray yg = random(dt, 1, op.rows(), seed++).reshape(op.rows());
                        DistributedArray x = scatter(comm, xg, op.modelSizes());
                        DistributedArray y = scatter(comm, yg, op.dataSizes());
                        String what = op + " on " + np;
                        assertClose(org.jlops.mpi.ops.serial.DerivativeTesting.apply(ref, xg, false),
                                op.matvec(x).asArray(), 1e-13, what + " forward");
                        assertClose(org.jlops.mpi.ops.serial.DerivativeTesting.apply(ref, yg, true),
                                op.rmatvec(y).asArray(), 1e-13, what + " adjoint (map)");
                    }
                }
            });
        }
    }

    private static DistributedArray scatter(Communicator comm, NdArray g, long[] sizes) {
        long start = 0;
        for (int r = 0; r < comm.rank(); r++) {
            start += sizes[r];
        }
        return DistributedArray.builder(comm, g.size()).localSizes(sizes).dtype(g.dtype())
                .localArray(g.slice(0, start, start + sizes[comm.rank()])).build();
    }

    /** Forward output: the common type; adjoint: the common type when either is complex, else the operator's. */
    @Test
    void outputDtypes() {
        LocalCluster.run(4, comm -> {
            NdArray a = random(DType.FLOAT32, 5, 4, 3);
            MPIMatrixMult op = new MPIMatrixMult(partOf(a, Kind.SUMMA, comm), 3, comm,
                    Options.of(Kind.SUMMA).withDtype(DType.FLOAT32));
            NdArray x = random(DType.FLOAT64, 4, 3, 4);
            NdArray xc = random(DType.COMPLEX128, 4, 3, 5);
            NdArray y = random(DType.FLOAT64, 5, 3, 6);
            NdArray yc = random(DType.COMPLEX64, 5, 3, 7);
            DistributedArray ax = op.matvec(op.toModel(x));
            assertEquals(DType.FLOAT64, ax.dtype());
            assertClose(product(a, x, false), op.fromData(ax), 1e-6, "float32 A, float64 x");
            DistributedArray axc = op.matvec(op.toModel(xc));
            assertEquals(DType.COMPLEX128, axc.dtype());
            assertClose(product(a, xc, false), op.fromData(axc), 1e-6, "float32 A, complex128 x");
            DistributedArray ahy = op.rmatvec(op.toData(y));
            assertEquals(DType.FLOAT32, ahy.dtype(), "real A, real y: the operator's dtype");
            assertClose(product(a, y, true), op.fromModel(ahy), 1e-5, "float32 A, float64 y");
            DistributedArray ahyc = op.rmatvec(op.toData(yc));
            assertEquals(DType.COMPLEX64, ahyc.dtype());
            assertClose(product(a, yc, true), op.fromModel(ahyc), 1e-5, "float32 A, complex64 y");
        });
    }

    /** saveAt keeps A^H: same products; the block kind's mask is r % p'; SUMMA has none. */
    @Test
    void accessors() {
        LocalCluster.run(4, comm -> {
            NdArray a = random(DType.FLOAT64, 6, 5, 1);
            MPIMatrixMult b = new MPIMatrixMult(partOf(a, Kind.BLOCK, comm), 3, comm, Kind.BLOCK);
            assertEquals(Kind.BLOCK, b.kind());
            assertEquals(2, b.gridSide());
            assertArrayEquals(new int[] {0, 1, 0, 1}, b.modelMask());
            assertArrayEquals(new long[] {5 * 2, 5 * 2, 5, 5}, b.modelSizes());
            assertArrayEquals(new long[] {6 * 2, 6 * 2, 6, 6}, b.dataSizes());
            assertArrayEquals(new long[] {5, 6}, b.dims());
            assertArrayEquals(new long[] {6, 6}, b.dimsd());
            assertEquals(DType.FLOAT64, b.dtype());
            MPIMatrixMult s = new MPIMatrixMult(partOf(a, Kind.SUMMA, comm), 3, comm);
            assertEquals(Kind.SUMMA, s.kind());
            assertNull(s.modelMask());
            assertEquals(List.of(6L, 5L, 3L), List.of(s.n(), s.k(), s.m()));
            assertArrayEquals(new long[] {3 * 2, 3, 2 * 2, 2}, s.modelSizes());
            assertTrue(s.toString().contains("SUMMA"), s.toString());
        });
    }

    // ------------------------------------------------------------------------------- bad input

    /** Runs {@code body} on {@code np} ranks; every rank must throw, all with the same message, which is returned. */
    static String sameOnEveryRank(int np, LocalCluster.RankTask<Object> body) {
        List<String> messages = LocalCluster.call(np, comm -> {
            try {
                body.call(comm);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            return "no exception on rank " + comm.rank();
        });
        assertEquals(1, messages.stream().distinct().count(), messages.toString());
        return messages.get(0);
    }

    @Test
    void notASquareNumberOfRanks() {
        for (int np : new int[] {2, 3, 5}) {
            String msg = sameOnEveryRank(np, comm -> new MPIMatrixMult(random(DType.FLOAT64, 2, 2, 1), 2, comm));
            assertEquals("comm: MPIMatrixMult needs a square number of ranks (a p' x p' grid), got " + np
                    + "; use the ranks of MatrixGrid.activeGridComm(comm, n, m) (reported by rank 0)", msg);
        }
    }

    @Test
    void tilesThatDoNotMatchTheGrid() {
        NdArray a = random(DType.FLOAT64, 7, 5, 2);
        // rank 3 passes one row too few: every rank names it
        String summa = sameOnEveryRank(4, comm -> {
            NdArray t = partOf(a, Kind.SUMMA, comm);
            return new MPIMatrixMult(comm.rank() == 3 ? t.slice(0, 0, 2) : t, 4, comm);
        });
        assertEquals("a: rank 3 (grid row 1, column 1) holds a 2 x 2 tile, but tile (1, 1) of the 7 x 5 matrix A on a "
                + "2 x 2 grid is 3 x 2 (MatrixGrid.localBlockSplit(7, 5, 3, comm))", summa);
        // the balanced split of the rows instead of the ceil-first one
        String block = sameOnEveryRank(9, comm -> {
            NdArray big = random(DType.FLOAT64, 10, 3, 3);
            int j = comm.rank() % 3;
            long[] start = {0, 4, 7};
            long[] end = {4, 7, 10};
            return new MPIMatrixMult(big.slice(0, start[j], end[j]), 4, comm, Kind.BLOCK);
        });
        assertEquals("a: rank 1 (grid row 0, column 1) holds a 3 x 3 block, but the block kind needs rows block 1 of "
                + "the 10 x 3 matrix A there: 4 x 3 (ceil-first blocks of 4 rows over the grid columns)", block);
        // one grid row holds other values of A
        String replicated = sameOnEveryRank(4, comm -> {
            NdArray t = partOf(a, Kind.BLOCK, comm);
            if (comm.rank() == 2) {
                t.set(0, 42);
            }
            return new MPIMatrixMult(t, 4, comm, Kind.BLOCK);
        });
        assertEquals("a: rank 2 (grid row 1, column 0) holds other values than rank 0 (grid row 0, column 0); the "
                + "block kind needs the same rows block of A on every grid row", replicated);
    }

    @Test
    void argumentsGivenOnOneRank() {
        NdArray a = random(DType.COMPLEX128, 4, 4, 2);
        String m = sameOnEveryRank(4, comm -> new MPIMatrixMult(partOf(a, Kind.SUMMA, comm), comm.rank() == 1 ? 3 : 4,
                comm, Options.of(Kind.SUMMA).withDtype(DType.COMPLEX128)));
        assertTrue(m.startsWith("m: "), m);
        String dtype = sameOnEveryRank(4, comm -> new MPIMatrixMult(partOf(a, Kind.SUMMA, comm), 4, comm));
        assertEquals("dtype: FLOAT64 cannot hold the complex matrix a of dtype COMPLEX128 (reported by rank 0)", dtype);
        String nul = sameOnEveryRank(4, comm -> new MPIMatrixMult(comm.rank() == 2 ? null
                : partOf(a, Kind.SUMMA, comm), 4, comm, Options.of(Kind.SUMMA).withDtype(DType.COMPLEX128)));
        assertEquals("a: must not be null (reported by rank 2)", nul);
        assertEquals("kind: must not be null", assertThrows(IllegalArgumentException.class,
                () -> new Options(null, DType.FLOAT64, false)).getMessage());
    }

    /** Operands of the wrong split or partition fail on every rank and are not changed. */
    @Test
    void operandsOfAnotherLayout() {
        NdArray a = random(DType.FLOAT64, 6, 5, 2);
        NdArray xg = random(DType.FLOAT64, 5, 3, 3);
        for (Kind kind : Kind.values()) {
            String split = sameOnEveryRank(4, comm -> {
                MPIMatrixMult op = new MPIMatrixMult(partOf(a, kind, comm), 3, comm, kind);
                DistributedArray x = DistributedArray.builder(comm, op.cols()).build();   // balanced split
                x.fill(1.5);
                try {
                    return op.matvec(x);
                } finally {
                    for (long q = 0; q < x.localSize(); q++) {
                        assertEquals(1.5, x.localArray().re(q), "x changed");
                    }
                }
            });
            assertTrue(split.startsWith("x: local sizes ") && split.contains("MPIMatrixMult(" + kind + ") on a 2 x 2 "
                    + "grid needs"), split);
            String partition = sameOnEveryRank(4, comm -> {
                MPIMatrixMult op = new MPIMatrixMult(partOf(a, kind, comm), 3, comm, kind);
                DistributedArray y = DistributedArray.builder(comm, op.rows()).partition(Partition.BROADCAST).build();
                return op.rmatvec(y);
            });
            assertEquals("y: partition must be Partition.SCATTER, got BROADCAST", partition);
            String out = sameOnEveryRank(4, comm -> {
                MPIMatrixMult op = new MPIMatrixMult(partOf(a, kind, comm), 3, comm, kind);
                DistributedArray x = op.toModel(xg);
                return op.matvec(x, DistributedArray.builder(comm, op.rows()).localSizes(op.dataSizes())
                        .dtype(DType.FLOAT32).build());
            });
            assertEquals("out: dtype FLOAT32 but the product gives FLOAT64", out);
            String shape = sameOnEveryRank(4, comm -> new MPIMatrixMult(partOf(a, kind, comm), 3, comm, kind)
                    .toModel(comm.rank() == 0 ? xg.slice(0, 0, 4) : xg));
            assertEquals("x: expected a 5 x 3 matrix, got shape [4, 3] (reported by rank 0)", shape);
        }
    }
}
