package org.jlops.mpi.verify.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.basic.MPIHalo;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.stack.MPIStackedBlockDiag;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.jlops.mpi.ops.stack.MPIVStack;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.testkit.DenseOp;
import org.jlops.mpi.verify.harness.Draws;

/**
 * Every distributed operator of impl with a generator of valid cases and its EJML reference: the
 * list the operator properties run over. Adding an operator = adding one entry to
 * {@link #subjects()}: a name and a generator that draws the global parameters and returns an
 * {@link OperatorCase} whose factory builds the operator, its reference (from the definition, via
 * {@link ReferenceOperators}) and the layouts its vectors accept.
 *
 * <p>The shape of an entry (here a hypothetical distributed diagonal operator):
 *
 * <pre>{@code
 * new OperatorSubject("MPIDiagonal", (r, s) -> {
 *     DType t = Draws.dtype(r);                           // global parameters: drawn from r, np-independent
 *     long n = Draws.between(r, 1, 4 * s);
 *     NdArray d = Draws.values(r, t, n);
 *     return OperatorCase.of(t + " n=" + n, t, (comm, lr) -> Built.of(
 *             new MPIDiagonal(d, comm),                   // the operator under test, built on comm
 *             ReferenceOperators.diagonal(...),           // its EJML matrix, from the definition
 *             Layouts.scatter(n),                         // the layouts matvec accepts
 *             Layouts.scatter(n)));                       // the layouts rmatvec accepts
 * }),
 * }</pre>
 *
 * <p>Anything rank-dependent (which rank holds which block, uneven splits) is drawn from the
 * factory's {@code lr}, never from {@code comm.rank()} alone, so the same case builds the same
 * global operator on any communicator. Serial operators enter through {@link MPIBlockDiag} (see
 * {@link #blockDiag}) or {@link MPILinearOperator#asMpiLinearOperator}. Every property of
 * {@code OperatorProperties} then runs on the new entry, in one JVM and under mpirun.
 *
 * <p>Sizes: the size hint {@code s} (1..6 in CI) bounds dimensions and block counts, so the dense
 * references stay small.
 */
public final class OperatorCatalog {

    private OperatorCatalog() {
    }

    /** Every subject, in report order. */
    public static List<OperatorSubject> subjects() {
        return List.of(
                new OperatorSubject("MPIBlockDiag", (r, s) -> blockDiag(r, s)),
                new OperatorSubject("MPIBlockDiag(MatrixMult)", (r, s) -> blockDiagMatrixMult(r, s)),
                new OperatorSubject("MPIVStack", (r, s) -> vstack(r, s)),
                new OperatorSubject("MPIHStack", (r, s) -> hstack(r, s)),
                new OperatorSubject("MPIFirstDerivative", (r, s) -> firstDerivative(r, s)),
                new OperatorSubject("MPISecondDerivative", (r, s) -> secondDerivative(r, s)),
                new OperatorSubject("MPILaplacian", (r, s) -> laplacian(r, s)),
                new OperatorSubject("MPIGradient", (r, s) -> gradient(r, s)),
                new OperatorSubject("MPIStackedBlockDiag", (r, s) -> stackedBlockDiag(r, s)),
                new OperatorSubject("MPIStackedVStack", (r, s) -> stackedVStack(r, s)),
                new OperatorSubject("asMpiLinearOperator(FirstDerivative)", (r, s) -> wrappedSerial(r, s)),
                new OperatorSubject("(a*D1+D2)*L^H", (r, s) -> composite(r, s)),
                // the adjoint adds ghost layers back into their owners' cells: which terms meet in one
                // addition depends on the process grid, so only this subject's sums are not bitwise
                new OperatorSubject("MPIHalo.sandwich(FirstDerivative)", (r, s) -> haloSandwich(r, s), false),
                // both kinds sum partial products over a split that depends on the rank count: SUMMA
                // adds p' products over the K blocks of its grid, BLOCK's adjoint allreduces the p'
                // products of a grid row; so only these dense subjects compare to the tolerance
                new OperatorSubject("MPIMatrixMult(SUMMA)", (r, s) -> DenseSubjects.matrixMult(r, s, Kind.SUMMA),
                        false),
                new OperatorSubject("MPIMatrixMult(BLOCK)", (r, s) -> DenseSubjects.matrixMult(r, s, Kind.BLOCK),
                        false),
                // every slice is one product on the rank holding it, whatever the split: bitwise
                new OperatorSubject("MPIFredholm1", (r, s) -> DenseSubjects.fredholm1(r, s)),
                // every transformed line is one FFT on the rank holding it whole, whatever the split: bitwise
                new OperatorSubject("MPIFFTND", (r, s) -> SpectralSubjects.fftnd(r, s)),
                new OperatorSubject("MPIFFT2D", (r, s) -> SpectralSubjects.fft2d(r, s)),
                // every output row is summed by the rank holding it, in the serial order: bitwise
                new OperatorSubject("MPINonStationaryConvolve1D", (r, s) -> SpectralSubjects.nonStationary(r, s)),
                // every frequency is one product on the rank holding it; the FFTs run whole on every rank: bitwise
                new OperatorSubject("MPIMDC", (r, s) -> SpectralSubjects.mdc(r, s)),
                // the serial signal and shaping operators, each as the blocks of an MPIBlockDiag
                new OperatorSubject("MPIBlockDiag(Convolve1D)", (r, s) -> SerialSubjects.convolve1d(r, s)),
                new OperatorSubject("MPIBlockDiag(Smoothing1D)", (r, s) -> SerialSubjects.smoothing1d(r, s)),
                new OperatorSubject("MPIBlockDiag(PoststackLinearModelling)", (r, s) -> SerialSubjects.poststack(r, s)),
                new OperatorSubject("MPIBlockDiag(Restriction)", (r, s) -> SerialSubjects.restriction(r, s)),
                new OperatorSubject("MPIBlockDiag(Flip)", (r, s) -> SerialSubjects.flip(r, s)),
                new OperatorSubject("MPIBlockDiag(Roll)", (r, s) -> SerialSubjects.roll(r, s)),
                new OperatorSubject("MPIBlockDiag(Sum)", (r, s) -> SerialSubjects.sum(r, s)),
                new OperatorSubject("MPIBlockDiag(Transpose)", (r, s) -> SerialSubjects.transpose(r, s)),
                new OperatorSubject("MPIBlockDiag(Pad)", (r, s) -> SerialSubjects.pad(r, s)),
                new OperatorSubject("MPIBlockDiag(FunctionOperator)", (r, s) -> SerialSubjects.function(r, s)));
    }

