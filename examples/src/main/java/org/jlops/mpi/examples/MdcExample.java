package org.jlops.mpi.examples;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.signal.MPIMDC;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_mdc}: {@link MPIMDC} with the kernel of three hyperbolic events per
 * source ({@link MdcModel#plotMdc}: nt = 400, two-sided 799 samples, 61 receivers, 101 sources,
 * 200 frequencies split over the ranks, complex64), applied to a model of one hyperbolic event
 * (spikes) and its adjoint applied to the data; it prints the split of the frequencies, the norms
 * of data and adjoint, and a dot-test, and draws the model (with the wavelet), the data and the
 * adjoint, as PyLops-MPI's figure.
 */
@Command(name = "mdc", mixinStandardHelpOptions = true,
        description = "MPIMDC: multi-dimensional convolution with the kernel's frequencies split over the ranks.")
public final class MdcExample extends Example {

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new MdcExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_mdc.py";
    }

    @Override
    public String summary() {
        return "MPIMDC: nt 400 (799 two-sided), 61 receivers, 101 sources, 200 frequencies over the ranks; forward "
                + "and adjoint";
    }

    @Override
    protected void run(Communicator comm, Report out) {
        MdcModel p = MdcModel.plotMdc();
        long[] nfRanks = LocalSplit.counts(p.nfmax(), comm.size());
        long from = LocalSplit.offsets(nfRanks)[comm.rank()];
        long to = from + nfRanks[comm.rank()];
        out.perRank("   frequencies per rank (nf_rank): %s", java.util.Arrays.toString(nfRanks));
        NdArray g = p.kernel(from, to);
        MPIMDC op = new MPIMDC(g, p.nt2(), 1, p.nfmax(), comm, MPIMDC.Options.DEFAULT.withSampling(p.dt(), 1.0));
        out.line("   Fop = %s (kernel %d frequencies x %d sources x %d receivers, complex64)", op, p.nfmax(), p.ny(),
                p.nx());
        out.line("   kernel G: three hyperbolic events per source (t0 0.2, 0.5, 0.7 s; v 1200, 1500, 2000 m/s; "
                + "amplitudes 1, 0.6, 0.5), Ricker %.0f Hz, spatial Hanning taper of 5 samples", p.f0());
        out.line("   kernel G: two-sided (%d leading zeros), real DFT of length %d, first %d bins", p.nt() - 1, p.nt2(),
                p.nfmax());
        out.line("   model m: one hyperbolic event (t0 0.2 s, v 1100 m/s) of spikes, two-sided: %d x %d", p.nt2(),
                p.nx());
        double[] m = p.model(false);
        NdArray mf = NdArray.zeros(DType.FLOAT32, m.length);
        for (int q = 0; q < m.length; q++) {
            mf.set(q, m[q], 0);
        }
        DistributedArray md = DistributedArray.toDist(mf, comm, Partition.BROADCAST, 0);
        DistributedArray dd = op.matvec(md);
        DistributedArray madj = op.rmatvec(dd);
        double[] d = dd.asArray().astype(DType.FLOAT64).doubles();
        double[] ma = madj.asArray().astype(DType.FLOAT64).doubles();
        out.line("   d = Fop m: %d x %d, ||d|| = %.4e", p.nt2(), p.ny(), norm(d));
        int peak = 0;
        int mid = p.ny() / 2;
        for (int it = 0; it < p.nt2(); it++) {
            peak = Math.abs(d[it * p.ny() + mid]) > Math.abs(d[peak * p.ny() + mid]) ? it : peak;
        }
        out.line("   d at the middle source: largest at t = %.3f s (time sample %d)", (peak - (p.nt() - 1)) * p.dt(), peak);
        out.line("   madj = Fop^H d: %d x %d, ||madj|| = %.4e", p.nt2(), p.nx(), norm(ma));
        double lhs = dd.dot(dd, false).re();
        double rhs = madj.dot(md, false).re();
        out.line("   dot-test <d, Fop m> vs <Fop^H d, m>: relative difference %s",
                Math.abs(lhs - rhs) / Math.abs(lhs) < 1e-4 ? "< 1e-4 (float32)" : Math.abs(lhs - rhs) / Math.abs(lhs));
        double[] mwav = p.model(true);
        out.figure("mdc.png", "the model m (with the wavelet), the data d = MDC m and the adjoint MDC^H d",
                () -> Figures.heatmaps("MPIMDC: model, data, adjoint", 3,
                        Figures.Heat.of("m", Figures.rows(mwav, p.nt2()), Figures.Scale.DIVERGING),
                        Figures.Heat.of("d", Figures.rows(d, p.nt2()), Figures.Scale.DIVERGING),
                        Figures.Heat.of("m_adj", Figures.rows(ma, p.nt2()), Figures.Scale.DIVERGING)));
    }

    static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }
}
