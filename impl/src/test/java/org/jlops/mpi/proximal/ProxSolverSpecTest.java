package org.jlops.mpi.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.Identity;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSparsity;
import org.jlops.mpi.solvers.StopReason;
import org.jlops.mpi.testkit.DenseOp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyLops-MPI's {@code test_proxsolver} parameter sets (SPEC §10) on 2 and 3 in-JVM ranks:
 * ProximalGradient with {@code MPIL2(A, y)} and {@code L1(0.1)}, tau 1e-3, 400 iterations, on an
 * MPIVStack (broadcast model) and an MPIBlockDiag (scattered model) of random blocks (seed = rank),
 * square and overdetermined, real and complex, zero and random start, against the serial
 * recomputation ({@link ReferenceSparsity#proximalGradient}) at rtol 1e-12; ADMML2 on the same
 * problems with an identity constraint against the serial ADMM with an exact x-update at rtol
 * 1e-3 (PyLops-MPI's tolerance: the inner solvers differ).
 */
class ProxSolverSpecTest {

    record Par(String name, int ny, int nx, boolean complex, boolean x0) {
        DType dtype() {
            return complex ? DType.COMPLEX128 : DType.FLOAT64;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Par> PARS = List.of(new Par("par1", 11, 11, false, false), new Par("par1j", 11, 11, true, false),
            new Par("par2", 11, 11, false, true), new Par("par2j", 11, 11, true, true),
            new Par("par3", 31, 11, false, false), new Par("par3j", 31, 11, true, false),
            new Par("par4", 31, 11, false, true), new Par("par4j", 31, 11, true, true));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int np : new int[] {2, 3}) {
            for (Par p : PARS) {
                out.add(Arguments.of(p, np));
            }
        }
        return out.stream();
    }

    /** normal(0, 1) (+ i normal(0, 1)), seeded by the rank as PyLops-MPI's test. */
    static NdArray matrix(Par p, int rank) {
        Random rnd = new Random(rank);
        NdArray a = NdArray.zeros(p.dtype(), p.ny(), p.nx());
        for (long k = 0; k < (long) p.ny() * p.nx(); k++) {
            a.set(k, rnd.nextGaussian(), p.complex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    /** n values normal(1, 10) (+ i normal(10, 10)). */
    static NdArray values(Par p, long n, long seed) {
        Random rnd = new Random(seed);
        NdArray v = NdArray.zeros(p.dtype(), n);
        for (long k = 0; k < n; k++) {
            v.set(k, 1 + 10 * rnd.nextGaussian(), p.complex() ? 10 + 10 * rnd.nextGaussian() : 0);
        }
        return v;
    }

    static double[] plain(NdArray a, boolean complex) {
        double[] v = new double[(int) (complex ? 2 * a.size() : a.size())];
        for (int k = 0; k < a.size(); k++) {
            if (complex) {
                v[2 * k] = a.re(k);
                v[2 * k + 1] = a.im(k);
            } else {
                v[k] = a.re(k);
            }
        }
        return v;
    }

    /** |a − e| ≤ rtol |e| + atol, entry by entry; the first bad entry, or null. */
    static String allclose(double[] e, double[] a, double rtol, double atol) {
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= rtol * Math.abs(e[i]) + atol)) {
                return "entry " + i + ": " + a[i] + " vs " + e[i];
            }
        }
        return null;
    }

    private static final double[] EPSG = filled(1.0, 400);

    private static double[] filled(double v, int n) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @ParameterizedTest(name = "broadcast {0} np={1}")
    @MethodSource("cases")
    @Tag("slow") // the SPEC parameter sets: seconds each; left out of mutation runs (impl/pom.xml)
    void proximalGradientBroadcastModel(Par p, int np) {
        run(p, np, true);
    }

    @ParameterizedTest(name = "scatter {0} np={1}")
    @MethodSource("cases")
    @Tag("slow")
    void proximalGradientScatteredModel(Par p, int np) {
        run(p, np, false);
    }

    private static void run(Par p, int np, boolean broadcast) {
        List<String> bad = LocalCluster.call(np, comm -> {
            List<DenseOperator> refs = new ArrayList<>();
            for (int r = 0; r < comm.size(); r++) {
                refs.add(new DenseOp(matrix(p, r)).reference());
            }
            DenseOp mine = new DenseOp(matrix(p, comm.rank()));
            long n = broadcast ? p.nx() : (long) p.nx() * comm.size();
            MPILinearOperator op = broadcast ? new MPIVStack(List.of(mine), comm) : new MPIBlockDiag(List.of(mine), comm);
            DenseOperator ref = broadcast ? ReferenceOperators.vstack(refs) : ReferenceOperators.blockDiag(refs);
            Partition part = broadcast ? Partition.BROADCAST : Partition.SCATTER;
            NdArray xg = values(p, n, 100);
            NdArray x0g = p.x0() ? values(p, n, 200) : NdArray.zeros(p.dtype(), n);
            DistributedArray x = DistributedArray.toDist(xg, comm, part, 0);
            DistributedArray x0 = DistributedArray.toDist(x0g, comm, part, 0);
            DistributedArray y = op.matvec(x);
            MPIL2 l2 = MPIL2.builder().op(op).b(y).x0(x0).build();
            MPIProxOperator l1 = new MPIProxOperator(new L1(0.1));
            ProximalResult<DistributedArray> r = ProximalGradient.options().tau(1e-3).niter(400).solve(l2, l1, x0);
            assertEquals(400, r.iterations());
            assertEquals(StopReason.ITERATIONS, r.stopReason());
            boolean c = ref.isComplex();
            double[] expect = ReferenceSparsity.proximalGradient(ref, plain(y.asArray(), c), 1.0, 0.1,
                    plain(x0g, c), 1e-3, EPSG, 1.0, ReferenceSparsity.Acceleration.NONE);
            assertEquals(x0g, x0.asArray(), "x0 unchanged");
            String e = allclose(expect, plain(r.x().asArray(), c), 1e-12, 1e-14);
            return e == null ? "" : e;
        });
        assertEquals("", bad.get(0));
    }

    @ParameterizedTest(name = "admm {0} np={1}")
    @MethodSource("cases")
    @Tag("slow")
    void admmL2ScatteredModel(Par p, int np) {
        List<String> bad = LocalCluster.call(np, comm -> {
            List<DenseOperator> refs = new ArrayList<>();
            for (int r = 0; r < comm.size(); r++) {
                refs.add(new DenseOp(matrix(p, r)).reference());
            }
            MPILinearOperator op = new MPIBlockDiag(List.of(new DenseOp(matrix(p, comm.rank()))), comm);
            DenseOperator ref = ReferenceOperators.blockDiag(refs);
            long n = (long) p.nx() * comm.size();
            NdArray xg = values(p, n, 100);
            NdArray x0g = p.x0() ? values(p, n, 200) : NdArray.zeros(p.dtype(), n);
            DistributedArray x = DistributedArray.toDist(xg, comm);
            DistributedArray x0 = DistributedArray.toDist(x0g, comm);
            DistributedArray y = op.matvec(x);
            MPILinearOperator id = new MPIBlockDiag(List.of(new Identity(p.nx(), p.nx(), p.dtype())), comm);
            ADMML2.AdmmResult r = ADMML2.options().tau(1e-3).niter(400).solve(new MPIProxOperator(new L1(0.1)), op, y,
                    id, x0, null);
            boolean c = ref.isComplex();
            double[][] expect = ReferenceSparsity.admmL2(ref, plain(y.asArray(), c), ReferenceOperators.identity((int) n),
                    plain(x0g, c), 1e-3, 400, 0.1, false);
            String e = allclose(expect[0], plain(r.x().asArray(), c), 1e-3, 1e-9);
            return e == null ? "" : e;
        });
        assertEquals("", bad.get(0));
    }

    /** gfirst and the accelerations run and stay close to the unaccelerated solution. */
    @Test
    void variantsConvergeToTheSameMinimiser() {
        Par p = PARS.get(4);
        LocalCluster.run(2, comm -> {
            DenseOp mine = new DenseOp(matrix(p, comm.rank()));
            MPILinearOperator op = new MPIBlockDiag(List.of(mine), comm);
            long n = (long) p.nx() * comm.size();
            DistributedArray x0 = DistributedArray.toDist(NdArray.zeros(p.dtype(), n), comm);
            DistributedArray y = op.matvec(DistributedArray.toDist(values(p, n, 1), comm));
            MPIProxOperator l1 = new MPIProxOperator(new L1(0.1));
            MPIL2 l2 = MPIL2.builder().op(op).b(y).x0(x0).build();
            DistributedVector plainPg = ProximalGradient.options().tau(1e-2).niter(3000).solve(l2, l1, x0).x();
            for (ProximalGradient.Acceleration a : ProximalGradient.Acceleration.values()) {
                ProximalResult<DistributedArray> r = ProximalGradient.options().tau(1e-2).niter(3000).acceleration(a)
                        .tol(1e-14).solve(l2, l1, x0);
                double rel = r.x().subtract(plainPg).norm() / plainPg.norm();
                assertTrue(rel < 1e-6, a + ": " + rel);
            }
            ProximalResult<DistributedArray> relaxed = ProximalGradient.options().tau(1e-2).eta(0.8).niter(4000)
                    .solve(l2, l1, x0);
            assertTrue(relaxed.x().subtract(plainPg).norm() / plainPg.norm() < 1e-6);
            MPILinearOperator id = new MPIBlockDiag(List.of(new Identity(p.nx(), p.nx(), p.dtype())), comm);
            for (boolean gfirst : new boolean[] {false, true}) {
                DistributedVector xa = ADMML2.options().tau(1e-2).niter(300).innerNiter(30).innerTol(1e-20)
                        .gfirst(gfirst).solve(l1, op, y, id, x0, null).x();
                assertTrue(xa.subtract(plainPg).norm() / plainPg.norm() < 1e-5, "gfirst " + gfirst);
            }
        });
    }

    @Test
    void missingTauFailsOnEveryRank() {
        List<String> msgs = LocalCluster.call(2, comm -> {
            DistributedArray x0 = DistributedArray.builder(comm, 4).build();
            MPIL2 l2 = MPIL2.builder().build();
            return assertThrows(IllegalArgumentException.class,
                    () -> ProximalGradient.options().solve(l2, new L1(), x0)).getMessage();
        });
        assertTrue(msgs.get(0).startsWith("tau: NaN, expected a positive step"), msgs.get(0));
        assertEquals(msgs.get(0), msgs.get(1));
    }

    /**
     * Issue 16 (the ADMML2 drills): a null {@code x0} on one rank threw on that rank alone, before
     * the agreement (which ran over {@code x0}'s communicator) that the other ranks waited in; and
     * a negative {@code innerNiter} was reported as {@code niter/innerNiter}, and an {@code x0} of
     * another length as {@code op/a/b/x0}, naming no argument alone.
     * Now the ranks agree over the operator's communicator: the same message on every rank, naming
     * the argument and the rank.
     */
    @Test
    void admmBadStartOrCountOnOneRankFailsOnEveryRank() {
        for (int bad = 0; bad < 3; bad++) {
            int victim = bad;
            List<String> msgs = LocalCluster.call(3, comm -> {
                MPILinearOperator op = new MPIBlockDiag(List.of(new Identity(comm.rank() == 0 ? 6 : 0)), comm);
                DistributedArray b = DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 6), comm)
                        .resplit(((MPIBlockDiag) op).colCounts());
                DistributedArray x0 = comm.rank() == victim ? null : b.copy();
                ADMML2 o = ADMML2.options().tau(0.5).niter(2);
                List<String> m = new ArrayList<>();
                m.add(assertThrows(IllegalArgumentException.class,
                        () -> o.solve(new MPIProxOperator(new L1(0.1)), op, b, op, x0, null)).getMessage());
                ADMML2 inner = comm.rank() == victim ? o.innerNiter(-1) : o;
                m.add(assertThrows(IllegalArgumentException.class,
                        () -> inner.solve(new MPIProxOperator(new L1(0.1)), op, b, op, b, null)).getMessage());
                DistributedArray longer = comm.rank() == victim ? DistributedArray.builder(comm, 7).buildLocal() : b;
                m.add(assertThrows(IllegalArgumentException.class,
                        () -> o.solve(new MPIProxOperator(new L1(0.1)), op, b, op, longer, null)).getMessage());
                return String.join("\n", m);
            });
            assertEquals(msgs.get(0), msgs.get(1));
            assertEquals(msgs.get(0), msgs.get(2));
            String[] lines = msgs.get(0).split("\n");
            assertEquals("x0: must not be null (reported by rank " + bad + ")", lines[0]);
            assertEquals("innerNiter: -1, expected at least 0 (reported by rank " + bad + ")", lines[1]);
            assertEquals("x0: global length 7 but Op is 6x6, expected its 6 columns (reported by rank " + bad + ")",
                    lines[2]);
        }
    }

    /**
     * A NaN weight {@code epsg} of ProximalGradient and a NaN {@code innerTol} of ADMML2 on every
     * rank are refused by name (they were accepted and the run went on with NaN weights, or an inner
     * tolerance that never stops).
     */
    @Test
    void nanWeightsAndInnerTolerancesAreRefused() {
        List<String> msgs = LocalCluster.call(2, comm -> {
            MPILinearOperator op = new MPIBlockDiag(List.of(new Identity(3)), comm);
            DistributedArray b = DistributedArray.builder(comm, op.rows()).localSizes(((MPIBlockDiag) op).colCounts())
                    .build();
            MPIL2 l2 = MPIL2.builder().op(op).b(b).x0(b).build();
            String pg = assertThrows(IllegalArgumentException.class, () -> ProximalGradient.options().tau(0.5)
                    .niter(3).epsg(new double[] {1, Double.NaN, 1}).solve(l2, new MPIProxOperator(new L1(0.1)), b))
                    .getMessage();
            String admm = assertThrows(IllegalArgumentException.class, () -> ADMML2.options().tau(0.5).niter(2)
                    .innerTol(Double.NaN).solve(new MPIProxOperator(new L1(0.1)), op, b, op, b, null)).getMessage();
            return pg + "\n" + admm;
        });
        assertEquals(msgs.get(0), msgs.get(1));
        assertEquals("epsg: weight 1 is NaN, expected finite weights (reported by rank 0)\n"
                + "innerTol: NaN, expected a number (reported by rank 0)", msgs.get(0));
    }
}
