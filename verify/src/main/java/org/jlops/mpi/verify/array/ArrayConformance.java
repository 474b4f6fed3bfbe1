package org.jlops.mpi.verify.array;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.testkit.SerialArrays;

/**
 * The array conformance suite (SPEC §10, {@code test_distributedarray} and
 * {@code test_stackedarray}): PyLops-MPI's parameter sets — shapes, partitions, axes (negative
 * ones too), every dtype, masks with nsub = 2 or 3, ghost cells, redistribute round trips, every
 * norm order and axis, dot and vdot, arithmetic, stacked and nested stacked arrays — plus
 * single-precision twins, shapes small enough to leave ranks empty, a determinism check (the
 * same computation twice is bit-identical) and bad input that must fail alike on every rank.
 * Every distributed result is compared with a plain serial computation ({@link SerialArrays}) on
 * the global array, rtol 1e-14 for FLOAT64/COMPLEX128 and 1e-6 for FLOAT32/COMPLEX64.
 *
 * <p>Written for any communicator: {@link #run(Communicator)} runs it on the in-JVM backend at
 * any rank count, and under MPI
 * {@code mpirun -np N java --enable-native-access=ALL-UNNAMED -cp ... org.jlops.mpi.verify.array.ArrayConformance}
 * runs it on {@link Communicators#world()}, prints one line per check on rank 0 and exits with
 * status 1 if any check failed.
 *
 * <p><b>Same verdict everywhere, no hangs.</b> A check records mismatches without throwing, so
 * every rank makes the same collective calls; afterwards one reduction finds the first failing
 * rank and its first problem (naming the case) is broadcast, so every rank returns the same
 * {@link Result}. An exception escaping a check is rethrown with the check and case named: under
 * MPI that ends the job (the backend aborts on an uncaught exception), in one JVM the in-JVM
 * backend fails every other rank's pending collective.
 */
public final class ArrayConformance {

    /**
     * The outcome of one check, identical on every rank.
     *
     * @param check        the check's name
     * @param passed       whether every rank found every result within tolerance
     * @param firstProblem the first failing rank's first problem (naming the case), or ""
     */
    public record Result(String check, boolean passed, String firstProblem) {
    }

    private record Check(String name, IntPredicate appliesTo, BiConsumer<Communicator, Verdict> body) {
    }

    /** One parameter set: global shape, partition, distribution axis (may be negative), dtype. */
    record Par(String name, long[] shape, Partition partition, int axis, DType dtype) {
        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " " + partition + " axis " + axis + " " + dtype;
        }

