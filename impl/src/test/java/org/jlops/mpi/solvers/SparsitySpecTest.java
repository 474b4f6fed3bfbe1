package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSolvers;
import org.jlops.mpi.reference.solvers.ReferenceSparsity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyLops-MPI's {@code test_sparsity} parameter sets (SPEC §10) on 2 and 4 in-JVM ranks: an unknown
 * threshold kind, a step size so large that the residual grows (with and without
 * {@code monitorres}), and ISTA/FISTA with the hard, soft and half thresholds on block-diagonal,
 * vertically stacked (broadcast model) and horizontally stacked (broadcast data) operators against
 * the serial recomputation ({@link ReferenceSparsity}, EJML) at PyLops-MPI's tolerance, rtol 1e-8.
 */
class SparsitySpecTest {

    /** PyLops-MPI's parameter sets: ny, nx, complex, non-zero x0. */
    record Par(String name, int ny, int nx, boolean complex, boolean x0) {
        DType dtype() {
            return complex ? DType.COMPLEX128 : DType.FLOAT64;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Par PAR1 = new Par("par1", 11, 11, false, false);
    static final Par PAR2 = new Par("par2", 21, 11, false, false);
    static final Par PAR3 = new Par("par3", 11, 21, false, true);
    static final Par PAR1J = new Par("par1j", 11, 11, true, false);
    static final Par PAR2J = new Par("par2j", 21, 11, true, false);
    static final Par PAR3J = new Par("par3j", 11, 21, true, true);

    /** The messages and results of every rank of a run on {@code np} ranks. */
    private static <T> List<T> onRanks(int np, java.util.function.Function<Communicator, T> body) {
        return LocalCluster.call(np, body::apply);
    }

    // ------------------------------------------------------------------------------------------ errors

    @Test
    void unknownThresholdKind() {
        for (String bad : new String[] {"foo", "", "softer"}) {
            List<String> msgs = onRanks(3, comm -> assertThrows(IllegalArgumentException.class,
                    () -> ISTA.options().threshold(Threshold.of(bad))).getMessage());
            for (String m : msgs) {
                assertEquals("threshkind must be hard, soft, half, got " + bad, m);
            }
        }
        assertEquals(Threshold.HALF, Threshold.of("half"));
        assertEquals("soft", Threshold.SOFT.toString());
    }

    static Stream<Par> allPars() {
        return Stream.of(PAR1, PAR2, PAR3, PAR1J, PAR2J, PAR3J);
    }

    /** A normal random matrix, seeded (PyLops: np.random.seed(10)), + i·another for complex. */
    private static NdArray random(Par p, long seed) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(p.dtype(), p.ny(), p.nx());
        for (long k = 0; k < (long) p.ny() * p.nx(); k++) {
            a.set(k, rnd.nextGaussian(), p.complex() ? rnd.nextGaussian() : 0);
        }
        return a;
    }

