package org.jlops.mpi.verify.properties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.Gradient;
import org.jlops.mpi.ops.serial.Laplacian;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.signal.MPINonStationaryConvolve1D;
import org.jlops.mpi.verify.catalog.Layout;
import org.jlops.mpi.verify.catalog.Layouts;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Draws;
import org.jlops.mpi.verify.harness.Probe;

/**
 * The property {@code paths} of issue 20: every stencil operator gives bit-identical products
 * whichever loops the host engine runs — the Vector API's or the scalar ones
 * ({@link StencilKernels#onScalarPath}) — on the same operator and the same distributed inputs,
 * forward and adjoint, at any rank count.
 *
 * <p>The cases are drawn here, not from the catalog: its shapes are too small to fill a vector of
 * 8 float32 lanes along the last axis. Every axis here is long enough for a few whole vectors plus a
 * tail of any length (3 to 45 entries on the first and last axes), over every dtype, derivative
 * kind, order and edge choice; the distributed derivatives along axis 0 of 1-3 d arrays, the one-pass
 * Laplacian on 2-d arrays (and 3-d, and any subset of axes), the gradient, the serial
 * derivatives along any axis (wrapped, every rank computing the whole product), and the
 * non-stationary convolution (1-d, filters a few vectors apart). Where the JVM has
 * no Vector API both runs take the scalar loops and the property holds trivially; the description
 * of every case names the loops that ran.
 */
public final class PathProperties {

    /** The property's name. */
    public static final String NAME = "paths";

    private PathProperties() {
    }

    /** One operator, the layouts of its model and data vectors. */
    private record Subject(DistributedOperator<DistributedVector> op, Layout model, Layout data) {
        static Subject of(DistributedOperator<?> op, Layout model, Layout data) {
            return new Subject(DistributedOperator.general(op), model, data);
        }
    }

    @FunctionalInterface
    private interface Draw {
        /** Draws parameters from {@code r} (same state on every rank) and builds the operator on {@code comm}. */
        Subject build(Shape p, SplittableRandom r, Communicator comm);
    }

    /**
     * The {@code paths} checks, one per stencil operator.
     *
     * @return the checks
     */
    public static List<Check> checks() {
        List<Check> out = new ArrayList<>();
        out.add(check("MPIFirstDerivative", 1, 3, false, (p, r, comm) -> {
            long n = p.size();
            return Subject.of(new MPIFirstDerivative(p.dims, p.sampling, p.kind, p.edge, p.order, comm, p.dtype),
                    Layouts.scatterOrBroadcast(n), Layouts.scatterOrBroadcast(n));
        }));
        out.add(check("MPISecondDerivative", 1, 3, false, (p, r, comm) -> {
            long n = p.size();
            return Subject.of(new MPISecondDerivative(p.dims, p.sampling, p.kind, p.edge, comm, p.dtype),
                    Layouts.scatterOrBroadcast(n), Layouts.scatterOrBroadcast(n));
        }));
        out.add(check("MPILaplacian", 2, 3, true, (p, r, comm) -> {
            long n = p.size();
            int[] axes = axes(r, p.dims.length);
            return Subject.of(new MPILaplacian(p.dims, axes, weights(r, axes.length), weights(r, axes.length),
                    p.edge, p.kind, comm, p.dtype), Layouts.scatterOrBroadcast(n), Layouts.scatterOrBroadcast(n));
        }));
        out.add(check("MPIGradient", 1, 3, true, (p, r, comm) -> {
            long n = p.size();
            List<Layout> comps = new ArrayList<>();
            for (int a = 0; a < p.dims.length; a++) {
                comps.add(Layouts.scatter(n)); // the adjoint takes SCATTER components only
            }
            return Subject.of(new MPIGradient(p.dims, weights(r, p.dims.length), p.edge, p.kind, comm, p.dtype),
                    Layouts.scatterOrBroadcast(n), Layouts.stacked(comps));
        }));
        out.add(check("FirstDerivative", 1, 3, true, (p, r, comm) -> serial(comm, p,
                new FirstDerivative(p.dims, r.nextInt(p.dims.length), p.sampling, p.kind, p.edge, p.order, p.dtype))));
        out.add(check("SecondDerivative", 1, 3, true, (p, r, comm) -> serial(comm, p,
                new SecondDerivative(p.dims, r.nextInt(p.dims.length), p.sampling, p.kind, p.edge, p.dtype))));
        out.add(check("Laplacian", 2, 3, true, (p, r, comm) -> {
            int[] axes = axes(r, p.dims.length);
            return serial(comm, p, new Laplacian(p.dims, axes, weights(r, axes.length), weights(r, axes.length),
                    p.edge, p.kind, p.dtype));
        }));
        out.add(check("Gradient", 1, 3, true, (p, r, comm) -> serial(comm, p,
                new Gradient(p.dims, weights(r, p.dims.length), p.edge, p.kind, p.dtype))));
        out.add(check("MPINonStationaryConvolve1D", 1, 1, false, (p, r, comm) -> {
            // its own 1-d length: intervals of a few vectors each, so that the vector loops run
            // (float64), besides outputs that cross an interval, the ends and the ghost rows
            int half = Draws.between(r, 0, 7);
            int nh = Draws.between(r, 1, 4);
            long dh = 4L * (2 * half + 4) + r.nextInt(40);
            long oh = r.nextInt((int) dh);
            long n = oh + (nh - 1) * dh + 1 + r.nextInt(200);
            double[][] hs = new double[nh][2 * half + 1];
            long[] ih = new long[nh];
            for (int k = 0; k < nh; k++) {
                ih[k] = oh + k * dh;
                for (int q = 0; q <= 2 * half; q++) {
                    hs[k][q] = r.nextDouble(-1, 1);
                }
            }
            return Subject.of(new MPINonStationaryConvolve1D(new long[] {n}, hs, ih, 0, comm, p.dtype,
                    MPINonStationaryConvolve1D.Options.ANY_SPLIT), Layouts.scatter(n), Layouts.scatter(n));
        }));
        return out;
    }

