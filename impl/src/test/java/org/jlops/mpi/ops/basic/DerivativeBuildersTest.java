package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.Gradient;
import org.jlops.mpi.ops.serial.Laplacian;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;

/**
 * The derivative builders: their defaults are the short constructors' (PyLops' defaults) and every
 * option reaches the operator (the same bits as the positional constructor with that option), for
 * the serial operators and the distributed ones; bad options fail as the constructors do.
 */
class DerivativeBuildersTest {

    private static final long[] DIMS = {7, 6, 5};

    /** Forward and adjoint products of two serial operators on the same random input give the same bits. */
    private static void assertSame(LocalOperator expected, LocalOperator actual, String what) {
        NdArray x = SerialArrays.random(DType.FLOAT64, 3, 0, 1, expected.cols());
        NdArray y = SerialArrays.random(DType.FLOAT64, 4, 0, 1, expected.rows());
        assertEquals(expected.rows(), actual.rows(), what);
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertEquals(expected.matvec(x), actual.matvec(x), what + " forward");
        assertEquals(expected.rmatvec(y), actual.rmatvec(y), what + " adjoint");
    }

    @Test
    void serialBuildersDefaultToPyLopsAndPassEveryOption() {
        assertSame(new FirstDerivative(DIMS, -1), FirstDerivative.builder(DIMS).build(), "FirstDerivative defaults");
        assertSame(new FirstDerivative(DIMS, 1, 0.5, DerivativeKind.CENTERED, true, 5, DType.FLOAT32),
                FirstDerivative.builder(DIMS).axis(1).sampling(0.5).edge(true).order(5).dtype(DType.FLOAT32).build(),
                "FirstDerivative options");
        assertSame(new FirstDerivative(DIMS, 0, 2, DerivativeKind.FORWARD, false, 3, DType.FLOAT64),
                FirstDerivative.builder(DIMS).axis(0).sampling(2).kind(DerivativeKind.FORWARD).build(), "forward");
        assertSame(new SecondDerivative(DIMS, -1), SecondDerivative.builder(DIMS).build(), "SecondDerivative defaults");
        assertSame(new SecondDerivative(DIMS, 0, 3, DerivativeKind.BACKWARD, true, DType.FLOAT64),
                SecondDerivative.builder(DIMS).axis(0).sampling(3).kind(DerivativeKind.BACKWARD).edge(true).build(),
                "SecondDerivative options");
        assertSame(new Laplacian(DIMS), Laplacian.builder(DIMS).build(), "Laplacian defaults");
        assertSame(new Laplacian(DIMS, new int[] {0, 2}, new double[] {3, 1}, new double[] {0.5, 2}, true,
                DerivativeKind.FORWARD, DType.FLOAT64), Laplacian.builder(DIMS).axes(0, 2).weights(3, 1).sampling(0.5, 2)
                .edge(true).kind(DerivativeKind.FORWARD).build(), "Laplacian options");
        assertSame(new Laplacian(DIMS, new int[] {0, 1, 2}, new double[] {1, 1, 1}, new double[] {2, 2, 2}, false,
                DerivativeKind.CENTERED, DType.FLOAT64), Laplacian.builder(DIMS).axes(0, 1, 2).sampling(2).build(),
                "one step for every axis");
        assertSame(new Gradient(DIMS, 1, false, DerivativeKind.CENTERED, DType.FLOAT64), Gradient.builder(DIMS).build(),
                "Gradient defaults");
        assertSame(new Gradient(DIMS, new double[] {1, 2, 3}, true, DerivativeKind.BACKWARD, DType.FLOAT32),
                Gradient.builder(DIMS).sampling(1, 2, 3).edge(true).kind(DerivativeKind.BACKWARD)
                        .dtype(DType.FLOAT32).build(), "Gradient options");
    }