    /** alpha = 1e5: with monitorres an error on every rank; without, a non-finite last cost and the flag. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allPars")
    void alphaTooHigh(Par p) {
        NdArray a = random(p, 10);
        List<String> out = onRanks(2, comm -> {
            MPIBlockDiag op = new MPIBlockDiag(List.of(new SolverTesting.Matrix(a)), comm);
            DistributedArray x = spikes(comm, p.dtype(), comm.size() * (long) p.nx(), p.nx(), false);
            DistributedArray y = op.matvec(x);
            DistributedArray x0 = DistributedArray.builder(comm, comm.size() * (long) p.nx()).dtype(p.dtype()).build();
            if (p.x0()) {
                x0.fill(1.0, p.complex() ? 1.0 : 0.0);
            }
            NdArray yBefore = y.asArray();
            NdArray x0Before = x0.asArray();
            IstaOptions o = ISTA.options().eps(0.1).alpha(1e5).tol(0);
            StringBuilder s = new StringBuilder();
            for (boolean fast : new boolean[] {false, true}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> solve(fast, op, y, x0, 100, o.monitorres(true)));
                assertTrue(e.getMessage().startsWith((fast ? "FISTA" : "ISTA") + " stopped at iteration 1 due to "
                        + "residual increasing"), e.getMessage());
                s.append(e.getMessage()).append('\n');
                IstaResult<DistributedArray> r = solve(fast, op, y, x0, 100, o);
                double last = r.cost()[r.cost().length - 1];
                assertTrue(Double.isNaN(last) || Double.isInfinite(last), "last cost " + last);
                assertTrue(r.diverged(), "the result says the run diverged");
                assertEquals(StopReason.NON_FINITE_COST, r.stopReason());
                assertTrue(r.iterations() < 100, "the run stops at the first non-finite cost");
                s.append(r.iterations()).append('\n');
            }
            assertEquals(yBefore, y.asArray(), "y unchanged");
            assertEquals(x0Before, x0.asArray(), "x0 unchanged");
            return s.toString();
        });
        assertEquals(out.get(0), out.get(1), "the same messages and iterations on every rank");
    }

    private static IstaResult<DistributedArray> solve(boolean fast, MPILinearOperator op, DistributedArray y,
            DistributedArray x0, int niter, IstaOptions o) {
        return fast ? Solvers.fista(op, y, x0, niter, o) : Solvers.ista(op, y, x0, niter, o);
    }

    /** The spike model of test_sparsity: 1 at nx/2 and 3, -1 at nx - 4 of every block ((1+i) for complex). */
    private static DistributedArray spikes(Communicator comm, DType dt, long n, int nx, boolean broadcast) {
        NdArray g = NdArray.zeros(dt, n);
        double im = dt.isComplex() ? 1 : 0;
        for (long b = 0; b < n / nx; b++) {
            g.set(b * nx + nx / 2, 1, im);
            g.set(b * nx + 3, 1, im);
            g.set(b * nx + nx - 4, -1, -im);
        }
        return DistributedArray.toDist(g, comm, broadcast ? Partition.BROADCAST : Partition.SCATTER, 0);
    }

    // ------------------------------------------------------------------------------------------ inversions

    /** Operator families of test_sparsity. */
    enum Family { BLOCKDIAG, VSTACK_BROADCAST_MODEL, HSTACK_BROADCAST_DATA }

    static Stream<Arguments> inversions() {
        List<Arguments> out = new ArrayList<>();
        for (int np : new int[] {2, 4}) {
            out.add(Arguments.of(Family.BLOCKDIAG, PAR1, np));
            out.add(Arguments.of(Family.BLOCKDIAG, PAR1J, np));
            out.add(Arguments.of(Family.VSTACK_BROADCAST_MODEL, PAR2, np));
            out.add(Arguments.of(Family.VSTACK_BROADCAST_MODEL, PAR2J, np));
            out.add(Arguments.of(Family.HSTACK_BROADCAST_DATA, PAR3, np));
            out.add(Arguments.of(Family.HSTACK_BROADCAST_DATA, PAR3J, np));
        }
        return out.stream();
    }

    /** The diagonal matrix with linspace(1, 10) on its diagonal (+ i times it for complex). */
    private static NdArray diagonal(Par p) {
        int m = Math.min(p.ny(), p.nx());
        NdArray a = NdArray.zeros(p.dtype(), p.ny(), p.nx());
        for (int i = 0; i < m; i++) {
            double d = 1 + 9.0 * i / (m - 1);
            a.set((long) i * p.nx() + i, d, p.complex() ? d : 0);
        }
        return a;
    }

