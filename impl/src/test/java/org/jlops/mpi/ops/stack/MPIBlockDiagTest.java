package org.jlops.mpi.ops.stack;

import static org.jlops.mpi.ops.stack.StackTesting.assertClose;
import static org.jlops.mpi.ops.stack.StackTesting.dotRtol;
import static org.jlops.mpi.ops.stack.StackTesting.dottest;
import static org.jlops.mpi.ops.stack.StackTesting.random;
import static org.jlops.mpi.ops.stack.StackTesting.randomCounts;
import static org.jlops.mpi.ops.stack.StackTesting.randomLike;
import static org.jlops.mpi.ops.stack.StackTesting.rtol;
import static org.jlops.mpi.ops.stack.StackTesting.scatter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.stack.StackTesting.Dense;
import org.jlops.mpi.testkit.DenseOp;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 test_blockdiag: forward and adjoint against the serial dense block-diagonal matrix on
 * gathered data, and the dot-test, at 1..8 ranks, every dtype, uneven splits with empty ranks and
 * empty blocks, with and without mask.
 */
class MPIBlockDiagTest {

    /** Random ops per rank: 0..3 ops each, sizes 0..6 (so some blocks and some ranks are empty). */
    static List<List<DenseOp>> randomPlan(Random rnd, DType dtype, int p) {
        List<List<DenseOp>> plan = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            List<DenseOp> ops = new ArrayList<>();
            int k = rnd.nextInt(4);
            for (int i = 0; i < k; i++) {
                ops.add(DenseOp.random(dtype, rnd.nextInt(7), rnd.nextInt(7), rnd.nextLong()));
            }
            plan.add(ops);
        }
        return plan;
    }

    static Dense reference(List<List<DenseOp>> plan) {
        List<Dense> blocks = new ArrayList<>();
        for (List<DenseOp> ops : plan) {
            for (DenseOp op : ops) {
                blocks.add(Dense.of(op));
            }
        }
        return Dense.blockDiag(blocks);
    }

    @Test
    void randomBlocksEveryDtypeAndRankCount() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(1000L * p + dt.ordinal());
                List<List<DenseOp>> plan = randomPlan(rnd, dt, p);
                Dense ref = reference(plan);
                NdArray xg = random(dt, rnd.nextLong(), ref.cols);
                NdArray yg = random(dt, rnd.nextLong(), ref.rows);
                long[] xCounts = randomCounts(rnd, ref.cols, p);
                long[] yCounts = randomCounts(rnd, ref.rows, p);
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    MPIBlockDiag op = new MPIBlockDiag(plan.get(comm.rank()), comm);
                    boolean none = plan.stream().allMatch(List::isEmpty);
                    assertEquals(none ? DType.FLOAT64 : dt, op.dtype(), "common type, FLOAT64 without ops");
                    assertArrayEquals(new long[] {ref.rows, ref.cols}, op.shape());
                    assertArrayEquals(new long[] {ref.cols}, op.dims());
                    assertArrayEquals(new long[] {ref.rows}, op.dimsd());
                    assertEquals(plan.get(comm.rank()), op.localOps());
                    DistributedArray x = scatter(comm, xg, xCounts);
                    NdArray xBefore = x.localArray().copy();
                    DistributedArray y = op.matvec(x);
                    assertEquals(Partition.SCATTER, y.partition());
                    assertEquals(op.dtype(), y.dtype());
                    assertArrayEquals(op.rowCounts(), y.localSizes());
                    assertClose(ref.matvec(xg), y.asArray(), tol, "forward");
                    assertEquals(xBefore, x.localArray(), "x unchanged");

                    DistributedArray v = scatter(comm, yg, yCounts);
                    NdArray vBefore = v.localArray().copy();
                    DistributedArray z = op.rmatvec(v);
                    assertEquals(Partition.SCATTER, z.partition());
                    assertArrayEquals(op.colCounts(), z.localSizes());
                    assertClose(ref.rmatvec(yg), z.asArray(), tol, "adjoint");
                    assertEquals(vBefore, v.localArray(), "y unchanged");

                    dottest(op, randomLike(z, 7), 8, dotRtol(dt));
                });
            }
        }
    }

    /**
     * PyLops-MPI's parameters: per rank {@code MatrixMult((rank+1) ones(ny, nx))}, x and y ones,
     * against the closed form: block r of {@code A x} is {@code (r+1) nx}, of {@code A^H y} is
     * {@code (r+1) ny}.
     */
    @Test
    void pylopsParameters() {
        long[][] sizes = {{101, 101}, {301, 101}};
        for (long[] s : sizes) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
                for (int p = 1; p <= 4; p++) {
                    long ny = s[0];
                    long nx = s[1];
                    NdArray ones = blockwise(dt, nx, p, false, 1);
                    NdArray onesY = blockwise(dt, ny, p, false, 1);
                    NdArray yRef = blockwise(dt, ny, p, true, nx);
                    NdArray xRef = blockwise(dt, nx, p, true, ny);
                    LocalCluster.run(p, comm -> {
                        MPIBlockDiag op = new MPIBlockDiag(
                                List.of(DenseOp.constant(dt, ny, nx, comm.rank() + 1, 0)), comm);
                        DistributedArray y = op.matvec(DistributedArray.toDist(ones, comm));
                        assertClose(yRef, y.asArray(), 1e-14, "forward");
                        DistributedArray z = op.rmatvec(DistributedArray.toDist(onesY, comm));
                        assertClose(xRef, z.asArray(), 1e-14, "adjoint");
                        dottest(op, randomLike(z, 3), 4, dotRtol(dt));
                    });
                }
            }
        }
    }

    /** {@code p} blocks of {@code n} entries; block r holds {@code scale (r + 1)} if {@code byRank}, else {@code scale}. */
    static NdArray blockwise(DType dt, long n, int p, boolean byRank, double scale) {
        NdArray x = NdArray.zeros(dt, n * p);
        for (long k = 0; k < n * p; k++) {
            x.set(k, byRank ? scale * (k / n + 1) : scale);
        }
        return x;
    }

    /**
     * A mask: the two halves of the ranks hold replicas of the same blocks (colours 0 and 1);
     * outputs carry the mask, so the gathered group equals the serial product of one replica and
     * norms count each replica once.
     */
    @Test
    void maskMarksReplicatedGroups() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX64}) {
            for (int p : new int[] {2, 4, 6, 8}) {
                int half = p / 2;
                Random rnd = new Random(77L * p + dt.ordinal());
                List<List<DenseOp>> plan = randomPlan(rnd, dt, half);
                Dense ref = reference(plan);
                NdArray xHalf = random(dt, 5, ref.cols);
                NdArray xg = NdArray.concatenate(0, List.of(xHalf, xHalf));
                int[] mask = new int[p];
                for (int r = half; r < p; r++) {
                    mask[r] = 1;
                }
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    List<DenseOp> mine = plan.get(comm.rank() % half);
                    MPIBlockDiag op = new MPIBlockDiag(mine, comm, mask, null);
                    assertArrayEquals(mask, op.mask());
                    long[] counts = op.colCounts();
                    DistributedArray x = DistributedArray.builder(comm, xg.size()).localShapes(shapes(counts))
                            .mask(mask).localArray(slice(xg, counts, comm.rank())).build();
                    DistributedArray y = op.matvec(x);
                    assertArrayEquals(mask, y.mask());
                    NdArray yRef = ref.matvec(xHalf);
                    assertClose(yRef, y.asArray(true), tol, "forward, one group");
                    assertClose(NdArray.concatenate(0, List.of(yRef, yRef)), y.asArray(), tol, "forward, all ranks");
                    double n2 = 0;
                    for (long k = 0; k < yRef.size(); k++) {
                        n2 += yRef.re(k) * yRef.re(k) + yRef.im(k) * yRef.im(k);
                    }
                    assertEquals(Math.sqrt(n2), y.norm(), 1e-4 * Math.sqrt(n2) + 1e-30, "norm counts one replica");
                    DistributedArray z = op.rmatvec(y);
                    assertArrayEquals(mask, z.mask());
                    assertClose(ref.rmatvec(yRef), z.asArray(true), 10 * tol, "adjoint, one group");
                    dottest(op, randomLike(z, 1), 2, dotRtol(dt));
                });
            }
        }
    }

    /**
     * Inputs of another precision are converted to the operator's, complex inputs to real operators
     * give complex outputs; ops of mixed dtypes are promoted.
     */
    @Test
    void dtypes() {
        Random rnd = new Random(5);
        DenseOp f64 = DenseOp.random(DType.FLOAT64, 4, 3, rnd.nextLong());
        DenseOp c128 = DenseOp.random(DType.COMPLEX128, 2, 5, rnd.nextLong());
        DenseOp f32 = DenseOp.random(DType.FLOAT32, 3, 3, rnd.nextLong());
        List<List<DenseOp>> plan = List.of(List.of(f64), List.of(c128, f32), List.of());
        Dense ref = reference(plan);
        NdArray x32 = random(DType.FLOAT32, 9, ref.cols);
        NdArray xc = random(DType.COMPLEX128, 10, ref.cols);
        LocalCluster.run(3, comm -> {
            MPIBlockDiag op = new MPIBlockDiag(plan.get(comm.rank()), comm);
            assertEquals(DType.COMPLEX128, op.dtype(), "common type of every rank's ops");
            DistributedArray y = op.matvec(DistributedArray.toDist(x32, comm));
            assertEquals(DType.COMPLEX128, y.dtype());
            assertClose(ref.matvec(x32), y.asArray(), 1e-5, "float32 input, mixed ops");
            DistributedArray yc = op.matvec(DistributedArray.toDist(xc, comm));
            assertClose(ref.matvec(xc), yc.asArray(), 1e-5, "complex input through real ops");
            DistributedArray z = op.rmatvec(yc);
            assertClose(ref.rmatvec(yc.asArray()), z.asArray(), 1e-5, "adjoint, mixed ops");
            dottest(op, randomLike(z, 1), 2, 1e-5);
        });
        // an explicit dtype: float64 ops computing in float32; a complex input gives a complex output
        List<List<DenseOp>> real = List.of(List.of(f64), List.of());
        Dense refReal = reference(real);
        NdArray x = random(DType.COMPLEX128, 11, refReal.cols);
        NdArray xRe = x.astype(DType.FLOAT64);
        LocalCluster.run(2, comm -> {
            MPIBlockDiag op = new MPIBlockDiag(real.get(comm.rank()), comm, null, DType.FLOAT32);
            assertNull(op.mask());
            DistributedArray y = op.matvec(DistributedArray.toDist(xRe, comm));
            assertEquals(DType.FLOAT32, y.dtype());
            assertClose(refReal.matvec(xRe), y.asArray(), 1e-5, "float64 input to a float32 operator");
            DistributedArray yc = op.matvec(DistributedArray.toDist(x, comm));
            assertEquals(DType.COMPLEX64, yc.dtype());
            assertClose(refReal.matvec(x), yc.asArray(), 1e-5, "complex input to a real operator");
            DistributedArray zc = op.rmatvec(yc);
            assertEquals(DType.COMPLEX64, zc.dtype());
            assertClose(refReal.rmatvec(yc.asArray()), zc.asArray(), 1e-5, "complex adjoint input to a real operator");
        });
    }

    /** A product with an operator on one rank only and empty operators elsewhere, all zero-size. */
    @Test
    void emptyEverywhere() {
        LocalCluster.run(3, comm -> {
            List<LocalOperator> none = List.of();
            MPIBlockDiag op = new MPIBlockDiag(none, comm);
            assertArrayEquals(new long[] {0, 0}, op.shape());
            assertEquals(DType.FLOAT64, op.dtype());
            DistributedArray y = op.matvec(DistributedArray.builder(comm, 0).build());
            assertEquals(0, y.globalSize());
        });
    }

    static long[][] shapes(long[] counts) {
        long[][] s = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            s[r] = new long[] {counts[r]};
        }
        return s;
    }

    static NdArray slice(NdArray global, long[] counts, int rank) {
        long off = 0;
        for (int r = 0; r < rank; r++) {
            off += counts[r];
        }
        return global.slice(0, off, off + counts[rank]);
    }
}
