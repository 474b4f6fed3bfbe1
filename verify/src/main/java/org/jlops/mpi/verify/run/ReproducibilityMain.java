package org.jlops.mpi.verify.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.solvers.CglsResult;
import org.jlops.mpi.solvers.PowerIterationResult;
import org.jlops.mpi.solvers.Solvers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bit-identity of results across rank counts, as a job ({@code scripts/reproducibility.sh}):
 * ill-conditioned problems whose iterations amplify the last bits of every reduction — 60 CGLS
 * iterations on a first derivative, 60 on a 2-d Laplacian, 30 power iterations on
 * {@code L^H L} — run on the ranks of this job; rank 0 prints and appends one CSV row per problem
 * with a 64-bit fingerprint of the solution's bits, the final residual norm and the eigenvalue.
 * Runs at several rank counts agree when every fingerprint is the same.
 *
 * <p>The problems are defined by global sizes only, and the data is a function of the global
 * positions, so each rank count solves the same problem with its own split (the default balanced
 * split of the vectors and the operators' row slabs).
 */
@Command(name = "reproducibility", mixinStandardHelpOptions = true,
        description = "Solves ill-conditioned problems and prints a fingerprint of the result's bits.")
public final class ReproducibilityMain implements Callable<Integer> {

    @Option(names = "--np", description = "in-JVM ranks when not started by mpirun (default ${DEFAULT-VALUE})")
    int np = 1;

    @Option(names = "--out", description = "CSV to append the rows to (default: none)")
    Path out;

    @Option(names = "--n", description = "grid side of the problems (default ${DEFAULT-VALUE})")
    int n = 512;

    /** Runs the job; exit status 0. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ReproducibilityMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        boolean mpi = Communicators.launchedByMpi() || Communicators.requestedBackend() != Backend.LOCAL;
        List<List<String>> rows = mpi ? List.of(run(Communicators.world())) : LocalCluster.call(np, this::run);
        List<String> mine = rows.get(0);
        if (!mine.isEmpty()) {
            for (String row : mine) {
                System.out.println(row);
            }
            if (out != null) {
                boolean fresh = !Files.exists(out);
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                    if (fresh) {
                        w.println("backend,np,problem,iterations,result,fingerprint");
                    }
                    mine.forEach(w::println);
                }
            }
        }
        return 0;
    }

    /** The problems on {@code comm}; rank 0 returns its CSV rows, the others none. Collective. */
    List<String> run(Communicator comm) {
        List<String> rows = new ArrayList<>();
        long[] line = {(long) n * n};
        long[] grid = {n, n};
        MPIFirstDerivative d = new MPIFirstDerivative(line, comm);
        DistributedArray truth = smooth(comm, (long) n * n);
        CglsResult<DistributedArray> a = Solvers.cgls(d, d.matvec(truth), null, 60, 0.0, 0.0);
        rows.add(row(comm, "CGLS(MPIFirstDerivative) n=" + (long) n * n, a.iterations(), a.r1norm(), a.x()));
        MPILaplacian lap = new MPILaplacian(grid, comm);
        CglsResult<DistributedArray> b = Solvers.cgls(lap, lap.matvec(smooth(comm, (long) n * n)), null, 60, 0.0, 0.0);
        rows.add(row(comm, "CGLS(MPILaplacian) " + n + "x" + n, b.iterations(), b.r1norm(), b.x()));
        PowerIterationResult<DistributedArray> e = Solvers.powerIteration(lap.adjoint().times(lap), 30, 0, 7);
        rows.add(row(comm, "powerIteration(L^H L) " + n + "x" + n, e.iterations(), e.eigenvalue().re(), e.vector()));
        return comm.rank() == 0 ? rows : List.of();
    }

    /** A smooth model that is a function of the global positions only. Collective (one scatter). */
    private static DistributedArray smooth(Communicator comm, long length) {
        NdArray g = NdArray.zeros(DType.FLOAT64, length);
        for (long k = 0; k < length; k++) {
            g.set(k, Math.sin(0.001 * k) + 0.3 * Math.cos(0.017 * k));
        }
        return DistributedArray.toDist(g, comm);
    }

    /** One CSV row: the result's bits and a fingerprint of the vector's bits (gathered). Collective. */
    private static String row(Communicator comm, String problem, int iterations, double result, DistributedArray x) {
        NdArray all = x.asArray();
        long h = 0x9E3779B97F4A7C15L;
        for (long k = 0; k < all.size(); k++) {
            h = mix(h ^ Double.doubleToRawLongBits(all.re(k)));
        }
        Complex norm = x.dot(x, true);
        return String.format(Locale.ROOT, "%s,%d,%s,%d,%s,%016x", comm.backend(), comm.size(), problem, iterations,
                Double.toHexString(result), h ^ Double.doubleToRawLongBits(norm.re()));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