    @ParameterizedTest(name = "{0} {1} np={2}")
    @MethodSource("inversions")
    @Tag("slow") // the SPEC parameter sets: seconds each; left out of mutation runs (impl/pom.xml)
    void istaAndFistaMatchTheSerialRecomputation(Family family, Par p, int np) {
        List<String> problems = onRanks(np, comm -> {
            int size = comm.size();
            int r = comm.rank();
            List<SolverTesting.Matrix> all = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                all.add(new SolverTesting.Matrix(family == Family.HSTACK_BROADCAST_DATA ? constant(p, k) : diagonal(p)));
            }
            MPILinearOperator op;
            DenseOperator ref;
            DistributedArray x;
            List<DenseOperator> refs = all.stream().map(SolverTesting.Matrix::reference).toList();
            switch (family) {
                case BLOCKDIAG -> {
                    op = new MPIBlockDiag(List.of(all.get(r)), comm);
                    ref = ReferenceOperators.blockDiag(refs);
                    x = spikes(comm, p.dtype(), (long) size * p.nx(), p.nx(), false);
                }
                case VSTACK_BROADCAST_MODEL -> {
                    op = new MPIVStack(List.of(all.get(r)), comm);
                    ref = ReferenceOperators.vstack(refs);
                    x = spikes(comm, p.dtype(), p.nx(), p.nx(), true);
                }
                default -> {
                    op = new MPIHStack(List.of(all.get(r)), comm);
                    ref = ReferenceOperators.hstack(refs);
                    x = spikes(comm, p.dtype(), (long) size * p.nx(), p.nx(), false);
                }
            }
            DistributedArray y = op.matvec(x);
            DistributedArray x0 = x.zerosLike();
            if (p.x0()) {
                x0.fill(1.0, p.complex() ? 1.0 : 0.0);
            }
            double[] yg = values(y.asArray(), ref.isComplex());
            double[] x0g = values(x0.asArray(), ref.isComplex());
            double lmax = lambdaMax(ref);
            StringBuilder bad = new StringBuilder();
            for (Threshold t : Threshold.values()) {
                for (boolean fast : new boolean[] {false, true}) {
                    IstaResult<DistributedArray> mine = solve(fast, op, y, x0, 200,
                            ISTA.options().eps(1.0).threshold(t).tol(0));
                    ReferenceSparsity.Kind k = ReferenceSparsity.Kind.valueOf(t.name());
                    ReferenceSparsity.Result expect = fast
                            ? ReferenceSparsity.fista(ref, yg, x0g, 200, 1.0, 1 / lmax, k, 0)
                            : ReferenceSparsity.ista(ref, yg, x0g, 200, 1.0, 1 / lmax, k, 0);
                    String e = allclose(expect.x(), values(mine.x().asArray(), ref.isComplex()), 1e-8);
                    if (e != null) {
                        bad.append(fast ? "FISTA " : "ISTA ").append(t).append(": ").append(e).append('\n');
                    }
                    // with tol = 0 a run stops when an update is exactly zero, which rounding decides
                    assertTrue(mine.iterations() <= 200 && mine.iterations() > 0, "iterations " + mine.iterations());
                    assertFalse(mine.diverged());
                }
            }
            return bad.toString();
        });
        assertEquals("", problems.get(0));
    }

    /** λmax(AᴴA) of the reference by 2000 power iterations from a constant vector (serial, EJML). */
    static double lambdaMax(DenseOperator ref) {
        DenseOperator n = ref.adjoint().compose(ref);
        double[] b = new double[ref.isComplex() ? 2 * ref.cols() : ref.cols()];
        for (int i = 0; i < b.length; i++) {
            b[i] = 1 + 0.01 * i;
        }
        return Math.hypot(ReferenceSolvers.powerIteration(n, b, 2000, 1e-15).eigenvalueRe(),
                ReferenceSolvers.powerIteration(n, b, 2000, 1e-15).eigenvalueIm());
    }

    /** PyLops-MPI's (k+1)·ones (+ (k+2) i·ones) block of rank k. */
    private static NdArray constant(Par p, int k) {
        NdArray a = NdArray.zeros(p.dtype(), p.ny(), p.nx());
        for (long e = 0; e < (long) p.ny() * p.nx(); e++) {
            a.set(e, k + 1, p.complex() ? k + 2 : 0);
        }
        return a;
    }

    /** Interleaved for a complex reference, plain otherwise. */
    static double[] values(NdArray a, boolean complex) {
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

    /** NumPy's assert_allclose: |a − e| ≤ rtol |e| (+ 1e-14 for exact zeros) entry by entry; null when close. */
    static String allclose(double[] expected, double[] actual, double rtol) {
        if (expected.length != actual.length) {
            return "lengths " + actual.length + " and " + expected.length;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= rtol * Math.abs(expected[i]) + 1e-14)) {
                return "entry " + i + ": " + actual[i] + " vs " + expected[i];
            }
        }
        return null;
    }

    /** The test's helper agrees with itself (guards the comparison). */
    @Test
    void allcloseCanFail() {
        assertEquals(null, allclose(new double[] {1, 0}, new double[] {1 + 1e-9, 0}, 1e-8));
        assertTrue(allclose(new double[] {1, 0}, new double[] {1 + 1e-7, 0}, 1e-8).startsWith("entry 0"));
        assertArrayEquals(new double[] {1, 2}, values(NdArray.ofFloat64(new double[] {1, 2}), false), 0);
    }
}
