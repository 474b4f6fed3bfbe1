package org.jlops.mpi.proximal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.testkit.DenseOp;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free forms the proximal solvers use: {@code prox(x, tau, out)} of the
 * element-wise functions and {@code MPIL2.grad(x, out)} give the bits of the allocating forms
 * (also in place, and whatever {@code out} held); a misfit {@code out} on one rank gives the same
 * message on every rank, nothing written; and {@link ProximalGradient}, which now rotates its
 * vectors instead of allocating two per iteration, gives the bits of the same iteration written
 * with the allocating forms, for every acceleration, with and without relaxation {@code eta}, for
 * the ℓ1 and ℓ0 terms (whose step is FISTA's fused one) and a box (separate passes).
 */
class InPlaceProximalTest {

    private static DistributedArray random(org.jlops.mpi.comm.Communicator comm, DType dt, long n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        NdArray a = NdArray.zeros(dt, n);
        for (long k = 0; k < n; k++) {
            a.set(k, r.nextGaussian(), dt.isComplex() ? r.nextGaussian() : 0);
        }
        return DistributedArray.toDist(a, comm);
    }

    private static NdArray matrix(DType dt, int rank, int m, int n) {
        java.util.Random r = new java.util.Random(31 + rank);
        NdArray a = NdArray.zeros(dt, m, n);
        for (long k = 0; k < (long) m * n; k++) {
            a.set(k, r.nextGaussian() / Math.sqrt(n), dt.isComplex() ? r.nextGaussian() / Math.sqrt(n) : 0);
        }
        return a;
    }

    private static long[] bits(DistributedVector v) {
        NdArray a = ((DistributedArray) v).asArray();
        long[] b = new long[2 * (int) a.size()];
        for (int k = 0; k < a.size(); k++) {
            b[2 * k] = Double.doubleToRawLongBits(a.re(k));
            b[2 * k + 1] = Double.doubleToRawLongBits(a.im(k));
        }
        return b;
    }

    @Test
    void inPlaceProxesAndGradientsGiveTheAllocatingBits() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.COMPLEX128}) {
            LocalCluster.run(3, comm -> {
                DistributedArray x = random(comm, dt, 301, 4);
                List<ProxOperator> fs = new ArrayList<>(List.of(new MPIProxOperator(new L1(0.3)), new L1(0.7),
                        new L0(0.4)));
                if (!dt.isComplex()) {
                    fs.add(new Box(-0.5, 0.25));
                }
                for (ProxOperator f : fs) {
                    long[] expected = bits(f.prox(x, 0.8));
                    DistributedArray out = x.zerosLike();
                    out.fill(Double.NaN);
                    assertSame(out, f.prox(x, 0.8, out), f.toString());
                    assertArrayEquals(expected, bits(out), f + " into out");
                    DistributedArray same = x.copy();
                    f.prox(same, 0.8, same);
                    assertArrayEquals(expected, bits(same), f + " in place");
                }
                MPILinearOperator op = new MPIBlockDiag(List.of(new DenseOp(matrix(dt, comm.rank(), 90, (int) x.localSize()))), comm);
                DistributedArray b = op.matvec(x);
                for (MPIL2 l2 : List.of(MPIL2.builder().op(op).b(b).x0(x.zerosLike()).sigma(0.7).build(),
                        MPIL2.builder().b(x.multiply(0.5)).sigma(2).build(), MPIL2.builder().sigma(3).build())) {
                    DistributedArray at = random(comm, dt, 301, 9);
                    long[] expected = bits(l2.grad(at));
                    DistributedVector out = l2.grad(at).zerosLike();
                    ((DistributedArray) out).fill(Double.NaN);
                    assertSame(out, l2.grad(at, out));
                    assertArrayEquals(expected, bits(out), l2 + " grad into out");
                }
            });
        }
    }

    @Test
    void aMisfitOutputOnOneRankIsRejectedOnEveryRank() {
        List<String> messages = LocalCluster.call(3, comm -> {
            DistributedArray x = random(comm, DType.FLOAT64, 301, 4);
            DistributedArray other = DistributedArray.builder(comm, 302).build();      // built on every rank
            DistributedArray bad = comm.rank() == 1 ? other : x.zerosLike();
            bad.fill(7.0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new L1(0.3).prox(x, 0.5, bad));
            for (long k = 0; k < bad.localSize(); k++) {
                assertEquals(7.0, bad.localArray().re(k), "written before the check");
            }
            IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                    () -> MPIL2.builder().sigma(2).build().grad(x, comm.rank() == 2 ? null : x.zerosLike()));
            return e.getMessage() + " | " + g.getMessage();
        });
        assertEquals(messages.get(0), messages.get(1));
        assertEquals(messages.get(0), messages.get(2));
        assertTrue(messages.get(0).contains("out"), messages.get(0));
    }

    /** The solver against its own iteration written with the allocating forms: the same bits. */
    @Test
    void proximalGradientWithRotatedVectorsGivesTheAllocatingIterationsBits() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
            List<ProxOperator> terms = new ArrayList<>(List.of(new MPIProxOperator(new L1(0.05)), new L0(0.02)));
            if (!dt.isComplex()) {
                terms.add(new Box(-0.3, 0.4));                                   // not a threshold: no fused step
            }
            for (ProxOperator term : terms) {
                for (ProximalGradient.Acceleration acc : ProximalGradient.Acceleration.values()) {
                    for (double eta : new double[] {1.0, 0.7}) {
                        LocalCluster.run(2, comm -> {
                            MPILinearOperator op = new MPIBlockDiag(
                                    List.of(new DenseOp(matrix(dt, comm.rank(), 80, 60))), comm);
                            DistributedArray xt = random(comm, dt, 120, 3);
                            DistributedArray y = op.matvec(xt);
                            DistributedArray x0 = random(comm, dt, 120, 5);
                            MPIL2 l2 = MPIL2.builder().op(op).b(y).x0(x0).build();
                            long[] x0Bits = bits(x0);
                            double tau = 0.2;
                            int niter = 15;
                            ProximalResult<DistributedArray> r = ProximalGradient.options().tau(tau).niter(niter)
                                    .eta(eta).acceleration(acc).solve(l2, term, x0);
                            // the iteration as the class documentation writes it, a new vector per step
                            DistributedVector x = x0.copy();
                            DistributedVector yy = x.copy();
                            double t = 1.0;
                            for (int k = 0; k < niter; k++) {
                                DistributedVector xold = x;
                                if (eta == 1.0) {
                                    x = term.prox(l2.grad(yy).iaypx(-tau, 0, yy), tau);
                                } else {
                                    x = term.prox(l2.grad(x).iaypx(-tau, 0, x), tau).isub(x).iaypx(eta, 0, x);
                                }
                                double omega = 0;
                                if (acc == ProximalGradient.Acceleration.VANDENBERGHE) {
                                    omega = k / (k + 3.0);
                                } else if (acc == ProximalGradient.Acceleration.FISTA) {
                                    double told = t;
                                    t = (1.0 + Math.sqrt(1.0 + 4.0 * t * t)) / 2.0;
                                    omega = (told - 1.0) / t;
                                }
                                yy = x.subtract(xold).iaypx(omega, 0, x);
                            }
                            assertArrayEquals(bits(x), bits(r.x()), term + " " + dt + " " + acc + " eta " + eta);
                            assertArrayEquals(x0Bits, bits(x0), "x0 unchanged");
                        });
                    }
                }
            }
        }
    }
}
