package org.jlops.mpi.examples;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.serial.NonStationaryConvolve1D;
import org.jlops.mpi.ops.signal.MPINonStationaryConvolve1D;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_nonstatconv}: {@link MPINonStationaryConvolve1D} with 16 Ricker filters
 * (peak frequencies 20, 28, ... Hz, 29 samples of 4 ms) centred every 16 samples from sample 8, on
 * a signal of 256 samples with a spike at every filter; forward and adjoint against the serial
 * {@link NonStationaryConvolve1D}; then the same along axis 0 of a 256 × 20 array. It prints the
 * filter positions, the samples and ghost rows each rank holds and the largest difference from the
 * serial products (0: the same bits), and draws the input, the forward and the adjoint, distributed
 * and serial, as PyLops-MPI's figures.
 *
 * <p>Differences from PyLops-MPI's example: the signal has 256 samples at every rank count
 * (PyLops-MPI: 64 per rank, 4 filters per rank), so the printed values do not depend on the rank
 * count; the operator is built with {@link MPINonStationaryConvolve1D.Options#ANY_SPLIT} so that
 * 3 ranks (256 not divisible by 3) work too. PyLops-MPI's third case (axis −1 of a 20 × n array)
 * is not shown: only axis 0 is supported.
 */
@Command(name = "nonstatconv", mixinStandardHelpOptions = true,
        description = "MPINonStationaryConvolve1D: non-stationary convolution of spikes with Ricker filters.")
public final class NonStatConvExample extends Example {

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new NonStatConvExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_nonstatconv.py";
    }

    @Override
    public String summary() {
        return "MPINonStationaryConvolve1D: 16 Ricker filters on 256 samples (1-d and 256x20), vs serial";
    }

    /** PyLops' {@code ricker(arange(16) * dt, f0)}: 15 one-sided samples, 29 in all, centred. */
    static double[] ricker(double f0, double dt) {
        int half = 14;
        double[] w = new double[2 * half + 1];
        for (int k = 0; k < w.length; k++) {
            double a = Math.PI * f0 * (k - half) * dt;
            w[k] = (1 - 2 * a * a) * Math.exp(-a * a);
        }
        return w;
    }

    @Override
    protected void run(Communicator comm, Report out) {
        int n = 256;
        int nfilters = 16;
        double dt = 0.004;
        double[][] wavs = new double[nfilters][];
        long[] ih = new long[nfilters];
        for (int k = 0; k < nfilters; k++) {
            wavs[k] = ricker(20 + 8 * k, dt);
            ih[k] = 8 + 16L * k;
        }
        out.line("   Filters centers: %s", Arrays.toString(ih));
        for (int twoD = 0; twoD < 2; twoD++) {
            long[] dims = twoD == 0 ? new long[] {n} : new long[] {n, 20};
            long inner = twoD == 0 ? 1 : 20;
            if (twoD == 1) {
                out.section("Non-stationary convolution on axis=0 of (256, 20)");
            }
            NdArray x = NdArray.zeros(DType.FLOAT64, n * inner);
            for (long p : ih) {
                for (long q = 0; q < inner; q++) {
                    x.set(p * inner + q, 1.0, 0);
                }
            }
            MPINonStationaryConvolve1D op = new MPINonStationaryConvolve1D(dims, wavs, ih, 0, comm, DType.FLOAT64,
                    MPINonStationaryConvolve1D.Options.ANY_SPLIT);
            NonStationaryConvolve1D serial = new NonStationaryConvolve1D(dims, wavs, ih, 0, DType.FLOAT64);
            out.line("   COp = %s", op);
            out.perRank("   samples per rank: %s; each receives up to %d ghost samples from each neighbour",
                    Arrays.toString(org.jlops.mpi.array.LocalSplit.counts(n, comm.size())), wavs[0].length / 2);
            DistributedArray yd = op.matvec(DistributedArray.toDist(x, comm));
            DistributedArray xadjd = op.rmatvec(yd);
            double[] y = serial.matvec(x).doubles();
            double[] xadj = serial.rmatvec(serial.matvec(x)).doubles();
            double[] yv = yd.asArray().doubles();
            double[] xv = xadjd.asArray().doubles();
            out.line("   y = COp x: ||y|| = %.10f, max |y - y_serial| = %s", MdcExample.norm(yv),
                    FftsExample.maxError(y, yv));
            out.line("   xadj = COp^H y: ||xadj|| = %.10f, max |xadj - xadj_serial| = %s", MdcExample.norm(xv),
                    FftsExample.maxError(xadj, xv));
            String file = twoD == 0 ? "nonstatconv-1d.png" : "nonstatconv-2d.png";
            if (twoD == 0) {
                out.figure(file, "input, forward and adjoint (distributed and serial)", () -> {
                    org.knowm.xchart.XYChart a = Figures.lines("Input x", "sample", "value", 900, 260);
                    Figures.line(a, "x", Figures.indices(n), x.doubles(), java.awt.Color.BLACK, 1.5f);
                    org.knowm.xchart.XYChart b = Figures.lines("Forward y = COp x", "sample", "value", 900, 260);
                    Figures.line(b, "serial", Figures.indices(n), y, java.awt.Color.BLACK, 3f);
                    Figures.dashed(b, "distributed", Figures.indices(n), yv, new java.awt.Color(214, 39, 40));
                    org.knowm.xchart.XYChart c = Figures.lines("Adjoint COp^H y", "sample", "value", 900, 260);
                    Figures.line(c, "serial", Figures.indices(n), xadj, java.awt.Color.BLACK, 3f);
                    Figures.dashed(c, "distributed", Figures.indices(n), xv, new java.awt.Color(214, 39, 40));
                    return Figures.grid("MPINonStationaryConvolve1D, 1-d", 1,
                            java.util.List.of(Figures.image(a), Figures.image(b), Figures.image(c)));
                });
            } else {
                out.figure(file, "input, forward and adjoint on (256, 20), axis 0", () -> Figures.heatmaps(
                        "MPINonStationaryConvolve1D on axis=0", 3,
                        Figures.Heat.of("x", Figures.rows(x.doubles(), n), Figures.Scale.DIVERGING),
                        Figures.Heat.of("y (distributed)", Figures.rows(yv, n), Figures.Scale.DIVERGING),
                        Figures.Heat.of("xadj (distributed)", Figures.rows(xv, n), Figures.Scale.DIVERGING)));
            }
        }
    }
}
