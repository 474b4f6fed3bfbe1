package org.jlops.mpi.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.serial.Diagonal;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.proximal.Box;
import org.jlops.mpi.proximal.L0;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIL2;
import org.jlops.mpi.proximal.MPIProxOperator;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_prox} example: proximal operators applied to distributed arrays —
 * {@code L1} and {@code Box} through {@link MPIProxOperator} (value, proximal map, dual map), and
 * {@link MPIL2} without and with an operator (value, proximal map, gradient) — each compared with
 * the serial formula on the gathered array. The array is {@value #N} samples,
 * {@code x[k] = (k / 10)·(k mod 10)} (PyLops-MPI's {@code rank * arange(10)} at 4 ranks, here the
 * same at every rank count). The figure {@code prox.png} draws the proximal maps of L1, L0, Box and
 * L2 on a ramp.
 *
 * <pre>
 * java … org.jlops.mpi.examples.ProxExample --np 2          # in-JVM ranks
 * mpirun -np 2 java … org.jlops.mpi.examples.ProxExample    # MPI ranks
 * </pre>
 */
@Command(name = "prox", mixinStandardHelpOptions = true,
        description = "Proximal operators on distributed arrays (PyLops-MPI's plot_prox)")
public final class ProxExample extends Example {

    /** Samples of the array. */
    static final int N = 40;
    /** The step of the maps. */
    static final double TAU = 0.1;

    /**
     * Runs the example.
     *
     * @param args the options ({@code --np}, {@code --out}, {@code --no-figures})
     */
    public static void main(String[] args) {
        Example.main(new ProxExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_prox.py";
    }

    @Override
    public String summary() {
        return "proximal operators (L1, Box, L2 with and without an operator) on a distributed array";
    }

    @Override
    protected void run(Communicator comm, Report report) {
        NdArray g = NdArray.zeros(DType.FLOAT64, N);
        for (int k = 0; k < N; k++) {
            g.set(k, (k / 10) * (k % 10));
        }
        DistributedArray x = DistributedArray.toDist(g, comm);
        report.line("Proximal operators on a distributed array of %d samples", N);

        // L1: sigma ||x||_1, soft threshold, projection onto [-sigma, sigma]
        MPIProxOperator l1 = new MPIProxOperator(new L1(2.0));
        double sum = 0;
        for (int k = 0; k < N; k++) {
            sum += Math.abs(g.re(k));
        }
        report.line("||x||_1 (sigma 2): distributed %.6f, serial %.6f", l1.f(x), 2 * sum);
        report.line("prox_L1 equal to the serial soft threshold: %s", same(l1.prox(x, TAU).asArray(),
                map(g, v -> Math.signum(v) * Math.max(Math.abs(v) - 0.2, 0))));
        report.line("proxdual_L1 equal to the serial projection: %s", same(l1.proxdual(x, TAU).asArray(),
                map(g, v -> Math.max(-2, Math.min(2, v)))));

        // Box [1, 5] on a constant 3 with one sample at 20 (outside)
        NdArray gb = map(g, v -> 3.0);
        gb.set(N / 2, 20);
        DistributedArray xb = DistributedArray.toDist(gb, comm);
        Box box = new Box(1, 5);
        MPIProxOperator boxd = new MPIProxOperator(box);
        report.line("Box [1, 5]: f = %s (the indicator; inside: %s)", boxd.f(xb),
                box.contains(xb));
        report.line("prox_Box equal to the serial clip: %s", same(boxd.prox(xb, TAU).asArray(),
                map(gb, v -> Math.min(5, Math.max(1, v)))));
        report.line("proxdual_Box equal to x - tau clip(x / tau): %s", close(boxd.proxdual(xb, TAU).asArray(),
                map(gb, v -> v - TAU * Math.min(5, Math.max(1, v / TAU))), 1e-14));

        // L2 without an operator: (sigma/2)||x||^2
        MPIL2 l2 = MPIL2.builder().sigma(2.0).build();
        double n2 = 0;
        for (int k = 0; k < N; k++) {
            n2 += g.re(k) * g.re(k);
        }
        report.line("||x||_2^2 (sigma 2): distributed %.6f, serial %.6f", l2.f(x), n2);
        report.line("prox_L2 equal to x / (1 + tau sigma): %s", close(l2.prox(x, TAU).asArray(),
                map(g, v -> v / 1.2), 1e-15));
        report.line("grad_L2 equal to sigma x: %s", same(l2.grad(x).asArray(), map(g, v -> 2 * v)));

        // L2 with an operator (a diagonal of ones per rank) and b[k] = k / 10, CGLS inner solver
        long mine = x.localSize();
        NdArray ones = map(NdArray.zeros(DType.FLOAT64, mine), v -> 1.0);
        MPIBlockDiag op = new MPIBlockDiag(List.of(new Diagonal(ones)), comm);
        NdArray gbv = map(g, v -> 0.0);
        for (int k = 0; k < N; k++) {
            gbv.set(k, k / 10);
        }
        DistributedArray b = DistributedArray.toDist(gbv, comm);
        MPIL2 l2op = MPIL2.builder().op(op).b(b).sigma(2.0).x0(x.zerosLike()).build();
        double r2 = 0;
        NdArray expect = NdArray.zeros(DType.FLOAT64, N);
        for (int k = 0; k < N; k++) {
            double d = g.re(k) - gbv.re(k);
            r2 += d * d;
            expect.set(k, (g.re(k) + TAU * 2 * gbv.re(k)) / (1 + TAU * 2));
        }
        report.line("||Op x - b||_2^2 (sigma 2): distributed %.6f, serial %.6f", l2op.f(x),
                r2);
        NdArray p = l2op.prox(x, TAU).asArray();
        report.line("prox_||Op x - b||_2^2 (CGLS, 10 iterations): norm of the difference to"
                + " the exact (x + tau sigma b) / (1 + tau sigma) = %.2e", diff(p, expect));
        report.line("grad_||Op x - b||_2^2 equal to sigma (x - b): %s", close(l2op.grad(x).asArray(),
                sub(g, gbv, 2), 1e-15));

        figure(comm, report);
    }

    /** The proximal maps of L1, L0, Box and L2 on a ramp of 601 samples in [-3, 3] (every rank maps its part). */
    private static void figure(Communicator comm, Report report) {
        int m = 601;
        NdArray ramp = NdArray.zeros(DType.FLOAT64, m);
        double[] t = new double[m];
        for (int k = 0; k < m; k++) {
            t[k] = -3 + 6.0 * k / (m - 1);
            ramp.set(k, t[k]);
        }
        DistributedArray r = DistributedArray.toDist(ramp, comm);
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("x", t);
        series.put("L1 (sigma 1): soft", values(new L1(1).prox(r, 1)));
        series.put("L0 (sigma 1): hard", values(new L0(1).prox(r, 1)));
        series.put("Box [-1, 2]: clip", values(new Box(-1, 2).prox(r, 1)));
        series.put("L2 (sigma 1): x / 2", values(MPIL2.builder().build().prox(r, 1)));
        report.figure("prox.png", "the proximal maps of L1, L0, Box and L2 on a ramp",
                () -> SparsityFigures.linesImage("proximal maps prox_{tau f}(x), tau = 1", "x", "prox(x)", t, series,
                        false));
    }

    private static double[] values(DistributedVector v) {
        NdArray a = v.asArray();
        double[] d = new double[(int) a.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = a.re(k);
        }
        return d;
    }

    private static NdArray map(NdArray g, java.util.function.DoubleUnaryOperator f) {
        NdArray y = NdArray.zeros(g.dtype(), g.size());
        for (long k = 0; k < g.size(); k++) {
            y.set(k, f.applyAsDouble(g.re(k)));
        }
        return y;
    }

    private static NdArray sub(NdArray a, NdArray b, double s) {
        NdArray y = NdArray.zeros(a.dtype(), a.size());
        for (long k = 0; k < a.size(); k++) {
            y.set(k, s * (a.re(k) - b.re(k)));
        }
        return y;
    }

    private static boolean same(NdArray a, NdArray b) {
        return close(a, b, 0.0);
    }

    private static boolean close(NdArray a, NdArray b, double rtol) {
        for (long k = 0; k < a.size(); k++) {
            if (Math.abs(a.re(k) - b.re(k)) > rtol * Math.abs(b.re(k))) {
                return false;
            }
        }
        return a.size() == b.size();
    }

    private static double diff(NdArray a, NdArray b) {
        double d = 0;
        for (long k = 0; k < a.size(); k++) {
            d += (a.re(k) - b.re(k)) * (a.re(k) - b.re(k));
        }
        return Math.sqrt(d);
    }

    /** The figure's file (for tests). */
    Path figureFile() {
        return out.resolve("prox.png");
    }
}
