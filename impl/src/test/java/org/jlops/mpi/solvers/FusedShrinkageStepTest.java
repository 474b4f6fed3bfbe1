package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIStackedBlockDiag;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused step of {@link ISTA} and {@link FISTA} (one pass for the threshold and the updates,
 * the residual written inside the norms' reduction) against the separate passes it replaces: the
 * same iterates and cost histories bit for bit, for every dtype and threshold, with and without
 * decay, on 1, 2 and 3 in-JVM ranks with uneven splits (blocks crossing the tree sum's 256-leaf
 * blocks), with broadcast models and data, and on stacked vectors. Every run here compares the
 * raw bits of the final iterate, of every cost and of the first entry of every iterate.
 */
class FusedShrinkageStepTest {

    private static final int NITER = 12;

    /** Per rank the columns of its block: uneven, some across a 256 boundary, rank 2 short. */
    private static int cols(int rank) {
        return new int[] {300, 517, 41}[rank];
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.COMPLEX128, DType.COMPLEX64}) {
            for (Threshold t : Threshold.values()) {
                for (boolean decay : new boolean[] {false, true}) {
                    out.add(Arguments.of(dt, t, decay));
                }
            }
        }
        return out.stream();
    }

    /** What a run leaves: the count, the reason, the bits of the costs, of ‖x‖₁ after every step and of x. */
    private static <V extends DistributedVector> long[] run(boolean fista, DistributedOperator<V> op, V y, V x0,
            IstaOptions o, boolean fused) {
        List<Double> norms = new ArrayList<>();
        IstaResult<V> r;
        try {
            r = solve(fista, op, y, x0, o, fused, norms);
        } catch (IllegalArgumentException e) {                                // monitorres: the same message
            return new long[] {-1, norms.size(), e.getMessage().hashCode()};
        }
        List<Long> bits = new ArrayList<>();
        bits.add((long) r.iterations());
        bits.add((long) r.stopReason().ordinal());
        for (double c : r.cost()) {
            bits.add(Double.doubleToRawLongBits(c));
        }
        for (double f : norms) {
            bits.add(Double.doubleToRawLongBits(f));
        }
        for (DistributedArray a : ElementMaps.leaves(r.x())) {
            NdArray all = a.asArray();
            for (long k = 0; k < all.size(); k++) {
                bits.add(Double.doubleToRawLongBits(all.re(k)));
                bits.add(Double.doubleToRawLongBits(all.im(k)));
            }
        }
        return bits.stream().mapToLong(Long::longValue).toArray();
    }

    private static <V extends DistributedVector> IstaResult<V> solve(boolean fista, DistributedOperator<V> op, V y,
            V x0, IstaOptions o, boolean fused, List<Double> norms) {
        ShrinkageSolver<V, ?> s = fista ? new FISTA<>(op).options(o).fusedStep(fused)
                : new ISTA<>(op).options(o).fusedStep(fused);
        s.callback(state -> norms.add(state.x().norm(1)));
        s.setup(y, x0, NITER);
        assertEquals(fused, s.fused, "the fused step is taken exactly when allowed");
        s.run(NITER);
        return s.finish();
    }

    @SuppressWarnings("unchecked")
    /** The options of a case: eps so that about a tenth of the first update survives the threshold. */
    private static IstaOptions options(DistributedOperator<?> op, DistributedVector y, Threshold t, boolean decay) {
        double[] d = new double[NITER];
        for (int k = 0; k < NITER; k++) {
            d[k] = 1.0 - 0.06 * k;
        }
        DistributedVector g = ((DistributedOperator<DistributedVector>) op).rmatvec(y);
        double eps = 0.2 * g.norm(Double.POSITIVE_INFINITY);                // thresh = 0.1 alpha ‖A^H y‖∞
        return ISTA.options().eps(eps).threshold(t).tol(0).decay(decay ? d : null).eigs(60, 0, 7);
    }

    /** The block of rank {@code k}: (cols + 3) x cols, entries uniform in [-1, 1), seeded by rank and dtype. */
    private static SolverTesting.Matrix block(DType dt, int k, int cols, long salt) {
        return SolverTesting.Matrix.random(dt, cols + 3, cols, 1000 * salt + 31L * k + dt.ordinal());
    }

    /** A sparse model in {@code x}'s place: a few spikes. */
    private static void spikes(DistributedVector x) {
        for (DistributedArray a : ElementMaps.leaves(x)) {
            NdArray g = NdArray.zeros(a.dtype(), a.globalShape()[0]);
            for (long k = 3; k < g.size(); k += 17) {
                g.set(k, k % 2 == 0 ? 1 : -2, a.dtype().isComplex() ? 0.5 : 0);
            }
            DistributedArray s = a.partition() == Partition.BROADCAST
                    ? DistributedArray.toDist(g, a.communicator(), Partition.BROADCAST, 0)
                    : DistributedArray.toDist(g, a.communicator(), a.partition(), 0, a.localShapes(), null);
            s.copyTo(a);
        }
    }

    /** A zero model of {@code cols(r)} elements on rank r (the model layout of the block-diagonal operators). */
    private static DistributedArray unevenModel(Communicator comm, DType dt, int salt) {
        long[] counts = new long[comm.size()];
        long n = 0;
        for (int r = 0; r < counts.length; r++) {
            counts[r] = cols(r) + salt * r;
            n += counts[r];
        }
        return DistributedArray.builder(comm, n).localSizes(counts).dtype(dt).build();
    }

    private static <V extends DistributedVector> String compare(String what, DistributedOperator<V> op, V y, V x0,
            IstaOptions o) {
        StringBuilder bad = new StringBuilder();
        for (boolean fista : new boolean[] {false, true}) {
            long[] fused = run(fista, op, y, x0, o, true);
            long[] apart = run(fista, op, y, x0, o, false);
            if (!Arrays.equals(apart, fused)) {
                bad.append(fista ? "FISTA " : "ISTA ").append(what).append(": the fused step changed the bits\n");
            }
        }
        return bad.toString();
    }

    @ParameterizedTest(name = "{0} {1} decay={2}")
    @MethodSource("cases")
    void blockDiagonalOnUnevenSplitsIsBitIdentical(DType dt, Threshold t, boolean decay) {
        for (int np = 1; np <= 3; np++) {
            List<String> out = LocalCluster.call(np, comm -> {
                MPIBlockDiag op = new MPIBlockDiag(List.of(block(dt, comm.rank(), cols(comm.rank()), 1)), comm);
                DistributedArray x = unevenModel(comm, dt, 0);
                spikes(x);
                DistributedArray y = op.matvec(x);
                DistributedArray x0 = x.zerosLike();
                x0.fill(0.25, dt.isComplex() ? -0.25 : 0);
                IstaOptions o = options(op, y, t, decay);
                return compare("np=" + comm.size() + " x0=0", op, y, null, o) + compare("np=" + comm.size() + " x0",
                        op, y, x0, o) + compare("np=" + comm.size() + " monitorres", op, y, null,
                        o.monitorres(true).eps(o.eps() * 4));
            });
            for (String s : out) {
                assertEquals("", s);
            }
        }
    }

    /** Broadcast model (VStack: the residual in the plain tree sum) and broadcast data (HStack: in a held vector). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stackFamilies")
    void broadcastModelsAndDataAreBitIdentical(DType dt) {
        for (int np = 2; np <= 3; np++) {
            List<String> out = LocalCluster.call(np, comm -> {
                StringBuilder s = new StringBuilder();
                for (boolean vstack : new boolean[] {true, false}) {
                    MPILinearOperator op = vstack
                            ? new MPIVStack(List.of(block(dt, comm.rank(), 260, 2)), comm)
                            : new MPIHStack(List.of(block(dt, comm.rank(), 260, 3)), comm);
                    DistributedArray x = vstack
                            ? DistributedArray.builder(comm, 260).partition(Partition.BROADCAST).dtype(dt).build()
                            : DistributedArray.builder(comm, 260L * comm.size()).dtype(dt).build();
                    spikes(x);
                    DistributedArray y = op.matvec(x);
                    for (Threshold t : Threshold.values()) {
                        s.append(compare((vstack ? "VStack " : "HStack ") + t + " np=" + comm.size(), op, y, null,
                                options(op, y, t, true)));
                    }
                }
                return s.toString();
            });
            for (String s : out) {
                assertEquals("", s);
            }
        }
    }

    static Stream<DType> stackFamilies() {
        return Stream.of(DType.FLOAT64, DType.COMPLEX64);
    }

    @Test
    void stackedVectorsAreBitIdentical() {
        for (int np = 1; np <= 3; np++) {
            List<String> out = LocalCluster.call(np, comm -> {
                MPIBlockDiag a = new MPIBlockDiag(List.of(block(DType.FLOAT64, comm.rank(), cols(comm.rank()), 4)),
                        comm);
                MPIBlockDiag b = new MPIBlockDiag(List.of(block(DType.FLOAT64, comm.rank(), cols(comm.rank()) + 9
                        * comm.rank(), 5)), comm);
                MPIStackedBlockDiag op = new MPIStackedBlockDiag(List.of(a, b));
                StackedDistributedArray x = new StackedDistributedArray(List.of(unevenModel(comm, DType.FLOAT64, 0),
                        unevenModel(comm, DType.FLOAT64, 9)));
                spikes(x);
                DistributedVector y = op.matvec(x);
                StringBuilder s = new StringBuilder();
                for (Threshold t : Threshold.values()) {
                    s.append(compare("stacked " + t + " np=" + comm.size(), op, y, null, options(op, y, t, false)));
                }
                return s.toString();
            });
            for (String s : out) {
                assertEquals("", s);
            }
        }
    }

    /** The analysis form (an operator S) keeps the separate passes; the results are those of before. */
    @Test
    void theAnalysisFormKeepsTheSeparatePasses() {
        List<Boolean> out = LocalCluster.call(2, comm -> {
            MPIBlockDiag op = new MPIBlockDiag(List.of(block(DType.FLOAT64, comm.rank(), 50, 6)), comm);
            DistributedArray x = DistributedArray.builder(comm, 50L * comm.size()).build();
            spikes(x);
            DistributedArray y = op.matvec(x);
            MPIBlockDiag sop = new MPIBlockDiag(List.of(SolverTesting.Matrix.random(DType.FLOAT64, 50, 50, 7)
                    .plusDiagonal(3)), comm);
            FISTA<DistributedArray> f = new FISTA<>(op).options(ISTA.options().eps(0.5).analysis(sop));
            f.setup(y, null, 5);
            ISTA<DistributedArray> i = new ISTA<>(op).options(ISTA.options().eps(0.5).analysis(sop));
            i.setup(y, null, 5);
            FISTA<DistributedArray> plain = new FISTA<>(op).options(ISTA.options().eps(0.5));
            plain.setup(y, null, 5);
            return !f.fused && !i.fused && plain.fused;
        });
        assertTrue(out.stream().allMatch(v -> v));
        assertFalse(out.isEmpty());
    }

    /** The comparison can fail: a step size one ulp off changes the bits. */
    @Test
    void theComparisonSeesOneUlp() {
        List<Boolean> out = LocalCluster.call(2, comm -> {
            MPIBlockDiag op = new MPIBlockDiag(List.of(block(DType.FLOAT64, comm.rank(), 300, 8)), comm);
            DistributedArray x = DistributedArray.builder(comm, 300L * comm.size()).build();
            spikes(x);
            DistributedArray y = op.matvec(x);
            IstaOptions o = ISTA.options().eps(1).tol(0).alpha(1e-3);
            long[] a = run(true, op, y, null, o, true);
            long[] b = run(true, op, y, null, o.alpha(Math.nextUp(1e-3)), true);
            return Arrays.equals(a, b);
        });
        assertArrayEquals(new Object[] {false, false}, out.toArray());
    }
}
