package org.jlops.mpi.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link L21} against a serial recomputation of PyProximal's definitions (real values; complex with
 * {@code |x|²}), on stacks of 1–3 components at 1..3 ranks; {@code f} the same bits at every rank
 * count; Moreau's identity for the dual map; isotropic TV of an image through {@link MPIGradient};
 * and the grouping errors, alike on every rank.
 */
class L21Test {

    private static NdArray values(Random rnd, DType dt, int n) {
        NdArray a = NdArray.zeros(dt, n);
        for (int k = 0; k < n; k++) {
            double scale = rnd.nextInt(5) == 0 ? 0.01 : 1;
            a.set(k, scale * rnd.nextGaussian(), scale * rnd.nextGaussian());
        }
        return a;
    }

    /** The serial definitions on the global components. */
    private static double[] norms(List<NdArray> g) {
        double[] n = new double[(int) g.get(0).size()];
        for (NdArray a : g) {
            for (int k = 0; k < n.length; k++) {
                n[k] += a.re(k) * a.re(k) + (a.dtype().isComplex() ? a.im(k) * a.im(k) : 0);
            }
        }
        for (int k = 0; k < n.length; k++) {
            n[k] = Math.sqrt(n[k]);
        }
        return n;
    }

    private static DistributedVector stack(List<NdArray> g, org.jlops.mpi.comm.Communicator comm) {
        List<DistributedVector> parts = new ArrayList<>();
        for (NdArray a : g) {
            parts.add(DistributedArray.toDist(a, comm));
        }
        return parts.size() == 1 ? parts.get(0) : new StackedDistributedArray(parts);
    }

    @ParameterizedTest
    @CsvSource({"1,float64,1", "2,float64,2", "3,float64,3", "2,complex128,2", "3,float32,3"})
    void matchesTheDefinitions(int ndim, String dtype, int np) {
        DType dt = DType.valueOf(dtype.toUpperCase());
        Random rnd = new Random(ndim * 31L + np);
        List<NdArray> g = new ArrayList<>();
        for (int j = 0; j < ndim; j++) {
            g.add(values(rnd, dt, 57));
        }
        double sigma = 0.7;
        double tau = 0.9;
        double[] n = norms(g);
        double f = 0;
        for (double v : n) {
            f += v;
        }
        double expectedF = sigma * f;
        double tol = dt.isDoublePrecision() ? 1e-13 : 1e-5;
        List<Double> fs = LocalCluster.call(np, comm -> {
            L21 l21 = new L21(ndim, sigma);
            DistributedVector x = stack(g, comm);
            DistributedVector p = l21.prox(x, tau);
            DistributedVector d = l21.proxdual(x, tau);
            DistributedVector moreau = x.subtract(new L21(ndim, sigma).prox(x.multiply(1 / tau), 1 / tau)
                    .multiply(tau));
            for (int j = 0; j < ndim; j++) {
                NdArray pj = (ndim == 1 ? p : ((StackedDistributedArray) p).get(j)).asArray();
                NdArray dj = (ndim == 1 ? d : ((StackedDistributedArray) d).get(j)).asArray();
                NdArray mj = (ndim == 1 ? moreau : ((StackedDistributedArray) moreau).get(j)).asArray();
                for (int k = 0; k < n.length; k++) {
                    double fp = 1 - tau * sigma / Math.max(n[k], tau * sigma);
                    double fd = sigma / Math.max(n[k], sigma);
                    assertEquals(fp * g.get(j).re(k), pj.re(k), tol * (1 + Math.abs(g.get(j).re(k))), "prox re");
                    assertEquals(fp * g.get(j).im(k), pj.im(k), tol * (1 + Math.abs(g.get(j).im(k))), "prox im");
                    assertEquals(fd * g.get(j).re(k), dj.re(k), tol * (1 + Math.abs(g.get(j).re(k))), "proxdual");
                    assertEquals(mj.re(k), dj.re(k), 1e3 * tol * (1 + Math.abs(mj.re(k))), "Moreau");
                }
            }
            return l21.f(x);
        });
        for (double v : fs) {
            assertEquals(expectedF, v, tol * expectedF, "f");
        }
        double one = LocalCluster.call(1, comm -> new L21(ndim, sigma).f(stack(g, comm))).get(0);
        for (double v : fs) {
            assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(v), "f: the same bits at every np");
        }
    }

    @Test
    void isotropicTotalVariationOfAnImage() {
        int ny = 9;
        int nx = 7;
        NdArray img = NdArray.zeros(DType.FLOAT64, ny, nx);
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                img.set((long) i * nx + j, i >= 4 && j >= 3 ? 1.0 : 0.0);
            }
        }
        List<Double> tv = LocalCluster.call(3, comm -> {
            MPIGradient grad = MPIGradient.builder(new long[] {ny, nx}).build(comm);
            DistributedVector g = grad.matvec(DistributedArray.toDist(img, comm).ravel());
            return new L21(2).f(g);
        });
        // forward-difference free, centered gradient: recompute with the serial operator's definition
        double serial = LocalCluster.call(1, comm -> {
            MPIGradient grad = MPIGradient.builder(new long[] {ny, nx}).build(comm);
            StackedDistributedArray g = (StackedDistributedArray) grad.matvec(DistributedArray.toDist(img, comm).ravel());
            NdArray gy = g.get(0).asArray();
            NdArray gx = g.get(1).asArray();
            double s = 0;
            for (long k = 0; k < gy.size(); k++) {
                s += Math.hypot(gy.re(k), gx.re(k));
            }
            return s;
        }).get(0);
        for (double v : tv) {
            assertEquals(serial, v, 1e-13 * serial);
        }
        assertTrue(serial > 0);
    }

    @Test
    void groupingErrorsAreTheSameOnEveryRank() {
        List<String> msgs = LocalCluster.call(2, comm -> {
            DistributedVector x = new StackedDistributedArray(List.of(
                    DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 10), comm),
                    DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 11), comm)));
            return assertThrows(IllegalArgumentException.class, () -> new L21(2).prox(x, 1.0)).getMessage();
        });
        assertEquals(msgs.get(0), msgs.get(1));
        assertTrue(msgs.get(0).contains("component 1 has the layout"), msgs.get(0));
        String wrongCount = LocalCluster.call(1, comm -> assertThrows(IllegalArgumentException.class,
                () -> new L21(3).f(DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 4), comm))).getMessage()).get(0);
        assertTrue(wrongCount.contains("ndim = 3"), wrongCount);
        List<String> tau = LocalCluster.call(3, comm -> {
            DistributedVector x = stack(List.of(NdArray.zeros(DType.FLOAT64, 9), NdArray.zeros(DType.FLOAT64, 9)), comm);
            DistributedVector before = x.copy();
            String m = assertThrows(IllegalArgumentException.class,
                    () -> new L21(2).prox(x, comm.rank() == 1 ? -1.0 : 1.0)).getMessage();
            assertEquals(0, x.subtract(before).norm(), "x unchanged");
            return m;
        });
        assertEquals(tau.get(0), tau.get(2));
        assertTrue(tau.get(0).contains("tau must be positive"), tau.get(0));
        assertThrows(IllegalArgumentException.class, () -> new L21(0));
        assertThrows(IllegalArgumentException.class, () -> new L21(2, -1));
    }
}
