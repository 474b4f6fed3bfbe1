package org.jlops.mpi.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.LocalOperators;
import org.jlops.mpi.ops.serial.PoststackLinearModelling;
import org.jlops.mpi.ops.serial.Smoothing1D;
import org.jlops.mpi.ops.serial.Transpose;
import org.jlops.mpi.ops.serial.Wavelets;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.jlops.mpi.proximal.ADMML2;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIProxOperator;
import org.jlops.mpi.solvers.Solvers;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code poststack} tutorial: 3-D post-stack inversion of a log-impedance cube
 * distributed along y. Every rank models its y-lines with PyLops' time-first
 * {@link PoststackLinearModelling} (derivative along time, then the 41-tap Ricker wavelet)
 * sandwiched between {@link Transpose}s ({@code Tᴴ P T}, the tutorial's construction) in an
 * {@link MPIBlockDiag}; from the data {@code d = B m} and a smooth background {@code m_b} (the
 * model smoothed along x and z by {@link Smoothing1D} twice, ≈ the tutorial's {@code filtfilt}) it
 * inverts
 *
 * <ol>
 *   <li>by CGLS on {@code B}, 100 iterations from {@code m_b};</li>
 *   <li>by CG on the normal equations {@code (BᴴB + ε LᴴL) m = Bᴴd}, {@code L} the 3-D
 *       {@link MPILaplacian}, ε = 100, 100 iterations;</li>
 *   <li>by CGLS on the stacked system {@code [B ; sqrt(ε) L] m ≈ [d ; 0]}
 *       ({@link MPIStackedVStack}), 100 iterations;</li>
 *   <li>with total variation: {@link ADMML2} with {@code L1(0.01)} of the forward-difference
 *       {@link MPIGradient}, tau 0.99/12, 40 outer iterations of 20 CGLS iterations.</li>
 * </ol>
 *
 * <p>Sizes: by default {@code (8, 80, 160)} (102 400 unknowns; about a minute on 2 cores);
 * {@code --full} the tutorial's {@code 20 · np} by 267 by 550. The model is the synthetic layered
 * section of {@link ReflectivityTutorial} (the tutorial reads a file not bundled); the background
 * is smoothed along x and z only (the tutorial also smooths each rank's y-lines, which makes the
 * result depend on the rank count). Printed misfits are the same at every rank count. Figure:
 * {@code poststack.png}.
 */
@Command(name = "poststack", mixinStandardHelpOptions = true,
        description = "3-D post-stack inversion (PyLops-MPI's poststack tutorial)")
public final class PoststackTutorial extends SparsityProgram {

    /**
     * Runs the tutorial.
     *
     * @param args the options ({@code --np}, {@code --out}, {@code --full}, {@code --no-figures})
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PoststackTutorial()).execute(args));
    }

    @Override
    String run(Communicator comm) throws Exception {
        int p = comm.size();
        long ny = full ? 20L * p : tiny ? 4 : 8;
        long nx = full ? 267 : tiny ? 20 : 80;
        long nz = full ? 550 : tiny ? 64 : 160;
        int niter = 100;
        long[] rows = ReflectivityTutorial.rowsOf(ny, p);
        long y0 = 0;
        for (int r = 0; r < comm.rank(); r++) {
            y0 += rows[r];
        }
        long nyi = rows[comm.rank()];
        long[] local = {nyi, nx, nz};
        long[] sizes = new long[p];
        for (int r = 0; r < p; r++) {
            sizes[r] = rows[r] * nx * nz;
        }
        DistributedArray m = DistributedArray.builder(comm, ny * nx * nz).localSizes(sizes).build();
        NdArray lm = m.localArray();
        for (long y = 0; y < nyi; y++) {
            for (long x = 0; x < nx; x++) {
                for (long z = 0; z < nz; z++) {
                    lm.set((y * nx + x) * nz + z, ReflectivityTutorial.logImpedance(y0 + y, x, z, nx, nz));
                }
            }
        }
        // background: a box of 31 samples along x and 21 along z, applied twice (≈ filtfilt), normalised
        // by the same smoothing of ones, so that the zero padding does not pull the edges down
        LocalOperator sx = new Smoothing1D(30, local, 1, DType.FLOAT64);
        LocalOperator sz = new Smoothing1D(20, local, 2, DType.FLOAT64);
        MPIBlockDiag smooth = new MPIBlockDiag(List.of(LocalOperators.compose(LocalOperators.compose(sx, sx),
                LocalOperators.compose(sz, sz))), comm);
        DistributedArray weight = smooth.matvec(onesLike(m));
        DistributedArray mback = smooth.matvec(m);                                // S m / S 1: the average of the
        NdArray lb = mback.localArray();                                          // samples inside the cube at its edges
        NdArray lw = weight.localArray();
        for (long k = 0; k < lb.size(); k++) {
            lb.set(k, lb.re(k) / lw.re(k));
        }

        // B = T^H P T: PyLops' time-first modelling between transposes (y, x, z) -> (z, y, x)
        double[] wav = Wavelets.ricker(20, 0.004, 15);
        PoststackLinearModelling pp = new PoststackLinearModelling(wav, nz, nyi, nx);
        Transpose t = new Transpose(local, new int[] {2, 0, 1});
        MPIBlockDiag b = new MPIBlockDiag(List.of(LocalOperators.compose(LocalOperators.adjoint(t),
                LocalOperators.compose(pp, t))), comm);
        DistributedArray d = b.matvec(m);

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Post-stack inversion of a %dx%dx%d cube (%d unknowns), %d ranks%n", ny, nx,
                nz, ny * nx * nz, p));
        s.append(line("background", mback, m, b, d));
        DistributedArray cgls = Solvers.cgls(b, d, mback, niter, 0.0, 0.0).x();
        s.append(line("CGLS", cgls, m, b, d));

        double epsR = 1e2;
        long[] dims = {ny, nx, nz};
        MPILaplacian lap = new MPILaplacian(dims, new int[] {0, 1, 2}, new double[] {1, 1, 1}, new double[] {1, 1, 1},
                false, DerivativeKind.CENTERED, comm, DType.FLOAT64);
        MPILinearOperator normal = b.adjoint().times(b).plus(lap.adjoint().times(lap).times(epsR));
        DistributedArray ne = Solvers.cg(normal, b.rmatvec(d), mback, niter, 0.0).x();
        s.append(line("normal eq. (CG)", ne, m, b, d));

        MPIStackedVStack stack = new MPIStackedVStack(List.of(b, lap.times(Math.sqrt(epsR))), comm);
        DistributedVector data = StackedDistributedArray.of(d, d.zerosLike());
        DistributedArray reg = (DistributedArray) Solvers.cgls(stack, data, mback, niter, 0.0, 0.0).x();
        s.append(line("regularised CGLS", reg, m, b, d));

        MPIGradient grad = new MPIGradient(dims, 1.0, false, DerivativeKind.FORWARD, comm, DType.FLOAT64);
        DistributedArray tv = (DistributedArray) ADMML2.options().tau(0.99 / 12).niter(40).innerNiter(20)
                .solve(new MPIProxOperator(new L1(1e-2)), b, d, grad, mback, null).x();
        s.append(line("TV (ADMML2)", tv, m, b, d));

        List<DistributedArray> all = List.of(m, mback, d, cgls, ne, reg, tv);
        List<NdArray> g = new ArrayList<>();
        for (DistributedArray a : all) {
            g.add(a.asArray());
        }
        if (draws(comm)) {
            long ym = ny / 2;
            double[] mr = ReflectivityTutorial.range(g.get(0));
            String[] names = {"true model ln(AI)", "background m_b", "data d = B m", "CGLS", "normal equations (CG)",
                "regularised CGLS", "total variation (ADMM)"};
            List<SparsityFigures.Panel> panels = new ArrayList<>();
            for (int k = 0; k < names.length; k++) {
                boolean isData = k == 2;
                double[] dr = isData ? ReflectivityTutorial.range(g.get(2)) : mr;
                double lim = isData ? Math.max(Math.abs(dr[0]), Math.abs(dr[1])) : 0;
                panels.add(new SparsityFigures.Panel(names[k], ReflectivityTutorial.xz(g.get(k), ym, nx, nz),
                        isData ? -lim : mr[0], isData ? lim : mr[1],
                        isData ? SparsityFigures.Scale.GREY : SparsityFigures.Scale.RAINBOW));
            }
            SparsityFigures.sections(out.resolve("poststack.png"), String.format(Locale.ROOT,
                    "Post-stack inversion, %dx%dx%d, %d ranks: x-z sections at y = %d", ny, nx, nz, p, ym), 4, panels);
        }
        return s.toString();
    }

    /** One result line: model error and data misfit. Collective. */
    private static String line(String what, DistributedArray inv, DistributedArray m, MPIBlockDiag b,
            DistributedArray d) {
        double dm = b.matvec(inv).subtract(d).norm() / d.norm();
        return String.format(Locale.ROOT, "   %-18s ||m_inv - m|| / ||m|| = %.5f   ||B m_inv - d|| / ||d|| = %.4e%n", what
                + ":", rel(inv, m), dm);
    }

    private static DistributedArray onesLike(DistributedArray a) {
        DistributedArray o = a.zerosLike();
        NdArray l = o.localArray();
        for (long k = 0; k < l.size(); k++) {
            l.set(k, 1.0);
        }
        return o;
    }

    private static double rel(DistributedArray a, DistributedArray b) {
        return a.subtract(b).norm() / b.norm();
    }
}
