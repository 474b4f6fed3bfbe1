package org.jlops.mpi.bench.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.bench.comm.OsuHarness;
import org.jlops.mpi.bench.report.BenchRow;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.solvers.CGLS;

/**
 * The operator benchmark of the operator issue, on any {@link Communicator}: the distributed
 * derivatives and Laplacian forward and adjoint on float64 arrays in the layout a solver feeds
 * them (row slabs, the product written into an array held from call to call with
 * {@link MPILinearOperator#matvec(DistributedArray, DistributedArray)}), plus the allocating
 * product {@link MPILinearOperator#matvec(DistributedArray)} for comparison (op
 * {@code forward-alloc}, {@code adjoint-alloc}).
 *
 * <p>Bytes per call count one read of the input and one write of the output (16 bytes per
 * float64 element), so {@code gbytes_per_s} compares directly with the STREAM copy floor and,
 * as the issue asks, with the triad floor of {@code bench/src/main/c/stream.c} run at the same np
 * in the same script run ({@code scripts/bench-operators.sh}).
 *
 * <p>Timing follows {@link OsuHarness}: untimed warm-up calls of the timed loop itself, then per
 * repetition a barrier, a timed loop, this rank's time per call and the maximum over ranks.
 */
public final class OperatorBench {

    /**
     * One measured product.
     *
     * @param workload    the {@code workload} column
     * @param op          the {@code op} column
     * @param globalShape the {@code global_shape} column
     * @param bytes       bytes one call moves (for {@code gbytes_per_s})
     * @param notes       text for the {@code notes} column
     * @param call        one call
     */
    public record Product(String workload, String op, String globalShape, double bytes, String notes, Runnable call) {
    }

    private final OsuHarness harness;
    private final int warmup;
    private final double warmSeconds;
    private final int iterations;

    /**
     * A benchmark with the given timing parameters.
     *
     * @param harness     the timing harness (its repetitions)
     * @param warmup      untimed calls before the first repetition
     * @param warmSeconds the least time those untimed calls take, the slowest rank deciding (more
     *                    calls are made until it has passed): a product of 4 ms is compiled by C2
     *                    after many more than a few calls, and at np 2 on two cores the compiler
     *                    threads take their time from the ranks
     * @param iterations  timed calls per repetition
     */
    public OperatorBench(OsuHarness harness, int warmup, double warmSeconds, int iterations) {
        this.harness = harness;
        this.warmup = warmup;
        this.warmSeconds = warmSeconds;
        this.iterations = iterations;
    }