    /**
     * The subject called {@code name}.
     *
     * @param name the name
     * @return the subject
     * @throws IllegalArgumentException naming the known subjects when there is none of that name
     */
    public static OperatorSubject subject(String name) {
        for (OperatorSubject s : subjects()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("name: no operator subject '" + name + "'; known: "
                + subjects().stream().map(OperatorSubject::name).toList());
    }

    // ------------------------------------------------------------------------------ block operators

    /** The global list of k blocks and the way they are dealt out to the ranks of a communicator. */
    record Blocks(List<DenseOp> all) {

        static Blocks random(SplittableRandom r, DType t, int k, int s, long fixedRows, long fixedCols) {
            List<DenseOp> list = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                long m = fixedRows > 0 ? fixedRows : Draws.between(r, 1, s + 1);
                long n = fixedCols > 0 ? fixedCols : Draws.between(r, 1, s + 1);
                list.add(new DenseOp(Draws.values(r, t, m, n)));
            }
            return new Blocks(list);
        }

        /** This rank's blocks: consecutive runs of the global list, counts drawn (ranks may get none). */
        List<LocalOperator> mine(Communicator comm, SplittableRandom r) {
            long[] counts = Draws.split(r, all.size(), comm.size());
            long start = 0;
            for (int p = 0; p < comm.rank(); p++) {
                start += counts[p];
            }
            return new ArrayList<>(all.subList((int) start, (int) (start + counts[comm.rank()])));
        }

        List<DenseOperator> references() {
            return all.stream().map(DenseOp::reference).toList();
        }

        long rows() {
            return all.stream().mapToLong(DenseOp::rows).sum();
        }

        long cols() {
            return all.stream().mapToLong(DenseOp::cols).sum();
        }

        @Override
        public String toString() {
            return all.size() + " blocks " + all.stream().map(b -> b.rows() + "x" + b.cols()).toList();
        }
    }

    static OperatorCase blockDiag(SplittableRandom r, int s) {
        DType t = Draws.dtype(r);
        Blocks b = Blocks.random(r, t, Draws.between(r, 1, s + 1), s, 0, 0);
        return OperatorCase.of(t + " " + b, t, (comm, lr) -> Built.of(new MPIBlockDiag(b.mine(comm, lr), comm, null, t),
                ReferenceOperators.blockDiag(b.references()), Layouts.scatter(b.cols()), Layouts.scatter(b.rows())));
    }

