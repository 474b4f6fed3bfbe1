package org.jlops.mpi.ops.basic;

import static org.jlops.mpi.ops.basic.BasicTesting.distribute;
import static org.jlops.mpi.ops.basic.BasicTesting.dotRtol;
import static org.jlops.mpi.ops.basic.BasicTesting.dottest;
import static org.jlops.mpi.ops.basic.BasicTesting.rowCounts;
import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.apply;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.DerivativeTesting.ref;
import static org.jlops.mpi.ops.serial.DerivativeTesting.rtol;
import static org.jlops.mpi.ops.serial.DerivativeTesting.size;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.BasicTesting.Layout;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.Gradient;
import org.jlops.mpi.ops.serial.Laplacian;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MPILaplacian and MPIGradient: on 1..8 in-JVM ranks (small shapes, empty ranks included) against
 * the EJML reference, and with the SPEC §10 {@code test_laplacian} / {@code test_gradient}
 * parameter sets against the serial operators on the gathered data; distributed dot-tests.
 */
class MPILaplacianGradientTest {

    /** Concatenates the gathered components of a stack. Collective. */
    private static NdArray gather(DistributedVector v) {
        if (v instanceof DistributedArray a) {
            return a.asArray();
        }
        List<NdArray> parts = new ArrayList<>();
        for (DistributedVector c : ((StackedDistributedArray) v).arrays()) {
            parts.add(gather(c).ravel());
        }
        return NdArray.concatenate(0, parts);
    }