    /**
     * The stencil products of the issue on {@code comm}: first derivative (centered, order 3 and
     * 5) and second derivative on {@code n×n}, Laplacian on {@code m×m}; forward and adjoint, into
     * a held output and allocating. Collective.
     *
     * @param n the side of the derivative arrays (4096 in the report)
     * @param m the side of the Laplacian array (2048 in the report)
     */
    public static List<Product> stencilProducts(Communicator comm, int n, int m) {
        List<Product> out = new ArrayList<>();
        long[] dims = {n, n};
        MPIFirstDerivative d3 = new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, false, 3, comm,
                DType.FLOAT64);
        out.addAll(products("first_derivative_o3", dims, d3, comm));
        out.add(cglsStep("cgls_first_derivative_o3", dims, d3, comm));
        out.addAll(products("first_derivative_o5", dims,
                new MPIFirstDerivative(dims, 1.0, DerivativeKind.CENTERED, false, 5, comm, DType.FLOAT64), comm));
        out.addAll(products("second_derivative", dims,
                new MPISecondDerivative(dims, 1.0, DerivativeKind.CENTERED, false, comm, DType.FLOAT64), comm));
        long[] lap = {m, m};
        out.addAll(products("laplacian", lap, new MPILaplacian(lap, comm), comm));
        return out;
    }

    /**
     * The dense products of the issue on {@code comm}: {@link MPIBlockDiag} of {@code blocks}
     * {@code n×n} float64 {@link MatrixMult} blocks per rank, forward and adjoint into held outputs;
     * the same blocks through bare BLAS dgemv calls on the same arrays ({@code impl=blas},
     * {@code workload=dgemv_blocks}); and one CGLS iteration on the block operator
     * ({@code cgls_blockdiag}). Bytes count the matrix and both vectors once per product (two
     * products per CGLS iteration). Collective.
     */
    public static List<Product> denseProducts(Communicator comm, int n, int blocks) {
        List<MatrixMult> ops = new ArrayList<>();
        List<double[]> mats = new ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7 + comm.rank());
        for (int b = 0; b < blocks; b++) {
            double[] a = new double[n * n];
            for (int k = 0; k < a.length; k++) {
                a[k] = rnd.nextDouble() - 0.5;
            }
            for (int i = 0; i < n; i++) {
                a[i * n + i] += 2 * Math.sqrt(n); // well conditioned for the CGLS rows
            }
            mats.add(a);
            ops.add(MatrixMult.ofFloat64(a, n, n));
        }
        MPIBlockDiag bd = new MPIBlockDiag(ops, comm);
        String shape = (long) comm.size() * blocks + "x" + n + "x" + n;
        double bytes = 8.0 * comm.size() * blocks * ((double) n * n + 2.0 * n);
        DistributedArray x = DistributedArray.builder(comm, bd.cols()).localShapes(shapes(bd.colCounts())).build();
        fillRandom(x, 3 + comm.rank());
        DistributedArray y = bd.matvec(x);
        DistributedArray xb = bd.rmatvec(y);
        List<Product> p = new ArrayList<>();
        String blockNotes = blocks + " blocks of " + n + "x" + n + " per rank; BLAS " + MatrixMult.blasImplementation();
        p.add(new Product("blockdiag", "forward", shape, bytes, blockNotes + "; into a held output",
                () -> bd.matvec(x, y)));
        p.add(new Product("blockdiag", "adjoint", shape, bytes, blockNotes + "; into a held output",
                () -> bd.rmatvec(y, xb)));
        dev.ludovic.netlib.blas.BLAS blas = dev.ludovic.netlib.blas.BLAS.getInstance();
        double[] xs = (double[]) x.localArray().data();
        double[] ys = (double[]) y.localArray().data();
        double[] xbs = (double[]) xb.localArray().data();
        p.add(new Product("dgemv_blocks", "forward", shape, bytes, blockNotes + "; bare dgemv per block", () -> {
            for (int b = 0; b < blocks; b++) { // row-major A is column-major A^T: y = A x is dgemv("T")
                blas.dgemv("T", n, n, 1.0, mats.get(b), 0, n, xs, b * n, 1, 0.0, ys, b * n, 1);
            }
        }));
        p.add(new Product("dgemv_blocks", "adjoint", shape, bytes, blockNotes + "; bare dgemv per block", () -> {
            for (int b = 0; b < blocks; b++) {
                blas.dgemv("N", n, n, 1.0, mats.get(b), 0, n, ys, b * n, 1, 0.0, xbs, b * n, 1);
            }
        }));
        CGLS<DistributedArray> cgls = new CGLS<>(bd).setup(y, null, Integer.MAX_VALUE / 2, 0.0, 0.0);
        p.add(new Product("cgls_blockdiag", "iteration", shape, 2 * bytes,
                blockNotes + "; one CGLS step (A and A^H products, 3 dots, 4 axpys)", cgls::step));
        return p;
    }

    private static long[][] shapes(long[] counts) {
        long[][] s = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            s[r] = new long[] {counts[r]};
        }
        return s;
    }

    /**
     * Forward and adjoint of {@code a}, into held outputs and allocating, on a random row-slab
     * input. Collective (builds the arrays).
     */
    public static List<Product> products(String workload, long[] dims, MPILinearOperator a, Communicator comm) {
        // the model layout the operator's adjoint returns (the layout a solver's iterates have)
        DistributedArray x = a.rmatvec(a.matvec(DistributedArray.builder(comm, a.cols()).build()));
        fillRandom(x, 1 + comm.rank());
        DistributedArray y = a.matvec(x);
        DistributedArray xb = a.rmatvec(y);
        String shape = shape(dims);
        double bytes = 16.0 * a.cols();
        List<Product> p = new ArrayList<>();
        p.add(new Product(workload, "forward", shape, bytes, "into a held output", () -> a.matvec(x, y)));
        p.add(new Product(workload, "adjoint", shape, bytes, "into a held output", () -> a.rmatvec(y, xb)));
        String fresh = "new output per call, " + allocationPath();
        p.add(new Product(workload, "forward-alloc", shape, bytes, fresh, () -> a.matvec(x)));
        p.add(new Product(workload, "adjoint-alloc", shape, bytes, fresh, () -> a.rmatvec(y)));
        // issue 14: the same product without the agreement on its operands (one allreduce), to price it
        p.add(new Product(workload, "forward-unagreed", shape, bytes, "into a held output, inside an agreed scope "
                + "(no operand agreement)", () -> CollectiveChecks.agreed(() -> a.matvec(x, y))));
        return p;
    }

    /**
     * The host engine's allocation of outputs that are overwritten in full, in a few words for a
     * row's notes: {@code "allocation uninitialised where HotSpot allows"} (the JVM exports
     * {@code jdk.internal.misc}) or {@code "allocation zero-filled"}
     * ({@link Engine#allocationImplementation()} without its reason). Local.
     *
     * @return the allocation path, for a row's notes
     */
    public static String allocationPath() {
        String s = Engine.host().allocationImplementation();
        int cut = s.indexOf(" (");
        return "allocation " + (cut < 0 ? s : s.substring(0, cut));
    }

    /**
     * One undamped CGLS step on {@code a} (its forward and adjoint products, the dots and axpys),
     * started from zero on the data of a random model; bytes count the two products as
     * {@link #products} does, so its time over the two products' is the solver's overhead.
     * Collective (sets the solver up).
     */
    static Product cglsStep(String workload, long[] dims, MPILinearOperator a, Communicator comm) {
        DistributedArray x = a.rmatvec(a.matvec(DistributedArray.builder(comm, a.cols()).build()));
        fillRandom(x, 7 + comm.rank());
        CGLS<DistributedArray> cgls = new CGLS<>(a).setup(a.matvec(x), null, Integer.MAX_VALUE / 2, 0.0, 0.0);
        return new Product(workload, "iteration", shape(dims), 2 * 16.0 * a.cols(), "one undamped CGLS step (forward "
                + "and adjoint products into held outputs, q.q, s -= a q with its norm, r.r, x += a c, c = r + b c)",
                cgls::step);
    }

    /** Measures every product; rows are the same on every rank. Collective. */
    public List<BenchRow> run(Communicator comm, List<Product> products, String notes) {
        List<BenchRow> rows = new ArrayList<>();
        if (warmSeconds > 0) {
            // every product once before the first row: at np 2 the first row measured the JIT of
            // the whole run (first derivative forward 0.30 of the triad, the same product 0.81 a
            // few rows later), the two JVMs' compiler threads sharing the two cores with the ranks
            for (Product p : products) {
                harness.warmFor(comm, warmSeconds, Math.max(1, warmup), p.call()::run);
            }
        }
        for (Product p : products) {
            harness.warmFor(comm, warmSeconds, Math.max(1, warmup), p.call()::run);
            OsuHarness.Timing t = harness.measure(comm, warmup, iterations, 1, p.call()::run);
            String n = p.notes() + (notes.isBlank() ? "" : "; " + notes);
            rows.add(new BenchRow(p.workload().equals("dgemv_blocks") ? "blas" : "jlops-mpi", comm.backend(), "host", p.workload(), p.op(), comm.size(), "float64",
                    p.globalShape(), t.reps(), t.medianSeconds(), t.minSeconds(), t.maxSeconds(),
                    p.bytes() / t.medianSeconds() / 1e9, n));
            if (comm.rank() == 0) {
                System.out.printf(Locale.ROOT, "[bench-operators] %-20s %-14s np=%d %-10s median %.3f ms, %.2f GB/s%n",
                        p.workload(), p.op(), comm.size(), p.globalShape(), t.medianSeconds() * 1e3,
                        p.bytes() / t.medianSeconds() / 1e9);
            }
        }
        return rows;
    }

    /** Fills this rank's block with uniform numbers in [-1, 1) (seeded). Local. */
    static void fillRandom(DistributedArray x, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        var local = x.localArray();
        for (long k = 0; k < x.localSize(); k++) {
            local.set(k, 2 * rnd.nextDouble() - 1);
        }
    }

    /** Dimensions joined by {@code x}. */
    static String shape(long[] dims) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < dims.length; k++) {
            s.append(k == 0 ? "" : "x").append(dims[k]);
        }
        return s.toString();
    }
}
