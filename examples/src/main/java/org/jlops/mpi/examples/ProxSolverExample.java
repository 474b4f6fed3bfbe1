package org.jlops.mpi.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.Identity;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.jlops.mpi.proximal.ADMML2;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIL2;
import org.jlops.mpi.proximal.MPIProxOperator;
import org.jlops.mpi.proximal.ProximalGradient;
import org.jlops.mpi.proximal.ProximalResult;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSparsity;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_proxsolver} example: the proximal solvers on distributed arrays.
 *
 * <ol>
 *   <li><b>ProximalGradient</b>: a 16-sample sparse model (1 at 4, -0.5 at 8) on every rank
 *       (BROADCAST), an {@link MPIVStack} of four random 4 x 16 blocks dealt out to the ranks,
 *       {@code MPIL2(A, b)} and {@code L1(0.1)}, tau 0.01, 400 iterations; compared with the serial
 *       recomputation (EJML).</li>
 *   <li><b>ADMML2</b> total-variation denoising: a 40 x 40 image with a square of 2 in the middle plus
 *       seeded noise (sigma 0.5; PyLops-MPI's example denoises the clean image), scattered along
 *       axis 0, the identity as data operator, the forward-difference {@link MPIGradient} as
 *       constraint, {@code L1(2)}, tau 0.99/8, 5 outer iterations of 5 CGLS iterations (the
 *       example's numbers) and, to show the converged result, 100 outer iterations.</li>
 * </ol>
 *
 * <p>Every number printed is the same at every rank count. Figures: {@code proxsolver-pg.png}
 * (true, distributed and serial models) and {@code proxsolver-admm.png} (true, noisy, ADMM).
 */
@Command(name = "proxsolver", mixinStandardHelpOptions = true,
        description = "Proximal solvers on distributed arrays (PyLops-MPI's plot_proxsolver)")
public final class ProxSolverExample extends Example {

    /**
     * Runs the example.
     *
     * @param args the options ({@code --np}, {@code --out}, {@code --no-figures})
     */
    public static void main(String[] args) {
        Example.main(new ProxSolverExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_proxsolver.py";
    }

    @Override
    public String summary() {
        return "ProximalGradient on a stacked dense problem and ADMML2 total-variation denoising";
    }

    @Override
    protected void run(Communicator comm, Report report) {
        // ------------------------------------------------------------------ ProximalGradient
        int n = 16;
        NdArray truth = NdArray.zeros(DType.FLOAT64, n);
        truth.set(n / 4, 1.0);
        truth.set(n / 2, -0.5);
        int blocks = 4;
        int rows = n / blocks;
        SplittableRandom rnd = new SplittableRandom(42);
        List<NdArray> mats = new ArrayList<>();
        List<DenseOperator> refs = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            NdArray a = NdArray.zeros(DType.FLOAT64, rows, n);
            for (int k = 0; k < rows * n; k++) {
                a.set(k, gaussian(rnd));
            }
            mats.add(a);
            double[] d = new double[rows * n];
            for (int k = 0; k < d.length; k++) {
                d[k] = a.re(k);
            }
            refs.add(ReferenceOperators.matrixMult(new org.ejml.data.DMatrixRMaj(rows, n, true, d)));
        }
        List<LocalOperator> mine = new ArrayList<>();
        for (int b = blocks * comm.rank() / comm.size(); b < blocks * (comm.rank() + 1) / comm.size(); b++) {
            mine.add(new MatrixMult(mats.get(b), null, DType.FLOAT64));
        }
        MPIVStack op = new MPIVStack(mine, comm);
        DistributedArray x = DistributedArray.toDist(truth, comm, Partition.BROADCAST, 0);
        DistributedArray b = op.matvec(x);
        DistributedArray x0 = x.zerosLike();
        MPIL2 l2 = MPIL2.builder().op(op).b(b).x0(x0).build();
        MPIProxOperator l1 = new MPIProxOperator(new L1(0.1));
        ProximalResult<DistributedArray> pg = ProximalGradient.options().tau(1e-2).niter(400).solve(l2, l1, x0);
        NdArray xpg = pg.x().asArray();
        double[] serial = ReferenceSparsity.proximalGradient(ReferenceOperators.vstack(refs), plain(b.asArray()), 1.0,
                0.1, new double[n], 1e-2, ones(400), 1.0, ReferenceSparsity.Acceleration.NONE);
        report.line("ProximalGradient (MPIVStack of %d blocks 4x16, L1 0.1, tau 0.01, 400 iterations)", blocks);
        report.line("   ||x_pg - x_true|| / ||x_true|| = %.4e", rel(xpg, plain(truth)));
        report.line("   distributed vs serial (EJML): relative difference %.1e",
                rel(xpg, serial));
        report.line("   x_pg[4] = %.6f, x_pg[8] = %.6f", xpg.re(4), xpg.re(8));

        // ------------------------------------------------------------------ ADMM TV denoising
        int ny = 40;
        int nx = 40;
        NdArray image = NdArray.zeros(DType.FLOAT64, (long) ny * nx);
        NdArray noisy = NdArray.zeros(DType.FLOAT64, (long) ny * nx);
        SplittableRandom noise = new SplittableRandom(7);
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                boolean in = i >= ny / 2 - 5 && i < ny / 2 + 5 && j >= nx / 2 - 5 && j < nx / 2 + 5;
                image.set((long) i * nx + j, in ? 2 : 0);
                noisy.set((long) i * nx + j, (in ? 2 : 0) + 0.5 * gaussian(noise));
            }
        }
        long[] dims = {ny, nx};
        DistributedArray y = DistributedArray.toDist(noisy.reshape(ny, nx), comm).ravel();
        MPIBlockDiag id = new MPIBlockDiag(List.of(new Identity(y.localSize(), y.localSize(), DType.FLOAT64)), comm);
        MPIGradient grad = new MPIGradient(dims, new double[] {1, 1}, false, DerivativeKind.FORWARD, comm,
                DType.FLOAT64);
        DistributedArray start = y.zerosLike();
        ADMML2 admm = ADMML2.options().tau(0.99 / 8).niter(5).innerNiter(5);
        DistributedArray short5 = (DistributedArray) admm.solve(new MPIProxOperator(new L1(2.0)), id, y, grad, start,
                null).x();
        DistributedArray long100 = (DistributedArray) admm.niter(100).solve(new MPIProxOperator(new L1(2.0)), id, y,
                grad, start, null).x();
        NdArray a5 = short5.asArray();
        NdArray a100 = long100.asArray();
        report.line("ADMM TV denoising of a 40x40 square (noise 0.5, L1 2 of the gradient, tau "
                + "0.99/8):");
        report.line("   ||noisy - true|| / ||true|| = %.4f", rel(noisy, plain(image)));
        report.line("   5 x 5 iterations:   ||x - true|| / ||true|| = %.4f",
                rel(a5, plain(image)));
        report.line("   100 x 5 iterations: ||x - true|| / ||true|| = %.4f",
                rel(a100, plain(image)));

        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = k;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("true", plain(truth));
        series.put("ProximalGradient (distributed)", plain(xpg));
        series.put("ProximalGradient (serial, EJML)", serial);
        report.figure("proxsolver-pg.png", "the true, distributed and serial ProximalGradient models",
                () -> SparsityFigures.linesImage("ProximalGradient", "sample", "x", t, series, false));
        report.figure("proxsolver-admm.png", "the true, noisy and ADMM-denoised images",
                () -> SparsityFigures.sectionsImage("ADMML2 total-variation denoising", 4, List.of(
                        new SparsityFigures.Panel("true", grid(image, ny, nx), -0.5, 2.5, SparsityFigures.Scale.GREY),
                        new SparsityFigures.Panel("noisy", grid(noisy, ny, nx), -0.5, 2.5, SparsityFigures.Scale.GREY),
                        new SparsityFigures.Panel("ADMM 5 x 5", grid(a5, ny, nx), -0.5, 2.5, SparsityFigures.Scale.GREY),
                        new SparsityFigures.Panel("ADMM 100 x 5", grid(a100, ny, nx), -0.5, 2.5,
                                SparsityFigures.Scale.GREY))));
    }

    /** A standard normal number (Box–Muller on the generator's doubles: the same on every JVM). */
    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static double[] plain(NdArray a) {
        double[] d = new double[(int) a.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = a.re(k);
        }
        return d;
    }

    static double[] ones(int n) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, 1.0);
        return d;
    }

    /** ‖a − b‖ / ‖b‖. */
    static double rel(NdArray a, double[] b) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < b.length; k++) {
            num += (a.re(k) - b[k]) * (a.re(k) - b[k]);
            den += b[k] * b[k];
        }
        return Math.sqrt(num / den);
    }

    static double[][] grid(NdArray a, int rows, int cols) {
        double[][] g = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                g[i][j] = a.re((long) i * cols + j);
            }
        }
        return g;
    }
}
