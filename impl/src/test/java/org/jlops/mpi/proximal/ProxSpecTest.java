package org.jlops.mpi.proximal;

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
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.Diagonal;
import org.jlops.mpi.ops.serial.Identity;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * PyLops-MPI's {@code test_prox} parameter sets (SPEC §10) on 2 and 4 in-JVM ranks: Box, L0, L1 and
 * MPIL2 (without b, with b, with an operator and b; CG and CGLS) on n = 101 values per rank (SCATTER
 * real and complex, BROADCAST real), value and proximal map against a serial recomputation of the
 * definitions at PyLops-MPI's tolerances (rtol 1e-14, prox of MPIL2 1e-12); plus the dual maps,
 * stacked vectors, and bad arguments on one rank.
 */
class ProxSpecTest {

    /** SCATTER real, SCATTER complex, BROADCAST real. */
    record Par(String name, DType dtype, Partition partition) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Par PAR1 = new Par("par1", DType.FLOAT64, Partition.SCATTER);
    static final Par PAR1J = new Par("par1j", DType.COMPLEX128, Partition.SCATTER);
    static final Par PAR1B = new Par("par1b", DType.FLOAT64, Partition.BROADCAST);
    static final int N = 101;

    static Stream<Arguments> pars() {
        List<Arguments> out = new ArrayList<>();
        for (int np : new int[] {2, 4}) {
            for (Par p : new Par[] {PAR1, PAR1J, PAR1B}) {
                out.add(Arguments.of(p, np));
            }
        }
        return out.stream();
    }

    /** n values normal(rank, 10) per rank for SCATTER (n·P in all), or n values for BROADCAST (+ i normal for complex). */
    static NdArray global(Par p, int np, long seed) {
        Random rnd = new Random(seed);
        int ranks = p.partition() == Partition.SCATTER ? np : 1;
        NdArray g = NdArray.zeros(p.dtype(), (long) N * ranks);
        for (int r = 0; r < ranks; r++) {
            for (int k = 0; k < N; k++) {
                g.set((long) r * N + k, r + 10 * rnd.nextGaussian(), p.dtype().isComplex() ? r + 10 * rnd.nextGaussian() : 0);
            }
        }
        return g;
    }

    static DistributedArray dist(NdArray g, Communicator comm, Par p) {
        return DistributedArray.toDist(g, comm, p.partition(), 0);
    }

    /** |a − e| ≤ rtol |e| entry by entry (real and imaginary parts), exact where e is 0. */
    static void assertAllclose(NdArray expected, NdArray actual, double rtol, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (long k = 0; k < expected.size(); k++) {
            double dr = Math.abs(actual.re(k) - expected.re(k));
            double di = Math.abs(actual.im(k) - expected.im(k));
            assertTrue(dr <= rtol * Math.abs(expected.re(k)) && di <= rtol * Math.abs(expected.im(k)), what + " entry "
                    + k + ": " + actual.re(k) + "+" + actual.im(k) + "i vs " + expected.re(k) + "+" + expected.im(k) + "i");
        }
    }

    static void assertClose(double expected, double actual, double rtol, String what) {
        assertTrue(Math.abs(actual - expected) <= rtol * Math.abs(expected), what + ": " + actual + " vs " + expected);
    }

    /** The serial maps of the definitions, element by element. */
    static NdArray soft(NdArray x, double t) {
        NdArray y = NdArray.zeros(x.dtype(), x.size());
        for (long k = 0; k < x.size(); k++) {
            double a = Math.hypot(x.re(k), x.im(k));
            double s = a > t ? (a - t) / a : 0;
            y.set(k, s * x.re(k), s * x.im(k));
        }
        return y;
    }