        int ax() {
            return SerialArrays.normalise(axis, shape.length);
        }
    }

    private static Par par(String name, Partition p, int axis, DType dtype, long... shape) {
        return new Par(name, shape, p, axis, dtype);
    }

    private static final double INF = Double.POSITIVE_INFINITY;

    /** Every norm order: 0, 1, 2, ±inf and other p (fractional, negative). */
    static final double[] ORDS = {0, 1, 2, INF, -INF, 3, 1.5, -1};

    private ArrayConformance() {
    }

    // ------------------------------------------------------------------------------------------
    // Running

    /**
     * Names of the checks that apply at {@code size} ranks, in execution order (the masked check
     * needs a rank count divisible by 2 or 3, as PyLops-MPI's masked tests).
     *
     * @param size the number of ranks
     */
    public static List<String> checkNames(int size) {
        return checks().stream().filter(c -> c.appliesTo().test(size)).map(Check::name).toList();
    }

    /** Names of every check, whatever the rank count. */
    public static List<String> allCheckNames() {
        return checks().stream().map(Check::name).toList();
    }

    /**
     * Runs every check that applies at {@code comm.size()} ranks. Collective.
     *
     * @return one result per check, identical on every rank
     */
    public static List<Result> run(Communicator comm) {
        List<Result> results = new ArrayList<>();
        for (Check c : checks()) {
            if (c.appliesTo().test(comm.size())) {
                results.add(runOne(comm, c));
            }
        }
        return results;
    }

    /**
     * Runs the check named {@code name}. Collective.
     *
     * @throws IllegalArgumentException if no check has that name or it does not apply at this rank count
     */
    public static Result run(Communicator comm, String name) {
        for (Check c : checks()) {
            if (c.name().equals(name)) {
                if (!c.appliesTo().test(comm.size())) {
                    throw new IllegalArgumentException("name: check '" + name + "' does not apply at " + comm.size()
                            + " ranks; those that do: " + checkNames(comm.size()));
                }
                return runOne(comm, c);
            }
        }
        throw new IllegalArgumentException("name: no array conformance check called '" + name + "'; known: "
                + allCheckNames());
    }

    private static Result runOne(Communicator comm, Check c) {
        return runBody(comm, c.name(), c.body());
    }

    /** Runs one check body and agrees on its verdict (package-private for the suite's own tests). Collective. */
    static Result runBody(Communicator comm, String name, BiConsumer<Communicator, Verdict> body) {
        Verdict v = new Verdict();
        try {
            body.accept(comm, v);
        } catch (RuntimeException | AssertionError e) {
            throw new IllegalStateException("array conformance check '" + name + "', case " + v.current
                    + ", rank " + comm.rank() + " of " + comm.size() + ": " + e, e);
        }
        int localFail = v.problems.isEmpty() ? Integer.MAX_VALUE : comm.rank();
        int firstFailing = comm.allreduce(localFail, ReduceOp.MIN);
        if (firstFailing == Integer.MAX_VALUE) {
            return new Result(name, true, "");
        }
        String mine = firstFailing == comm.rank() ? "rank " + firstFailing + " of " + comm.size() + ": "
                + v.problems.get(0) : "";
        return new Result(name, false, broadcast(comm, mine, firstFailing));
    }

    /** {@code text} of rank {@code root} on every rank. Collective. */
    private static String broadcast(Communicator comm, String text, int root) {
        int[] cps = text.codePoints().toArray();
        int n = (int) comm.bcast(cps.length, root);
        int[] buf = comm.rank() == root ? cps : new int[n];
        comm.bcast(MemorySegment.ofArray(buf), n, Datatype.INT32, root);
        return new String(buf, 0, n);
    }

    /**
     * Runs the suite on {@link Communicators#world()} (or only the checks named in {@code args}),
     * prints one line per check on rank 0 and exits with status 0 when all passed, else 1.
     *
     * @param args check names; none for all
     */
    public static void main(String[] args) {
        Communicator world = Communicators.world();
        List<String> names = args.length == 0 ? checkNames(world.size()) : List.of(args);
        List<Result> results = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (String name : names) {
            long t0 = System.nanoTime();
            results.add(run(world, name));
            seconds.add((System.nanoTime() - t0) * 1e-9);
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (world.rank() == 0) {
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                System.out.printf(java.util.Locale.ROOT, "%-4s %-22s %s np=%d %5.1f s %s%n", r.passed() ? "ok" : "FAIL",
                        r.check(), world.backend(), world.size(), seconds.get(i), r.firstProblem());
            }
            if (args.length == 0) {
                for (String name : allCheckNames()) {
                    if (!checkNames(world.size()).contains(name)) {
                        System.out.printf("%-4s %-22s %s np=%d does not apply at this rank count%n", "n/a", name,
                                world.backend(), world.size());
                    }
                }
            }
            System.out.printf("array conformance: %d passed, %d failed%n", results.size() - failed, failed);
        }
        System.out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }

    private static List<Check> checks() {
        IntPredicate any = p -> true;
        List<Check> list = new ArrayList<>();
        list.add(new Check("creation", any, ArrayConformance::creation));
        list.add(new Check("to-dist", any, ArrayConformance::toDist));
        list.add(new Check("local-shapes", any, ArrayConformance::localShapes));
        list.add(new Check("redistribute", any, ArrayConformance::redistribute));
        list.add(new Check("arithmetic", any, ArrayConformance::arithmetic));
        list.add(new Check("dot", any, ArrayConformance::dot));
        list.add(new Check("norm", any, ArrayConformance::norm));
        list.add(new Check("masked", p -> p >= 2 && (p % 2 == 0 || p % 3 == 0), ArrayConformance::masked));
        list.add(new Check("ghost-cells", any, ArrayConformance::ghostCells));
        list.add(new Check("ravel-reshape", any, ArrayConformance::ravelReshape));
        list.add(new Check("stacked", any, ArrayConformance::stacked));
        list.add(new Check("determinism", any, ArrayConformance::determinism));
        list.add(new Check("errors-on-every-rank", any, ArrayConformance::errorsOnEveryRank));
        return list;
    }

    // ------------------------------------------------------------------------------------------
    // Checks

    /** test_creation / test_local_shapes parameters (par1..par6), single-precision twins, small shapes. */
    static final List<Par> CREATION = List.of(
            par("par1", Partition.SCATTER, 1, DType.FLOAT64, 500, 501),
            par("par2", Partition.SCATTER, 0, DType.COMPLEX128, 501, 500),
            par("par3", Partition.BROADCAST, 1, DType.FLOAT64, 500, 501),
            par("par4", Partition.BROADCAST, 0, DType.COMPLEX128, 501, 500),
            par("par5", Partition.SCATTER, 1, DType.FLOAT64, 200, 201, 101),
            par("par6", Partition.SCATTER, 2, DType.COMPLEX128, 200, 201, 101),
            par("par1-f32", Partition.SCATTER, 1, DType.FLOAT32, 500, 501),
            par("par4-c64", Partition.UNSAFE_BROADCAST, 0, DType.COMPLEX64, 501, 500),
            par("small-1d", Partition.SCATTER, 0, DType.FLOAT64, 5),
            par("small-2d", Partition.SCATTER, -1, DType.COMPLEX64, 3, 4),
            par("small-3d", Partition.SCATTER, 1, DType.FLOAT32, 2, 3, 4),
            par("empty", Partition.SCATTER, 0, DType.FLOAT64, 0, 3));

    private static void creation(Communicator comm, Verdict v) {
        for (Par p : CREATION) {
            v.at(p.toString());
            DistributedArray x = DistributedArray.builder(comm, p.shape()).partition(p.partition()).axis(p.axis())
                    .dtype(p.dtype()).build();
            v.expect(Arrays.equals(p.shape(), x.globalShape()), "global shape " + Arrays.toString(x.globalShape()));
            long[] split = LocalSplit.localSplit(p.shape(), comm, p.partition(), p.ax());
            v.expect(Arrays.equals(split, x.localShape()), "local shape " + Arrays.toString(x.localShape())
                    + ", local_split gives " + Arrays.toString(split));
            v.expect(x.dtype() == p.dtype(), "dtype " + x.dtype());
            v.expect(x.axis() == p.ax(), "axis " + x.axis() + ", expected " + p.ax());
            v.expect(x.partition() == p.partition(), "partition " + x.partition());
            for (double val : new double[] {1, 0}) {
                x.fill(val);
                v.filled(x.localArray(), val, x.localShape(), "local array filled with " + val);
                v.filled(x.asArray(), val, p.shape(), "asArray filled with " + val);
            }
        }
    }

    private static void toDist(Communicator comm, Verdict v) {
        List<Par> pars = List.of(
                par("real", Partition.SCATTER, 1, DType.FLOAT64, 500, 501),
                par("complex", Partition.SCATTER, 1, DType.COMPLEX128, 500, 501),
                par("real-bc", Partition.BROADCAST, 1, DType.FLOAT64, 500, 501),
                par("complex-ubc", Partition.UNSAFE_BROADCAST, 1, DType.COMPLEX128, 500, 501),
                par("f32", Partition.SCATTER, 0, DType.FLOAT32, 50, 51),
                par("c64", Partition.SCATTER, 1, DType.COMPLEX64, 50, 51),
                par("3d", Partition.SCATTER, 2, DType.FLOAT64, 3, 4, 5),
                par("3d-neg", Partition.SCATTER, -2, DType.COMPLEX64, 3, 4, 5),
                par("tiny", Partition.SCATTER, 0, DType.COMPLEX128, 3));
        int seed = 0;
        for (Par p : pars) {
            v.at(p.toString());
            NdArray x = SerialArrays.random(p.dtype(), seed++, 100, 100, p.shape());
            NdArray before = x.copy();
            DistributedArray d = DistributedArray.toDist(x, comm, p.partition(), p.axis());
            v.expect(Arrays.equals(p.shape(), d.globalShape()), "global shape " + Arrays.toString(d.globalShape()));
            v.expect(d.axis() == p.ax(), "axis " + d.axis());
            v.expect(d.partition() == p.partition(), "partition " + d.partition());
            v.same(x, d.asArray(), "asArray after toDist");
            v.same(before, x, "input unchanged");
        }
    }

    private static void localShapes(Communicator comm, Verdict v) {
        int n = comm.size();
        for (Par p : CREATION) {
            v.at(p + " reversed local shapes");
            long[][] rev = LocalSplit.localShapes(p.shape(), n, p.partition(), p.ax());
            Collections.reverse(Arrays.asList(rev));
            DistributedArray x = DistributedArray.builder(comm, p.shape()).partition(p.partition()).axis(p.axis())
                    .dtype(p.dtype()).localShapes(rev).build();
            v.expect(Arrays.equals(rev[comm.rank()], x.localShape()), "local shape " + Arrays.toString(x.localShape()));
            v.expect(Arrays.deepEquals(rev, x.localShapes()), "local shapes " + Arrays.deepToString(x.localShapes()));
            x.fill(1);
            v.filled(x.asArray(), 1, p.shape(), "ones");
            if (SerialArrays.size(p.shape()) <= 300_000) {
                NdArray data = SerialArrays.arange(p.dtype(), p.shape());
                DistributedArray y = DistributedArray.toDist(data, comm, p.partition(), p.axis(), rev, null);
                v.same(data, y.asArray(), "uneven toDist/asArray round trip");
            }
        }
    }

    private static void redistribute(Communicator comm, Verdict v) {
        record Move(Par p, int to) {
        }
        List<Move> moves = List.of(
                new Move(par("real", Partition.SCATTER, 1, DType.FLOAT64, 500, 501), 0),
                new Move(par("complex", Partition.SCATTER, 1, DType.COMPLEX128, 500, 501), 0),
                new Move(par("scatter", Partition.SCATTER, 0, DType.FLOAT64, 600, 600), -1),
                new Move(par("scatter-c", Partition.SCATTER, 0, DType.COMPLEX128, 600, 600), -1),
                new Move(par("broadcast", Partition.BROADCAST, 0, DType.FLOAT64, 600, 600), -1),
                new Move(par("broadcast-c", Partition.BROADCAST, 0, DType.COMPLEX128, 600, 600), -1),
                new Move(par("f32-3d", Partition.SCATTER, 0, DType.FLOAT32, 7, 5, 3), 2),
                new Move(par("c64-3d", Partition.SCATTER, 2, DType.COMPLEX64, 7, 5, 3), 1),
                new Move(par("tiny", Partition.SCATTER, 1, DType.COMPLEX128, 2, 3), 0));
        int n = comm.size();
        int seed = 10;
        for (Move m : moves) {
            Par p = m.p();
            v.at(p + " -> axis " + m.to());
            NdArray data = SerialArrays.random(p.dtype(), seed++, 300, 300, p.shape());
            DistributedArray x = DistributedArray.toDist(data, comm, p.partition(), p.axis());
            DistributedArray y = x.redistribute(m.to());
            v.same(data, y.asArray(), "asArray after redistribute");
            if (p.partition() == Partition.SCATTER) {
                int to = SerialArrays.normalise(m.to(), p.shape().length);
                v.expect(y.axis() == to, "axis " + y.axis() + " after redistribute, expected " + to);
                v.expect(Arrays.deepEquals(LocalSplit.localShapes(p.shape(), n, Partition.SCATTER, to), y.localShapes()),
                        "balanced split after redistribute: " + Arrays.deepToString(y.localShapes()));
                DistributedArray back = y.redistribute(p.axis());
                v.same(data, back.asArray(), "round trip");
                v.same(x.localArray(), back.localArray(), "local block after round trip");
            } else {
                v.expect(x == y, "a replicated array redistributes to itself");
            }
            v.expect(x == x.redistribute(p.axis()), "same axis: same object");
        }
        v.at("unbalanced [9, 4], all rows on the last rank");
        long[] shape = {9, 4};
        long[][] uneven = new long[n][];
        for (int r = 0; r < n; r++) {
            uneven[r] = new long[] {r == n - 1 ? 9 : 0, 4};
        }
        NdArray data = SerialArrays.arange(DType.FLOAT64, shape);
        DistributedArray x = DistributedArray.toDist(data, comm, Partition.SCATTER, 0, uneven, null);
        DistributedArray y = x.redistribute(1).redistribute(0);
        v.expect(Arrays.deepEquals(LocalSplit.localShapes(shape, n, Partition.SCATTER, 0), y.localShapes()),
                "balanced after a round trip: " + Arrays.deepToString(y.localShapes()));
        v.same(data, y.asArray(), "unbalanced round trip");
    }

    /** A reference result shared by the in-JVM ranks. */
    private static NdArray ref(Par p, String op, java.util.function.Supplier<NdArray> f) {
        return SerialArrays.memo("ref " + p + " " + op, f);
    }

    private static void arithmetic(Communicator comm, Verdict v) {
        List<Par> pars = List.of(
                par("real", Partition.SCATTER, 0, DType.FLOAT64, 500, 501),
                par("complex", Partition.SCATTER, 0, DType.COMPLEX128, 500, 501),
                par("f32", Partition.SCATTER, 1, DType.FLOAT32, 60, 61),
                par("c64-bc", Partition.BROADCAST, 0, DType.COMPLEX64, 60, 61),
                par("f64-ubc-neg", Partition.UNSAFE_BROADCAST, -1, DType.FLOAT64, 6, 7),
                par("tiny", Partition.SCATTER, 0, DType.COMPLEX128, 3));
        int seed = 100;
        for (Par p : pars) {
            v.at(p.toString());
            double tol = SerialArrays.rtol(p.dtype());
            NdArray a = SerialArrays.random(p.dtype(), seed++, 100, 100, p.shape());
            NdArray b = SerialArrays.random(p.dtype(), seed++, 50, 20, p.shape());
            DistributedArray x = DistributedArray.toDist(a, comm, p.partition(), p.axis());
            DistributedArray y = DistributedArray.toDist(b, comm, p.partition(), p.axis());
            NdArray xl = x.localArray().copy(), yl = y.localArray().copy();
            NdArray sum = ref(p, "+", () -> SerialArrays.apply(a, b, '+'));
            v.close(sum, x.add(y).asArray(), tol, "add");
            v.close(ref(p, "-", () -> SerialArrays.apply(a, b, '-')), x.subtract(y).asArray(), tol, "subtract");
            v.close(ref(p, "*", () -> SerialArrays.apply(a, b, '*')), x.multiply(y).asArray(), tol, "multiply");
            v.close(ref(p, "n", () -> SerialArrays.apply(a, null, 'n')), x.negate().asArray(), tol, "negate");
            v.close(ref(p, "c", () -> SerialArrays.apply(a, null, 'c')), x.conj().asArray(), tol, "conj");
            v.close(ref(p, "2.5", () -> SerialArrays.scale(a, 2.5, 0)), x.multiply(2.5).asArray(), tol, "real scalar");
            v.close(ref(p, "2.5-1.5j", () -> SerialArrays.scale(a, 2.5, -1.5)), x.multiply(2.5, -1.5).asArray(), tol,
                    "complex scalar");
            v.same(xl, x.localArray(), "left operand unchanged");
            v.same(yl, y.localArray(), "right operand unchanged");
            DistributedArray z = x.copy();
            v.expect(z.localBuffer() != x.localBuffer(), "copy shares storage");
            v.expect(z.iadd(y) == z, "iadd returns this");
            v.close(sum, z.asArray(), tol, "iadd");
            z.isub(y).isub(y);
            v.close(ref(p, "+--", () -> SerialArrays.apply(SerialArrays.apply(sum, b, '-'), b, '-')), z.asArray(), tol,
                    "isub");
            v.same(xl, x.localArray(), "copy is independent");
            v.same(NdArray.zeros(p.dtype(), p.shape()), x.zerosLike().asArray(), "zerosLike");
            v.expect(x.emptyLike().partition() == p.partition(), "emptyLike keeps the partition");
            // Java additions: into an existing array (aliasing allowed), one-pass updates
            DistributedArray out = x.zerosLike();
            v.expect(x.add(y, out) == out, "add into returns out");
            v.close(sum, out.asArray(), tol, "add into");
            v.close(ref(p, "-", () -> SerialArrays.apply(a, b, '-')), x.subtract(y, out).asArray(), tol, "subtract into");
            v.close(ref(p, "1.5+2j", () -> SerialArrays.scale(a, 1.5, 2)), x.multiply(1.5, 2, out).asArray(), tol,
                    "multiply into");
            DistributedArray w = x.copy();
            w.add(w, w);
            v.close(ref(p, "2", () -> SerialArrays.scale(a, 2, 0)), w.asArray(), tol, "add into itself");
            w.imultiply(0.5, 0);
            v.same(x.asArray(), w.asArray(), "imultiply by 0.5 undoes doubling");
            w.iaxpy(-2, 0.5, y);
            NdArray axpy = ref(p, "axpy", () -> SerialArrays.apply(a, SerialArrays.scale(b, -2, 0.5), '+'));
            v.close(axpy, w.asArray(), 4 * tol, "iaxpy");
            w.iaypx(0.25, 0, y);
            v.close(ref(p, "aypx", () -> SerialArrays.apply(b, SerialArrays.scale(axpy, 0.25, 0), '+')), w.asArray(),
                    4 * tol, "iaypx");
            v.same(xl, x.localArray(), "operands of the Java additions unchanged");
            v.same(yl, y.localArray(), "operands of the Java additions unchanged");
        }
    }

    private static void dot(Communicator comm, Verdict v) {
        List<Par> pars = new ArrayList<>();
        for (DType t : DType.values()) {
            pars.add(par("matrix", Partition.SCATTER, 0, t, 600, 600));
            pars.add(par("matrix-bc", Partition.BROADCAST, 0, t, 600, 600));
            pars.add(par("vector", Partition.SCATTER, 0, t, 1200));
            pars.add(par("vector-bc", Partition.BROADCAST, 0, t, 1200));
        }
        pars.add(par("axis1-bc", Partition.BROADCAST, 1, DType.COMPLEX128, 7, 9));
        pars.add(par("axis-1", Partition.SCATTER, -1, DType.COMPLEX64, 7, 9));
        pars.add(par("tiny", Partition.SCATTER, 0, DType.FLOAT64, 3));
        int seed = 200;
        for (Par p : pars) {
            v.at(p.toString());
            NdArray a = SerialArrays.random(p.dtype(), seed++, 100, 100, p.shape());
            NdArray b = SerialArrays.random(p.dtype(), seed++, 100, 100, p.shape());
            DistributedArray x = DistributedArray.toDist(a, comm, p.partition(), p.axis());
            DistributedArray y = DistributedArray.toDist(b, comm, p.partition(), p.axis());
            for (boolean vdot : new boolean[] {false, true}) {
                Complex expected = SerialArrays.memo("dot " + p + vdot, () -> SerialArrays.dot(a, b, vdot));
                v.close(expected, x.dot(y, vdot), SerialArrays.rtol(p.dtype()), "dot vdot=" + vdot);
            }
            Complex self = x.dot(x.conj());
            v.expect(Math.abs(self.im()) <= 1e-9 * self.re(), "x . conj(x) = " + self + " is not real");
        }
    }

    private static boolean basicOrd(double ord) {
        return ord == 0 || ord == 1 || ord == 2 || Double.isInfinite(ord);
    }

    private static void norm(Communicator comm, Verdict v) {
        List<Par> pars = List.of(
                par("500x501-ax0", Partition.SCATTER, 0, DType.FLOAT64, 500, 501),
                par("500x501-ax1", Partition.SCATTER, 1, DType.COMPLEX128, 500, 501),
                par("600x600-bc", Partition.BROADCAST, 0, DType.FLOAT64, 600, 600),
                par("600x600-bc-ax1", Partition.BROADCAST, 1, DType.COMPLEX128, 600, 600),
                par("1200", Partition.SCATTER, 0, DType.FLOAT64, 1200),
                par("1200-ubc", Partition.UNSAFE_BROADCAST, 0, DType.COMPLEX128, 1200),
                par("f32", Partition.SCATTER, 1, DType.FLOAT32, 40, 41),
                par("c64-3d", Partition.SCATTER, 1, DType.COMPLEX64, 6, 7, 5),
                par("f64-3d-bc", Partition.BROADCAST, 2, DType.FLOAT64, 6, 7, 5),
                par("f32-3d-neg", Partition.SCATTER, -1, DType.FLOAT32, 4, 3, 9),
                par("other-p", Partition.SCATTER, 1, DType.COMPLEX128, 90, 101),
                par("other-p-bc", Partition.BROADCAST, 0, DType.FLOAT64, 101, 90),
                par("tiny", Partition.SCATTER, 0, DType.FLOAT64, 3, 2));
        int seed = 300;
        for (Par p : pars) {
            NdArray a = SerialArrays.random(p.dtype(), seed++, 100, 100, p.shape());
            DistributedArray x = DistributedArray.toDist(a, comm, p.partition(), p.axis());
            double tol = SerialArrays.rtol(p.dtype());
            for (double ord : ORDS) {
                if (!basicOrd(ord) && SerialArrays.size(p.shape()) > 50_000) {
                    continue; // other p (a pow per element) on the smaller arrays only
                }
                v.at(p + " ord " + ord);
                double flat = SerialArrays.memo("norm " + p + ord, () -> SerialArrays.norm(a, ord));
                v.close(flat, x.norm(ord), tol, "norm(" + ord + ")");
                for (int ax = -1; ax < p.shape().length; ax++) {
                    int na = SerialArrays.normalise(ax, p.shape().length);
                    double[] expected = SerialArrays.memo("norm " + p + ord + " axis " + na,
                            () -> SerialArrays.norm(a, ord, na));
                    NdArray got = x.norm(ord, ax);
                    v.expect(Arrays.equals(SerialArrays.without(p.shape(), na), got.shape()),
                            "norm(" + ord + ", axis " + ax + ") has shape " + Arrays.toString(got.shape()));
                    v.expect(got.dtype() == p.dtype().realType(), "norm dtype " + got.dtype());
                    v.close(expected, got, tol, "norm(" + ord + ", axis " + ax + ")");
                }
            }
            v.at(p + " norm()");
            v.close(SerialArrays.memo("norm " + p + 2.0, () -> SerialArrays.norm(a, 2)), x.norm(), tol, "norm()");
        }
    }

    private static void masked(Communicator comm, Verdict v) {
        int n = comm.size();
        int nsub = n % 2 == 0 ? 2 : 3;
        List<Par> pars = List.of(
                par("matrix", Partition.SCATTER, 0, DType.FLOAT64, 600, 600),
                par("vector", Partition.SCATTER, 0, DType.COMPLEX128, 1200),
                par("matrix-bc", Partition.BROADCAST, 0, DType.COMPLEX128, 600, 600),
                par("vector-bc", Partition.BROADCAST, 0, DType.FLOAT64, 1200),
                par("vector-f32", Partition.SCATTER, 0, DType.FLOAT32, 1200),
                par("vector-c64", Partition.SCATTER, 0, DType.COMPLEX64, 1200),
                par("matrix-ax1", Partition.SCATTER, 1, DType.FLOAT64, 60, 600));
        int[] mask = new int[n];
        for (int r = 0; r < n; r++) {
            mask[r] = r / (n / nsub);
        }
        int seed = 400;
        for (Par p : pars) {
            v.at(p + " nsub " + nsub + " mask " + Arrays.toString(mask));
            double tol = SerialArrays.rtol(p.dtype());
            long[] baseShape = p.shape().clone();
            baseShape[p.ax()] /= nsub;
            NdArray base = SerialArrays.random(p.dtype(), seed, 100, 100, baseShape);
            NdArray base2 = SerialArrays.random(p.dtype(), seed + 1, 10, 100, baseShape);
            seed += 2;
            NdArray full = SerialArrays.memo("replicate " + p + nsub, () -> SerialArrays.replicate(base, nsub, p.ax()));
            NdArray full2 = SerialArrays.memo("replicate2 " + p + nsub,
                    () -> SerialArrays.replicate(base2, nsub, p.ax()));
            DistributedArray x = DistributedArray.toDist(full, comm, p.partition(), p.axis(), null, mask);
            DistributedArray y = DistributedArray.toDist(full2, comm, p.partition(), p.axis(), null, mask);
            v.same(full, x.asArray(), "asArray()");
            if (p.partition() == Partition.SCATTER && SerialArrays.size(p.shape()) % n == 0
                    && p.shape()[p.ax()] % n == 0) {
                v.same(base, x.asArray(true), "asArray(masked) holds one copy");
            }
            Complex fullDot = SerialArrays.memo("dot " + p + nsub, () -> SerialArrays.dot(full, full2, false));
            v.close(new Complex(fullDot.re() / nsub, fullDot.im() / nsub), x.dot(y), tol, "masked dot = dot / nsub");
            v.close(SerialArrays.norm(full, 1) / nsub, x.norm(1), tol, "masked norm 1 = norm 1 / nsub");
            v.close(SerialArrays.norm(full, 2) / Math.sqrt(nsub), x.norm(2), 10 * tol,
                    "masked norm 2 = norm 2 / sqrt(nsub)");
            v.close(SerialArrays.norm(full, INF), x.norm(INF), tol, "masked norm inf = norm inf");
            for (int ax = 0; ax < p.shape().length; ax++) {
                double[] e1 = SerialArrays.norm(full, 1, ax);
                double[] e2 = SerialArrays.norm(full, 2, ax);
                if (ax == p.ax()) {
                    for (int k = 0; k < e1.length; k++) {
                        e1[k] /= nsub;
                        e2[k] /= Math.sqrt(nsub);
                    }
                }
                v.close(e1, x.norm(1, ax), tol, "masked norm 1 along " + ax);
                v.close(e2, x.norm(2, ax), 10 * tol, "masked norm 2 along " + ax);
                v.close(SerialArrays.norm(full, INF, ax), x.norm(INF, ax), tol, "masked norm inf along " + ax);
            }
            DistributedArray sum = x.add(y).zerosLike().add(x);
            v.expect(Arrays.equals(mask, sum.mask()), "results keep the mask: " + Arrays.toString(sum.mask()));
            v.expect(sum.subCommunicator().size() == n / nsub, "sub-communicator size " + sum.subCommunicator().size());
        }
    }

    private static void ghostCells(Communicator comm, Verdict v) {
        List<Par> pars = List.of(
                par("1d", Partition.SCATTER, 0, DType.FLOAT64, 20),
                par("2d-ax1", Partition.SCATTER, 1, DType.COMPLEX128, 4, 23),
                par("2d-ax-1", Partition.SCATTER, -1, DType.FLOAT32, 3, 17),
                par("3d-ax0", Partition.SCATTER, 0, DType.FLOAT32, 17, 2, 3),
                par("short", Partition.SCATTER, 0, DType.COMPLEX64, 5));
        int n = comm.size();
        int r = comm.rank();
        for (Par p : pars) {
            NdArray data = SerialArrays.arange(p.dtype(), p.shape());
            DistributedArray x = DistributedArray.toDist(data, comm, p.partition(), p.axis());
            long[][] shapes = x.localShapes();
            int ax = x.axis();
            for (int variant = 0; variant < 3; variant++) {
                // each rank asks for a different amount, at most what its neighbour holds
                int front = r == 0 ? 0 : (int) Math.min(shapes[r - 1][ax], variant + r % 2);
                int back = r == n - 1 ? 0 : (int) Math.min(shapes[r + 1][ax], variant == 2 ? 3 : variant);
                v.at(p + " variant " + variant);
                NdArray before = x.localArray().copy();
                NdArray got = x.addGhostCells(front, back);
                long start = 0;
                for (int q = 0; q < r; q++) {
                    start += shapes[q][ax];
                }
                NdArray expected = data.slice(ax, start - front, start + shapes[r][ax] + back);
                v.same(expected, got, "ghost cells front " + front + " back " + back + " on rank " + r);
                v.same(before, x.localArray(), "array unchanged by addGhostCells");
            }
            v.at(p + " edges");
            NdArray edge = x.addGhostCells(r == 0 ? 1 : 0, r == n - 1 ? 1 : 0);
            v.same(x.localArray(), edge, "front cells of rank 0 and back cells of the last rank are ignored");
        }
    }

    private static void ravelReshape(Communicator comm, Verdict v) {
        NdArray data = SerialArrays.arange(DType.COMPLEX128, 6, 7, 3);
        for (int axis = -1; axis < 3; axis++) {
            for (Partition part : Partition.values()) {
                v.at("ravel of [6, 7, 3] " + part + " axis " + axis);
                DistributedArray x = DistributedArray.toDist(data, comm, part, axis);
                DistributedArray flat = x.ravel();
                v.expect(Arrays.equals(new long[] {126}, flat.globalShape()), "global shape "
                        + Arrays.toString(flat.globalShape()));
                v.same(data.ravel(), flat.asArray(), "ravel is the global C-order ravel");
                v.expect(flat.axis() == 0, "ravel axis " + flat.axis());
            }
        }
        v.at("reshape (len, 7, 3) -> (len * 7, 3)");
        DistributedArray x = DistributedArray.toDist(data, comm, Partition.SCATTER, 0);
        long len = x.localShape()[0];
        DistributedArray r2 = x.reshape(new long[] {len * 7, 3}, 0);
        v.expect(Arrays.equals(new long[] {42, 3}, r2.globalShape()), "global shape " + Arrays.toString(r2.globalShape()));
        v.same(data.reshape(42, 3), r2.asArray(), "reshaped data");
        v.expect(x.localBuffer() == r2.localBuffer(), "reshape shares storage");
        v.at("reshape (len, 7, 3) -> (1, len * 21) along axis 1");
        DistributedArray r3 = x.reshape(new long[] {1, len * 21}, 1);
        v.expect(Arrays.equals(new long[] {1, 126}, r3.globalShape()), "global shape " + Arrays.toString(r3.globalShape()));
        v.expect(r3.axis() == 1, "axis " + r3.axis());
        v.same(data.reshape(1, 126), r3.asArray(), "reshaped data");
        v.at("reshape BROADCAST to (18, 7) axis -1");
        DistributedArray b = DistributedArray.toDist(data, comm, Partition.BROADCAST, 1);
        v.same(data.reshape(18, 7), b.reshape(new long[] {18, 7}, -1).asArray(), "reshaped data");
    }

    private static void stacked(Communicator comm, Verdict v) {
        List<Par> creation = List.of(
                par("par1", Partition.SCATTER, 1, DType.FLOAT64, 500, 501),
                par("par2", Partition.SCATTER, 0, DType.COMPLEX128, 501, 500),
                par("par3", Partition.BROADCAST, 1, DType.FLOAT64, 500, 501),
                par("par4", Partition.BROADCAST, 0, DType.COMPLEX128, 501, 500),
                par("par5", Partition.SCATTER, 1, DType.FLOAT64, 100, 101, 51),
                par("par6", Partition.SCATTER, 2, DType.COMPLEX128, 100, 101, 51),
                par("par7-f32", Partition.SCATTER, -1, DType.FLOAT32, 30, 7),
                par("par8-c64", Partition.UNSAFE_BROADCAST, 0, DType.COMPLEX64, 5));
        for (Par p : creation) {
            v.at(p + " creation");
            DistributedArray a = DistributedArray.builder(comm, p.shape()).partition(p.partition()).axis(p.axis())
                    .dtype(p.dtype()).build();
            DistributedArray b = a.zerosLike();
            a.fill(1);
            StackedDistributedArray s = StackedDistributedArray.of(a, b);
            long[] twice = p.shape().clone();
            long[] four = p.shape().clone();
            for (int i = 0; i < twice.length; i++) {
                twice[i] *= 2;
                four[i] *= 4;
            }
            v.expect(Arrays.equals(twice, s.globalShape()), "global shape " + Arrays.toString(s.globalShape()));
            v.expect(s.narrays() == 2 && s.get(0) == a, "components");
            b.iadd(a); // after the stack was built: the stack sees it (components by reference)
            long size = SerialArrays.size(p.shape());
            v.filled(s.asArray(), 1, new long[] {2 * size}, "asArray is the joined ravels");
            StackedDistributedArray nested = StackedDistributedArray.of(s, s);
            v.expect(Arrays.equals(four, nested.globalShape()), "nested global shape "
                    + Arrays.toString(nested.globalShape()));
            v.expect(nested.globalSize() == 4 * size, "nested global size " + nested.globalSize());
            if (size <= 100_000) {
                v.filled(nested.asArray(), 1, new long[] {4 * size}, "nested asArray");
            }
        }
        List<Par> math = List.of(
                par("vector", Partition.SCATTER, 0, DType.FLOAT64, 1001),
                par("complex", Partition.SCATTER, 1, DType.COMPLEX128, 31, 40),
                par("broadcast", Partition.BROADCAST, 0, DType.FLOAT64, 57),
                par("f32", Partition.SCATTER, 0, DType.FLOAT32, 101),
                par("c64", Partition.SCATTER, 0, DType.COMPLEX64, 3));
        for (Par p : math) {
            v.at(p + " math");
            double tol = SerialArrays.rtol(p.dtype());
            DistributedArray zero = DistributedArray.builder(comm, p.shape()).partition(p.partition()).axis(p.axis())
                    .dtype(p.dtype()).build();
            DistributedArray ar = DistributedArray.toDist(SerialArrays.arange(p.dtype(), p.shape()), comm,
                    p.partition(), p.axis());
            DistributedArray rnd = DistributedArray.toDist(SerialArrays.random(p.dtype(), 5, 1, 2, p.shape()), comm,
                    p.partition(), p.axis());
            StackedDistributedArray s1 = StackedDistributedArray.of(zero, ar);
            StackedDistributedArray s2 = StackedDistributedArray.of(ar, rnd);
            NdArray g1 = s1.asArray(), g2 = s2.asArray();
            v.close(SerialArrays.apply(g1, g2, '+'), s1.add(s2).asArray(), tol, "+");
            v.close(SerialArrays.apply(g1, g2, '-'), s1.subtract(s2).asArray(), tol, "-");
            v.close(SerialArrays.apply(g1, g2, '*'), s1.multiply(s2).asArray(), tol, "*");
            v.close(SerialArrays.apply(g1, null, 'n'), s1.negate().asArray(), tol, "negate");
            v.close(SerialArrays.apply(g1, null, 'c'), s1.conj().asArray(), tol, "conj");
            v.close(SerialArrays.scale(g1, -2, 0.5), s1.multiply(-2, 0.5).asArray(), tol, "complex scalar");
            v.close(SerialArrays.scale(g1, 3, 0), s1.multiply(3).asArray(), tol, "real scalar");
            StackedDistributedArray c = s1.copy();
            c.iadd(s2).isub(s2).isub(s2);
            NdArray expected = SerialArrays.apply(SerialArrays.apply(SerialArrays.apply(g1, g2, '+'), g2, '-'), g2, '-');
            v.close(expected, c.asArray(), tol, "iadd/isub");
            v.same(g1, s1.asArray(), "copy is independent");
            for (boolean vdot : new boolean[] {false, true}) {
                v.close(SerialArrays.dot(g1, g2, vdot), s1.dot(s2, vdot), tol, "dot vdot=" + vdot);
            }
            for (double ord : new double[] {0, 1, INF, -INF}) {
                v.close(SerialArrays.norm(g2, ord), s2.norm(ord), tol, "norm " + ord);
            }
            v.close(SerialArrays.norm(g2, 2), s2.norm(), tol, "norm 2");
            v.close(SerialArrays.norm(g2, 3), s2.norm(3), Math.max(1e-10, tol), "norm 3");
            StackedDistributedArray n1 = StackedDistributedArray.of(s1, ar);
            StackedDistributedArray n2 = StackedDistributedArray.of(s2, rnd);
            NdArray h1 = n1.asArray(), h2 = n2.asArray();
            v.close(SerialArrays.apply(h1, h2, '+'), n1.add(n2).asArray(), tol, "nested +");
            v.close(SerialArrays.apply(h1, h2, '*'), n1.multiply(n2).asArray(), tol, "nested *");
            v.close(SerialArrays.dot(h1, h2, false), n1.dot(n2), tol, "nested dot");
            for (double ord : new double[] {0, 1, 2, INF}) {
                v.close(SerialArrays.norm(h2, ord), n2.norm(ord), ord == 2 ? Math.max(1e-10, tol) : tol,
                        "nested norm " + ord);
            }
            v.same(NdArray.zeros(h1.dtype(), h1.size()), n1.zerosLike().asArray(), "nested zerosLike");
        }
    }

    /** One composite computation on every dtype, as a list of bit-exact results. */
    private static List<Object> composite(Communicator comm) {
        List<Object> out = new ArrayList<>();
        for (DType t : DType.values()) {
            NdArray a = SerialArrays.random(t, 7, 1, 3, 301, 17);
            NdArray b = SerialArrays.random(t, 8, -2, 5, 301, 17);
            DistributedArray x = DistributedArray.toDist(a, comm, Partition.SCATTER, 1);
            DistributedArray y = DistributedArray.toDist(b, comm, Partition.SCATTER, 1);
            DistributedArray z = x.multiply(0.3, 0.1).add(y.multiply(y)).subtract(x.conj());
            out.add(z.asArray());
            out.add(z.dot(y, true));
            for (double ord : ORDS) {
                out.add(Double.doubleToRawLongBits(z.norm(ord)));
                out.add(z.norm(ord, 0));
                out.add(z.norm(ord, 1));
            }
            out.add(z.redistribute(0).asArray());
            out.add(StackedDistributedArray.of(z, y).dot(StackedDistributedArray.of(x, z), false));
        }
        return out;
    }

    private static void determinism(Communicator comm, Verdict v) {
        v.at("composite computation on every dtype, twice");
        List<Object> first = composite(comm);
        List<Object> second = composite(comm);
        for (int i = 0; i < first.size(); i++) {
            v.expect(first.get(i).equals(second.get(i)), "result " + i + " differs between two runs: "
                    + first.get(i) + " vs " + second.get(i));
        }
    }

    /** Runs {@code call}; the message of the IllegalArgumentException it throws, or null if none. */
    private static String failure(Runnable call) {
        try {
            call.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() == null ? "" : e.getMessage();
        }
    }

    /** Every rank got an IllegalArgumentException starting with {@code prefix}, with the same message. */
    private static void failedAlike(Communicator comm, Verdict v, String msg, String prefix) {
        v.expect(msg != null, "no IllegalArgumentException on rank " + comm.rank());
        v.expect(msg == null || msg.startsWith(prefix), "message '" + msg + "' does not start with '" + prefix + "'");
        int[] hashes = comm.allgather(msg == null ? 0 : msg.hashCode());
        for (int q = 0; q < hashes.length; q++) {
            v.expect(hashes[q] == hashes[0], "rank " + q + " failed with another message than rank 0 (rank "
                    + comm.rank() + ": '" + msg + "')");
        }
    }

    private static void errorsOnEveryRank(Communicator comm, Verdict v) {
        int n = comm.size();
        int me = comm.rank();
        v.at("local shapes wrong on the last rank only");
        long[][] shapes = LocalSplit.localShapes(new long[] {10, 3}, n, Partition.SCATTER, 0);
        if (me == n - 1) {
            shapes[n - 1] = new long[] {shapes[n - 1][0] + 1, 3};
        }
        failedAlike(comm, v, failure(() -> DistributedArray.builder(comm, 10, 3).localShapes(shapes).build()),
                "localShapes");

        v.at("axis out of range on rank 0 only");
        failedAlike(comm, v, failure(() -> DistributedArray.builder(comm, 4, 5).axis(me == 0 ? 2 : 0).build()), "axis");

        v.at("dtype mismatch between operands");
        DistributedArray x = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 7), comm);
        DistributedArray y = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT32, 7), comm);
        NdArray before = x.localArray().copy();
        failedAlike(comm, v, failure(() -> x.iadd(y)), "other");
        v.same(before, x.localArray(), "operand unchanged after a rejected iadd");
        failedAlike(comm, v, failure(() -> x.dot(y)), "other");

        v.at("NaN norm order");
        failedAlike(comm, v, failure(() -> x.norm(Double.NaN)), "ord");

        v.at("reshape with a wrong element count on the last rank only");
        long len = x.localShape()[0];
        failedAlike(comm, v, failure(() -> x.reshape(new long[] {me == n - 1 ? len + 1 : len}, 0)), "newLocalShape");

        if (n >= 2) {
            v.at("ghost cells beyond the neighbour's slab, asked by rank 1 only");
            DistributedArray g = DistributedArray.toDist(SerialArrays.arange(DType.COMPLEX128, 2L * n), comm);
            failedAlike(comm, v, failure(() -> g.addGhostCells(me == 1 ? 5 : 0, 0)), "cellsFront");
        }
        v.at("a collective after the errors still works");
        v.expect(comm.allreduce(1, ReduceOp.SUM) == n, "allreduce after the rejected calls");
    }

    // ------------------------------------------------------------------------------------------

    /** Collects mismatches without throwing, each prefixed with the case being checked. */
    static final class Verdict {
        final List<String> problems = new ArrayList<>();
        String current = "(none)";

        void at(String caseName) {
            current = caseName;
        }

        void expect(boolean ok, String what) {
            if (!ok && problems.size() < 5) {
                problems.add(current + ": " + what);
            }
        }

        /** Bit-identical arrays (dtype, shape and storage). */
        void same(NdArray expected, NdArray actual, String what) {
            expect(expected.equals(actual), what + ": expected " + expected + ", got " + actual);
        }

        /** {@code actual} has the given shape and every element equals {@code value} exactly. */
        void filled(NdArray actual, double value, long[] shape, String what) {
            if (!Arrays.equals(shape, actual.shape())) {
                expect(false, what + ": shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(shape));
                return;
            }
            for (long k = 0; k < actual.size(); k++) {
                if (actual.re(k) != value || actual.im(k) != 0) {
                    expect(false, what + ": element " + k + " is (" + actual.re(k) + ", " + actual.im(k) + ")");
                    return;
                }
            }
        }

        void close(double expected, double actual, double rtol, String what) {
            expect(Math.abs(actual - expected) <= rtol * Math.abs(expected) || expected == actual,
                    what + ": expected " + expected + ", got " + actual + " (relative error "
                            + Math.abs(actual - expected) / Math.abs(expected) + " > " + rtol + ")");
        }

        void close(Complex expected, Complex actual, double rtol, String what) {
            double err = Math.hypot(actual.re() - expected.re(), actual.im() - expected.im());
            expect(err <= rtol * expected.abs() || expected.equals(actual), what + ": expected " + expected + ", got "
                    + actual + " (relative error " + err / expected.abs() + " > " + rtol + ")");
        }

        /** Same dtype and shape; every element within rtol (complex: modulus of the difference). */
        void close(NdArray expected, NdArray actual, double rtol, String what) {
            if (expected.dtype() != actual.dtype() || !Arrays.equals(expected.shape(), actual.shape())) {
                expect(false, what + ": expected " + expected.dtype() + " " + Arrays.toString(expected.shape())
                        + ", got " + actual.dtype() + " " + Arrays.toString(actual.shape()));
                return;
            }
            for (long k = 0; k < expected.size(); k++) {
                double dr = actual.re(k) - expected.re(k), di = actual.im(k) - expected.im(k);
                if (!(Math.hypot(dr, di) <= rtol * SerialArrays.abs(expected, k)) && !(dr == 0 && di == 0)) {
                    expect(false, what + ": element " + k + " expected (" + expected.re(k) + ", " + expected.im(k)
                            + "), got (" + actual.re(k) + ", " + actual.im(k) + ")");
                    return;
                }
            }
        }

        /** Norms along an axis against the reference values. */
        void close(double[] expected, NdArray actual, double rtol, String what) {
            if (expected.length != actual.size()) {
                expect(false, what + ": " + actual.size() + " values, expected " + expected.length);
                return;
            }
            for (int k = 0; k < expected.length; k++) {
                double e = expected[k], a = actual.re(k);
                if (!(Math.abs(a - e) <= rtol * Math.abs(e)) && e != a) {
                    expect(false, what + " [" + k + "]: expected " + e + ", got " + a);
                    return;
                }
            }
        }
    }
}
