package org.jlops.mpi.ops.stack;

import static org.jlops.mpi.ops.stack.StackTesting.assertClose;
import static org.jlops.mpi.ops.stack.StackTesting.dotRtol;
import static org.jlops.mpi.ops.stack.StackTesting.dottest;
import static org.jlops.mpi.ops.stack.StackTesting.random;
import static org.jlops.mpi.ops.stack.StackTesting.randomCounts;
import static org.jlops.mpi.ops.stack.StackTesting.randomLike;
import static org.jlops.mpi.ops.stack.StackTesting.replicated;
import static org.jlops.mpi.ops.stack.StackTesting.rtol;
import static org.jlops.mpi.ops.stack.StackTesting.scatter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.stack.StackTesting.Dense;
import org.jlops.mpi.testkit.DenseOp;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 test_stack (and test_blockdiag's stacked case): MPIVStack, MPIHStack, MPIStackedVStack
 * and MPIStackedBlockDiag against the serial dense stacks on gathered data, and the dot-test, at
 * 1..8 ranks, every dtype, uneven splits, ranks without ops and empty blocks.
 */
class MPIStackTest {

    /**
     * Random ops per rank (0..3 each, at least one in all) with {@code common} columns (or rows
     * when {@code sameRows}) and the other size 0..6.
     */
    static List<List<DenseOp>> stackPlan(Random rnd, DType dtype, int p, int common, boolean sameRows) {
        List<List<DenseOp>> plan = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < p; r++) {
            List<DenseOp> ops = new ArrayList<>();
            int k = rnd.nextInt(4);
            if (r == p - 1 && total == 0 && k == 0) {
                k = 1;
            }
            for (int i = 0; i < k; i++) {
                int other = rnd.nextInt(7);
                ops.add(DenseOp.random(dtype, sameRows ? common : other, sameRows ? other : common, rnd.nextLong()));
            }
            total += k;
            plan.add(ops);
        }
        return plan;
    }

    static List<Dense> dense(List<List<DenseOp>> plan) {
        List<Dense> blocks = new ArrayList<>();
        for (List<DenseOp> ops : plan) {
            for (DenseOp op : ops) {
                blocks.add(Dense.of(op));
            }
        }
        return blocks;
    }

    @Test
    void vstack() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(2000L * p + dt.ordinal());
                int n = 1 + rnd.nextInt(6);
                List<List<DenseOp>> plan = stackPlan(rnd, dt, p, n, false);
                Dense ref = Dense.vstack(dense(plan), n);
                NdArray xg = random(dt, rnd.nextLong(), n);
                NdArray yg = random(dt, rnd.nextLong(), ref.rows);
                long[] yCounts = randomCounts(rnd, ref.rows, p);
                Partition in = p % 2 == 0 ? Partition.BROADCAST : Partition.UNSAFE_BROADCAST;
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    MPIVStack op = new MPIVStack(plan.get(comm.rank()), comm);
                    assertEquals(dt, op.dtype());
                    assertArrayEquals(new long[] {ref.rows, n}, op.shape());
                    DistributedArray x = replicated(comm, xg, in);
                    DistributedArray y = op.matvec(x);
                    assertEquals(Partition.SCATTER, y.partition());
                    assertArrayEquals(op.rowCounts(), y.localSizes());
                    assertClose(ref.matvec(xg), y.asArray(), tol, "forward");
                    assertEquals(xg, x.localArray(), "x unchanged");
                    DistributedArray v = scatter(comm, yg, yCounts);
                    DistributedArray z = op.rmatvec(v);
                    assertEquals(Partition.BROADCAST, z.partition());
                    assertClose(ref.rmatvec(yg), z.localArray(), tol, "adjoint on rank " + comm.rank());
                    assertEquals(scatter(comm, yg, yCounts).localArray(), v.localArray(), "y unchanged");
                    dottest(op, randomLike(z, 5), 6, dotRtol(dt));
                });
            }
        }
    }

    @Test
    void hstack() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(3000L * p + dt.ordinal());
                int m = 1 + rnd.nextInt(6);
                List<List<DenseOp>> plan = stackPlan(rnd, dt, p, m, true);
                Dense ref = Dense.hstack(dense(plan), m);
                NdArray xg = random(dt, rnd.nextLong(), ref.cols);
                NdArray yg = random(dt, rnd.nextLong(), m);
                long[] xCounts = randomCounts(rnd, ref.cols, p);
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    MPIHStack op = new MPIHStack(plan.get(comm.rank()), comm);
                    assertEquals(dt, op.dtype());
                    assertArrayEquals(new long[] {m, ref.cols}, op.shape());
                    assertEquals(plan.get(comm.rank()), op.localOps());
                    DistributedArray x = scatter(comm, xg, xCounts);
                    DistributedArray y = op.matvec(x);
                    assertEquals(Partition.BROADCAST, y.partition());
                    assertClose(ref.matvec(xg), y.localArray(), tol, "forward on rank " + comm.rank());
                    DistributedArray v = replicated(comm, yg, Partition.BROADCAST);
                    DistributedArray z = op.rmatvec(v);
                    assertEquals(Partition.SCATTER, z.partition());
                    assertArrayEquals(op.colCounts(), z.localSizes());
                    assertClose(ref.rmatvec(yg), z.asArray(), tol, "adjoint");
                    assertEquals(yg, v.localArray(), "y unchanged");
                    dottest(op, randomLike(z, 5), 6, dotRtol(dt));
                });
            }
        }
    }

    /** PyLops-MPI's parameters: {@code (rank+1) A}, A = ones (+ i ones for complex), ones inputs. */
    @Test
    void pylopsParameters() {
        for (long[] s : new long[][] {{101, 101}, {301, 101}}) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
                int p = 3;
                int ny = (int) s[0];
                int nx = (int) s[1];
                double im = dt.isComplex() ? 1 : 0;
                List<Dense> blocks = new ArrayList<>();
                for (int r = 0; r < p; r++) {
                    blocks.add(Dense.of(DenseOp.constant(dt, ny, nx, r + 1, im * (r + 1))));
                }
                Dense v = Dense.vstack(blocks, nx);
                Dense h = Dense.hstack(blocks, ny);
                NdArray onesX = ones(dt, nx);
                NdArray onesY = ones(dt, p * ny);
                NdArray onesPx = ones(dt, p * nx);
                NdArray onesNy = ones(dt, ny);
                LocalCluster.run(p, comm -> {
                    List<DenseOp> mine = List.of(DenseOp.constant(dt, ny, nx, comm.rank() + 1, im * (comm.rank() + 1)));
                    MPIVStack vs = new MPIVStack(mine, comm);
                    assertClose(v.matvec(onesX), vs.matvec(replicated(comm, onesX, Partition.BROADCAST)).asArray(),
                            1e-14, "vstack forward");
                    assertClose(v.rmatvec(onesY), vs.rmatvec(DistributedArray.toDist(onesY, comm)).asArray(), 1e-14,
                            "vstack adjoint");
                    MPIHStack hs = new MPIHStack(mine, comm);
                    assertClose(h.matvec(onesPx), hs.matvec(DistributedArray.toDist(onesPx, comm)).asArray(), 1e-14,
                            "hstack forward");
                    assertClose(h.rmatvec(onesNy), hs.rmatvec(replicated(comm, onesNy, Partition.BROADCAST))
                            .asArray(), 1e-14, "hstack adjoint");
                });
            }
        }
    }

    private static NdArray ones(DType dt, long n) {
        NdArray x = NdArray.zeros(dt, n);
        for (long k = 0; k < n; k++) {
            x.set(k, 1);
        }
        return x;
    }

    /**
     * {@code MPIStackedVStack([VStack_a, VStack_b])} (PyLops-MPI's case) and
     * {@code [BlockDiag_a, BlockDiag_b]} whose adjoint outputs have different splits.
     */
    @Test
    void stackedVStack() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(4000L * p + dt.ordinal());
                int n = 1 + rnd.nextInt(6);
                List<List<DenseOp>> planA = stackPlan(rnd, dt, p, n, false);
                List<List<DenseOp>> planB = stackPlan(rnd, dt, p, n, false);
                Dense refA = Dense.vstack(dense(planA), n);
                Dense refB = Dense.vstack(dense(planB), n);
                Dense ref = Dense.vstack(List.of(refA, refB), n);
                // two block-diagonal operators of the same column count, split differently
                List<List<DenseOp>> bdA = MPIBlockDiagTest.randomPlan(rnd, dt, p);
                Dense refBdA = MPIBlockDiagTest.reference(bdA);
                List<List<DenseOp>> bdB = new ArrayList<>();
                for (int r = 0; r < p; r++) {
                    bdB.add(new ArrayList<>());
                }
                bdB.get(rnd.nextInt(p)).add(DenseOp.random(dt, 3, refBdA.cols, rnd.nextLong()));
                Dense refBd = Dense.vstack(List.of(refBdA, MPIBlockDiagTest.reference(bdB)), refBdA.cols);
                NdArray xg = random(dt, rnd.nextLong(), n);
                NdArray yg = random(dt, rnd.nextLong(), ref.rows);
                NdArray xBd = random(dt, rnd.nextLong(), refBd.cols);
                NdArray yBd = random(dt, rnd.nextLong(), refBd.rows);
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    MPIVStack a = new MPIVStack(planA.get(comm.rank()), comm);
                    MPIVStack b = new MPIVStack(planB.get(comm.rank()), comm);
                    MPIStackedVStack op = new MPIStackedVStack(List.of(a, b));
                    assertArrayEquals(new long[] {ref.rows, n}, op.shape());
                    assertArrayEquals(new long[] {n}, op.dims());
                    assertArrayEquals(new long[] {ref.rows}, op.dimsd());
                    DistributedVector y = op.matvec(replicated(comm, xg, Partition.BROADCAST));
                    StackedDistributedArray ys = assertInstanceOf(StackedDistributedArray.class, y);
                    assertEquals(2, ys.narrays());
                    assertClose(ref.matvec(xg), y.asArray(), tol, "forward");
                    StackedDistributedArray v = StackedDistributedArray.of(
                            DistributedArray.toDist(yg.slice(0, 0, refA.rows), comm),
                            DistributedArray.toDist(yg.slice(0, refA.rows, ref.rows), comm));
                    DistributedVector z = op.rmatvec(v);
                    assertClose(ref.rmatvec(yg), z.asArray(), tol, "adjoint");
                    dottest(op, randomLike(z, 1), 2, dotRtol(dt));

                    MPIStackedVStack bd = new MPIStackedVStack(List.of(
                            new MPIBlockDiag(bdA.get(comm.rank()), comm, null, dt),
                            new MPIBlockDiag(bdB.get(comm.rank()), comm)));
                    DistributedVector yb = bd.matvec(DistributedArray.toDist(xBd, comm));
                    assertClose(refBd.matvec(xBd), yb.asArray(), tol, "block-diagonal rows, forward");
                    StackedDistributedArray vb = StackedDistributedArray.of(
                            DistributedArray.toDist(yBd.slice(0, 0, refBdA.rows), comm),
                            DistributedArray.toDist(yBd.slice(0, refBdA.rows, refBd.rows), comm));
                    DistributedVector zb = bd.rmatvec(vb);
                    assertClose(refBd.rmatvec(yBd), zb.asArray(), tol, "block-diagonal rows, adjoint (re-split sum)");
                    dottest(bd, randomLike(zb, 3), 4, dotRtol(dt));
                });
            }
        }
    }

    /**
     * {@code MPIStackedBlockDiag([BlockDiag, VStack, asMpiLinearOperator(dense)])}: components of
     * different partitions, and a nested stacked operator.
     */
    @Test
    void stackedBlockDiag() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(5000L * p + dt.ordinal());
                List<List<DenseOp>> bd = MPIBlockDiagTest.randomPlan(rnd, dt, p);
                int n = 1 + rnd.nextInt(6);
                List<List<DenseOp>> vs = stackPlan(rnd, dt, p, n, false);
                DenseOp wrapped = DenseOp.random(dt, 4, 3, rnd.nextLong());
                Dense refBd = MPIBlockDiagTest.reference(bd);
                Dense refVs = Dense.vstack(dense(vs), n);
                Dense refW = Dense.of(wrapped);
                Dense ref = Dense.blockDiag(List.of(refBd, refVs, refW));
                Dense refNested = Dense.blockDiag(List.of(ref, refBd));
                NdArray xg = random(dt, rnd.nextLong(), ref.cols);
                NdArray yg = random(dt, rnd.nextLong(), ref.rows);
                long[] xCounts = randomCounts(rnd, refBd.cols, p);
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    MPIBlockDiag b = new MPIBlockDiag(bd.get(comm.rank()), comm, null, dt);
                    MPIVStack v = new MPIVStack(vs.get(comm.rank()), comm);
                    MPILinearOperator w = MPILinearOperator.asMpiLinearOperator(wrapped, comm);
                    MPIStackedBlockDiag op = new MPIStackedBlockDiag(List.of(b, v, w));
                    assertEquals(dt, op.dtype());
                    assertArrayEquals(new long[] {ref.rows, ref.cols}, op.shape());
                    assertEquals(List.of(b, v, w), op.ops());
                    int c1 = refBd.cols;
                    int c2 = c1 + n;
                    StackedDistributedArray x = StackedDistributedArray.of(scatter(comm, xg.slice(0, 0, c1), xCounts),
                            replicated(comm, xg.slice(0, c1, c2), Partition.BROADCAST),
                            replicated(comm, xg.slice(0, c2, ref.cols), Partition.BROADCAST));
                    NdArray before = x.asArray();
                    DistributedVector y = op.matvec(x);
                    assertClose(ref.matvec(xg), y.asArray(), tol, "forward");
                    assertEquals(before, x.asArray(), "x unchanged");
                    int r1 = refBd.rows;
                    int r2 = r1 + refVs.rows;
                    StackedDistributedArray yv = StackedDistributedArray.of(
                            DistributedArray.toDist(yg.slice(0, 0, r1), comm),
                            DistributedArray.toDist(yg.slice(0, r1, r2), comm),
                            replicated(comm, yg.slice(0, r2, ref.rows), Partition.BROADCAST));
                    DistributedVector z = op.rmatvec(yv);
                    assertClose(ref.rmatvec(yg), z.asArray(), tol, "adjoint");
                    dottest(op, randomLike(z, 1), 2, dotRtol(dt));

                    MPIStackedBlockDiag nested = new MPIStackedBlockDiag(List.of(op, b));
                    StackedDistributedArray xn = StackedDistributedArray.of(x, scatter(comm, xg.slice(0, 0, c1),
                            xCounts));
                    DistributedVector yn = nested.matvec(xn);
                    NdArray xnG = NdArray.concatenate(0, List.of(xg, xg.slice(0, 0, c1)));
                    assertClose(refNested.matvec(xnG), yn.asArray(), tol, "nested forward");
                    dottest(nested, randomLike(nested.rmatvec(yn), 3), 4, dotRtol(dt));
                });
            }
        }
    }
}
