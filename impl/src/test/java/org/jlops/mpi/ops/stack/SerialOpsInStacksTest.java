package org.jlops.mpi.ops.stack;

import static org.jlops.mpi.ops.stack.StackTesting.dotRtol;
import static org.jlops.mpi.ops.stack.StackTesting.dottest;
import static org.jlops.mpi.ops.stack.StackTesting.randomCounts;
import static org.jlops.mpi.ops.stack.StackTesting.randomLike;
import static org.jlops.mpi.ops.stack.StackTesting.replicated;
import static org.jlops.mpi.ops.stack.StackTesting.rtol;
import static org.jlops.mpi.ops.stack.StackTesting.scatter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.DerivativeTesting;
import org.jlops.mpi.ops.serial.Diagonal;
import org.jlops.mpi.ops.serial.LocalOperators;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;

/**
 * The serial building blocks of {@code ops.serial} as the blocks of {@link MPIBlockDiag},
 * {@link MPIVStack} and {@link MPIHStack}, on 2 to 4 in-JVM ranks, every dtype: {@link MatrixMult}
 * (BLAS for the real dtypes, with and without {@code otherdims}), a {@link Diagonal} and an
 * algebra expression, against the EJML reference's block matrices on gathered data, plus
 * dot-tests.
 */
class SerialOpsInStacksTest {

    /** A random {@code MatrixMult} and its reference. */
    private record Block(LocalOperator op, DenseOperator ref) {
    }

    private static Block matrixMult(DType dt, Random rnd, int rows, int cols, int k) {
        NdArray a = DerivativeTesting.random(dt, rnd.nextLong(), (long) rows * cols).reshape(rows, cols);
        long[] od = k == 1 ? null : new long[] {k};
        MatrixMult op = new MatrixMult(a, od, dt);
        DenseOperator ref;
        if (dt.isComplex()) {
            ZMatrixRMaj m = new ZMatrixRMaj(rows, cols);
            for (int q = 0; q < rows * cols; q++) {
                m.data[2 * q] = a.re(q);
                m.data[2 * q + 1] = a.im(q);
            }
            ref = ReferenceOperators.matrixMult(m, k);
        } else {
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            for (int q = 0; q < rows * cols; q++) {
                m.data[q] = a.re(q);
            }
            ref = ReferenceOperators.matrixMult(m, k);
        }
        return new Block(op, ref);
    }

