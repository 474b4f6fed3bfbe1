package org.jlops.mpi.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.Reductions;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.basic.MPIHalo;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.Conj;
import org.jlops.mpi.ops.serial.Convolve1D;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.signal.MPIFFT2D;
import org.jlops.mpi.ops.signal.MPIFredholm1;
import org.jlops.mpi.ops.signal.MPINonStationaryConvolve1D;
import org.jlops.mpi.ops.serial.Diagonal;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.Flip;
import org.jlops.mpi.ops.serial.Fredholm1;
import org.jlops.mpi.ops.serial.FunctionOperator;
import org.jlops.mpi.ops.serial.Gradient;
import org.jlops.mpi.ops.serial.Identity;
import org.jlops.mpi.ops.serial.Laplacian;
import org.jlops.mpi.ops.serial.Pad;
import org.jlops.mpi.ops.serial.Restriction;
import org.jlops.mpi.ops.serial.Roll;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.serial.SecondDerivative;
import org.jlops.mpi.ops.serial.Smoothing1D;
import org.jlops.mpi.ops.serial.Sum;
import org.jlops.mpi.ops.serial.Transpose;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.jlops.mpi.solvers.CG;
import org.jlops.mpi.solvers.CGLS;
import org.jlops.mpi.solvers.FISTA;
import org.jlops.mpi.solvers.ISTA;
import org.jlops.mpi.solvers.IterationListener;

/**
 * The cases that run alike on every engine: array operations and distributed operators applied to
 * arrays on the host engine and to the same arrays on another engine ({@link FencedEngine} here,
 * {@code Engine.cuda()} on a GPU), whose results must agree (bit for bit on the fenced engine,
 * within rtol 1e-12 float64 / 1e-5 float32 on a GPU). One list, so the same cases run on both.
 *
 * <p>Every case takes its operands on one engine and returns a result that {@link #toHost} turns
 * into host values; {@link #compare} says whether two such values agree. The only host transfers
 * are the explicit ones of {@link #onEngine} and {@link #toHost}.
 */
public final class EngineCases {

    private EngineCases() {
    }

    /** An operation on two arrays of one engine and one layout, returning an array, a scalar or a host array. */
    @FunctionalInterface
    public interface ArrayOp {
        /**
         * Applies the operation.
         *
         * @param x (Input) the first operand; not modified
         * @param y (Input) the second operand, of {@code x}'s layout; not modified
         * @return the result
         */
        Object apply(DistributedArray x, DistributedArray y);
    }

    /**
     * A named array operation.
     *
     * @param name      what it does
     * @param transfers the explicit host transfers its contract makes on a non-host engine (a result
     *                  delivered on the host: one per gathered array), 0 for the rest
     * @param op        the operation
     */
    public record ArrayCase(String name, int transfers, ArrayOp op) {