    static NdArray hard(NdArray x, double t) {
        NdArray y = NdArray.zeros(x.dtype(), x.size());
        for (long k = 0; k < x.size(); k++) {
            boolean keep = Math.hypot(x.re(k), x.im(k)) > t;
            y.set(k, keep ? x.re(k) : 0, keep ? x.im(k) : 0);
        }
        return y;
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("pars")
    void boxL0L1MatchTheDefinitions(Par p, int np) {
        NdArray g = global(p, np, 42);
        LocalCluster.run(np, comm -> {
            DistributedArray x = dist(g, comm, p);
            double sum = 0;
            long nonzero = 0;
            for (long k = 0; k < g.size(); k++) {
                double a = Math.hypot(g.re(k), g.im(k));
                sum += a;
                nonzero += a != 0 ? 1 : 0;
            }
            MPIProxOperator l1 = new MPIProxOperator(new L1(2.0));
            assertClose(2.0 * sum, l1.f(x), 1e-14, "L1 f");
            assertAllclose(soft(g, 0.2), l1.prox(x, 0.1).asArray(), 1e-14, "L1 prox");
            MPIProxOperator l0 = new MPIProxOperator(new L0(2.0));
            assertEquals(2.0 * nonzero, l0.f(x), 0, "L0 f = sigma count");
            assertAllclose(hard(g, 0.2), l0.prox(x, 0.1).asArray(), 1e-14, "L0 prox");
            if (!p.dtype().isComplex()) {
                Box box = new Box(0.0, 1.0);
                MPIProxOperator bd = new MPIProxOperator(box);
                assertEquals(Double.POSITIVE_INFINITY, bd.f(x), "outside the box");
                DistributedVector clipped = bd.prox(x, 0.1);
                NdArray c = clipped.asArray();
                for (long k = 0; k < g.size(); k++) {
                    assertEquals(Math.min(Math.max(g.re(k), 0.0), 1.0), c.re(k), 0, "Box prox");
                }
                assertTrue(box.contains(clipped));
                assertEquals(0.0, bd.f(clipped), "inside the box");
            } else {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new Box(0, 1).prox(x, 0.1));
                assertTrue(e.getMessage().contains("complex numbers have no order"), e.getMessage());
            }
            assertEquals(g, x.asArray(), "x unchanged");
        });
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("pars")
    void dualMapsFollowMoreau(Par p, int np) {
        NdArray g = global(p, np, 43);
        LocalCluster.run(np, comm -> {
            DistributedArray x = dist(g, comm, p);
            double tau = 0.7;
            // L1: the projection onto |x_i| <= sigma; Moreau: x − τ prox_{f/τ}(x/τ) = x − τ soft(x/τ, σ/τ)
            NdArray d1 = new L1(3.0).proxdual(x, tau).asArray();
            NdArray m1 = NdArray.zeros(g.dtype(), g.size());
            NdArray s = soft(scale(g, 1 / tau), 3.0 / tau);
            for (long k = 0; k < g.size(); k++) {
                m1.set(k, g.re(k) - tau * s.re(k), g.im(k) - tau * s.im(k));
                double a = Math.hypot(g.re(k), g.im(k));
                assertTrue(Math.hypot(d1.re(k), d1.im(k)) <= 3.0 * (1 + 1e-15), "inside the disc");
                if (a <= 3.0) {
                    assertEquals(g.re(k), d1.re(k), 0);
                }
            }
            assertAllclose(m1, d1, 1e-12, "L1 dual = Moreau");
            // L0: Moreau's identity (the default)
            NdArray d0 = new MPIProxOperator(new L0(2.0)).proxdual(x, tau).asArray();
            NdArray h = hard(scale(g, 1 / tau), 2.0 / tau);
            for (long k = 0; k < g.size(); k++) {
                assertEquals(g.re(k) - tau * h.re(k), d0.re(k), 1e-12 * Math.abs(g.re(k)) + 1e-15);
            }
        });
    }

    private static NdArray scale(NdArray g, double s) {
        NdArray y = NdArray.zeros(g.dtype(), g.size());
        for (long k = 0; k < g.size(); k++) {
            y.set(k, s * g.re(k), s * g.im(k));
        }
        return y;
    }

    static Stream<Arguments> l2() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : pars().toList()) {
            for (MPIL2.Solver s : MPIL2.Solver.values()) {
                out.add(Arguments.of(a.get()[0], a.get()[1], s));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} np={1} {2}")
    @MethodSource("l2")
    void l2WithoutBWithBAndWithAnOperator(Par p, int np, MPIL2.Solver solver) {
        NdArray gx = global(p, np, 42);
        NdArray gb = global(p, np, 7);
        LocalCluster.run(np, comm -> {
            DistributedArray x = dist(gx, comm, p);
            DistributedArray b = dist(gb, comm, p);
            long n = gx.size();
            MPILinearOperator opd = p.partition() == Partition.SCATTER
                    ? new MPIBlockDiag(List.of(new Identity(N, N, p.dtype())), comm)
                    : MPILinearOperator.asMpiLinearOperator(new Diagonal(ones(p.dtype(), N)), comm);
            MPIL2 l2x = MPIL2.builder().sigma(2.0).solver(solver).build();
            MPIL2 l2b = MPIL2.builder().b(b).sigma(2.0).solver(solver).build();
            MPIL2 l2op = MPIL2.builder().op(opd).b(b).sigma(2.0).x0(x.zerosLike()).solver(solver).build();
            double tau = 0.1;
            double nx2 = 0;
            double nd2 = 0;
            NdArray px = NdArray.zeros(p.dtype(), n);
            NdArray pb = NdArray.zeros(p.dtype(), n);
            for (long k = 0; k < n; k++) {
                nx2 += gx.re(k) * gx.re(k) + gx.im(k) * gx.im(k);
                double dr = gx.re(k) - gb.re(k);
                double di = gx.im(k) - gb.im(k);
                nd2 += dr * dr + di * di;
                px.set(k, gx.re(k) / (1 + tau * 2), gx.im(k) / (1 + tau * 2));                 // x / (1 + τσ)
                pb.set(k, (gx.re(k) + tau * 2 * gb.re(k)) / (1 + tau * 2), (gx.im(k) + tau * 2 * gb.im(k)) / (1 + tau * 2));
            }
            assertClose(nx2, l2x.f(x), 1e-14, "f without b");
            assertAllclose(px, l2x.prox(x, tau).asArray(), 1e-12, "prox without b");
            assertClose(nd2, l2b.f(x), 1e-14, "f with b");
            assertAllclose(pb, l2b.prox(x, tau).asArray(), 1e-12, "prox with b");
            assertClose(nd2, l2op.f(x), 1e-14, "f with Op and b");
            assertAllclose(pb, l2op.prox(x, tau).asArray(), 1e-12, "prox with Op and b");
            assertEquals(1, l2op.count());
            assertEquals(gx, x.asArray(), "x unchanged");
        });
    }

    private static NdArray ones(DType dt, long n) {
        NdArray o = NdArray.zeros(dt, n);
        for (long k = 0; k < n; k++) {
            o.set(k, 1.0);
        }
        return o;
    }

    /** With q the prox subtracts τα q from a copy: the caller's x is unchanged (PyLops-MPI changes it). */
    @Test
    void l2WithQLeavesTheCallersArraysAlone() {
        Par p = PAR1;
        NdArray gx = global(p, 3, 1);
        NdArray gq = global(p, 3, 2);
        NdArray gb = global(p, 3, 3);
        LocalCluster.run(3, comm -> {
            DistributedArray x = dist(gx, comm, p);
            DistributedArray q = dist(gq, comm, p);
            DistributedArray b = dist(gb, comm, p);
            MPILinearOperator id = new MPIBlockDiag(List.of(new Identity(N, N, p.dtype())), comm);
            for (MPIL2 l2 : List.of(MPIL2.builder().q(q).alpha(0.5).sigma(2).build(),
                    MPIL2.builder().b(b).q(q).alpha(0.5).sigma(2).build(),
                    MPIL2.builder().op(id).b(b).q(q).alpha(0.5).sigma(2).x0(x.zerosLike()).build(),
                    MPIL2.builder().op(id).b(b).q(q).alpha(0.5).sigma(2).x0(x.zerosLike()).solver(MPIL2.Solver.CG).build())) {
                NdArray u = l2.prox(x, 0.1).asArray();
                for (long k = 0; k < gx.size(); k++) {
                    double bk = l2.toString().contains(", b") ? gb.re(k) : 0;
                    double expect = (gx.re(k) + 0.2 * bk - 0.05 * gq.re(k)) / 1.2;        // (x + τσ b − τα q)/(1 + τσ)
                    assertEquals(expect, u.re(k), 1e-10 * (1 + Math.abs(expect)), l2 + " entry " + k);
                }
                assertEquals(gx, x.asArray(), l2 + ": x unchanged");
                assertEquals(gq, q.asArray(), l2 + ": q unchanged");
                assertEquals(gb, b.asArray(), l2 + ": b unchanged");
                // grad: σ(x − b) + α q without an operator
                NdArray gr = l2.grad(x).asArray();
                double bk = l2.toString().contains(", b") ? gb.re(5) : 0;
                assertEquals(2 * (gx.re(5) - bk) + 0.5 * gq.re(5), gr.re(5), 1e-12);
            }
        });
    }

    @Test
    void stackedVectorsAreMappedComponentByComponent() {
        NdArray a = global(PAR1, 2, 5);
        NdArray c = global(PAR1J, 2, 6);
        LocalCluster.run(2, comm -> {
            StackedDistributedArray s = StackedDistributedArray.of(dist(a, comm, PAR1), dist(c, comm, PAR1J));
            L1 l1 = new L1(1.5);
            double expect = 1.5 * (dist(a, comm, PAR1).norm(1) + dist(c, comm, PAR1J).norm(1));
            assertClose(expect, l1.f(s), 1e-14, "f of a stack = sum over the components");
            StackedDistributedArray p = (StackedDistributedArray) l1.prox(s, 0.3);
            assertAllclose(soft(c, 0.45), p.get(1).asArray(), 1e-14, "second component");
            assertAllclose(soft(a, 0.45), p.get(0).asArray(), 1e-14, "first component");
        });
    }

    @Test
    void badTauOnOneRankFailsOnEveryRank() {
        NdArray g = global(PAR1, 3, 9);
        List<String> msgs = LocalCluster.call(3, comm -> {
            DistributedArray x = dist(g, comm, PAR1);
            double tau = comm.rank() == 1 ? -0.1 : 0.1;
            List<String> m = new ArrayList<>();
            for (ProxOperator f : List.of(new L1(1), new L0(1), new Box(0, 1), MPIL2.builder().build())) {
                m.add(assertThrows(IllegalArgumentException.class, () -> f.prox(x, tau)).getMessage());
            }
            m.add(assertThrows(IllegalArgumentException.class, () -> new L1(1).prox(x, 0.0)).getMessage());
            return String.join("\n", m);
        });
        for (String m : msgs) {
            assertEquals(msgs.get(0), m, "the same messages on every rank");
        }
        assertTrue(msgs.get(0).contains("tau"), msgs.get(0));
        assertTrue(msgs.get(0).contains("tau must be positive, got -0.1") && msgs.get(0).contains("tau must be positive, got 0.0"), msgs.get(0));
        assertThrows(IllegalArgumentException.class, () -> new L1(-1));
        assertThrows(IllegalArgumentException.class, () -> new Box(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new MPIProxOperator(null));
        List<String> x0 = LocalCluster.call(2, comm -> assertThrows(IllegalArgumentException.class,
                () -> MPIL2.builder().op(new MPIBlockDiag(List.of(new Identity(3)), comm))
                        .b(DistributedArray.builder(comm, 6).build()).build()).getMessage());
        assertTrue(x0.get(0).startsWith("x0 must be passed when Op is not None"), x0.get(0));
        assertEquals(x0.get(0), x0.get(1));
        assertFalse(msgs.get(0).isEmpty());
    }
}
