package org.jlops.mpi.examples;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.examples.Figures.Heat;
import org.jlops.mpi.examples.Figures.Scale;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.LocalOperators;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.stack.MPIVStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PyLops-MPI's {@code plot_mpilinop}: a serial operator (the first derivative along axis 0 of an
 * 11×22 array) wrapped with {@link MPILinearOperator#asMpiLinearOperator} acts on a BROADCAST
 * vector on every rank; then it is chained with a distributed vertical stack of second
 * derivatives, {@code (k + 1) · D2} for block k, applied forward to a spike (BROADCAST in,
 * SCATTER out) and adjoint to the spike repeated in every block (SCATTER in, BROADCAST out).
 *
 * <p>PyLops-MPI puts one block on each rank, so its operator grows with the rank count; here the
 * number of blocks is {@code --blocks} (default 4, PyLops-MPI's operator at 4 ranks), spread over
 * the ranks, so the operator and every printed value are the same at every rank count.
 */
@Command(name = "mpilinop", mixinStandardHelpOptions = true,
        description = "asMpiLinearOperator of a serial derivative, chained with a distributed VStack.")
public final class MpiLinopExample extends Example {

    /** Rows of the model (the derivatives' axis). */
    static final int NY = 11;
    /** Columns of the model. */
    static final int NX = 22;

    @Option(names = "--blocks", description = "blocks of the vertical stack, spread over the ranks (default ${DEFAULT-VALUE})")
    int blocks = 4;

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new MpiLinopExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_mpilinop.py";
    }

    @Override
    public String summary() {
        return "a serial derivative as an MPILinearOperator on BROADCAST vectors, chained with an MPIVStack";
    }

    /** The model: a unit spike at {@code (NY / 2, NX / 2)}, flattened. */
    static double[] spike() {
        double[] x = new double[NY * NX];
        x[(NY / 2) * NX + NX / 2] = 1.0;
        return x;
    }

    @Override
    protected void run(Communicator comm, Report out) {
        long[] dims = {NY, NX};
        int n = NY * NX;
        out.section("Mop = asMpiLinearOperator(FirstDerivative(dims = (11, 22), axis = 0))");
        MPILinearOperator mop = MPILinearOperator.asMpiLinearOperator(new FirstDerivative(dims, 0), comm);
        out.line("   %s", mop);
        DistributedArray ones = DistributedArray.builder(comm, n).partition(Partition.BROADCAST).build();
        ones.fill(1.0);
        DistributedArray y0 = mop.matvec(ones);
        out.line("   x = ones, BROADCAST; y = Mop x: global shape %s, partition %s, norm(2) = %s (the centered derivative of a constant)",
                Report.shape(y0.globalShape()), y0.partition(), Report.num(y0.norm(), 12));

        out.section("FullOp = MPIVStack([(k + 1) * SecondDerivative(dims, axis = 0) for each block k]) @ Mop, "
                + blocks + " blocks");
        int[] mine = myBlocks(blocks, comm);
        List<LocalOperator> ops = new ArrayList<>();
        for (int k = mine[0]; k < mine[1]; k++) {
            ops.add(LocalOperators.scale(new SecondDerivative(dims, 0), k + 1));
        }
        MPIVStack vstack = new MPIVStack(ops, comm);
        MPILinearOperator full = vstack.times(mop);
        out.perRank("   blocks per rank: %s", blocksPerRank(blocks, comm));
        out.line("   FullOp = %s", full);

        double[] x = spike();
        DistributedArray xb = DistributedArray.toDist(NdArray.ofFloat64(x), comm, Partition.BROADCAST, 0);
        DistributedArray y = full.matvec(xb);
        double[] yv = y.asArray().doubles();
        out.line("   forward: x = spike at (%d, %d), BROADCAST -> y: global shape %s, %s, reshaped (%d, %d); norm(2) = %s",
                NY / 2, NX / 2, Report.shape(y.globalShape()), y.partition(), blocks * NY, NX, Report.num(y.norm(), 12));
        for (int k = 0; k < blocks; k++) {
            double[] col = new double[NY];
            for (int i = 0; i < NY; i++) {
                col[i] = yv[(k * NY + i) * NX + NX / 2];
            }
            out.line("     block %d, column %d: %s", k, NX / 2, Report.vector(col, 2, 26, 6));
        }
        DerivativeExample.dottest(out, full, xb);
        out.figure("mpilinop-forward.png", "x and y = FullOp x", () -> Figures.heatmaps("Forward", 2,
                Heat.of("x", Figures.rows(x, NY), Scale.DIVERGING),
                Heat.of("y (" + blocks + " blocks stacked along axis 0)", Figures.rows(yv, blocks * NY), Scale.DIVERGING)));

        double[] xs = new double[blocks * n];
        for (int k = 0; k < blocks; k++) {
            System.arraycopy(x, 0, xs, k * n, n);
        }
        DistributedArray xsd = DistributedArray.toDist(NdArray.ofFloat64(xs), comm);
        DistributedArray xadj = full.adjoint().matvec(xsd);
        double[] av = xadj.asArray().doubles();
        double[] col = new double[NY];
        for (int i = 0; i < NY; i++) {
            col[i] = av[i * NX + NX / 2];
        }
        out.line("   adjoint: x = the spike in every block, SCATTER -> FullOp^H x: global shape %s, %s, reshaped (%d, %d); norm(2) = %s",
                Report.shape(xadj.globalShape()), xadj.partition(), NY, NX, Report.num(xadj.norm(), 12));
        out.line("     column %d: %s", NX / 2, Report.vector(col, 2, 16, 6));
        out.figure("mpilinop-adjoint.png", "x (one block) and FullOp^H x", () -> Figures.heatmaps("Adjoint", 2,
                Heat.of("x (each of the " + blocks + " blocks)", Figures.rows(x, NY), Scale.DIVERGING),
                Heat.of("y = FullOp^H x", Figures.rows(av, NY), Scale.DIVERGING)));
    }
}
