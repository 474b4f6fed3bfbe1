package example;

import java.util.Locale;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.ops.Dottest;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.solvers.CglsResult;
import org.jlops.mpi.solvers.Solvers;

/**
 * A user's program: a spike scattered over the ranks, its first derivative, the dot-test of the
 * operator and a CGLS inversion; rank 0 prints one line. Run it with
 * {@code mpirun -np 2 java -jar target/jlops-consumer-1.0.jar}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the program on the world communicator (MPI under mpirun, else one in-JVM rank).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Communicator world = Communicators.world();
        int nx = 11;
        int ny = 21;
        NdArray spike = NdArray.zeros(DType.FLOAT64, nx, ny);
        spike.set((long) (nx / 2) * ny + ny / 2, 1.0);
        DistributedArray x = DistributedArray.toDist(spike, world).ravel();
        MPIFirstDerivative d = new MPIFirstDerivative(new long[] {nx, ny}, world);
        DistributedArray y = d.matvec(x);
        Dottest.Result dot = Dottest.check(d, x, 42);
        CglsResult<DistributedArray> inv = Solvers.cgls(d, y, 10);
        double normY = y.norm();                    // collective: every rank calls it
        double normX = inv.x().norm();
        if (world.rank() == 0) {
            System.out.printf(Locale.ROOT, "consumer: np=%d backend=%s ||y||=%.6f ||x_inv||=%.6f dottest=%s%n",
                    world.size(), world.backend(), normY, normX, dot.passed() ? "passed" : "FAILED");
        }
    }
}
