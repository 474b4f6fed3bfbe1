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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.MPIStackedLinearOperator;
import org.jlops.mpi.ops.stack.StackTesting.Dense;
import org.jlops.mpi.testkit.DenseOp;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 test_linearop and test_stackedlinearop: the operator algebra (adjoint, transpose,
 * conj, sum, difference, negation, real and complex scaling, product, power) on block operators
 * and stacked block operators, forward and adjoint against the same algebra on dense matrices,
 * dot-tested; dims/dimsd propagation; {@code asMpiLinearOperator} on replicated inputs.
 */
class StackAlgebraTest {

    /** Random square blocks per rank (0..3 each, sizes 0..5), so that powers apply. */
    static List<List<DenseOp>> squarePlan(Random rnd, DType dtype, int p) {
        List<List<DenseOp>> plan = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            List<DenseOp> ops = new ArrayList<>();
            int k = rnd.nextInt(4);
            for (int i = 0; i < k; i++) {
                int s = rnd.nextInt(6);
                ops.add(DenseOp.random(dtype, s, s, rnd.nextLong()));
            }
            plan.add(ops);
        }
        return plan;
    }

    /** The same block shapes as {@code plan} with new entries, or transposed shapes. */
    static List<List<DenseOp>> likePlan(Random rnd, List<List<DenseOp>> plan, DType dtype, boolean transposed) {
        List<List<DenseOp>> out = new ArrayList<>();
        for (List<DenseOp> ops : plan) {
            List<DenseOp> mine = new ArrayList<>();
            for (DenseOp op : ops) {
                mine.add(transposed ? DenseOp.random(dtype, op.cols(), op.rows(), rnd.nextLong())
                        : DenseOp.random(dtype, op.rows(), op.cols(), rnd.nextLong()));
            }
            out.add(mine);
        }
        return out;
    }

    /**
     * Checks forward and adjoint of {@code op} against {@code ref} on SCATTER inputs of random
     * splits, plus the dot-test. Collective.
     */
    static void check(Communicator comm, MPILinearOperator op, Dense ref, DType dt, long seed, String what) {
        assertArrayEquals(new long[] {ref.rows, ref.cols}, op.shape(), what + ": shape");
        Random rnd = new Random(seed);
        NdArray xg = random(dt, rnd.nextLong(), ref.cols);
        NdArray yg = random(dt, rnd.nextLong(), ref.rows);
        double tol = 10 * rtol(dt);
        DistributedArray x = scatter(comm, xg, randomCounts(rnd, ref.cols, comm.size()));
        DistributedArray y = op.matvec(x);
        assertClose(ref.matvec(xg), y.asArray(), tol, what + ": forward");
        DistributedArray v = scatter(comm, yg, randomCounts(rnd, ref.rows, comm.size()));
        DistributedArray z = op.rmatvec(v);
        assertClose(ref.rmatvec(yg), z.asArray(), tol, what + ": adjoint");
        dottest(op, randomLike(z, seed + 1), seed + 2, dotRtol(dt));
    }

    @Test
    void linearOperatorAlgebra() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(6000L * p + dt.ordinal());
                List<List<DenseOp>> planA = MPIBlockDiagTest.randomPlan(rnd, dt, p);
                List<List<DenseOp>> planB = likePlan(rnd, planA, dt, false);
                List<List<DenseOp>> planC = likePlan(rnd, planA, dt, true);
                List<List<DenseOp>> planS = squarePlan(rnd, dt, p);
                Dense a = MPIBlockDiagTest.reference(planA);
                Dense b = MPIBlockDiagTest.reference(planB);
                Dense c = MPIBlockDiagTest.reference(planC);
                Dense s = MPIBlockDiagTest.reference(planS);
                DType complex = dt.complexType();
                LocalCluster.run(p, comm -> {
                    int me = comm.rank();
                    MPILinearOperator opA = new MPIBlockDiag(planA.get(me), comm, null, dt);
                    MPILinearOperator opB = new MPIBlockDiag(planB.get(me), comm, null, dt);
                    MPILinearOperator opC = new MPIBlockDiag(planC.get(me), comm, null, dt);
                    MPILinearOperator opS = new MPIBlockDiag(planS.get(me), comm, null, dt);
                    check(comm, opA.adjoint(), a.adjoint(), dt, 1, "A.H");
                    check(comm, opA.transpose(), a.transpose(), dt, 2, "A.T");
                    check(comm, opA.conj(), a.conj(), dt, 3, "conj(A)");
                    check(comm, opA.plus(opB), a.plus(b), dt, 4, "A + B");
                    check(comm, opA.minus(opB.times(2.0)), a.plus(b.scaled(-2, 0)), dt, 5, "A - 2B");
                    check(comm, opA.negate(), a.scaled(-1, 0), dt, 6, "-A");
                    check(comm, opA.times(-4.0), a.scaled(-4, 0), dt, 7, "-4 A");
                    MPILinearOperator cs = opA.times(0.5, -3);
                    assertEquals(complex, cs.dtype(), "complex scaling gives a complex operator");
                    check(comm, cs, a.scaled(0.5, -3), dt, 8, "(0.5-3i) A");
                    check(comm, opA.times(opC), a.times(c), dt, 9, "A C");
                    check(comm, opC.times(opA).adjoint(), c.times(a).adjoint(), dt, 10, "(C A).H");
                    check(comm, opS.power(3), s.times(s).times(s), dt, 11, "S ** 3");
                    check(comm, opS.power(0), identity(s.rows), dt, 12, "S ** 0");
                    check(comm, opS.times(opS).times(opS), s.times(s).times(s), dt, 13, "S S S");
                    check(comm, opA.adjoint().times(opA).plus(opA.adjoint().times(opB)), a.adjoint().times(a)
                            .plus(a.adjoint().times(b)), dt, 14, "A.H A + A.H B");
                });
            }
        }
    }

    private static Dense identity(int n) {
        Dense d = new Dense(n, n);
        for (int i = 0; i < n; i++) {
            d.re[i * n + i] = 1;
        }
        return d;
    }

    /** dims and dimsd through the algebra (SPEC test_copy_dims_dimsd), on a wrapped 12x12 operator. */
    @Test
    void dimsPropagate() {
        long[] dims = {3, 4};
        long[] dimsd = {2, 6};
        LocalCluster.run(2, comm -> {
            MPILinearOperator a = MPILinearOperator.asMpiLinearOperator(
                    new DenseOp(random(DType.FLOAT64, 1, 144).reshape(12, 12), dims, dimsd), comm);
            MPILinearOperator b = MPILinearOperator.asMpiLinearOperator(
                    new DenseOp(random(DType.FLOAT64, 2, 144).reshape(12, 12), dims, dimsd), comm);
            for (MPILinearOperator op : List.of(a.negate(), a.times(2.0), a.plus(b), a.minus(b.times(2.0)), a.power(3),
                    a.conj(), a.times(1, 1))) {
                assertArrayEquals(dims, op.dims(), op.toString());
                assertArrayEquals(dimsd, op.dimsd(), op.toString());
            }
            for (MPILinearOperator op : List.of(a.adjoint(), a.transpose())) {
                assertArrayEquals(dimsd, op.dims(), op.toString());
                assertArrayEquals(dims, op.dimsd(), op.toString());
            }
            MPILinearOperator c = MPILinearOperator.asMpiLinearOperator(
                    new DenseOp(random(DType.FLOAT64, 3, 24).reshape(12, 2), new long[] {2}, new long[] {4, 3}), comm);
            MPILinearOperator ac = a.times(c);
            assertArrayEquals(new long[] {2}, ac.dims(), "product: dims from the right operand");
            assertArrayEquals(dimsd, ac.dimsd(), "product: dimsd from the left operand");
            // the block operators' own shapes are 1-d
            MPIBlockDiag bd = new MPIBlockDiag(List.of(DenseOp.random(DType.FLOAT64, 2, 3, 4)), comm);
            assertArrayEquals(new long[] {6}, bd.dims());
            assertArrayEquals(new long[] {4}, bd.dimsd());
            MPIHStack hs = new MPIHStack(List.of(DenseOp.random(DType.FLOAT64, 2, 3, 4)), comm);
            assertArrayEquals(new long[] {6}, hs.dims());
            assertArrayEquals(new long[] {2}, hs.dimsd());
        });
    }

    /**
     * {@code asMpiLinearOperator} on BROADCAST and UNSAFE_BROADCAST inputs (SPEC test_mpilinop), and
     * chained behind a VStack (test_fwd_mpilinop / test_adj_mpilinop).
     */
    @Test
    void wrappedSerialOperator() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 4; p++) {
                Random rnd = new Random(7000L * p + dt.ordinal());
                DenseOp d1 = DenseOp.random(dt, 6, 5, rnd.nextLong());
                List<DenseOp> d2 = new ArrayList<>();
                for (int r = 0; r < p; r++) {
                    d2.add(DenseOp.random(dt, 1 + rnd.nextInt(4), 6, rnd.nextLong()));
                }
                Dense ref1 = Dense.of(d1);
                List<Dense> scaled = new ArrayList<>();
                for (int r = 0; r < p; r++) {
                    scaled.add(Dense.of(d2.get(r)).scaled(r + 1, 0));
                }
                Dense refChain = Dense.vstack(scaled, 6).times(ref1);
                NdArray xg = random(dt, rnd.nextLong(), 5);
                NdArray yg = random(dt, rnd.nextLong(), 6);
                NdArray wg = random(dt, rnd.nextLong(), refChain.rows);
                double tol = rtol(dt);
                LocalCluster.run(p, comm -> {
                    MPILinearOperator m = MPILinearOperator.asMpiLinearOperator(d1, comm);
                    for (Partition part : new Partition[] {Partition.BROADCAST, Partition.UNSAFE_BROADCAST}) {
                        DistributedArray y = m.matvec(replicated(comm, xg, part));
                        assertEquals(part, y.partition());
                        assertClose(ref1.matvec(xg), y.localArray(), tol, "wrapped forward");
                        DistributedArray z = m.rmatvec(replicated(comm, yg, part));
                        assertClose(ref1.rmatvec(yg), z.localArray(), tol, "wrapped adjoint");
                        dottest(m, randomLike(z, 1), 2, dotRtol(dt));
                    }
                    MPIVStack v = new MPIVStack(List.of(d2.get(comm.rank()).times(comm.rank() + 1)), comm);
                    MPILinearOperator chain = v.times(m);
                    DistributedArray y = chain.matvec(replicated(comm, xg, Partition.BROADCAST));
                    assertEquals(Partition.SCATTER, y.partition());
                    assertClose(refChain.matvec(xg), y.asArray(), 10 * tol, "VStack @ Mop forward");
                    DistributedArray z = chain.rmatvec(DistributedArray.toDist(wg, comm));
                    assertEquals(Partition.BROADCAST, z.partition());
                    assertClose(refChain.rmatvec(wg), z.localArray(), 10 * tol, "VStack @ Mop adjoint");
                    dottest(chain, randomLike(z, 3), 4, dotRtol(dt));
                });
            }
        }
    }

    /**
     * The stacked algebra on {@code S = MPIStackedBlockDiag([BlockDiag, asMpiLinearOperator(W)])}
     * (square blocks), with stacked inputs of a SCATTER and a BROADCAST component.
     */
    @Test
    void stackedLinearOperatorAlgebra() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(8000L * p + dt.ordinal());
                List<List<DenseOp>> plan1 = squarePlan(rnd, dt, p);
                List<List<DenseOp>> plan2 = likePlan(rnd, plan1, dt, false);
                DenseOp w1 = DenseOp.random(dt, 4, 4, rnd.nextLong());
                DenseOp w2 = DenseOp.random(dt, 4, 4, rnd.nextLong());
                Dense s = Dense.blockDiag(List.of(MPIBlockDiagTest.reference(plan1), Dense.of(w1)));
                Dense t = Dense.blockDiag(List.of(MPIBlockDiagTest.reference(plan2), Dense.of(w2)));
                int n1 = MPIBlockDiagTest.reference(plan1).cols;
                DType complex = dt.complexType();
                LocalCluster.run(p, comm -> {
                    int me = comm.rank();
                    MPIStackedBlockDiag opS = new MPIStackedBlockDiag(List.of(
                            new MPIBlockDiag(plan1.get(me), comm, null, dt),
                            MPILinearOperator.asMpiLinearOperator(w1, comm)));
                    MPIStackedBlockDiag opT = new MPIStackedBlockDiag(List.of(
                            new MPIBlockDiag(plan2.get(me), comm, null, dt),
                            MPILinearOperator.asMpiLinearOperator(w2, comm)));
                    checkStacked(comm, opS, s, n1, dt, 1, "S");
                    checkStacked(comm, opS.adjoint(), s.adjoint(), n1, dt, 2, "S.H");
                    checkStacked(comm, opS.transpose(), s.transpose(), n1, dt, 3, "S.T");
                    checkStacked(comm, opS.conj(), s.conj(), n1, dt, 4, "conj(S)");
                    checkStacked(comm, opS.plus(opT), s.plus(t), n1, dt, 5, "S + T");
                    checkStacked(comm, opS.times(5.0).minus(opT.times(3.0)), s.scaled(5, 0).plus(t.scaled(-3, 0)),
                            n1, dt, 6, "5S - 3T");
                    checkStacked(comm, opS.negate(), s.scaled(-1, 0), n1, dt, 7, "-S");
                    MPIStackedLinearOperator cs = opS.times(-1, 2);
                    assertEquals(complex, cs.dtype());
                    checkStacked(comm, cs, s.scaled(-1, 2), n1, dt, 8, "(-1+2i) S");
                    checkStacked(comm, opS.times(opT), s.times(t), n1, dt, 9, "S T");
                    checkStacked(comm, opS.power(3), s.times(s).times(s), n1, dt, 10, "S ** 3");
                    for (MPIStackedLinearOperator op : List.of(opS.negate(), opS.times(2.0), opS.plus(opS),
                            opS.times(5.0).minus(opS.times(3.0)), opS.power(3), opS.adjoint(), opS.transpose())) {
                        assertArrayEquals(new long[] {s.cols}, op.dims(), op.toString());
                        assertArrayEquals(new long[] {s.rows}, op.dimsd(), op.toString());
                    }
                });
            }
        }
    }

    /** A stacked vector of {@code global}: the first {@code n1} entries SCATTER, the rest BROADCAST. */
    private static StackedDistributedArray stacked(Communicator comm, NdArray global, int n1, long[] counts) {
        return StackedDistributedArray.of(scatter(comm, global.slice(0, 0, n1), counts),
                replicated(comm, global.slice(0, n1, global.size()), Partition.BROADCAST));
    }

    private static void checkStacked(Communicator comm, MPIStackedLinearOperator op, Dense ref, int n1, DType dt,
            long seed, String what) {
        assertArrayEquals(new long[] {ref.rows, ref.cols}, op.shape(), what + ": shape");
        Random rnd = new Random(seed);
        NdArray xg = random(dt, rnd.nextLong(), ref.cols);
        NdArray yg = random(dt, rnd.nextLong(), ref.rows);
        double tol = 10 * rtol(dt);
        DistributedVector y = op.matvec(stacked(comm, xg, n1, randomCounts(rnd, n1, comm.size())));
        assertClose(ref.matvec(xg), y.asArray(), tol, what + ": forward");
        DistributedVector z = op.rmatvec(stacked(comm, yg, n1, randomCounts(rnd, n1, comm.size())));
        assertClose(ref.rmatvec(yg), z.asArray(), tol, what + ": adjoint");
        dottest(op, randomLike(z, seed + 1), seed + 2, dotRtol(dt));
    }
}
