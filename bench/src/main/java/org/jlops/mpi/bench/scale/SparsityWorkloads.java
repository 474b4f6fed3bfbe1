package org.jlops.mpi.bench.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.Convolve1D;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.serial.Wavelets;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIL2;
import org.jlops.mpi.proximal.MPIProxOperator;
import org.jlops.mpi.proximal.ProximalGradient;
import org.jlops.mpi.solvers.FISTA;
import org.jlops.mpi.solvers.ISTA;
import org.jlops.mpi.solvers.Solvers;

/**
 * Sparsity-promoting inversions (issue 16), {@value #NITER} iterations per timed call, each beside
 * its floor — the same number of the operator's own forward and adjoint products
 * ({@code <name>_products}, op {@code 10x(matvec+rmatvec)}; {@link Workload.Floor#PRODUCTS}):
 *
 * <ul>
 *   <li>{@code fista_dense}: FISTA on an {@link MPIBlockDiag} of 4 dense 1000 x 1000 float64 blocks
 *       <em>per rank</em> (BLAS dgemv; 16 x 16 in quick mode), data from a sparse model;</li>
 *   <li>{@code fista_reflectivity}: FISTA on the reflectivity problem of PyLops-MPI's tutorial: a
 *       {@code (ny, nx, nz) = (32, 256, 512)} cube (2^22 unknowns; {@code (4, 16, 64)} quick) split
 *       along y, data {@code d = C D m} from a layered log-impedance {@code m} (D: first derivative
 *       along z, C: convolution with a 41-tap Ricker wavelet along z), FISTA on
 *       {@code MPIBlockDiag([Convolve1D])} for the reflectivity {@code r = D m};</li>
 *   <li>{@code proximal_gradient}: the same reflectivity problem by {@link ProximalGradient} with
 *       {@code MPIL2(C, d)} and {@code L1(0.01)}, tau 0.99/λmax, FISTA acceleration.</li>
 * </ul>
 *
 * <p>FISTA is timed with {@link FISTA#step()} on a solver set up once (the step size estimated
 * then, untimed); ProximalGradient solves {@value #NITER} iterations per call. Bytes count the
 * operator's data (the matrices; the cube twice per product) and 29 vector passes of the model
 * per FISTA iteration (7 for the products' floor rows); flops 2 per matrix entry or filter tap
 * and product.
 */
public final class SparsityWorkloads {

    /** Iterations per timed call. */
    static final int NITER = 10;
    /** Dense blocks per rank. */
    static final int BLOCKS_PER_RANK = 4;
    /** The dense block side. */
    static final int SIDE = 1000;

    private SparsityWorkloads() {
    }

    // ------------------------------------------------------------------------------ problems

    /** A prepared inversion: operator, data, start, shape text, product bytes and flops. */
    record Problem(MPILinearOperator op, DistributedArray y, DistributedArray x0, String shape, double productBytes,
            double productFlops, long n) {
    }

    /** 4 dense blocks per rank; data from a model with one entry in ten non-zero. */
    static Problem dense(Communicator comm, Workload.Scale scale) {
        int side = (int) scale.fixed(SIDE, 16);
        List<LocalOperator> mine = new ArrayList<>();
        for (int b = 0; b < BLOCKS_PER_RANK; b++) {
            long seed = 5000 + (long) comm.rank() * BLOCKS_PER_RANK + b;
            mine.add(new MatrixMult(NdArray.ofFloat64(Fill.matrix(side, side, seed), side, side)));
        }
        MPIBlockDiag op = new MPIBlockDiag(mine, comm);
        DistributedArray x = op.rmatvec(op.matvec(DistributedArray.builder(comm, op.cols()).build()));
        Fill.uniform(x, 11);
        var local = x.localArray();
        for (long k = 0; k < x.localSize(); k++) {
            if (k % 10 != 0) {
                local.set(k, 0.0);
            }
        }
        long blocks = (long) BLOCKS_PER_RANK * comm.size();
        double entries = (double) blocks * side * side;
        return new Problem(op, op.matvec(x), x.zerosLike(), blocks + "x" + side + "x" + side,
                16 * entries + 16.0 * 2 * op.cols(), 4 * entries, op.cols());
    }