        /**
         * A case that moves nothing to or from the host.
         *
         * @param name what it does
         * @param op   the operation
         */
        public ArrayCase(String name, ArrayOp op) {
            this(name, 0, op);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A distributed operator with a model vector on the host engine.
     *
     * @param op the operator
     * @param x  a model vector of the operator, on the host engine
     */
    public record Built(DistributedOperator<?> op, DistributedArray x) {

        /**
         * The forward or adjoint product.
         *
         * @param v       (Input) an operand of the operator; not modified
         * @param adjoint the adjoint product
         * @return the product
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public DistributedVector apply(DistributedVector v, boolean adjoint) {
            DistributedOperator o = op;
            return adjoint ? o.rmatvec(v) : o.matvec(v);
        }
    }

    /**
     * A named operator, built on a communicator at a dtype.
     *
     * @param name    the operator in words
     * @param refusal null when the operator runs on every engine; else a part of the message of the
     *                {@link IllegalArgumentException} its products give on a non-host engine (the
     *                forward, then the adjoint, may refuse)
     * @param build   builds it, with its model vector, on every rank of a communicator; null where
     *                the rank count does not suit it
     */
    public record OperatorCase(String name, String refusal, Function<Communicator, Built> build) {

        /**
         * An operator that runs on every engine.
         *
         * @param name  the operator in words
         * @param build builds it, with its model vector
         */
        public OperatorCase(String name, Function<Communicator, Built> build) {
            this(name, null, build);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The element-wise, reduction and layout operations of {@code DistributedArray} and friends. */
    public static List<ArrayCase> arrayCases() {
        List<ArrayCase> c = new ArrayList<>();
        c.add(new ArrayCase("negate", (x, y) -> x.negate()));
        c.add(new ArrayCase("add", (x, y) -> x.add(y)));
        c.add(new ArrayCase("subtract", (x, y) -> x.subtract(y)));
        c.add(new ArrayCase("multiply", (x, y) -> x.multiply(y)));
        c.add(new ArrayCase("multiply(s)", (x, y) -> x.multiply(-1.75)));
        c.add(new ArrayCase("multiply(re, im)", (x, y) -> x.multiply(0.5, -2)));
        c.add(new ArrayCase("iadd", (x, y) -> x.copy().iadd(y)));
        c.add(new ArrayCase("isub", (x, y) -> x.copy().isub(y)));
        c.add(new ArrayCase("imultiply", (x, y) -> x.copy().imultiply(3, 1)));
        c.add(new ArrayCase("iaxpy", (x, y) -> x.copy().iaxpy(0.25, -1, y)));
        c.add(new ArrayCase("iaypx", (x, y) -> x.copy().iaypx(-0.5, 2, y)));
        c.add(new ArrayCase("add(out)", (x, y) -> x.add(y, x.zerosLike())));
        c.add(new ArrayCase("copyTo", (x, y) -> x.copyTo(y.zerosLike())));
        c.add(new ArrayCase("conj", (x, y) -> x.conj()));
        c.add(new ArrayCase("copy", (x, y) -> x.copy()));
        c.add(new ArrayCase("zerosLike", (x, y) -> x.zerosLike()));
        c.add(new ArrayCase("fill", (x, y) -> {
            DistributedArray z = x.copy();
            z.fill(2.5, -1);
            return z;
        }));
        c.add(new ArrayCase("dot", (x, y) -> x.dot(y, false)));
        c.add(new ArrayCase("vdot", (x, y) -> x.dot(y, true)));
        c.add(new ArrayCase("iaxpyDot", (x, y) -> {
            DistributedArray z = x.copy();
            double d = z.iaxpyDot(0.5, 0, y);
            return List.of(z, d);
        }));
        for (double ord : new double[] {2, 1, 0, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            c.add(new ArrayCase("norm(" + ord + ")", (x, y) -> x.norm(ord)));
        }
        c.add(new ArrayCase("norm()", (x, y) -> x.norm()));
        c.add(new ArrayCase("norm(2, axis 0)", (x, y) -> x.norm(2, 0)));
        c.add(new ArrayCase("norm(inf, last axis)", (x, y) -> x.norm(Double.POSITIVE_INFINITY, x.ndim() - 1)));
        c.add(new ArrayCase("Reductions.norms", (x, y) -> Reductions.norms(x, 2, y, 1)));
        c.add(new ArrayCase("asArray", 1, (x, y) -> x.asArray()));
        c.add(new ArrayCase("addGhostCells", 1, (x, y) -> x.addGhostCells(1, 1)));
        c.add(new ArrayCase("BROADCAST copy, asArray", 1, (x, y) -> DistributedArray.builder(x.communicator(),
                x.globalShape()).partition(Partition.BROADCAST).dtype(x.dtype()).engine(x.engine()).build().asArray()));
        c.add(new ArrayCase("redistribute(last)", (x, y) -> x.redistribute(x.ndim() - 1)));
        c.add(new ArrayCase("ravel", (x, y) -> x.ravel()));
        c.add(new ArrayCase("astype(same)", (x, y) -> x.astype(x.dtype())));
        for (DType to : DType.values()) {
            c.add(new ArrayCase("astype(" + to + ")", (x, y) -> x.astype(to)));
        }
        c.add(new ArrayCase("soft", (x, y) -> ElementMaps.soft(x, 0.5, x.zerosLike())));
        c.add(new ArrayCase("hard", (x, y) -> ElementMaps.hard(x, 0.5, x.zerosLike())));
        c.add(new ArrayCase("half", (x, y) -> ElementMaps.half(x, 0.5, x.zerosLike())));
        c.add(new ArrayCase("shrinkToBall", (x, y) -> ElementMaps.shrinkToBall(x, 0.75, x.zerosLike())));
        c.add(new ArrayCase("clip", (x, y) -> x.dtype().isComplex() ? "complex" : ElementMaps.clip(x, -0.5, 0.5,
                x.zerosLike())));
        c.add(new ArrayCase("countOutside", (x, y) -> x.dtype().isComplex() ? 0L : ElementMaps.countOutside(x, -0.5,
                0.5)));
        c.add(new ArrayCase("stacked add", (x, y) -> StackedDistributedArray.of(x, y).add(StackedDistributedArray.of(y,
                x))));
        c.add(new ArrayCase("stacked iaxpy", (x, y) -> StackedDistributedArray.of(x.copy(), y.copy()).iaxpy(0.5, 0,
                StackedDistributedArray.of(y, x))));
        c.add(new ArrayCase("stacked dot", (x, y) -> StackedDistributedArray.of(x, y).dot(StackedDistributedArray.of(y,
                x), true)));
        c.add(new ArrayCase("stacked norm", (x, y) -> StackedDistributedArray.of(x, y).norm(2)));
        c.add(new ArrayCase("stacked norm(inf)", (x, y) -> StackedDistributedArray.of(x, y).norm(
                Double.POSITIVE_INFINITY)));
        c.add(new ArrayCase("masked view, asArray(masked)", 1, (x, y) -> {
            int[] mask = new int[x.size()];
            Arrays.setAll(mask, r -> r % 2);
            return DistributedArray.builder(x.communicator(), x.globalShape()).like(x).mask(mask).dtype(x.dtype())
                    .engine(x.engine()).localShapes(x.localShapes()).localBuffer(x.localBuffer()).build().asArray(true);
        }));
        c.add(new ArrayCase("resplit to rank 0", (x, y) -> {
            if (x.ndim() != 1) {
                return "n-d";
            }
            long[] counts = new long[x.size()];
            counts[0] = x.globalSize();
            return x.resplit(counts);
        }));
        c.add(new ArrayCase("localEntry", (x, y) -> x.localSize() == 0 ? "empty" : x.localEntry(x.localSize() - 1)));
        c.add(new ArrayCase("stacked set", (x, y) -> {
            StackedDistributedArray s = StackedDistributedArray.of(x.copy(), y.copy());
            s.set(0, y);
            return s;
        }));
        c.add(new ArrayCase("stacked asArray", 2, (x, y) -> StackedDistributedArray.of(x, y).asArray()));
        return c;
    }

    /**
     * The distributed operators of the derivative, stencil, stacking, halo and matrix families, at
     * {@code dt}, built for any rank count (MPIMatrixMult only on square grids: 1, 4, ... ranks).
     *
     * @param dt the dtype (float32, float64, complex64 or complex128)
     * @return the cases
     */
    public static List<OperatorCase> operatorCases(DType dt) {
        long[] dims = {29, 11};
        long n = dims[0] * dims[1];
        List<OperatorCase> c = new ArrayList<>();
        for (DerivativeKind kind : DerivativeKind.values()) {
            c.add(new OperatorCase("MPIFirstDerivative " + kind + " " + dt, comm -> new Built(
                    new MPIFirstDerivative(dims, 0.5, kind, true, 3, comm, dt), model(comm, dt, n, 1))));
            c.add(new OperatorCase("MPISecondDerivative " + kind + " " + dt, comm -> new Built(
                    new MPISecondDerivative(dims, 0.5, kind, false, comm, dt), model(comm, dt, n, 2))));
            c.add(new OperatorCase("MPILaplacian " + kind + " " + dt, comm -> new Built(
                    new MPILaplacian(dims, new int[] {0, 1}, new double[] {1, 0.7}, new double[] {1, 0.4}, false, kind,
                            comm, dt), model(comm, dt, n, 3))));
        }
        c.add(new OperatorCase("MPIFirstDerivative order 5 " + dt, comm -> new Built(
                new MPIFirstDerivative(dims, 0.25, DerivativeKind.CENTERED, false, 5, comm, dt), model(comm, dt, n, 4))));
        c.add(new OperatorCase("MPIGradient " + dt, comm -> new Built(
                new MPIGradient(dims, 0.5, true, DerivativeKind.CENTERED, comm, dt), model(comm, dt, n, 5))));
        c.add(new OperatorCase("MPIGradient with a mask " + dt, comm -> new Built(
                new MPIGradient(dims, 0.5, false, DerivativeKind.FORWARD, comm, dt), DistributedArray.toDist(
                        SerialArrays.random(dt, 1011, 0, 1, n), comm, Partition.SCATTER, 0, null, halves(comm)))));
        c.add(new OperatorCase("MPIBlockDiag with a mask " + dt, comm -> new Built(new MPIBlockDiag(List.of(
                new FirstDerivative(new long[] {5, 2}, 1, 1, DerivativeKind.FORWARD, false, 3, dt)), comm,
                halves(comm), dt), DistributedArray.toDist(SerialArrays.random(dt, 1012, 0, 1, 10L * comm.size()), comm,
                Partition.SCATTER, 0, null, halves(comm)))));
        c.add(new OperatorCase("asMpiLinearOperator(FirstDerivative) " + dt, comm -> new Built(
                MPILinearOperator.asMpiLinearOperator(new FirstDerivative(new long[] {12}, 0, 1, DerivativeKind.CENTERED,
                        true, 3, dt), comm), replicated(comm, dt, 12, 13))));
        c.add(new OperatorCase("MPIHalo " + dt, comm -> {
            long[] hd = {3L * comm.size() + 2, 7};
            MPIHalo op = new MPIHalo(hd, 1, new int[] {comm.size(), 1}, comm, dt);
            return new Built(op, op.toModel(SerialArrays.random(dt, 1006, 0, 1, hd)));
        }));
        c.add(new OperatorCase("MPIBlockDiag of serial derivatives " + dt, comm -> {
            List<LocalOperator> ops = List.of(new FirstDerivative(new long[] {6, 3}, 0, 1, DerivativeKind.CENTERED, true,
                    3, dt), new SecondDerivative(new long[] {5}, 0, 1, DerivativeKind.FORWARD, false, dt),
                    new Identity(4, 4, dt));
            return new Built(new MPIBlockDiag(ops, comm), model(comm, dt, 27L * comm.size(), 7));
        }));
        c.add(new OperatorCase("MPIBlockDiag of serial stencils " + dt, comm -> {
            long[] sd = {4, 5};
            List<LocalOperator> ops = List.of(new Convolve1D(sd, new double[] {0.5, -1, 2, 0.25}, 1, 1, dt),
                    new Smoothing1D(3, sd, 0, dt), new Laplacian(sd, new int[] {0, 1}, new double[] {1, 2},
                            new double[] {1, 0.5}, true, DerivativeKind.CENTERED, dt),
                    new Gradient(sd, 0.5, false, DerivativeKind.FORWARD, dt));
            return new Built(new MPIBlockDiag(ops, comm), model(comm, dt, 80L * comm.size(), 14));
        }));
        c.add(new OperatorCase("MPIBlockDiag of Diagonal " + dt, comm -> {
            NdArray d = SerialArrays.random(dt, 50 + comm.rank(), 1, 0.5, 9);
            return new Built(new MPIBlockDiag(List.of(new Diagonal(d)), comm), model(comm, dt, 9L * comm.size(), 8));
        }));
        c.add(new OperatorCase("MPIVStack of serial derivatives " + dt, "reproducible tree sum on the host", comm -> new Built(new MPIVStack(List.of(
                new FirstDerivative(new long[] {8, 2}, 0, 1, DerivativeKind.BACKWARD, false, 3, dt),
                new SecondDerivative(new long[] {8, 2}, 1, 1, DerivativeKind.CENTERED, false, dt)), comm),
                replicated(comm, dt, 16, 9))));
        c.add(new OperatorCase("MPIHStack of serial derivatives " + dt, "reproducible tree sum on the host", comm -> new Built(new MPIHStack(List.of(
                new FirstDerivative(new long[] {8, 2}, 0, 1, DerivativeKind.BACKWARD, false, 3, dt),
                new Identity(16, 16, dt)), comm), model(comm, dt, 32L * comm.size(), 10))));
        if (dt == DType.COMPLEX128) {                                     // host-only operators: they must say so
            String refusal = "computes on host arrays and has no kernel on engine";
            c.add(new OperatorCase("MPIFFT2D " + dt, refusal, comm -> new Built(new MPIFFT2D(new long[] {8, 6}, comm),
                    model(comm, dt, 48, 30))));
            c.add(new OperatorCase("MPINonStationaryConvolve1D FLOAT64", refusal, comm -> {
                double[][] hs = new double[comm.size()][];
                long[] ih = new long[comm.size()];
                for (int r = 0; r < hs.length; r++) {
                    hs[r] = new double[] {1, 2 + r, 1};
                    ih[r] = 12L * r + 6;                                  // one filter in every rank's samples
                }
                return new Built(new MPINonStationaryConvolve1D(new long[] {12L * comm.size()}, hs, ih, comm),
                        model(comm, DType.FLOAT64, 12L * comm.size(), 31));
            }));
            c.add(new OperatorCase("MPIBlockDiag of a FunctionOperator " + dt, refusal, comm -> {
                FunctionOperator.Product copy = (in, out) -> {
                    for (long k = 0; k < in.size(); k++) {
                        out.set(k, in.re(k), in.im(k));
                    }
                };
                return new Built(new MPIBlockDiag(List.of(FunctionOperator.of(new long[] {6}, new long[] {6}, dt, copy,
                        copy)), comm), model(comm, dt, 6L * comm.size(), 36));
            }));
        }
        c.add(new OperatorCase("MPIBlockDiag of Fredholm1 " + dt, comm -> new Built(new MPIBlockDiag(List.of(
                new Fredholm1(SerialArrays.random(dt, 70 + comm.rank(), 0, 1, 2, 3, 4), 2)), comm),
                model(comm, dt, 16L * comm.size(), 32))));
        c.add(new OperatorCase("MPIFredholm1 " + dt, comm -> new Built(new MPIFredholm1(
                SerialArrays.random(dt, 80 + comm.rank(), 0, 1, 2, 3, 4), 2, comm, dt),
                replicated(comm, dt, 16L * comm.size(), 33))));
        c.add(new OperatorCase("MPIBlockDiag of index shuffles " + dt, comm -> {
            long[] sd = {4, 3};
            List<LocalOperator> ops = new ArrayList<>(List.of(new Restriction(sd, new int[] {2, 0, 2, 3}, 0, dt),
                    new Flip(sd, 1, dt), new Roll(sd, 0, -1, dt), new Restriction(sd, new int[] {1, 2}, 1, dt),
                    new Pad(new long[] {2, 3}, new long[][] {{1, 0}, {0, 1}}, dt), new Sum(sd, 0, dt),
                    new Transpose(sd, new int[] {1, 0}, dt)));
            if (!dt.isComplex()) {
                ops.add(new Conj(sd, dt));          // conjugation is not complex-linear: no complex dot-test
            }
            long size = 0;
            for (LocalOperator op : ops) {
                size += op.cols();
            }
            return new Built(new MPIBlockDiag(ops, comm), model(comm, dt, size * comm.size(), 35));
        }));
        c.add(new OperatorCase("MPIBlockDiag of MatrixMult " + dt, comm -> new Built(new MPIBlockDiag(List.of(
                new MatrixMult(SerialArrays.random(dt, 90 + comm.rank(), 0, 1, 6, 5)),
                new MatrixMult(SerialArrays.random(dt, 95 + comm.rank(), 0, 1, 4, 3), new long[] {2}, dt)), comm),
                model(comm, dt, 11L * comm.size(), 34))));
        c.add(new OperatorCase("MPIMatrixMult SUMMA " + dt, comm -> {
            int p = (int) Math.round(Math.sqrt(comm.size()));
            if (p * p != comm.size()) {
                return null;
            }
            MPIMatrixMult op = new MPIMatrixMult(SerialArrays.random(dt, 60 + comm.rank(), 0, 1, 7, 5), 4, comm,
                    MPIMatrixMult.Options.of(MPIMatrixMult.Kind.SUMMA).withDtype(dt));
            return new Built(op, DistributedArray.builder(comm, op.cols()).dtype(dt).localSizes(op.modelSizes())
                    .build());
        }));
        return c;
    }

    /** The solvers {@link #iterates} runs. */
    public enum Solver {
        /** CGLS from zero, no damping. */
        CGLS,
        /** CG from zero (the operator must be Hermitian positive definite). */
        CG,
        /** ISTA from zero, soft threshold, eps 0.1, the step from a seeded power iteration. */
        ISTA,
        /** FISTA as ISTA. */
        FISTA
    }

    /**
     * The operators of the solver checks at {@code dt}: MPIFirstDerivative, an MPIBlockDiag of
     * serial derivatives, and an MPIBlockDiag of a positive real Diagonal (Hermitian positive
     * definite, for CG).
     *
     * @param dt the dtype
     * @return the cases, the HPD one last
     */
    public static List<OperatorCase> solverCases(DType dt) {
        long[] dims = {23, 6};
        return List.of(
                new OperatorCase("MPIFirstDerivative " + dt, comm -> new Built(new MPIFirstDerivative(dims, 1,
                        DerivativeKind.FORWARD, false, 3, comm, dt), model(comm, dt, dims[0] * dims[1], 20))),
                new OperatorCase("MPIBlockDiag of serial derivatives " + dt, comm -> new Built(new MPIBlockDiag(List.of(
                        new FirstDerivative(new long[] {7, 2}, 0, 1, DerivativeKind.CENTERED, true, 3, dt),
                        new SecondDerivative(new long[] {6}, 0, 1, DerivativeKind.CENTERED, false, dt)), comm),
                        model(comm, dt, 20L * comm.size(), 21))),
                new OperatorCase("MPIBlockDiag of a positive Diagonal " + dt, comm -> {
                    NdArray d = SerialArrays.random(DType.FLOAT64, 70 + comm.rank(), 0, 1, 11);
                    for (long k = 0; k < d.size(); k++) {
                        d.set(k, 0.5 + Math.abs(d.re(k)));
                    }
                    return new Built(new MPIBlockDiag(List.of(new Diagonal(d.astype(dt))), comm),
                            model(comm, dt, 11L * comm.size(), 22));
                }));
    }

    /**
     * The iterates of a solver on data {@code y}: after every iteration, its {@code x} as a host
     * value ({@link #toHost}, one explicit transfer per iteration on a non-host engine), and last
     * the solution. Collective.
     *
     * @param solver the solver
     * @param b      the operator
     * @param y      (Input) the data, on the engine to run on; not modified
     * @param niter  the iterations
     * @return the iterates
     */
    @SuppressWarnings("unchecked")
    public static List<Object> iterates(Solver solver, Built b, DistributedVector y, int niter) {
        List<Object> xs = new ArrayList<>();
        IterationListener<DistributedVector> record = state -> xs.add(toHost(state.x()));
        DistributedOperator<DistributedVector> op = (DistributedOperator<DistributedVector>) b.op();
        DistributedVector x = switch (solver) {
            case CGLS -> new CGLS<>(op).callback(record).solve(y, null, niter, 0.0, 0.0).x();
            case CG -> new CG<>(op).callback(record).solve(y, null, niter, 0.0).x();
            case ISTA -> new ISTA<>(op).options(ISTA.options().eps(0.1).eigs(5, 0, 3)).callback(record)
                    .solve(y, null, niter).x();
            case FISTA -> new FISTA<>(op).options(FISTA.options().eps(0.1).eigs(5, 0, 3)).callback(record)
                    .solve(y, null, niter).x();
        };
        xs.add(toHost(x));
        return xs;
    }

    /** The mask {@code r % 2}: two groups. */
    private static int[] halves(Communicator comm) {
        int[] mask = new int[comm.size()];
        Arrays.setAll(mask, r -> r % 2);
        return mask;
    }

    /** A SCATTER model vector of {@code n} elements, balanced split, seeded. */
    private static DistributedArray model(Communicator comm, DType dt, long n, long seed) {
        return DistributedArray.toDist(SerialArrays.random(dt, 1000 + seed, 0, 1, n), comm);
    }

    /** A BROADCAST model vector of {@code n} elements, seeded. */
    private static DistributedArray replicated(Communicator comm, DType dt, long n, long seed) {
        return DistributedArray.toDist(SerialArrays.random(dt, 1000 + seed, 0, 1, n), comm, Partition.BROADCAST, 0);
    }

    /**
     * The same distributed array on engine {@code e}: same layout, its local block copied with one
     * explicit {@link Engine#fromHost} (the identity on the host engine). Collective.
     *
     * @param e    the engine
     * @param host (Input) an array on the host engine; not modified
     * @return the copy on {@code e}
     */
    public static DistributedVector onEngine(Engine e, DistributedVector host) {
        if (host instanceof StackedDistributedArray s) {
            List<DistributedVector> parts = new ArrayList<>();
            for (DistributedVector a : s.arrays()) {
                parts.add(onEngine(e, a));
            }
            return new StackedDistributedArray(parts);
        }
        return onEngine(e, (DistributedArray) host);
    }

    /**
     * {@link #onEngine(Engine, DistributedVector)} of one array. Collective.
     *
     * @param e    the engine
     * @param host (Input) an array on the host engine; not modified
     * @return the copy on {@code e}
     */
    public static DistributedArray onEngine(Engine e, DistributedArray host) {
        DistributedArray d = DistributedArray.builder(host.communicator(), host.globalShape()).like(host).engine(e)
                .localShapes(host.localShapes()).build();
        Buffer src = e.fromHost(host.localBuffer().hostArray(), host.dtype().elementType());
        e.copy(src, 0, d.localBuffer(), 0, src.length());
        return d;
    }

    /**
     * A host value of a result: an array's engine, dtype, local shape and local block (copied with
     * its engine's {@link Engine#toHost}, an explicit transfer), element by element for lists and
     * stacked arrays; other values as they are.
     *
     * @param result (Input) a case's result; not modified
     * @return the host value
     */
    public static Object toHost(Object result) {
        if (result instanceof DistributedArray d) {
            Buffer b = d.localBuffer();
            Object data = b.isHost() ? cloneArray(b.hostArray()) : d.engine().toHost(b);
            return new Local(d.engine().name(), d.dtype(), Arrays.toString(d.localShape()), d.partition(), data);
        }
        if (result instanceof StackedDistributedArray s) {
            List<Object> parts = new ArrayList<>();
            for (var a : s.arrays()) {
                parts.add(toHost(a));
            }
            return parts;
        }
        if (result instanceof List<?> l) {
            List<Object> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(toHost(o));
            }
            return parts;
        }
        if (result instanceof NdArray a) {
            return new Local("host NdArray", a.dtype(), Arrays.toString(a.shape()), null, cloneArray(a.data()));
        }
        if (result instanceof double[] v) {
            return v.clone();
        }
        return result;
    }

    /**
     * A local block on the host: the engine it came from, dtype, shape, partition and values.
     *
     * @param engine    the engine's name
     * @param dtype     the dtype
     * @param shape     the local shape in words
     * @param partition the partition, or null for a host array
     * @param data      the values ({@code double[]} or {@code float[]})
     */
    public record Local(String engine, DType dtype, String shape, Partition partition, Object data) {
    }

    private static Object cloneArray(Object a) {
        return a instanceof double[] d ? d.clone() : ((float[]) a).clone();
    }

    /**
     * Whether two host values ({@link #toHost}) agree: the same structure, dtype, shape and
     * partition, values equal bit for bit ({@code rtol == 0}) or within {@code rtol} of the larger
     * of 1 and the expected magnitude. Arrays compare their engines only when {@code engines} is
     * given: the actual must be on that engine (expected on the host).
     *
     * @param expected (Input) the host engine's value
     * @param actual   (Input) the other engine's value
     * @param rtol     0 for bit-identical, else the relative tolerance
     * @param engine   the name of the engine the actual arrays must be on, or null
     * @return null when they agree, else what differs
     */
    public static String compare(Object expected, Object actual, double rtol, String engine) {
        if (expected instanceof List<?> e && actual instanceof List<?> a) {
            if (e.size() != a.size()) {
                return "sizes " + e.size() + " and " + a.size();
            }
            for (int i = 0; i < e.size(); i++) {
                String d = compare(e.get(i), a.get(i), rtol, engine);
                if (d != null) {
                    return "[" + i + "] " + d;
                }
            }
            return null;
        }
        if (expected instanceof Local e && actual instanceof Local a) {
            if (e.partition() != null && engine != null && !engine.equals(a.engine())) {
                return "the result is on engine " + a.engine() + ", not " + engine;
            }
            if (e.dtype() != a.dtype() || !e.shape().equals(a.shape()) || e.partition() != a.partition()) {
                return "layout " + e.dtype() + " " + e.shape() + " " + e.partition() + " vs " + a.dtype() + " "
                        + a.shape() + " " + a.partition();
            }
            return values(e.data(), a.data(), rtol);
        }
        if (expected instanceof double[] e && actual instanceof double[] a) {
            return values(e, a, rtol);
        }
        if (expected instanceof Complex e && actual instanceof Complex a) {
            return values(new double[] {e.re(), e.im()}, new double[] {a.re(), a.im()}, rtol);
        }
        if (expected instanceof Double e && actual instanceof Double a) {
            return values(new double[] {e}, new double[] {a}, rtol);
        }
        return java.util.Objects.equals(expected, actual) ? null : "values " + expected + " and " + actual;
    }

    private static String values(Object e, Object a, double rtol) {
        int n = java.lang.reflect.Array.getLength(e);
        if (n != java.lang.reflect.Array.getLength(a)) {
            return "lengths " + n + " and " + java.lang.reflect.Array.getLength(a);
        }
        for (int k = 0; k < n; k++) {
            double u = java.lang.reflect.Array.getDouble(e, k);
            double v = java.lang.reflect.Array.getDouble(a, k);
            boolean same = Double.doubleToLongBits(u) == Double.doubleToLongBits(v);
            if (!same && (rtol == 0 || !(Math.abs(u - v) <= rtol * Math.max(1, Math.abs(u))))) {
                return "entry " + k + ": " + u + " vs " + v;
            }
        }
        return null;
    }
}
