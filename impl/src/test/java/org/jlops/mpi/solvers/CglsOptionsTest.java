package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.junit.jupiter.api.Test;

/** Named options: CGLS.options() and MPIFirstDerivative.builder give what the positional forms give. */
class CglsOptionsTest {

    @Test
    void defaultsAreThoseOfPyLopsMpiAndSettersCopy() {
        CglsOptions d = CGLS.options();
        assertEquals(10, d.niter());
        assertEquals(0.0, d.damp());
        assertEquals(1e-4, d.tol());
        CglsOptions o = d.niter(50).damp(0.1).tol(1e-10);
        assertEquals(50, o.niter());
        assertEquals(0.1, o.damp());
        assertEquals(1e-10, o.tol());
        assertEquals(10, d.niter(), "the defaults are not modified");
        assertEquals("CglsOptions[niter=50, damp=0.1, tol=1.0E-10]", o.toString());
    }

    @Test
    void namedFormsGiveThePositionalFormsBits() {
        List<double[][]> out = LocalCluster.call(2, comm -> {
            long[] dims = {11, 7};
            NdArray a = NdArray.zeros(DType.FLOAT64, 11, 7);
            for (int i = 0; i < 77; i++) {
                a.set(i, Math.cos(0.3 * i));
            }
            DistributedArray y = DistributedArray.toDist(a, comm).ravel();
            MPIFirstDerivative named = MPIFirstDerivative.builder(dims).kind(DerivativeKind.CENTERED).order(5)
                    .edge(true).sampling(0.5).build(comm);
            MPIFirstDerivative positional = new MPIFirstDerivative(dims, 0.5, DerivativeKind.CENTERED, true, 5, comm,
                    DType.FLOAT64);
            CglsResult<DistributedArray> r1 = Solvers.cgls(named, y, null, CGLS.options().niter(7).damp(0.1).tol(0));
            CglsResult<DistributedArray> r2 = Solvers.cgls(positional, y, null, 7, 0.1, 0);
            return new double[][] {r1.x().asArray().doubles(), r2.x().asArray().doubles(),
                {r1.iterations(), named.order()}};
        });
        assertArrayEquals(out.get(0)[1], out.get(0)[0], 0.0);
        assertEquals(7, out.get(0)[2][0]);
        assertEquals(5, out.get(0)[2][1]);
    }

    @Test
    void nullOptionsAreRefused() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> LocalCluster.call(1, comm -> {
            DistributedArray y = DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 4), comm);
            return Solvers.cgls(new MPIFirstDerivative(new long[] {4}, comm), y, null, (CglsOptions) null);
        }));
        assertEquals(IllegalArgumentException.class, root(e).getClass());
        assertEquals("options: must not be null", root(e).getMessage());
    }

    private static Throwable root(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