    private static Subject serial(Communicator comm, Shape p, org.jlops.mpi.ops.LocalOperator op) {
        return Subject.of(MPILinearOperator.asMpiLinearOperator(op, comm), Layouts.broadcast(op.cols()),
                Layouts.broadcast(op.rows()));
    }

    /** A non-empty random subset of the axes, each as itself or counted from the end. */
    private static int[] axes(SplittableRandom r, int ndim) {
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < ndim; a++) {
            if (r.nextInt(4) > 0) {
                axes.add(r.nextBoolean() ? a : a - ndim);
            }
        }
        if (axes.isEmpty()) {
            axes.add(r.nextInt(ndim));
        }
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Random weights or samplings, one per axis. */
    private static double[] weights(SplittableRandom r, int k) {
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = Draws.oneOf(r, 1.0, 0.7, 2.0, 0.4);
        }
        return w;
    }

    /** The global parameters of a stencil case. */
    private record Shape(long[] dims, double sampling, DerivativeKind kind, boolean edge, int order, DType dtype) {

        /**
         * Random parameters: the first and last axes 3 to 45 long (a few vectors of any lane count
         * and a tail of any length), a middle axis 1 to 4; {@code everyAxis}: every axis long
         * enough for the edge formulas.
         */
        static Shape draw(SplittableRandom r, int size, int minNdim, int maxNdim, boolean everyAxis) {
            int ndim = Draws.between(r, minNdim, maxNdim);
            DerivativeKind kind = Draws.oneOf(r, DerivativeKind.values());
            int order = kind == DerivativeKind.CENTERED && r.nextBoolean() ? 5 : 3;
            boolean edge = r.nextBoolean();
            long[] dims = new long[ndim];
            int reach = order == 5 ? 5 : 3;
            for (int a = 0; a < ndim; a++) {
                boolean outerAxis = a == 0 || a == ndim - 1;
                int min = a == 0 || everyAxis ? reach : 1;
                dims[a] = Draws.between(r, min, outerAxis ? min + 6 * size + 6 : Math.max(min, 4));
            }
            return new Shape(dims, Draws.oneOf(r, 1.0, 0.5, 2.5), kind, edge, order, Draws.dtype(r));
        }

        long size() {
            return Arrays.stream(dims).reduce(1, (x, y) -> x * y);
        }

        @Override
        public String toString() {
            return dtype + " dims=" + Arrays.toString(dims) + " " + kind + " order=" + order + " edge=" + edge
                    + " sampling=" + sampling;
        }
    }

    private static Check check(String subject, int minNdim, int maxNdim, boolean everyAxis, Draw draw) {
        return Check.of(NAME, subject, (comm, c, probe) -> {
            SplittableRandom r = new SplittableRandom(c.seed());
            Shape p = Shape.draw(r, c.size(), minNdim, maxNdim, everyAxis);
            Subject s = draw.build(p, r, comm);
            probe.describe(p + " on " + Engine.host().stencils().implementation() + " vs scalar loops");
            NdArray x = Draws.values(r, p.dtype, s.op().cols());
            NdArray y = Draws.values(r, p.dtype, s.op().rows());
            DistributedVector xd = s.model().place(x, comm, r);
            DistributedVector yd = s.data().place(y, comm, r);
            // the same operator on the same distributed inputs, once per path
            double[] ax = Vectors.gather(s.op().matvec(xd));
            double[] ahy = Vectors.gather(s.op().rmatvec(yd));
            double[] axScalar = scalar(() -> Vectors.gather(s.op().matvec(xd)));
            double[] ahyScalar = scalar(() -> Vectors.gather(s.op().rmatvec(yd)));
            probe.identical("A x, scalar loops vs " + Engine.host().stencils().implementation(), axScalar, ax);
            probe.identical("A^H y, scalar loops vs " + Engine.host().stencils().implementation(), ahyScalar, ahy);
        });
    }

    /** {@code task} on this rank with the host's scalar stencil loops (every rank calls it: products are collective). */
    private static double[] scalar(Supplier<double[]> task) {
        return StencilKernels.onScalarPath(task);
    }
}