    /** Rank r's blocks: one or two MatrixMults, the second with otherdims 2, sizes from the seed. */
    private static List<List<Block>> plan(DType dt, Random rnd, int p, int fixedCols) {
        List<List<Block>> plan = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            List<Block> blocks = new ArrayList<>();
            int n = 1 + rnd.nextInt(2);
            for (int i = 0; i < n; i++) {
                int k = fixedCols > 0 ? 1 : 1 + i;
                blocks.add(matrixMult(dt, rnd, 1 + rnd.nextInt(6), fixedCols > 0 ? fixedCols : 1 + rnd.nextInt(6), k));
            }
            plan.add(blocks);
        }
        return plan;
    }

    private static List<DenseOperator> refs(List<List<Block>> plan) {
        return plan.stream().flatMap(List::stream).map(Block::ref).toList();
    }

    private static List<LocalOperator> ops(List<Block> blocks) {
        return blocks.stream().map(Block::op).toList();
    }

    private static NdArray apply(DenseOperator ref, NdArray x, boolean adjoint, DType dt) {
        return DerivativeTesting.apply(ref, x, adjoint).astype(dt);
    }

    @Test
    void matrixMultBlocksInBlockDiag() {
        for (DType dt : DType.values()) {
            for (int p = 2; p <= 4; p++) {
                Random rnd = new Random(31L * p + dt.ordinal());
                List<List<Block>> plan = plan(dt, rnd, p, 0);
                DenseOperator ref = ReferenceOperators.blockDiag(refs(plan));
                NdArray xg = DerivativeTesting.random(dt, rnd.nextLong(), ref.cols());
                NdArray yg = DerivativeTesting.random(dt, rnd.nextLong(), ref.rows());
                long[] xCounts = randomCounts(rnd, ref.cols(), p);
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    MPIBlockDiag op = new MPIBlockDiag(ops(plan.get(comm.rank())), comm);
                    assertEquals(dt, op.dtype());
                    assertArrayEquals(new long[] {ref.rows(), ref.cols()}, op.shape());
                    DistributedArray y = op.matvec(scatter(comm, xg, xCounts));
                    assertEquals(Partition.SCATTER, y.partition());
                    StackTesting.assertClose(apply(ref, xg, false, dt), y.asArray(), tol, "forward");
                    DistributedArray z = op.rmatvec(DistributedArray.toDist(yg, comm));
                    StackTesting.assertClose(apply(ref, yg, true, dt), z.asArray(), tol, "adjoint");
                    dottest(op, randomLike(z, 7), 8, dotRtol(dt));
                });
            }
        }
    }

    @Test
    void matrixMultBlocksInVStackAndHStack() {
        for (DType dt : DType.values()) {
            for (int p = 2; p <= 4; p++) {
                Random rnd = new Random(57L * p + dt.ordinal());
                int cols = 5;
                List<List<Block>> plan = plan(dt, rnd, p, cols);
                DenseOperator vref = ReferenceOperators.vstack(refs(plan));
                DenseOperator href = ReferenceOperators.hstack(refs(plan).stream().map(DenseOperator::adjoint)
                        .toList());
                NdArray x = DerivativeTesting.random(dt, rnd.nextLong(), cols);
                NdArray yg = DerivativeTesting.random(dt, rnd.nextLong(), vref.rows());
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    List<LocalOperator> mine = ops(plan.get(comm.rank()));
                    MPIVStack vs = new MPIVStack(mine, comm);
                    DistributedArray y = vs.matvec(replicated(comm, x, Partition.BROADCAST));
                    StackTesting.assertClose(apply(vref, x, false, dt), y.asArray(), tol, "vstack forward");
                    DistributedArray z = vs.rmatvec(DistributedArray.toDist(yg, comm));
                    StackTesting.assertClose(apply(vref, yg, true, dt), z.asArray(), tol, "vstack adjoint");
                    dottest(vs, randomLike(z, 3), 4, dotRtol(dt));

                    // the horizontal stack of the adjoints, built with the serial algebra
                    MPIHStack hs = new MPIHStack(mine.stream().map(LocalOperators::adjoint).toList(), comm);
                    DistributedArray h = hs.matvec(DistributedArray.toDist(yg, comm));
                    assertEquals(Partition.BROADCAST, h.partition());
                    StackTesting.assertClose(apply(href, yg, false, dt), h.asArray(), tol, "hstack forward");
                    DistributedArray g = hs.rmatvec(replicated(comm, x, Partition.BROADCAST));
                    StackTesting.assertClose(apply(href, x, true, dt), g.asArray(), tol, "hstack adjoint");
                    dottest(hs, randomLike(g, 5), 6, dotRtol(dt));
                });
            }
        }
    }

    /** A Diagonal and an algebra expression (2 D - A^H A) as blocks, at 3 ranks. */
    @Test
    void diagonalAndAlgebraBlocks() {
        DType dt = DType.COMPLEX128;
        Random rnd = new Random(9);
        int p = 3;
        List<List<Block>> plan = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            int n = 2 + r;
            Block a = matrixMult(dt, rnd, 3, n, 1);
            NdArray d = DerivativeTesting.random(dt, rnd.nextLong(), n);
            double[] dd = new double[2 * n];
            for (int i = 0; i < n; i++) {
                dd[2 * i] = d.re(i);
                dd[2 * i + 1] = d.im(i);
            }
            DenseOperator dref = ReferenceOperators.diagonalComplex(dd);
            LocalOperator expr = LocalOperators.difference(LocalOperators.scale(new Diagonal(d), 2.0),
                    LocalOperators.compose(LocalOperators.adjoint(a.op()), a.op()));
            plan.add(List.of(new Block(expr, dref.times(2.0).minus(a.ref().adjoint().compose(a.ref())))));
        }
        DenseOperator ref = ReferenceOperators.blockDiag(refs(plan));
        NdArray xg = DerivativeTesting.random(dt, 1, ref.cols());
        LocalCluster.run(p, comm -> {
            MPIBlockDiag op = new MPIBlockDiag(ops(plan.get(comm.rank())), comm);
            DistributedArray y = op.matvec(DistributedArray.toDist(xg, comm));
            StackTesting.assertClose(apply(ref, xg, false, dt), y.asArray(), rtol(dt), "forward");
            dottest(op, randomLike(y, 2), 3, dotRtol(dt));
        });
    }
}