    /** The tutorial's reflectivity problem on a (ny, nx, nz) cube split along y. */
    static Problem reflectivity(Communicator comm, Workload.Scale scale) {
        long ny = scale.extent(32, 4);
        long nx = scale.fixed(256, 16);
        long nz = scale.fixed(512, 64);
        int p = comm.size();
        long lo = ny * comm.rank() / p;
        long nyLocal = ny * (comm.rank() + 1) / p - lo;
        long[] dims = {nyLocal, nx, nz};
        double[] wav = Wavelets.ricker(20, 0.004, 15);
        MPIBlockDiag c = new MPIBlockDiag(List.of(new Convolve1D(dims, wav, 20, -1, DType.FLOAT64)), comm);
        MPIBlockDiag d = new MPIBlockDiag(List.of(new FirstDerivative(dims, -1)), comm);
        long n = ny * nx * nz;
        DistributedArray m = DistributedArray.builder(comm, n).localSizes(counts(ny, nx * nz, p)).build();
        var local = m.localArray();
        for (long y = 0; y < nyLocal; y++) {
            for (long xx = 0; xx < nx; xx++) {
                for (long z = 0; z < nz; z++) {
                    // layers dipping along x and y: a blocky log-impedance
                    double depth = z + 0.15 * xx + 0.3 * (lo + y);
                    local.set((y * nx + xx) * nz + z, 8.0 + 0.2 * Math.floor(depth / (nz / 8.0)) + 0.05 * ((long) (depth / 13) % 3));
                }
            }
        }
        DistributedArray r = d.matvec(m);                                           // reflectivity r = D m
        DistributedArray data = c.matvec(r);                                       // d = C r
        double cube = 8.0 * n;
        return new Problem(c, data, r.zerosLike(), ny + "x" + nx + "x" + nz, 2 * 2 * cube, 2.0 * 2 * wav.length * n, n);
    }

    private static long[] counts(long rows, long perRow, int p) {
        long[] c = new long[p];
        for (int r = 0; r < p; r++) {
            c[r] = (rows * (r + 1) / p - rows * r / p) * perRow;
        }
        return c;
    }

    // ------------------------------------------------------------------------------ timed calls

    /** {@value #NITER} FISTA steps on a solver set up once. */
    static Workload.Instance fista(Problem p, String what) {
        FISTA<DistributedArray> f = new FISTA<>(p.op()).options(ISTA.options().eps(0.1).tol(0));
        f.setup(p.y(), p.x0(), Integer.MAX_VALUE);
        double vectors = 29 * 8.0 * p.n();
        return new Workload.Instance(p.shape(), NITER * (p.productBytes() + vectors), NITER * p.productFlops(),
                what + "; " + NITER + " FISTA steps, eps 0.1, alpha 1/lambda_max estimated at setup (untimed); bytes: "
                        + "the operator's data twice + 29 vector passes per iteration",
                () -> {
                    for (int k = 0; k < NITER; k++) {
                        f.step();
                    }
                });
    }

    /** {@value #NITER} forward and adjoint products, into held arrays (the floor of the solvers). */
    static Workload.Instance products(Problem p, String what) {
        return products(p, what, false);
    }

    /**
     * {@value #NITER} forward and adjoint products into held arrays; with {@code synced} each pair
     * is followed by one allreduce of a double: the floor of a solver that agrees once per iteration
     * (the ranks then wait for the slowest every iteration, as a solver's step does, instead of
     * only at the end).
     */
    static Workload.Instance products(Problem p, String what, boolean synced) {
        DistributedArray x = p.op().rmatvec(p.y());
        DistributedArray y = p.op().matvec(x);
        DistributedArray back = x.zerosLike();
        Communicator comm = p.op().communicator();
        return new Workload.Instance(p.shape(), NITER * (p.productBytes() + 7 * 8.0 * p.n()), NITER * p.productFlops(),
                what + "; " + NITER + " x (matvec + rmatvec" + (synced ? " + an allreduce of one double" : "")
                        + ") of the same x, outputs into held arrays",
                () -> {
                    for (int k = 0; k < NITER; k++) {
                        p.op().matvec(x, y);                                     // the values stay those of a solver
                        p.op().rmatvec(y, back);
                        if (synced) {
                            comm.allreduce((double) k, ReduceOp.SUM);
                        }
                    }
                });
    }

