package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.Dottest;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIHalo;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.junit.jupiter.api.Test;

/** The README's Halo, Solvers and Dot-test snippets, run as written on 4 in-JVM ranks. */
class ReadmeExamplesTest {

    @Test
    void haloSnippet() {
        NdArray global = NdArray.zeros(DType.FLOAT64, 64 * 48);
        Random rnd = new Random(1);
        for (int k = 0; k < 64 * 48; k++) {
            global.set(k, rnd.nextDouble());
        }
        NdArray serial = new FirstDerivative(new long[] {64, 48}, 1, 1.0, DerivativeKind.FORWARD, false, 3,
                DType.FLOAT64).matvec(global);
        LocalCluster.run(4, comm -> {
            MPIHalo halo = new MPIHalo(new long[] {64, 48}, 1, new int[] {2, 2}, comm, DType.FLOAT64);   // 4 ranks
            MPILinearOperator d = halo.sandwich(new FirstDerivative(halo.localExtent(), 1, 1.0,
                    DerivativeKind.FORWARD, false, 3, DType.FLOAT64));       // = the serial derivative along axis 1
            DistributedArray x = halo.toModel(global);
            NdArray dx = halo.fromModel(d.matvec(x));
            assertEquals(serial, dx.reshape(64 * 48), "the sandwich is the serial derivative, bit for bit");
        });
    }

    @Test
    void solversSnippet() {
        NdArray spike = NdArray.zeros(DType.FLOAT64, 11 * 21);
        spike.set(5 * 21 + 10, 1.0);
        LocalCluster.run(4, comm -> {
            DistributedArray x = DistributedArray.toDist(spike, comm);
            List<Double> costs = new ArrayList<>();
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            MPIFirstDerivative D = new MPIFirstDerivative(new long[] {11, 21}, comm);
            DistributedArray y = D.matvec(x);
            CglsResult<DistributedArray> inv = Solvers.cgls(D, y, 10);          // x0 = 0, damp 0, tol 1e-4
            DistributedArray xInv = inv.x();                                     // in the layout D.rmatvec returns
            CglsResult<DistributedArray> r = new CGLS<>(D).show(true).out(quiet) // log on rank 0
                    .callback(s -> costs.add(s.cost()))                          // costs: a List<Double>
                    .solve(y, null, 20, 0.1, 1e-10);                             // x0 = 0, damp 0.1
            PowerIterationResult<DistributedArray> eig = Solvers.powerIteration(D.adjoint().times(D), 50, 1e-6, 42);
            assertTrue(D.matvec(xInv).subtract(y).norm() < 1e-2 * y.norm(), "CGLS fits the data");
            assertEquals(r.iterations(), costs.size());
            assertTrue(eig.eigenvalue().re() > 0.5 && eig.eigenvalue().re() <= 1.0 + 1e-12,
                    "centered first derivative: λmax(DᵀD) ≤ 1, got " + eig.eigenvalue());
        });
    }

    @Test
    void dotTestSnippet() {
        LocalCluster.run(4, comm -> {
            MPIFirstDerivative D = new MPIFirstDerivative(new long[] {11, 21}, comm);
            Dottest.Result r = Dottest.assertPasses(D, DistributedArray.builder(comm, 11 * 21).build(), 7, 1e-12, 0);
            assertTrue(r.toString().startsWith("(A u)^H v = "), r.toString());
        });
    }
}
