package org.jlops.mpi.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.signal.MPIMDC;
import org.jlops.mpi.solvers.CGLS;
import org.jlops.mpi.solvers.CglsResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code mdd} tutorial: multi-dimensional deconvolution. The kernel of three
 * hyperbolic events per source ({@link MdcModel}) is split over the ranks along its frequencies;
 * the prescaled {@link MPIMDC} ({@code G · dt · √nt}, two-sided, float32) maps the model (one
 * hyperbolic event of spikes, replicated on every rank) to the data; the tutorial applies the
 * adjoint, then inverts with 50 CGLS iterations from zero, and draws the kernel's two sections,
 * model, data, adjoint and inversion.
 *
 * <p>Sizes: by default {@code plot_mdc}'s (nt 400, two-sided 799, 61 receivers, 101 sources, 200
 * frequencies: well under a minute on 2 cores); {@code --full} the tutorial's (nt 800, two-sided
 * 1599, 121 receivers, 201 sources, 400 frequencies). Differences from PyLops-MPI's tutorial: the
 * initial model is real float32 (PyLops-MPI starts from a complex64 zero vector), and the program
 * prints the norms, the CGLS cost and the model error (the tutorial only plots).
 */
@Command(name = "mdd", mixinStandardHelpOptions = true,
        description = "Multi-dimensional deconvolution with MPIMDC and CGLS (PyLops-MPI's mdd tutorial)")
public final class MddTutorial extends SparsityProgram {

    @CommandLine.Option(names = "--niter", description = "CGLS iterations (default ${DEFAULT-VALUE})")
    int niter = 50;

    /**
     * Runs the tutorial.
     *
     * @param args the options ({@code --np}, {@code --out}, {@code --full}, {@code --no-figures}, {@code --niter})
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MddTutorial()).execute(args));
    }

    MdcModel model() {
        if (full) {
            return MdcModel.mddTutorial();
        }
        return tiny ? new MdcModel(100, 0.008, 15, 40, -300, 21, 40, -400, 10, 50) : MdcModel.plotMdc();
    }

    @Override
    String run(Communicator comm) throws Exception {
        MdcModel p = model();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "== mdd (PyLops-MPI tutorials/mdd.py): nt %d (%d two-sided), %d receivers, "
                + "%d sources, %d frequencies over %d rank%s%n", p.nt(), p.nt2(), p.nx(), p.ny(), p.nfmax(),
                comm.size(), comm.size() == 1 ? "" : "s"));
        long[] nf = LocalSplit.counts(p.nfmax(), comm.size());
        long from = LocalSplit.offsets(nf)[comm.rank()];
        NdArray g = p.kernel(from, from + nf[comm.rank()]);
        double c = p.dt() * Math.sqrt(p.nt());
        for (long q = 0; q < g.size(); q++) {
            g.set(q, c * g.re(q), c * g.im(q));
        }
        MPIMDC op = new MPIMDC(g, p.nt2(), 1, p.nfmax(), comm,
                MPIMDC.Options.DEFAULT.withSampling(p.dt(), 1.0).withPrescaled(true));
        s.append("   MDCop = ").append(op).append('\n');
        double[] mrefl = p.model(false);
        NdArray mf = NdArray.zeros(DType.FLOAT32, mrefl.length);
        for (int q = 0; q < mrefl.length; q++) {
            mf.set(q, mrefl[q], 0);
        }
        DistributedArray m = DistributedArray.toDist(mf, comm, Partition.BROADCAST, 0);
        DistributedArray d = op.matvec(m);
        DistributedArray madj = op.rmatvec(d);
        double[] dv = d.asArray().astype(DType.FLOAT64).doubles();
        double[] mav = madj.asArray().astype(DType.FLOAT64).doubles();
        s.append(String.format(Locale.ROOT, "   d = MDCop m: ||d|| = %.4e%n", MdcExample.norm(dv)));
        s.append(String.format(Locale.ROOT, "   madj = MDCop^H d: ||madj|| = %.4e%n", MdcExample.norm(mav)));
        DistributedArray m0 = m.zerosLike();
        long t0 = System.nanoTime();
        CglsResult<DistributedArray> inv = new CGLS<>(op).solve(d, m0, niter, 0.0, 0.0);
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] cost = inv.cost();
        double[] minv = inv.x().asArray().astype(DType.FLOAT64).doubles();
        double err = 0;
        double ref = 0;
        double errAdj = 0;
        double scaleAdj = dot(mav, mrefl) / Math.max(dot(mav, mav), 1e-300);
        for (int q = 0; q < minv.length; q++) {
            err += (minv[q] - mrefl[q]) * (minv[q] - mrefl[q]);
            errAdj += (scaleAdj * mav[q] - mrefl[q]) * (scaleAdj * mav[q] - mrefl[q]);
            ref += mrefl[q] * mrefl[q];
        }
        s.append(String.format(Locale.ROOT, "   CGLS, %d iterations from m0 = 0: ||d - MDCop m|| from %.3e to %.3e%n",
                inv.iterations(), cost[0], cost[cost.length - 1]));
        s.append(String.format(Locale.ROOT, "   ||minv - m|| / ||m|| = %.2f (best-scaled adjoint: %.2f)%n",
                Math.sqrt(err / ref), Math.sqrt(errAdj / ref)));
        if (comm.rank() == 0) {
            System.err.printf(Locale.ROOT, "mdd: %d CGLS iterations in %.1f s%n", inv.iterations(), secs);
        }
        if (draws(comm)) {
            double[] mwav = p.model(true);
            int nt2 = p.nt2();
            double[][] gx = p.kernelTraces(p.ny() / 2);                // (nx, nt2): the section of the middle source
            double[][] kx = new double[nt2][p.nx()];
            for (int ix = 0; ix < p.nx(); ix++) {
                for (int it = 0; it < nt2; it++) {
                    kx[it][ix] = gx[ix][it];
                }
            }
            double[][] ky = new double[nt2][p.ny()];
            for (int iy = 0; iy < p.ny(); iy++) {
                double[] tr = p.kernelTraces(iy)[p.nx() / 2];
                for (int it = 0; it < nt2; it++) {
                    ky[it][iy] = tr[it];
                }
            }
            Path file = out.resolve("mdd.png");
            java.nio.file.Files.createDirectories(out);
            Figures.write(Figures.heatmaps("Multi-dimensional deconvolution (MPIMDC + CGLS)", 3,
                    Figures.Heat.of("G, source ny/2", kx, Figures.Scale.DIVERGING),
                    Figures.Heat.of("G, receiver nx/2", ky, Figures.Scale.DIVERGING),
                    Figures.Heat.of("m (with the wavelet)", Figures.rows(mwav, nt2), Figures.Scale.DIVERGING),
                    Figures.Heat.of("d = MDC m", Figures.rows(dv, nt2), Figures.Scale.DIVERGING),
                    Figures.Heat.of("m_adj = MDC^H d", Figures.rows(mav, nt2), Figures.Scale.DIVERGING),
                    Figures.Heat.of("m_inv (" + inv.iterations() + " CGLS iterations)", Figures.rows(minv, nt2),
                            Figures.Scale.DIVERGING)), file);
            s.append("   wrote ").append(file).append('\n');
        }
        return s.toString();
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int q = 0; q < a.length; q++) {
            s += a[q] * b[q];
        }
        return s;
    }
}
