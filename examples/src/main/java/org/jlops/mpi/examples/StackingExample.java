package org.jlops.mpi.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.examples.Figures.Heat;
import org.jlops.mpi.examples.Figures.Scale;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.LocalOperators;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIVStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PyLops-MPI's {@code plot_stacking}: the distributed stacking operators built from the serial
 * second derivatives of an 11×22 array along axis 0 ({@code Dv}) and axis 1 ({@code Dh}), a pair
 * {@code (k + 1) · Dv, (k + 1) · Dh} per group k — {@link MPIVStack} (one BROADCAST model, the
 * blocks' outputs stacked), {@link MPIHStack} (one model part per block, the outputs summed) and
 * {@link MPIBlockDiag} (one model part per block, the outputs stacked) — each applied to spikes,
 * with the values at the spikes, the norm, the dot-test and a figure of the input and output.
 *
 * <p>PyLops-MPI puts one pair on each rank; here the number of pairs is {@code --groups} (default
 * 4, PyLops-MPI's operators at 4 ranks), spread over the ranks, so every value is the same at every
 * rank count: the horizontal stack sums the blocks' products in the blocks' order, whichever rank
 * holds them.
 */
@Command(name = "stacking", mixinStandardHelpOptions = true,
        description = "MPIVStack, MPIHStack and MPIBlockDiag of scaled second derivatives.")
public final class StackingExample extends Example {

    /** Rows of each block's model. */
    static final int NV = 11;
    /** Columns of each block's model. */
    static final int NH = 22;

    @Option(names = "--groups", description = "pairs (k+1)*Dv, (k+1)*Dh, spread over the ranks (default ${DEFAULT-VALUE})")
    int groups = 4;

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new StackingExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_stacking.py";
    }

    @Override
    public String summary() {
        return "MPIVStack, MPIHStack and MPIBlockDiag of (k+1)*Dv and (k+1)*Dh, second derivatives of an 11x22 array";
    }

    @Override
    protected void run(Communicator comm, Report out) {
        long[] dims = {NV, NH};
        int n = NV * NH;
        int[] mine = myBlocks(groups, comm);
        List<LocalOperator> ops = new ArrayList<>();
        for (int k = mine[0]; k < mine[1]; k++) {
            ops.add(LocalOperators.scale(new SecondDerivative(dims, 0), k + 1));
            ops.add(LocalOperators.scale(new SecondDerivative(dims, 1), k + 1));
        }
        out.line("   Dv = SecondDerivative(dims = (11, 22), axis = 0), Dh = the same along axis 1; group k holds "
                + "(k + 1) * Dv and (k + 1) * Dh; %d groups", groups);
        out.perRank("   groups per rank: %s", blocksPerRank(groups, comm));

        out.section("vertical stacking: MPIVStack, y = [Dv x; Dh x; ...; G Dv x; G Dh x]");
        MPIVStack vstack = new MPIVStack(ops, comm);
        double[] spike = new double[n];
        spike[(NV / 2) * NH + NH / 2] = 1.0;
        DistributedArray xb = DistributedArray.toDist(NdArray.ofFloat64(spike), comm, Partition.BROADCAST, 0);
        DistributedArray yv = vstack.matvec(xb);
        double[] v = yv.asArray().doubles();
        out.line("   %s; x = spike at (%d, %d), BROADCAST -> y: %s, reshaped (%d, %d); norm(2) = %s", vstack, NV / 2,
                NH / 2, yv.partition(), 2 * groups * NV, NH, Report.num(yv.norm(), 12));
        blocks(out, v, NV / 2);
        DerivativeExample.dottest(out, vstack, xb);
        out.figure("stacking-vstack.png", "x and y = VStack x", () -> Figures.heatmaps("Vertical stacking", 2,
                Heat.of("x", Figures.rows(spike, NV), Scale.DIVERGING),
                Heat.of("y (" + 2 * groups + " blocks along axis 0)", Figures.rows(v, 2 * groups * NV), Scale.DIVERGING)));

        out.section("horizontal stacking: MPIHStack, y = Dv x1 + Dh x2 + ... + G Dv x(2G-1) + G Dh x(2G)");
        double[] pair = new double[2 * n];
        pair[(NV / 2) * NH + NH / 2] = 1.0;
        pair[(NV / 2 + NV) * NH + NH / 2] = 1.0;
        double[] xs = new double[2 * groups * n];
        for (int k = 0; k < groups; k++) {
            System.arraycopy(pair, 0, xs, 2 * k * n, 2 * n);
        }
        DistributedArray xd = DistributedArray.toDist(NdArray.ofFloat64(xs), comm);
        MPIHStack hstack = new MPIHStack(ops, comm);
        DistributedArray yh = hstack.matvec(xd);
        double[] h = yh.asArray().doubles();
        out.line("   %s; x = a spike in the middle of every block, SCATTER -> y: %s, reshaped (%d, %d); norm(2) = %s",
                hstack, yh.partition(), NV, NH, Report.num(yh.norm(), 12));
        out.line("   y around the spike (rows %d..%d, columns %d..%d), %d * (Dv + Dh) of one spike:", NV / 2 - 1,
                NV / 2 + 1, NH / 2 - 1, NH / 2 + 1, groups * (groups + 1) / 2);
        for (int i = NV / 2 - 1; i <= NV / 2 + 1; i++) {
            out.line("     row %2d: %s", i, Report.vector(Arrays.copyOfRange(h, i * NH + NH / 2 - 1,
                    i * NH + NH / 2 + 2), 2, 13, 7));
        }
        DerivativeExample.dottest(out, hstack, xd);
        out.figure("stacking-hstack.png", "x (one block pair) and y = HStack x", () -> Figures.heatmaps(
                "Horizontal stacking", 2,
                Heat.of("x (each of the " + groups + " block pairs)", Figures.rows(pair, 2 * NV), Scale.DIVERGING),
                Heat.of("y (the blocks' outputs summed)", Figures.rows(h, NV), Scale.DIVERGING)));

        out.section("block diagonal: MPIBlockDiag, y = [Dv x1; Dh x2; ...; G Dv x(2G-1); G Dh x(2G)]");
        MPIBlockDiag bdiag = new MPIBlockDiag(ops, comm);
        DistributedArray yb = bdiag.matvec(xd);
        double[] b = yb.asArray().doubles();
        out.line("   %s; the same x -> y: %s, reshaped (%d, %d); norm(2) = %s", bdiag, yb.partition(), 2 * groups * NV,
                NH, Report.num(yb.norm(), 12));
        blocks(out, b, NV / 2);
        DerivativeExample.dottest(out, bdiag, xd);
        out.figure("stacking-blockdiag.png", "x (one block pair) and y = BlockDiag x", () -> Figures.heatmaps(
                "Block diagonal", 2,
                Heat.of("x (each of the " + groups + " block pairs)", Figures.rows(pair, 2 * NV), Scale.DIVERGING),
                Heat.of("y (" + 2 * groups + " blocks along axis 0)", Figures.rows(b, 2 * groups * NV), Scale.DIVERGING)));
    }

    /** For each block of a stacked output: the values of its stencil around a spike at row {@code row}, column NH/2. */
    private void blocks(Report out, double[] y, int row) {
        for (int j = 0; j < 2 * groups; j++) {
            int k = j / 2;
            double[] s = new double[3];
            for (int t = 0; t < 3; t++) {
                int i = j % 2 == 0 ? row - 1 + t : row;
                int c = j % 2 == 0 ? NH / 2 : NH / 2 - 1 + t;
                s[t] = y[(j * NV + i) * NH + c];
            }
            String at = "y[" + (j % 2 == 0 ? (row - 1) + ".." + (row + 1) + ", " + NH / 2
                    : row + ", " + (NH / 2 - 1) + ".." + (NH / 2 + 1)) + "]";
            out.line("     block %d = %d * %s: %-12s = %s", j, k + 1, j % 2 == 0 ? "Dv" : "Dh", at, Report.vector(s, 2, 0, 6));
        }
    }
}