    @Test
    void badOptionsFailAsTheConstructorsDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirstDerivative.builder(DIMS).sampling(1, 2).build());
        assertTrue(e.getMessage().startsWith("sampling: this operator works along one axis"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FirstDerivative.builder(DIMS).order(4).build());
        assertTrue(e.getMessage().startsWith("order:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SecondDerivative.builder(DIMS).axis(3).build());
        assertTrue(e.getMessage().startsWith("axis:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Laplacian.builder(DIMS).sampling(1, 2, 3).build());
        assertTrue(e.getMessage().contains("sampling"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gradient.builder(null).build());
        assertTrue(e.getMessage().startsWith("dims:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FirstDerivative.builder(DIMS).dtype(null).build());
        assertTrue(e.getMessage().startsWith("dtype:"), e.getMessage());
    }

    /** Forward and adjoint products of two distributed operators on the same input give the same bits on every rank. */
    private static void assertSameDistributed(MPILinearOperator expected, MPILinearOperator actual, String what) {
        assertEquals(expected.toString(), actual.toString(), what);
        DistributedArray x = DistributedArray.toDist(SerialArrays.random(DType.FLOAT64, 5, 0, 1, DIMS),
                expected.communicator()).ravel();                                  // row slabs along axis 0
        DistributedArray a = expected.matvec(x);
        DistributedArray b = actual.matvec(x);
        assertEquals(a.localArray(), b.localArray(), what + " forward");
        assertEquals(expected.rmatvec(a).localArray(), actual.rmatvec(a).localArray(), what + " adjoint");
    }

    @Test
    void distributedBuildersDefaultToPyLopsMpiAndPassEveryOption() {
        LocalCluster.run(3, comm -> {
            assertSameDistributed(new MPIFirstDerivative(DIMS, comm), MPIFirstDerivative.builder(DIMS).build(comm),
                    "MPIFirstDerivative defaults");
            assertSameDistributed(new MPIFirstDerivative(DIMS, 0.25, DerivativeKind.CENTERED, true, 5, comm,
                    DType.FLOAT64), MPIFirstDerivative.builder(DIMS).sampling(0.25).edge(true).order(5).build(comm),
                    "MPIFirstDerivative options");
            assertSameDistributed(new MPISecondDerivative(DIMS, comm), MPISecondDerivative.builder(DIMS).build(comm),
                    "MPISecondDerivative defaults");
            assertSameDistributed(new MPISecondDerivative(DIMS, 2, DerivativeKind.FORWARD, false, comm, DType.FLOAT64),
                    MPISecondDerivative.builder(DIMS).sampling(2).kind(DerivativeKind.FORWARD).build(comm),
                    "MPISecondDerivative options");
            assertSameDistributed(new MPILaplacian(DIMS, comm), MPILaplacian.builder(DIMS).build(comm),
                    "MPILaplacian defaults");
            assertSameDistributed(new MPILaplacian(DIMS, new int[] {0, 1}, new double[] {3, 1}, new double[] {1, 0.5},
                    true, DerivativeKind.CENTERED, comm, DType.FLOAT64), MPILaplacian.builder(DIMS).axes(0, 1)
                    .weights(3, 1).sampling(1, 0.5).edge(true).build(comm), "MPILaplacian options");
            MPIGradient g = new MPIGradient(DIMS, new double[] {1, 2, 3}, true, DerivativeKind.FORWARD, comm,
                    DType.FLOAT64);
            MPIGradient h = MPIGradient.builder(DIMS).sampling(1, 2, 3).edge(true).kind(DerivativeKind.FORWARD)
                    .build(comm);
            DistributedArray x = DistributedArray.toDist(SerialArrays.random(DType.FLOAT64, 6, 0, 1, DIMS), comm)
                    .ravel();
            List<DistributedVector> gx = ((StackedDistributedArray) g.matvec(x)).arrays();
            List<DistributedVector> hx = ((StackedDistributedArray) h.matvec(x)).arrays();
            for (int i = 0; i < gx.size(); i++) {
                assertEquals(((DistributedArray) gx.get(i)).localArray(), ((DistributedArray) hx.get(i)).localArray(),
                        "MPIGradient component " + i);
            }
        });
    }
}