    /** The same blocks as {@link #blockDiag} through the library's dense product (BLAS for real types). */
    static OperatorCase blockDiagMatrixMult(SplittableRandom r, int s) {
        DType t = Draws.dtype(r);
        Blocks b = Blocks.random(r, t, Draws.between(r, 1, s + 1), s, 0, 0);
        return OperatorCase.of(t + " " + b, t, (comm, lr) -> {
            List<LocalOperator> mine = new ArrayList<>();
            for (LocalOperator o : b.mine(comm, lr)) {
                mine.add(new MatrixMult(((DenseOp) o).matrix(), null, t));
            }
            return Built.of(new MPIBlockDiag(mine, comm, null, t), ReferenceOperators.blockDiag(b.references()),
                    Layouts.scatter(b.cols()), Layouts.scatter(b.rows()));
        });
    }

    static OperatorCase vstack(SplittableRandom r, int s) {
        DType t = Draws.dtype(r);
        long n = Draws.between(r, 1, s + 1);
        Blocks b = Blocks.random(r, t, Draws.between(r, 1, s + 1), s, 0, n);
        return OperatorCase.of(t + " " + b, t, (comm, lr) -> Built.of(new MPIVStack(b.mine(comm, lr), comm, t),
                ReferenceOperators.vstack(b.references()), Layouts.broadcast(n), Layouts.scatter(b.rows())));
    }

    static OperatorCase hstack(SplittableRandom r, int s) {
        DType t = Draws.dtype(r);
        long m = Draws.between(r, 1, s + 1);
        Blocks b = Blocks.random(r, t, Draws.between(r, 1, s + 1), s, m, 0);
        return OperatorCase.of(t + " " + b, t, (comm, lr) -> Built.of(new MPIHStack(b.mine(comm, lr), comm, t),
                ReferenceOperators.hstack(b.references()), Layouts.scatter(b.cols()), Layouts.broadcast(m)));
    }

    // ------------------------------------------------------------------------------ derivatives

    /** Parameters shared by the derivative subjects. */
    record Stencil(long[] dims, double sampling, DerivativeKind kind, boolean edge, int order, DType dtype) {

        /** Random parameters; {@code everyAxis}: every axis is long enough for the edge formulas. */
        static Stencil random(SplittableRandom r, int s, int minNdim, int maxNdim, boolean everyAxis) {
            int ndim = Draws.between(r, minNdim, maxNdim);
            DerivativeKind kind = Draws.oneOf(r, DerivativeKind.values());
            int order = kind == DerivativeKind.CENTERED && r.nextBoolean() ? 5 : 3;
            boolean edge = r.nextBoolean();
            long[] dims = new long[ndim];
            int min0 = order == 5 ? 5 : 3;
            dims[0] = Draws.between(r, min0, min0 + s);
            for (int a = 1; a < ndim; a++) {
                int min = everyAxis && edge ? 3 : 1;
                dims[a] = Draws.between(r, min, min + Math.min(s, 2));
            }
            return new Stencil(dims, Draws.oneOf(r, 1.0, 0.5, 2.5), kind, edge, order, Draws.dtype(r));
        }

        long n() {
            return Arrays.stream(dims).reduce(1, (x, y) -> x * y);
        }

        org.jlops.mpi.reference.ops.DerivativeKind ref() {
            return org.jlops.mpi.reference.ops.DerivativeKind.valueOf(kind.name());
        }

        @Override
        public String toString() {
            return dtype + " dims=" + Arrays.toString(dims) + " " + kind + " order=" + order + " edge=" + edge
                    + " sampling=" + sampling;
        }
    }

