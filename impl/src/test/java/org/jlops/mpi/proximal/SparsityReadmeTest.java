package org.jlops.mpi.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.serial.Convolve1D;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FunctionOperator;
import org.jlops.mpi.ops.serial.Identity;
import org.jlops.mpi.ops.serial.Wavelets;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.solvers.ISTA;
import org.jlops.mpi.solvers.IstaOptions;
import org.jlops.mpi.solvers.IstaResult;
import org.jlops.mpi.solvers.Solvers;
import org.jlops.mpi.solvers.Threshold;
import org.junit.jupiter.api.Test;

/**
 * The README's snippets of issue 16 (signal operators, sparsity solvers, proximal layer) as written,
 * with their placeholders filled in (a small cube instead of the tutorial's), on 2 in-JVM ranks.
 */
class SparsityReadmeTest {

    @Test
    void snippetsRunAsWritten() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalCluster.run(2, comm -> {
            double[] wav = Wavelets.ricker(20, 0.004, 15);                             // 41 taps, centre 20
            long[] mine = {2, 6, 80};                                                   // this rank's y-lines
            MPIBlockDiag c = new MPIBlockDiag(List.of(new Convolve1D(mine, wav, 20, -1, DType.FLOAT64)), comm);
            LocalOperator shift = FunctionOperator.of(new long[] {4}, new long[] {4}, DType.FLOAT64,
                    (x, y) -> { for (int i = 1; i < 4; i++) y.set(i, x.re(i - 1)); },   // y[i] = x[i-1]
                    (y, x) -> { for (int i = 0; i < 3; i++) x.set(i, y.re(i + 1)); });  // its transpose
            assertEquals(2.0, shift.matvec(NdArray.ofFloat64(new double[] {1, 2, 3, 4})).re(2), 0);

            // the reflectivity of a model with a step at z = 30 (as the tutorial's layers): D m
            MPIBlockDiag dz = new MPIBlockDiag(List.of(new org.jlops.mpi.ops.serial.FirstDerivative(mine, -1)), comm);
            DistributedArray model = DistributedArray.builder(comm, c.cols()).localSizes(c.colCounts()).build();
            NdArray lm = model.localArray();
            for (long k = 0; k < lm.size(); k++) {
                lm.set(k, k % 80 >= 30 ? 1.0 + comm.rank() : 0.0);
            }
            DistributedArray truth = dz.matvec(model);
            DistributedArray d = c.matvec(truth);
            IstaOptions o = ISTA.options().eps(2e-2).tol(1e-8);                 // soft threshold, alpha estimated
            IstaResult<DistributedArray> r = Solvers.fista(c, d, null, 200, o); // x0 = 0 in the adjoint's layout
            assertFalse(r.diverged());
            DistributedArray refl = r.x();
            double e1 = refl.subtract(truth).norm() / truth.norm();
            assertTrue(e1 < 0.2, e1 + " " + r.iterations() + " " + r.stopReason());
            IstaResult<DistributedArray> h = new ISTA<>(c).options(o.threshold(Threshold.HALF).monitorres(true))
                    .show(true).out(new PrintStream(log)).solve(d, null, 100);
            assertTrue(h.iterations() > 0);

            DistributedArray zeros = refl.zerosLike();
            double lambdaMax = Solvers.powerIteration(c.adjoint().times(c), zeros, 30, 1e-8, 0).eigenvalue().abs();
            MPIL2 f = MPIL2.builder().op(c).b(d).x0(zeros).build();             // (1/2)‖C r − d‖², CGLS inside prox
            ProxOperator g = new MPIProxOperator(new L1(1e-2));
            ProximalResult<DistributedArray> pg = ProximalGradient.options().tau(0.99 / lambdaMax).niter(200)
                    .acceleration(ProximalGradient.Acceleration.FISTA).solve(f, g, zeros);
            assertTrue(pg.x().subtract(truth).norm() / truth.norm() < 0.2);

            long[] dims = {4, 6, 80};
            MPIBlockDiag b = new MPIBlockDiag(List.of(new Identity(mine[0] * mine[1] * mine[2], mine[0] * mine[1]
                    * mine[2], DType.FLOAT64)), comm);
            MPIGradient gradient = new MPIGradient(dims, 1.0, false, DerivativeKind.FORWARD, comm, DType.FLOAT64);
            DistributedArray data = d;
            DistributedArray background = zeros;
            ADMML2.AdmmResult tv = ADMML2.options().tau(0.99 / 12).niter(40).innerNiter(20)
                    .solve(new MPIProxOperator(new L1(1e-2)), b, data, gradient, background, null);
            assertTrue(tv.x().subtract(data).norm() < data.norm());
        });
        assertTrue(log.toString().contains("half thresholding"), log.toString());
    }
}
