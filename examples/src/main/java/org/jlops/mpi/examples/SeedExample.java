package org.jlops.mpi.examples;

import java.util.Locale;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.solvers.CglsResult;
import org.jlops.mpi.solvers.Solvers;

/**
 * The seed example of the README, PyLops-MPI's first demo: a 2-D array of {@value #NX}×{@value #NY}
 * with a unit spike in the middle, scattered over the ranks along axis 0;
 * {@code y = D x} with the distributed first derivative along axis 0, {@code x_adj = D^H y}, and
 * {@code x_inv = CGLS(D, y, x0 = 0, 10 iterations)}.
 *
 * <p>Unlike the PyLops-MPI README version (which builds {@code x0} with the default split and
 * fails for np &gt; 1 because the adjoint returns row slabs), the starting point is built in the
 * operator's model layout, so the example runs at every rank count and prints the same numbers
 * (to the digits printed) at every np: the derivative is bit-identical for any split, and only the
 * order of the distributed sums in the solver's dots changes with np.
 */
public final class SeedExample {

    /** Rows of the model (the distributed axis). */
    public static final int NX = 11;
    /** Columns of the model. */
    public static final int NY = 21;
    /** CGLS iterations. */
    public static final int NITER = 10;

    private SeedExample() {
    }

    /**
     * What the example prints.
     *
     * @param normY      ‖y‖
     * @param normXadj   ‖x_adj‖
     * @param normXinv   ‖x_inv‖
     * @param iterations the CGLS iterations done
     * @param middleRow  x_inv along the middle row (row {@code NX / 2}, {@value #NY} values), gathered
     */
    public record Result(double normY, double normXadj, double normXinv, int iterations, double[] middleRow) {

        /** The printed lines (the same on every np, to the digits shown). */
        public String format() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "   ||y|| = %.6f   ||x_adj|| = %.6f   ||x_inv|| = %.6f   (CGLS: %d iterations of at most %d, tol 1e-4)%n",
                    normY, normXadj, normXinv, iterations, NITER));
            s.append("   x_inv[").append(NX / 2).append(", :] =");
            for (double v : middleRow) {
                s.append(String.format(Locale.ROOT, " %.4f", Math.abs(v) < 5e-5 ? 0.0 : v)); // no "-0.0000"
            }
            return s.append(System.lineSeparator()).toString();
        }
    }

    /**
     * Runs the example on the world communicator (MPI under mpirun, else one in-JVM rank); rank 0
     * prints the result. With {@code -Djlops.logView=true} under mpirun, rank 0 then prints the log
     * view of the run.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Communicator world = Communicators.world();
        Result r = run(world);
        if (world.rank() == 0) {
            System.out.print(r.format());
        }
    }

    /**
     * Runs the example on {@code comm}. Collective; every rank returns the same result.
     *
     * @param comm the ranks
     */
    public static Result run(Communicator comm) {
        long[] dims = {NX, NY};
        NdArray spike = NdArray.zeros(DType.FLOAT64, NX, NY);
        spike.set((long) (NX / 2) * NY + NY / 2, 1.0);
        // scattered over the ranks along axis 0, then flattened as the operator expects
        DistributedArray x = DistributedArray.toDist(spike, comm).ravel();
        MPIFirstDerivative d = new MPIFirstDerivative(dims, comm);
        DistributedArray y = d.matvec(x);
        DistributedArray xAdj = d.rmatvec(y);
        CglsResult<DistributedArray> inv = Solvers.cgls(d, y, NITER);
        NdArray all = inv.x().asArray();
        double[] row = new double[NY];
        for (int j = 0; j < NY; j++) {
            row[j] = all.re((long) (NX / 2) * NY + j);
        }
        return new Result(y.norm(), xAdj.norm(), inv.x().norm(), inv.iterations(), row);
    }
}
