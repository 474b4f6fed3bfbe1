package org.jlops.mpi.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.serial.Convolve1D;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.Wavelets;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIL2;
import org.jlops.mpi.proximal.MPIProxOperator;
import org.jlops.mpi.proximal.ProximalGradient;
import org.jlops.mpi.solvers.ISTA;
import org.jlops.mpi.solvers.IstaResult;
import org.jlops.mpi.solvers.Solvers;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code reflectivity} tutorial: sparse reflectivity inversion of a 3-D post-stack
 * cube distributed along y. A layered log-impedance model {@code m(y, x, z)} gives the reflectivity
 * {@code r = D m} (first derivative along z) and the data {@code d = C r} (convolution along z with a
 * 41-tap Ricker wavelet, 15 Hz, dt 4 ms); the reflectivity is recovered from the data by
 *
 * <ul>
 *   <li>FISTA on {@code MPIBlockDiag([Convolve1D])}, 200 iterations, eps 2e-2, tol 1e-8 (the
 *       tutorial's), and</li>
 *   <li>ProximalGradient with {@code MPIL2(C, d)} and {@code L1(1e-2)}, tau = 0.99/λmax(CᴴC) from
 *       power iteration, 200 iterations, FISTA acceleration.</li>
 * </ul>
 *
 * <p>Sizes: by default a {@code (8, 100, 200)} cube (160 000 unknowns; about a minute on 2 cores);
 * {@code --full} the tutorial's {@code 20 · np} by 267 by 550 (20 y-lines per rank). The model is a
 * synthetic layered section with an anticline and a fault, extended along y with a slight dip (the
 * tutorial reads PyLops-MPI's {@code poststack_model.npz}, which is not bundled). Printed misfits are
 * the same at every rank count. Figures: {@code reflectivity.png} (sections of the model, the
 * reflectivity, the data and both inversions) and {@code reflectivity-trace.png} (the middle trace).
 */
@Command(name = "reflectivity", mixinStandardHelpOptions = true,
        description = "Sparse reflectivity inversion of a 3-D cube (PyLops-MPI's reflectivity tutorial)")
public final class ReflectivityTutorial extends SparsityProgram {

    /**
     * Runs the tutorial.
     *
     * @param args the options ({@code --np}, {@code --out}, {@code --full}, {@code --no-figures})
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ReflectivityTutorial()).execute(args));
    }

    /** A log-impedance section value at (y, x, z) on an (nx, nz) grid: layers, an anticline, a fault. */
    static double logImpedance(long y, long x, long z, long nx, long nz) {
        double[] layers = {7.9, 8.15, 8.05, 8.45, 8.3, 8.7, 8.55, 8.9};
        double u = (double) x / Math.max(1, nx - 1);
        double anticline = 0.08 * nz * Math.exp(-Math.pow((u - 0.35) / 0.2, 2));
        double fault = u > 0.65 ? 0.05 * nz : 0;
        double depth = z + anticline - fault + 0.2 * y;
        int k = (int) Math.floor(depth / (nz / 8.0) + 0.3);
        return layers[Math.max(0, Math.min(layers.length - 1, k))];
    }

    /** The balanced split of {@code n} rows over the ranks (the first {@code n % P} get one more). */
    static long[] rowsOf(long n, int p) {
        long[] c = new long[p];
        for (int r = 0; r < p; r++) {
            c[r] = n / p + (r < n % p ? 1 : 0);
        }
        return c;
    }

    @Override
    String run(Communicator comm) throws Exception {
        int p = comm.size();
        long ny = full ? 20L * p : tiny ? 4 : 8;
        long nx = full ? 267 : tiny ? 24 : 100;
        long nz = full ? 550 : tiny ? 64 : 200;
        long[] rows = rowsOf(ny, p);
        long y0 = 0;
        for (int r = 0; r < comm.rank(); r++) {
            y0 += rows[r];
        }
        long nyi = rows[comm.rank()];
        long[] dims = {nyi, nx, nz};
        long[] sizes = new long[p];
        for (int r = 0; r < p; r++) {
            sizes[r] = rows[r] * nx * nz;
        }
        DistributedArray m = DistributedArray.builder(comm, ny * nx * nz).localSizes(sizes).build();
        NdArray local = m.localArray();
        for (long y = 0; y < nyi; y++) {
            for (long x = 0; x < nx; x++) {
                for (long z = 0; z < nz; z++) {
                    local.set((y * nx + x) * nz + z, logImpedance(y0 + y, x, z, nx, nz));
                }
            }
        }
        double[] wav = Wavelets.ricker(20, 0.004, 15);                           // 41 taps, centre 20
        MPIBlockDiag dop = new MPIBlockDiag(List.of(new FirstDerivative(dims, -1)), comm);
        MPIBlockDiag cop = new MPIBlockDiag(List.of(new Convolve1D(dims, wav, 20, -1, DType.FLOAT64)), comm);
        DistributedArray r = dop.matvec(m);                                       // r = D m
        DistributedArray d = cop.matvec(r);                                       // d = C r
        DistributedArray r0 = r.zerosLike();

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Reflectivity inversion of a %dx%dx%d cube (%d unknowns), %d ranks%n", ny,
                nx, nz, ny * nx * nz, p));
        IstaResult<DistributedArray> fista = Solvers.fista(cop, d, r0, 200, ISTA.options().eps(2e-2).tol(1e-8));
        DistributedArray rf = fista.x();
        s.append(String.format(Locale.ROOT, "FISTA (eps 2e-2, tol 1e-8): %d iterations (%s), alpha %.6e%n",
                fista.iterations(), fista.stopReason(), fista.alpha()));
        s.append(misfits(cop, rf, r, d));

        double lmax = Solvers.powerIteration(cop.adjoint().times(cop), r0, 30, 1e-8, 0).eigenvalue().abs();
        MPIL2 l2 = MPIL2.builder().op(cop).b(d).x0(r0).build();
        DistributedArray rpg = ProximalGradient.options().tau(0.99 / lmax).niter(200)
                .acceleration(ProximalGradient.Acceleration.FISTA)
                .solve(l2, new MPIProxOperator(new L1(1e-2)), r0).x();
        s.append(String.format(Locale.ROOT, "ProximalGradient (MPIL2 + L1 1e-2, tau 0.99/lambda_max = %.6e, fista, 200"
                + " iterations)%n", 0.99 / lmax));
        s.append(misfits(cop, rpg, r, d));

        NdArray mg = m.asArray();
        NdArray rg = r.asArray();
        NdArray dg = d.asArray();
        NdArray fg = rf.asArray();
        NdArray pg = rpg.asArray();
        if (draws(comm)) {
            long ym = ny / 2;
            long xm = nx / 2;
            double[] mr = range(mg);
            List<SparsityFigures.Panel> panels = new ArrayList<>();
            panels.add(new SparsityFigures.Panel("model ln(AI), x-z at y = " + ym, xz(mg, ym, nx, nz), mr[0], mr[1],
                    SparsityFigures.Scale.RAINBOW));
            panels.add(new SparsityFigures.Panel("reflectivity r = D m", xz(rg, ym, nx, nz), -0.1, 0.1,
                    SparsityFigures.Scale.GREY));
            panels.add(new SparsityFigures.Panel("data d = C r", xz(dg, ym, nx, nz), -0.2, 0.2,
                    SparsityFigures.Scale.GREY));
            panels.add(new SparsityFigures.Panel("FISTA", xz(fg, ym, nx, nz), -0.1, 0.1, SparsityFigures.Scale.GREY));
            panels.add(new SparsityFigures.Panel("ProximalGradient", xz(pg, ym, nx, nz), -0.1, 0.1,
                    SparsityFigures.Scale.GREY));
            panels.add(new SparsityFigures.Panel("FISTA, y-z at x = " + xm, yz(fg, xm, ny, nx, nz), -0.1, 0.1,
                    SparsityFigures.Scale.GREY));
            SparsityFigures.sections(out.resolve("reflectivity.png"), String.format(Locale.ROOT,
                    "Reflectivity inversion, %dx%dx%d, %d ranks (depth down, x across)", ny, nx, nz, p), 3, panels);
            double[] t = new double[(int) nz];
            for (int z = 0; z < nz; z++) {
                t[z] = z * 0.004;
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("true reflectivity", trace(rg, ym, xm, nx, nz));
            series.put("FISTA (shifted by -0.25)", shifted(trace(fg, ym, xm, nx, nz), -0.25));
            series.put("ProximalGradient (shifted by -0.5)", shifted(trace(pg, ym, xm, nx, nz), -0.5));
            SparsityFigures.lines(out.resolve("reflectivity-trace.png"), "middle trace (y = " + ym + ", x = " + xm + ")",
                    "t (s)", "r", t, series, false);
        }
        return s.toString();
    }

    /** The relative reflectivity error and data misfit. Collective. */
    static String misfits(MPIBlockDiag cop, DistributedArray rinv, DistributedArray r, DistributedArray d) {
        double er = rinv.subtract(r).norm() / r.norm();
        double ed = cop.matvec(rinv).subtract(d).norm() / d.norm();
        return String.format(Locale.ROOT, "   ||r_inv - r|| / ||r|| = %.4f   ||C r_inv - d|| / ||d|| = %.4e%n", er, ed);
    }

    static double[][] xz(NdArray a, long y, long nx, long nz) {
        double[][] g = new double[(int) nz][(int) nx];
        for (int x = 0; x < nx; x++) {
            for (int z = 0; z < nz; z++) {
                g[z][x] = a.re((y * nx + x) * nz + z);
            }
        }
        return g;
    }

    static double[][] yz(NdArray a, long x, long ny, long nx, long nz) {
        double[][] g = new double[(int) nz][(int) ny];
        for (int y = 0; y < ny; y++) {
            for (int z = 0; z < nz; z++) {
                g[z][y] = a.re((y * nx + x) * nz + z);
            }
        }
        return g;
    }

    static double[] trace(NdArray a, long y, long x, long nx, long nz) {
        double[] t = new double[(int) nz];
        for (int z = 0; z < nz; z++) {
            t[z] = a.re((y * nx + x) * nz + z);
        }
        return t;
    }

    private static double[] shifted(double[] v, double by) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] + by;
        }
        return out;
    }

    static double[] range(NdArray a) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (long k = 0; k < a.size(); k++) {
            lo = Math.min(lo, a.re(k));
            hi = Math.max(hi, a.re(k));
        }
        return new double[] {lo, hi};
    }
}
