package org.jlops.mpi.examples;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.solvers.CGLS;
import org.jlops.mpi.solvers.CglsResult;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PyLops-MPI's {@code plot_cgls}: CGLS minimises {@code ‖y − A x‖²} for a block-diagonal
 * {@link MPIBlockDiag} of dense {@code 20×15} matrices with Gaussian entries, the data made from
 * {@code x = ones}: the operator, {@code ‖y‖}, the dot-test, the residual norm at every iteration,
 * how the run stopped and the reconstructed {@code x}; figures of the cost function (the one
 * PyLops-MPI draws) and of the model, the data and the inversion.
 *
 * <p>As in PyLops-MPI, whose ranks all draw their matrix after {@code np.random.seed(42)}, every
 * block is the same matrix (here {@code java.util.Random(42)}'s {@code nextGaussian}, row-major),
 * so the normal equations have the 15 eigenvalues of one block and CGLS converges in at most 15
 * steps. PyLops-MPI puts one block on each rank; here the number of blocks is {@code --blocks}
 * (default 4, PyLops-MPI's problem at 4 ranks), spread over the ranks, and the solver's sums are
 * the same bits whoever holds which block: the residual history and the solution are identical at
 * every rank count. PyLops-MPI computes in {@code float128} (extended precision); this example in
 * float64.
 */
@Command(name = "cgls", mixinStandardHelpOptions = true,
        description = "CGLS on a block-diagonal operator of dense random matrices.")
public final class CglsExample extends Example {

    /** The seed of the matrix. */
    static final long SEED = 42;
    /** The tolerance on the squared normal-equation residual. */
    static final double TOL = 1e-10;

    @Option(names = "--rows", description = "rows N of each block (default ${DEFAULT-VALUE})")
    int rows = 20;

    @Option(names = "--cols", description = "columns M of each block (default ${DEFAULT-VALUE})")
    int cols = 15;

    @Option(names = "--blocks", description = "blocks on the diagonal, spread over the ranks (default ${DEFAULT-VALUE})")
    int blocks = 4;

    @Option(names = "--niter", description = "CGLS iterations at most (default ${DEFAULT-VALUE})")
    int niter = 15;

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new CglsExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_cgls.py";
    }

    @Override
    public String summary() {
        return "CGLS on MPIBlockDiag of dense 20x15 Gaussian matrices, x = ones";
    }

    /** The {@code rows × cols} matrix of every block, row-major: {@code new Random(seed).nextGaussian()} in order. */
    static double[] matrix(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    @Override
    protected void run(Communicator comm, Report out) {
        double[] a = matrix(rows, cols, SEED);
        int[] mine = myBlocks(blocks, comm);
        List<LocalOperator> ops = new ArrayList<>();
        for (int k = mine[0]; k < mine[1]; k++) {
            ops.add(MatrixMult.ofFloat64(a, rows, cols));
        }
        MPIBlockDiag op = new MPIBlockDiag(ops, comm);
        out.line("   BDiag = MPIBlockDiag of %d blocks, each the same %dx%d matrix A with N(0, 1) entries (seed %d): %s",
                blocks, rows, cols, SEED, op);
        out.perRank("   blocks per rank: %s", blocksPerRank(blocks, comm));

        DistributedArray x = DistributedArray.builder(comm, (long) blocks * cols).localSizes(op.colCounts()).build();
        x.fill(1.0);
        DistributedArray y = op.matvec(x);
        double[] yv = y.asArray().doubles();
        out.line("   x = ones(%d); y = BDiag x: %d entries, norm(2) = %.12f", blocks * cols, blocks * rows, y.norm());
        DerivativeExample.dottest(out, op, x);

        out.section(String.format("CGLS(BDiag, y, x0 = 0, niter = %d, damp = 0, tol = %.0e)", niter, TOL));
        CglsResult<DistributedArray> inv = new CGLS<>(op).solve(y, null, niter, 0.0, TOL);
        double[] cost = inv.cost();
        out.line("   itn   ||y - BDiag x_k||");
        for (int k = 0; k < cost.length; k++) {
            out.line("   %3d   %.10e", k, cost[k]);
        }
        out.line("   %d iteration%s, istop = %d (%s), r1norm = ||y - BDiag x|| = %.3e, r2norm = %.3e", inv.iterations(),
                inv.iterations() == 1 ? "" : "s", inv.istop(), inv.istop() == 1 ? "tolerance reached" : "niter reached",
                inv.r1norm(), inv.r2norm());
        double[] xinv = inv.x().asArray().doubles();
        double err = 0;
        for (double v : xinv) {
            err = Math.max(err, Math.abs(v - 1));
        }
        out.values("   x_inv = ", xinv, 6);
        out.line("   max |x_inv - x| = %.3e", err);

        out.figure("cgls-cost.png", "the cost function ||y - BDiag x_k|| by iteration", () -> {
            XYChart c = Figures.lines("Cost function", "iteration", "||y - BDiag x_k||  (log scale)", 900, 420);
            double[] it = Figures.indices(cost.length);
            double[] positive = new double[cost.length];
            for (int k = 0; k < cost.length; k++) {
                positive[k] = Math.max(cost[k], 1e-300);
            }
            Figures.line(c, "CGLS", it, positive, new Color(31, 119, 180), 2.5f);
            c.getStyler().setYAxisLogarithmic(true);
            return Figures.image(c);
        });
        out.figure("cgls-inversion.png", "the model x, the data y and the inversion x_inv", () -> {
            double[] ix = Figures.indices(xinv.length);
            double[] ones = new double[xinv.length];
            Arrays.fill(ones, 1.0);
            XYChart model = Figures.lines("Model x", "index", "value", 460, 380);
            Figures.line(model, "x = ones", ix, ones, Color.BLACK, 2.5f);
            model.getStyler().setYAxisMin(0.0).setYAxisMax(1.5);
            XYChart data = Figures.lines("Data y = BDiag x (" + blocks + " blocks of " + rows + ")", "index", "value",
                    460, 380);
            Figures.line(data, "y", Figures.indices(yv.length), yv, new Color(31, 119, 180), 1.5f);
            data.getStyler().setLegendVisible(false);
            XYChart inversion = Figures.lines("Inversion (" + inv.iterations() + " CGLS iterations)", "index", "value",
                    460, 380);
            Figures.line(inversion, "x", ix, ones, Color.BLACK, 2.5f);
            Figures.markers(inversion, "x_inv", ix, xinv, new Color(214, 39, 40));
            inversion.getStyler().setYAxisMin(0.0).setYAxisMax(1.5);
            return Figures.grid("CGLS on MPIBlockDiag: model, data, inversion", 3,
                    List.of(Figures.image(model), Figures.image(data), Figures.image(inversion)));
        });
    }
}