    private static NdArray slice(NdArray a, long from, long to) {
        return a.slice(0, from, to);
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void laplacianAndGradientMatchTheReference(int np) {
        LocalCluster.run(np, comm -> {
            long seed = 500L * np;
            long[][] shapes = {{5, 4, 3}, {3, 4}, {9, 3}};
            for (long[] dims : shapes) {
                long n = size(dims);
                int[][] axesSets = dims.length == 2 ? new int[][] {{-2, -1}, {1, 0, 0}}
                        : new int[][] {{0, 1, 2}, {-1, -3}};
                for (DerivativeKind kind : DerivativeKind.values()) {
                    boolean edge = seed % 2 == 0;
                    for (int[] axes : axesSets) {
                        double[] w = new double[axes.length];
                        double[] s = new double[axes.length];
                        for (int j = 0; j < axes.length; j++) {
                            w[j] = j == 0 ? 1.0 : 0.7;
                            s[j] = j == 1 ? 0.4 : 1.0;
                        }
                        DenseOperator reference = ReferenceOperators.laplacian(dims, axes, w, s, edge, ref(kind));
                        for (DType dt : DTYPES) {
                            seed++;
                            String what = "Laplacian " + kind + " edge " + edge + " axes " + Arrays.toString(axes)
                                    + " " + dt + " dims " + Arrays.toString(dims) + " on " + np;
                            MPILaplacian op = new MPILaplacian(dims, axes, w, s, edge, kind, comm, dt);
                            NdArray xg = random(dt, seed, n);
                            Layout layout = Layout.values()[(int) (seed % 4)];
                            DistributedArray x = distribute(comm, xg, dims, layout, seed);
                            DistributedArray y = op.matvec(x);
                            assertEquals(Partition.SCATTER, y.partition(), what);
                            assertArrayEquals(new long[] {rowCounts(dims, np)[comm.rank()]}, y.localShape(), what);
                            assertClose(apply(reference, xg, false), y.asArray(), rtol(dt), what + " forward");
                            assertClose(apply(reference, xg, true), op.rmatvec(x).asArray(), rtol(dt),
                                    what + " adjoint");
                            assertClose(xg, x.asArray(), 0, what + ": x unchanged");
                            dottest(op, distribute(comm, xg, dims, Layout.ROWS, 0), seed, dotRtol(dt), what);
                        }
                    }
                    double[] s = new double[dims.length];
                    for (int k = 0; k < s.length; k++) {
                        s[k] = 1.0 - 0.25 * k;
                    }
                    DenseOperator reference = ReferenceOperators.gradient(dims, s, edge, ref(kind));
                    for (DType dt : DTYPES) {
                        seed++;
                        String what = "Gradient " + kind + " edge " + edge + " " + dt + " dims " + Arrays.toString(dims)
                                + " on " + np;
                        MPIGradient op = new MPIGradient(dims, s, edge, kind, comm, dt);
                        assertArrayEquals(new long[] {dims.length * n}, op.dimsd());
                        NdArray xg = random(dt, seed, n);
                        DistributedArray x = distribute(comm, xg, dims, Layout.values()[(int) (seed % 4)], seed);
                        StackedDistributedArray y = (StackedDistributedArray) op.matvec(x);
                        assertEquals(dims.length, y.narrays(), what);
                        assertClose(apply(reference, xg, false), gather(y), rtol(dt), what + " forward");
                        NdArray yg = random(dt, seed + 1, dims.length * n);
                        List<DistributedVector> parts = new ArrayList<>();
                        for (int k = 0; k < dims.length; k++) {
                            parts.add(distribute(comm, slice(yg, k * n, (k + 1) * n), dims,
                                    Layout.values()[(int) ((seed + k) % 3)], seed + k));
                        }
                        DistributedArray ahy = (DistributedArray) op.rmatvec(new StackedDistributedArray(parts));
                        assertArrayEquals(new long[] {rowCounts(dims, np)[comm.rank()]}, ahy.localShape(), what);
                        assertClose(apply(reference, yg, true), ahy.asArray(), rtol(dt), what + " adjoint");
                        dottest(op, distribute(comm, xg, dims, Layout.ROWS, 0), seed, dotRtol(dt), what);
                    }
                }
            }
        });
    }

    /**
     * SPEC §10 {@code test_laplacian} and {@code test_gradient}: (120, 101, 60) with axes (0, 1, 2),
     * weights 0.7, sampling 1, and axes (-1, -2, -3) with edge; (79, 60, 101) with weights 1,
     * sampling 0.4, without and with edge; every kind; x normal on the default split. Against the
     * serial Laplacian and Gradient on the gathered data, at 4 ranks (the rank sweep above covers
     * the other counts on small shapes).
     */
    @Tag("slow") // the SPEC parameter sets: seconds each; left out of mutation runs (impl/pom.xml)
    @Test
    void pyLopsMpiParameterSets() {
        int np = 4;
        record Par(long[] dims, int[] axes, double weight, double sampling, boolean edge) {
        }
        List<Par> pars = List.of(new Par(new long[] {120, 101, 60}, new int[] {0, 1, 2}, 0.7, 1.0, false),
                new Par(new long[] {120, 101, 60}, new int[] {-1, -2, -3}, 0.7, 1.0, true),
                new Par(new long[] {79, 60, 101}, new int[] {0, 1, 2}, 1.0, 0.4, false),
                new Par(new long[] {79, 60, 101}, new int[] {0, 1, 2}, 1.0, 0.4, true));
        LocalCluster.run(np, comm -> {
            long seed = 42;
            for (Par p : pars) {
                long n = size(p.dims());
                NdArray xg = random(DType.FLOAT64, seed++, n);
                DistributedArray x = distribute(comm, xg, p.dims(), Layout.DEFAULT, 0);
                double[] w = {p.weight(), p.weight(), p.weight()};
                double[] s = {p.sampling(), p.sampling(), p.sampling()};
                for (DerivativeKind kind : DerivativeKind.values()) {
                    String what = kind + " " + Arrays.toString(p.dims()) + " axes " + Arrays.toString(p.axes())
                            + " edge " + p.edge() + " on " + np;
                    MPILaplacian lap = new MPILaplacian(p.dims(), p.axes(), w, s, p.edge(), kind, comm, DType.FLOAT64);
                    Laplacian serialLap = new Laplacian(p.dims(), p.axes(), w, s, p.edge(), kind, DType.FLOAT64);
                    NdArray lx = lap.matvec(x).asArray();
                    NdArray ltx = lap.rmatvec(x).asArray();
                    if (comm.rank() == 0) { // the serial results once, not on every rank
                        assertClose(serialLap.matvec(xg), lx, 1e-12, "Laplacian " + what);
                        assertClose(serialLap.rmatvec(xg), ltx, 1e-12, "Laplacian adjoint " + what);
                    }
                    dottest(lap, distribute(comm, xg, p.dims(), Layout.ROWS, 0), seed, 1e-10, "Laplacian " + what);

                    MPIGradient grad = new MPIGradient(p.dims(), p.sampling(), p.edge(), kind, comm, DType.FLOAT64);
                    Gradient serialGrad = new Gradient(p.dims(), p.sampling(), p.edge(), kind, DType.FLOAT64);
                    NdArray g = gather(grad.matvec(x));
                    if (comm.rank() == 0) {
                        assertClose(serialGrad.matvec(xg), g, 1e-12, "Gradient " + what);
                    }
                    NdArray yg = random(DType.FLOAT64, seed++, 3 * n);
                    List<DistributedVector> parts = new ArrayList<>();
                    for (int k = 0; k < 3; k++) {
                        parts.add(distribute(comm, slice(yg, k * n, (k + 1) * n), p.dims(), Layout.DEFAULT, 0));
                    }
                    NdArray back = ((DistributedArray) grad.rmatvec(new StackedDistributedArray(parts))).asArray();
                    if (comm.rank() == 0) {
                        assertClose(serialGrad.rmatvec(yg), back, 1e-12, "Gradient adjoint " + what);
                    }
                    dottest(grad, distribute(comm, xg, p.dims(), Layout.ROWS, 0), seed, 1e-10, "Gradient " + what);
                }
            }
        });
    }

    @Test
    void defaultsAndAccessors() {
        LocalCluster.run(2, comm -> {
            MPILaplacian lap = new MPILaplacian(new long[] {4, 5}, comm);
            assertArrayEquals(new int[] {0, 1}, lap.axes());
            assertArrayEquals(new double[] {1, 1}, lap.weights());
            assertArrayEquals(new double[] {1, 1}, lap.sampling());
            assertEquals(DerivativeKind.CENTERED, lap.kind());
            assertArrayEquals(new long[] {2, 2}, lap.rowCounts());
            MPIGradient g = new MPIGradient(new long[] {4, 5}, 2.0, true, DerivativeKind.FORWARD, comm, DType.FLOAT32);
            assertArrayEquals(new double[] {2, 2}, g.sampling());
            assertEquals(2, g.ops().size());
            assertEquals(DType.FLOAT32, g.dtype());
            assertArrayEquals(new long[] {40, 20}, g.shape());
        });
    }
}
