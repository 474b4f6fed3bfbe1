package org.jlops.mpi.ops.basic;

import static org.jlops.mpi.ops.basic.BasicTesting.distribute;
import static org.jlops.mpi.ops.basic.BasicTesting.dottest;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.size;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.BasicTesting.Layout;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §10 {@code test_derivative}: the first derivatives (forward, backward, centered of order 3
 * and 5) and second derivatives (forward, backward, centered) on dims 600, (100, 151),
 * (101, 51, 100) and (79, 101, 50) (sampling 0.4 for the 3-d ones), each as SCATTER float64,
 * BROADCAST float64, complex128 (with edge formulas for the 3-d shapes) and float64 with edge
 * formulas; x = normal(rank, 10) on the default 1-d split. Output shape, forward and adjoint
 * against the serial operator along axis 0 on the gathered data (rtol 1e-12), dot-test — at 2 and
 * 4 ranks, as PyLops-MPI's CI.
 */
class MPIDerivativeSpecTest {

    private record Par(long[] dims, double h) {
    }

    private record Variant(Layout layout, DType dtype, boolean edge) {
    }

    private static final List<Par> PARS = List.of(new Par(new long[] {600}, 1.0), new Par(new long[] {100, 151}, 1.0),
            new Par(new long[] {101, 51, 100}, 0.4), new Par(new long[] {79, 101, 50}, 0.4));

    /** PyLops-MPI's x: normal(mean = rank, std = 10) on each rank's block of the default split. */
    private static NdArray pyLopsInput(DType dt, long n, int np, long seed) {
        NdArray x = NdArray.zeros(dt, n);
        long off = 0;
        for (int r = 0; r < np; r++) {
            long count = n / np + (r < n % np ? 1 : 0);
            Random rnd = new Random(seed * 17 + r);
            for (long k = off; k < off + count; k++) {
                x.set(k, r + 10 * rnd.nextGaussian(), dt.isComplex() ? r + 10 * rnd.nextGaussian() : 0);
            }
            off += count;
        }
        return x;
    }

    @Tag("slow") // the SPEC parameter sets: seconds each; left out of mutation runs (impl/pom.xml)
    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 4})
    void pyLopsMpiParameterSets(int np) {
        LocalCluster.run(np, comm -> {
            long seed = 42;
            for (Par p : PARS) {
                long n = size(p.dims());
                boolean threeD = p.dims().length == 3;
                List<Variant> variants = List.of(new Variant(Layout.DEFAULT, DType.FLOAT64, false),
                        new Variant(Layout.BROADCAST, DType.FLOAT64, false),
                        new Variant(Layout.DEFAULT, DType.COMPLEX128, threeD),
                        new Variant(Layout.DEFAULT, DType.FLOAT64, true));
                for (Variant v : variants) {
                    NdArray xg = pyLopsInput(v.dtype(), n, np, seed++);
                    DistributedArray x = distribute(comm, xg, p.dims(), v.layout(), 0);
                    DistributedArray xRows = distribute(comm, xg, p.dims(), Layout.ROWS, 0);
                    for (int k = 0; k < 7; k++) {
                        boolean first = k < 4;
                        DerivativeKind kind = DerivativeKind.values()[first ? Math.min(k, 2) : k - 4];
                        int order = k == 3 ? 5 : 3;
                        MPILinearOperator op = first
                                ? new MPIFirstDerivative(p.dims(), p.h(), kind, v.edge(), order, comm, v.dtype())
                                : new MPISecondDerivative(p.dims(), p.h(), kind, v.edge(), comm, v.dtype());
                        String what = op + " " + kind + " order " + order + " " + v + " " + Arrays.toString(p.dims())
                                + " on " + np;
                        DistributedArray y = op.matvec(x);
                        DistributedArray back = op.rmatvec(x);
                        assertArrayEquals(new long[] {n}, y.globalShape(), what);
                        assertEquals(v.dtype(), y.dtype(), what);
                        NdArray yg = y.asArray();
                        NdArray backg = back.asArray();
                        if (comm.rank() == 0) { // the serial results once, not on every rank
                            LocalOperator s = first
                                    ? new FirstDerivative(p.dims(), 0, p.h(), kind, v.edge(), order, v.dtype())
                                    : new SecondDerivative(p.dims(), 0, p.h(), kind, v.edge(), v.dtype());
                            assertClose(s.matvec(xg), yg, 1e-12, what + " forward");
                            assertClose(s.rmatvec(xg), backg, 1e-12, what + " adjoint");
                        }
                        dottest(op, xRows, seed, 1e-10, what);
                    }
                }
            }
        });
    }
}