    /** {@value #NITER} ProximalGradient iterations (MPIL2 + L1, FISTA acceleration) per call. */
    static Workload.Instance proximalGradient(Problem p, String what) {
        double lmax = Solvers.powerIteration(p.op().adjoint().times(p.op()), p.x0(), 30, 1e-6, 0).eigenvalue().abs();
        MPIL2 l2 = MPIL2.builder().op(p.op()).b(p.y()).x0(p.x0()).build();
        MPIProxOperator l1 = new MPIProxOperator(new L1(1e-2));
        ProximalGradient pg = ProximalGradient.options().tau(0.99 / lmax).niter(NITER)
                .acceleration(ProximalGradient.Acceleration.FISTA);
        double vectors = 14 * 8.0 * p.n();
        return new Workload.Instance(p.shape(), NITER * (p.productBytes() + vectors), NITER * p.productFlops(),
                what + "; " + NITER + " ProximalGradient iterations (MPIL2 + L1 0.01, tau 0.99/lambda_max, fista)",
                () -> pg.solve(l2, l1, p.x0()));
    }

    // ------------------------------------------------------------------------------ workloads

    /**
     * One workload of this file: its columns and how it prepares an instance.
     *
     * @param name    the {@code workload} column
     * @param op      the {@code op} column
     * @param floor   the floor it is compared with
     * @param prepare builds the instance on the ranks (collective)
     */
    record Solver(String name, String op, Workload.Floor floor,
            BiFunction<Communicator, Scale, Workload.Instance> prepare)
            implements Workload {
        @Override
        public Workload.Instance prepare(Communicator comm, Scale scale) {
            return prepare.apply(comm, scale);
        }
    }

    private static final String FISTA_OP = "fista-" + NITER + "-iterations";
    private static final String PRODUCTS_OP = NITER + "x(matvec+rmatvec)";
    private static final String DENSE = "MPIBlockDiag of 4 dense blocks per rank";
    private static final String REFLECTIVITY = "MPIBlockDiag([Convolve1D 41 taps along z])";

    /** FISTA on 4 dense blocks per rank. */
    public static final Workload FISTA_DENSE = new Solver("fista_dense", FISTA_OP, Workload.Floor.PRODUCTS,
            (comm, scale) -> fista(dense(comm, scale), DENSE));
    /** The products of {@link #FISTA_DENSE}'s operator. */
    public static final Workload FISTA_DENSE_PRODUCTS = new Solver("fista_dense_products", PRODUCTS_OP, Workload.Floor.NONE,
            (comm, scale) -> products(dense(comm, scale), DENSE));
    /** The products of {@link #FISTA_DENSE}'s operator with one allreduce per pair (the floor of a synchronised iteration). */
    public static final Workload FISTA_DENSE_PRODUCTS_SYNCED = new Solver("fista_dense_products_synced",
            NITER + "x(matvec+rmatvec+allreduce)", Workload.Floor.NONE, (comm, scale) -> products(dense(comm, scale),
                    DENSE, true));
    /** FISTA on the reflectivity problem. */
    public static final Workload FISTA_REFLECTIVITY = new Solver("fista_reflectivity", FISTA_OP, Workload.Floor.PRODUCTS,
            (comm, scale) -> fista(reflectivity(comm, scale), REFLECTIVITY + ", data C D m"));
    /** The products of {@link #FISTA_REFLECTIVITY}'s operator. */
    public static final Workload FISTA_REFLECTIVITY_PRODUCTS = new Solver("fista_reflectivity_products",
            PRODUCTS_OP, Workload.Floor.NONE, (comm, scale) -> products(reflectivity(comm, scale), REFLECTIVITY));
    /** ProximalGradient on the reflectivity problem. */
    public static final Workload PROXIMAL_GRADIENT = new Solver("proximal_gradient", "pg-" + NITER + "-iterations",
            Workload.Floor.PRODUCTS, (comm, scale) -> proximalGradient(reflectivity(comm, scale), "reflectivity problem"));
    /** The products of {@link #PROXIMAL_GRADIENT}'s operator. */
    public static final Workload PROXIMAL_GRADIENT_PRODUCTS = new Solver("proximal_gradient_products", PRODUCTS_OP,
            Workload.Floor.NONE, (comm, scale) -> products(reflectivity(comm, scale), REFLECTIVITY));
}