    static OperatorCase firstDerivative(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 1, 3, false);
        return OperatorCase.of(p.toString(), p.dtype(), (comm, lr) -> Built.of(
                new MPIFirstDerivative(p.dims(), p.sampling(), p.kind(), p.edge(), p.order(), comm, p.dtype()),
                ReferenceOperators.firstDerivative(p.dims(), 0, p.sampling(), p.ref(), p.edge(), p.order()),
                Layouts.scatterOrBroadcast(p.n()), Layouts.scatterOrBroadcast(p.n())));
    }

    static OperatorCase secondDerivative(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 1, 3, false);
        return OperatorCase.of(p.toString(), p.dtype(), (comm, lr) -> Built.of(
                new MPISecondDerivative(p.dims(), p.sampling(), p.kind(), p.edge(), comm, p.dtype()),
                ReferenceOperators.secondDerivative(p.dims(), 0, p.sampling(), p.ref(), p.edge()),
                Layouts.scatterOrBroadcast(p.n()), Layouts.scatterOrBroadcast(p.n())));
    }

    static OperatorCase laplacian(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 2, 3, true);
        int ndim = p.dims().length;
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < ndim; a++) {
            if (r.nextInt(3) > 0) {
                axes.add(r.nextBoolean() ? a : a - ndim);
            }
        }
        if (axes.isEmpty()) {
            axes.add(0);
        }
        int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
        double[] w = new double[ax.length];
        double[] smp = new double[ax.length];
        for (int i = 0; i < ax.length; i++) {
            w[i] = Draws.oneOf(r, 1.0, 0.7, 2.0);
            smp[i] = Draws.oneOf(r, 1.0, 0.4, 2.0);
        }
        String d = p + " axes=" + Arrays.toString(ax) + " weights=" + Arrays.toString(w) + " samplings="
                + Arrays.toString(smp);
        return OperatorCase.of(d, p.dtype(), (comm, lr) -> Built.of(
                new MPILaplacian(p.dims(), ax, w, smp, p.edge(), p.kind(), comm, p.dtype()),
                ReferenceOperators.laplacian(p.dims(), ax, w, smp, p.edge(), p.ref()),
                Layouts.scatterOrBroadcast(p.n()), Layouts.scatterOrBroadcast(p.n())));
    }

    static OperatorCase gradient(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 1, 3, true);
        int ndim = p.dims().length;
        double[] smp = new double[ndim];
        for (int a = 0; a < ndim; a++) {
            smp[a] = Draws.oneOf(r, 1.0, 0.5, 2.0);
        }
        List<Layout> comps = new ArrayList<>();
        for (int a = 0; a < ndim; a++) {
            comps.add(Layouts.scatter(p.n())); // the adjoint takes SCATTER components only
        }
        return OperatorCase.of(p + " samplings=" + Arrays.toString(smp), p.dtype(), (comm, lr) -> Built.of(
                new MPIGradient(p.dims(), smp, p.edge(), p.kind(), comm, p.dtype()),
                ReferenceOperators.gradient(p.dims(), smp, p.edge(), p.ref()),
                Layouts.scatterOrBroadcast(p.n()), Layouts.stacked(comps)));
    }

    // ------------------------------------------------------------------------------ stacked and wrapped

    static OperatorCase stackedBlockDiag(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 1, 2, false);
        DType t = p.dtype();
        Blocks b = Blocks.random(r, t, Draws.between(r, 1, s + 1), s, 0, 0);
        return OperatorCase.of("[MPIBlockDiag " + b + ", MPIFirstDerivative " + p + "]", t, (comm, lr) -> {
            MPILinearOperator bd = new MPIBlockDiag(b.mine(comm, lr), comm, null, t);
            MPILinearOperator fd = new MPIFirstDerivative(p.dims(), p.sampling(), p.kind(), p.edge(), p.order(),
                    comm, t);
            DenseOperator ref = ReferenceOperators.blockDiag(List.of(ReferenceOperators.blockDiag(b.references()),
                    ReferenceOperators.firstDerivative(p.dims(), 0, p.sampling(), p.ref(), p.edge(), p.order())));
            return Built.of(new MPIStackedBlockDiag(List.of(bd, fd), comm), ref,
                    Layouts.stacked(List.of(Layouts.scatter(b.cols()), Layouts.scatterOrBroadcast(p.n()))),
                    Layouts.stacked(List.of(Layouts.scatter(b.rows()), Layouts.scatterOrBroadcast(p.n()))));
        });
    }

    static OperatorCase stackedVStack(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 1, 2, false);
        DType t = p.dtype();
        return OperatorCase.of("[MPIFirstDerivative, MPISecondDerivative] " + p, t, (comm, lr) -> {
            MPILinearOperator fd = new MPIFirstDerivative(p.dims(), p.sampling(), p.kind(), p.edge(), p.order(),
                    comm, t);
            MPILinearOperator sd = new MPISecondDerivative(p.dims(), p.sampling(), p.kind(), p.edge(), comm, t);
            DenseOperator ref = ReferenceOperators.vstack(List.of(
                    ReferenceOperators.firstDerivative(p.dims(), 0, p.sampling(), p.ref(), p.edge(), p.order()),
                    ReferenceOperators.secondDerivative(p.dims(), 0, p.sampling(), p.ref(), p.edge())));
            return Built.of(new MPIStackedVStack(List.of(fd, sd), comm), ref, Layouts.scatterOrBroadcast(p.n()),
                    Layouts.stacked(List.of(Layouts.scatterOrBroadcast(p.n()), Layouts.scatterOrBroadcast(p.n()))));
        });
    }

    /** {@code (a D1 + D2) L^H}: the operator algebra, checked against the same algebra of dense references. */
    static OperatorCase composite(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 2, 3, true);
        DType t = p.dtype();
        double are = Draws.rounded(t, 0.5 + r.nextDouble());
        double aim = t.isComplex() ? Draws.rounded(t, r.nextDouble() - 0.5) : 0;
        int ndim = p.dims().length;
        int[] axes = new int[ndim];
        double[] ones = new double[ndim];
        for (int a = 0; a < ndim; a++) {
            axes[a] = a;
            ones[a] = 1;
        }
        String d = "a=(" + are + ", " + aim + ") " + p;
        return OperatorCase.of(d, t, (comm, lr) -> {
            MPILinearOperator d1 = new MPIFirstDerivative(p.dims(), p.sampling(), p.kind(), p.edge(), p.order(),
                    comm, t);
            MPILinearOperator d2 = new MPISecondDerivative(p.dims(), p.sampling(), p.kind(), p.edge(), comm, t);
            MPILinearOperator lap = new MPILaplacian(p.dims(), axes, ones, ones, p.edge(), p.kind(), comm, t);
            MPILinearOperator scaled = aim == 0 ? d1.times(are) : d1.times(are, aim);
            DenseOperator r1 = ReferenceOperators.firstDerivative(p.dims(), 0, p.sampling(), p.ref(), p.edge(),
                    p.order());
            DenseOperator r2 = ReferenceOperators.secondDerivative(p.dims(), 0, p.sampling(), p.ref(), p.edge());
            DenseOperator rl = ReferenceOperators.laplacian(p.dims(), axes, ones, ones, p.edge(), p.ref());
            DenseOperator rs = aim == 0 ? r1.times(are) : r1.times(are, aim);
            return Built.of(scaled.plus(d2).times(lap.adjoint()), rs.plus(r2).compose(rl.adjoint()),
                    Layouts.scatterOrBroadcast(p.n()), Layouts.scatterOrBroadcast(p.n()));
        });
    }

    static OperatorCase wrappedSerial(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 1, 3, false);
        int axis = r.nextInt(p.dims().length);
        long[] dims = p.dims().clone();
        dims[axis] = Math.max(dims[axis], p.order() == 5 ? 5 : 3);
        long n = Arrays.stream(dims).reduce(1, (x, y) -> x * y);
        return OperatorCase.of(p + " axis=" + axis + " dims=" + Arrays.toString(dims), p.dtype(), (comm, lr) ->
                Built.of(MPILinearOperator.asMpiLinearOperator(new FirstDerivative(dims, axis, p.sampling(), p.kind(),
                        p.edge(), p.order(), p.dtype()), comm),
                        ReferenceOperators.firstDerivative(dims, axis, p.sampling(), p.ref(), p.edge(), p.order()),
                        Layouts.broadcast(n), Layouts.broadcast(n)));
    }

    /**
     * {@code crop · MPIBlockDiag([FirstDerivative on the extended block]) · H} on a {@code (P, 1, ...)}
     * grid: with halo width 1 (order 3) or 2 (order 5) along the split axis it is the serial first
     * derivative along axis 0 for every rank count, so it is compared with that matrix. The model
     * and data layouts are the halo's blocks (ceil-first), the only layout it accepts.
     */
    static OperatorCase haloSandwich(SplittableRandom r, int s) {
        Stencil p = Stencil.random(r, s, 1, 2, false);
        int width = p.order() == 5 ? 2 : 1;
        long[] dims = p.dims().clone();
        // lengths whose ceil-first split gives every rank of 1..8 at least 2 rows (the halo width)
        dims[0] = Draws.oneOf(r, 32L, 38L, 39L, 40L, 44L, 45L);
        long n = Arrays.stream(dims).reduce(1, (x, y) -> x * y);
        return OperatorCase.of(p + " dims=" + Arrays.toString(dims) + " halo=" + width, p.dtype(), (comm, lr) -> {
            int[] grid = new int[dims.length];
            Arrays.fill(grid, 1);
            grid[0] = comm.size();
            // a scalar width is trimmed at the global boundary: no layer where the grid has no neighbour
            MPIHalo h = new MPIHalo(dims, width, grid, comm, p.dtype());
            FirstDerivative inner = new FirstDerivative(h.localExtent(), 0, p.sampling(), p.kind(), p.edge(),
                    p.order(), p.dtype());
            Layout blocks = Layouts.layout(n, EnumSet.of(Partition.SCATTER), (g, c, rr) -> h.toModel(g.astype(p.dtype())));
            return Built.of(h.sandwich(inner),
                    ReferenceOperators.firstDerivative(dims, 0, p.sampling(), p.ref(), p.edge(), p.order()), blocks,
                    blocks);
        });
    }
}
