package org.jlops.mpi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.Dottest;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.Conj;
import org.jlops.mpi.ops.serial.Flip;
import org.jlops.mpi.ops.serial.FunctionOperator;
import org.jlops.mpi.ops.serial.Identity;
import org.jlops.mpi.ops.serial.LocalOperators;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.serial.Pad;
import org.jlops.mpi.ops.serial.Restriction;
import org.jlops.mpi.ops.serial.Roll;
import org.jlops.mpi.ops.serial.Sum;
import org.jlops.mpi.ops.serial.Transpose;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.solvers.Solvers;
import org.jlops.mpi.testkit.EngineCases;
import org.jlops.mpi.testkit.EngineCases.ArrayCase;
import org.jlops.mpi.testkit.EngineCases.Built;
import org.jlops.mpi.testkit.EngineCases.OperatorCase;
import org.jlops.mpi.testkit.EngineCases.Solver;
import org.jlops.mpi.testkit.FencedEngine;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19 without a GPU: arrays, operators and solvers on the {@link FencedEngine} (a device
 * engine in all but memory: its buffers are not host buffers, its kernels are the host engine's
 * behind the fence, its transfers are counted) against the host engine at 1, 2 and 3 in-JVM ranks.
 * Every case of {@link EngineCases} must give the host engine's bits, leave its inputs unchanged and
 * make no host transfer beyond the ones its contract states (a result delivered on the host); the
 * operators that have no kernel on a non-host engine must say so. The same cases run on a GPU in
 * {@code CudaEngineTest}.
 */
class FencedEngineTest {

    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64, DType.COMPLEX128};

    /** Runs {@code body} on np ranks and fails with every problem any rank listed. */
    private static void onRanks(int np, java.util.function.BiConsumer<org.jlops.mpi.comm.Communicator, List<String>> body) {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        LocalCluster.run(np, comm -> body.accept(comm, problems));
        assertEquals(List.of(), problems, () -> problems.size() + " problems at np " + np);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void arrayOperationsGiveTheHostEnginesBitsWithoutAHostTransfer(int np) {
        onRanks(np, (comm, problems) -> {
            FencedEngine fenced = new FencedEngine();
            for (DType dt : DTYPES) {
                for (long[] shape : new long[][] {{29}, {7, 5}, {5, 3, 4}}) {
                    DistributedArray hx = DistributedArray.toDist(SerialArrays.random(dt, 1, 0, 1, shape), comm);
                    DistributedArray hy = DistributedArray.toDist(SerialArrays.random(dt, 2, 0, 1, shape), comm);
                    DistributedArray fx = EngineCases.onEngine(fenced, hx);
                    DistributedArray fy = EngineCases.onEngine(fenced, hy);
                    Object x0 = EngineCases.toHost(fx);
                    Object y0 = EngineCases.toHost(fy);
                    for (ArrayCase c : EngineCases.arrayCases()) {
                        String what = c + " " + dt + " " + Arrays.toString(shape) + " np " + np;
                        Object expected = EngineCases.toHost(c.op().apply(hx, hy));
                        long before = fenced.transfers();
                        Object actual = c.op().apply(fx, fy);
                        long moved = fenced.transfers() - before;
                        String d = EngineCases.compare(expected, EngineCases.toHost(actual), 0, "fenced");
                        if (d != null) {
                            problems.add(what + ": " + d);
                        }
                        if (moved != c.transfers()) {
                            problems.add(what + ": " + moved + " host transfers, expected " + c.transfers());
                        }
                        if (EngineCases.compare(x0, EngineCases.toHost(fx), 0, null) != null
                                || EngineCases.compare(y0, EngineCases.toHost(fy), 0, null) != null) {
                            problems.add(what + ": an input changed");
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void operatorsGiveTheHostEnginesBitsWithoutAHostTransfer(int np) {
        onRanks(np, (comm, problems) -> {
            FencedEngine fenced = new FencedEngine();
            for (DType dt : DTYPES) {
                for (OperatorCase c : EngineCases.operatorCases(dt)) {
                    String what = c + " np " + np;
                    Built b = c.build().apply(comm);
                    if (b == null) {
                        continue;
                    }
                    DistributedVector hy = b.apply(b.x(), false);
                    DistributedVector hx = b.apply(hy, true);
                    DistributedVector fx = EngineCases.onEngine(fenced, b.x());
                    DistributedVector fy = EngineCases.onEngine(fenced, hy);
                    if (c.refusal() != null) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                            b.apply(fx, false);
                            b.apply(fy, true);
                        }, what);
                        if (!e.getMessage().contains(c.refusal()) || !e.getMessage().contains("fenced")) {
                            problems.add(what + ": the refusal does not say what and where: " + e.getMessage());
                        }
                        continue;
                    }
                    b.apply(fx, false);                                   // operator data goes to the engine once
                    b.apply(fy, true);
                    Object x0 = EngineCases.toHost(fx);
                    Object y0 = EngineCases.toHost(fy);
                    long before = fenced.transfers();
                    DistributedVector y = b.apply(fx, false);
                    DistributedVector x = b.apply(fy, true);
                    long moved = fenced.transfers() - before;
                    String d = EngineCases.compare(EngineCases.toHost(hy), EngineCases.toHost(y), 0, "fenced");
                    if (d != null) {
                        problems.add(what + " forward: " + d);
                    }
                    d = EngineCases.compare(EngineCases.toHost(hx), EngineCases.toHost(x), 0, "fenced");
                    if (d != null) {
                        problems.add(what + " adjoint: " + d);
                    }
                    if (moved != 0) {
                        problems.add(what + ": " + moved + " host transfers in a forward and an adjoint product");
                    }
                    if (EngineCases.compare(x0, EngineCases.toHost(fx), 0, null) != null
                            || EngineCases.compare(y0, EngineCases.toHost(fy), 0, null) != null) {
                        problems.add(what + ": an input changed");
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void theDotTestPassesOnFencedArraysWithTheHostEnginesNumbers(int np) {
        onRanks(np, (comm, problems) -> {
            FencedEngine fenced = new FencedEngine();
            for (DType dt : DTYPES) {
                for (OperatorCase c : EngineCases.operatorCases(dt)) {
                    Built b = c.build().apply(comm);
                    if (b == null || c.refusal() != null || c.name().startsWith("MPIGradient with a mask")) {
                        continue;      // its derivative couples the groups' rows: the groups hold no copies of A u
                    }
                    @SuppressWarnings("unchecked")
                    var op = (org.jlops.mpi.ops.DistributedOperator<DistributedVector>) b.op();
                    Dottest.Result host = Dottest.check(op, b.x(), 19);
                    DistributedVector like = EngineCases.onEngine(fenced, b.x());
                    op.matvec(like);                                      // operator data goes to the engine once
                    long before = fenced.transfers();
                    Dottest.Result onFence = Dottest.check(op, like, 19);
                    long moved = fenced.transfers() - before;
                    // u and v are drawn on the host: one copy per array (a stacked v has several)
                    long drawn = 1 + ElementMaps.leaves(op.matvec(b.x())).size();
                    if (!onFence.passed()) {
                        problems.add(c + " np " + np + ": dot-test failed on the fenced engine: " + onFence);
                    }
                    if (!host.yy().equals(onFence.yy()) || !host.xx().equals(onFence.xx())) {
                        problems.add(c + " np " + np + ": host " + host + ", fenced " + onFence);
                    }
                    if (moved != drawn) {
                        problems.add(c + " np " + np + ": " + moved + " host transfers, expected " + drawn);
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void solverIteratesOnFencedArraysEqualTheHostEnginesBitForBit(int np) {
        onRanks(np, (comm, problems) -> {
            FencedEngine fenced = new FencedEngine();
            for (DType dt : DTYPES) {
                List<OperatorCase> cases = EngineCases.solverCases(dt);
                for (int i = 0; i < cases.size(); i++) {
                    Built b = cases.get(i).build().apply(comm);
                    DistributedVector hy = b.apply(b.x(), false);
                    DistributedVector fy = EngineCases.onEngine(fenced, hy);
                    b.apply(EngineCases.onEngine(fenced, b.x()), false);  // operator data goes to the engine once
                    List<Solver> solvers = i == cases.size() - 1 ? List.of(Solver.CG, Solver.CGLS)
                            : List.of(Solver.CGLS, Solver.ISTA, Solver.FISTA);
                    for (Solver s : solvers) {
                        String what = s + " on " + cases.get(i) + " np " + np;
                        List<Object> expected = EngineCases.iterates(s, b, hy, 10);
                        long before = fenced.transfers();
                        List<Object> actual = EngineCases.iterates(s, b, fy, 10);
                        long moved = fenced.transfers() - before;
                        String d = EngineCases.compare(expected, actual, 0, "fenced");
                        if (d != null) {
                            problems.add(what + ": iterate " + d);
                        }
                        // the test's own copies of the iterates (one per iteration and the solution),
                        // and for ISTA/FISTA the power iteration's random start
                        long own = actual.size() + (s == Solver.ISTA || s == Solver.FISTA ? 1 : 0);
                        if (moved != own) {
                            problems.add(what + ": " + (moved - own) + " host transfers inside the solver");
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void powerIterationOnFencedArraysEqualsTheHostEngine(int np) {
        onRanks(np, (comm, problems) -> {
            FencedEngine fenced = new FencedEngine();
            for (DType dt : DTYPES) {
                Built b = EngineCases.solverCases(dt).get(2).build().apply(comm);
                @SuppressWarnings("unchecked")
                var op = (org.jlops.mpi.ops.DistributedOperator<DistributedVector>) b.op();
                var host = Solvers.powerIteration(op, (DistributedVector) b.x(), 8, 0, 5);
                var onFence = Solvers.powerIteration(op, EngineCases.onEngine(fenced, (DistributedVector) b.x()), 8, 0, 5);
                if (!host.eigenvalue().equals(onFence.eigenvalue())) {
                    problems.add(dt + " np " + np + ": eigenvalue " + host.eigenvalue() + " vs " + onFence.eigenvalue());
                }
                String d = EngineCases.compare(EngineCases.toHost(host.vector()), EngineCases.toHost(onFence.vector()), 0,
                        "fenced");
                if (d != null) {
                    problems.add(dt + " np " + np + ": eigenvector " + d);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void theStacksHalfThatRunsOnTheEngineGivesTheHostEnginesBits(int np) {
        onRanks(np, (comm, problems) -> {
            FencedEngine fenced = new FencedEngine();
            for (DType dt : DTYPES) {
                for (OperatorCase c : EngineCases.operatorCases(dt)) {
                    if (!c.name().startsWith("MPIVStack") && !c.name().startsWith("MPIHStack")) {
                        continue;
                    }
                    Built b = c.build().apply(comm);
                    boolean adjoint = c.name().startsWith("MPIHStack");   // MPIHStack's adjoint is a VStack's forward
                    DistributedVector in = adjoint ? b.apply(b.x(), false) : b.x();
                    Object expected = EngineCases.toHost(b.apply(in, adjoint));
                    DistributedVector onFence = EngineCases.onEngine(fenced, in);
                    long before = fenced.transfers();
                    DistributedVector out = b.apply(onFence, adjoint);
                    long moved = fenced.transfers() - before;
                    String d = EngineCases.compare(expected, EngineCases.toHost(out), 0, "fenced");
                    if (d != null || moved != 0) {
                        problems.add(c + " np " + np + ": " + d + ", " + moved + " transfers");
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------------
    // The fence itself, and what refuses

    @Test
    void theFenceLooksLikeADeviceAndCountsItsTransfers() {
        FencedEngine f = new FencedEngine();
        Buffer b = f.fromHost(new double[] {1, 2, 3}, ElementType.FLOAT64);
        assertEquals(1, f.transfers());
        assertEquals(24, f.bytesTransferred());
        assertTrue(!b.isHost());
        assertSame(f, b.engine());
        assertThrows(UnsupportedOperationException.class, b::hostArray);
        assertThrows(UnsupportedOperationException.class, () -> f.wrap(new double[3], ElementType.FLOAT64));
        assertThrows(UnsupportedOperationException.class, f::fft);
        Buffer h = Engine.host().allocate(ElementType.FLOAT64, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.negate(h, b));
        assertTrue(e.getMessage().contains("device buffer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Engine.host().negate(b, h));
        f.scale(b, 2, 0, b);
        assertEquals(0, Arrays.compare(new double[] {2, 4, 6}, (double[]) f.toHost(b)));
        assertEquals(2, f.transfers());
    }

    @Test
    void aHostRoundTripInsideAnOperationIsCounted() {
        // what the operator checks above would see if an operation went through the host again
        LocalCluster.run(2, comm -> {
            FencedEngine f = new FencedEngine();
            DistributedArray x = EngineCases.onEngine(f, DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 10),
                    comm));
            long before = f.transfers();
            DistributedArray sneaky = x.copy();
            sneaky.assign(x.asArray().slice(0, comm.rank() * 5, comm.rank() * 5 + 5));
            assertEquals(2, f.transfers() - before, "asArray and assign each move the data once");
        });
    }

    @Test
    void whatHasNoKernelOnANonHostEngineSaysWhatAndWhere() {
        LocalCluster.run(2, comm -> {
            FencedEngine f = new FencedEngine();
            DistributedArray x = EngineCases.onEngine(f, DistributedArray.toDist(SerialArrays.random(DType.FLOAT64, 3, 0,
                    1, 12), comm));
            UnsupportedOperationException local = assertThrows(UnsupportedOperationException.class, x::localArray);
            assertTrue(local.getMessage().startsWith("localArray(): the local block lives on engine fenced"),
                    local.getMessage());
            LocalOperator function = FunctionOperator.of(new long[] {6}, new long[] {6}, DType.FLOAT64,
                    (in, out) -> out.set(0, in.re(0)), (in, out) -> out.set(0, in.re(0)));
            MPILinearOperator hostBlock = new MPIBlockDiag(List.of(function), comm);
            IllegalArgumentException op = assertThrows(IllegalArgumentException.class, () -> hostBlock.matvec(x));
            assertTrue(op.getMessage().startsWith("x: MPIBlockDiag's block FunctionOperator") && op.getMessage()
                    .contains(" computes on host arrays and has no kernel on engine fenced"), op.getMessage());
            java.util.Map<String, LocalOperator> hostOnly = new java.util.LinkedHashMap<>();
            hostOnly.put("FunctionOperator", FunctionOperator.of(new long[] {6}, new long[] {6}, DType.FLOAT64,
                    (in, out) -> out.set(0, in.re(0)), (in, out) -> out.set(0, in.re(0))));
            hostOnly.put("MPIBlockDiag's block (Identity", LocalOperators.sum(new Identity(6, 6, DType.FLOAT64),
                    new Identity(6, 6, DType.FLOAT64)));
            hostOnly.forEach((name, host) -> {
                MPILinearOperator bd = new MPIBlockDiag(List.of(host), comm);
                IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> bd.matvec(x));
                assertTrue(h.getMessage().contains(name) && h.getMessage().contains(
                        " computes on host arrays and has no kernel on engine fenced"), h.getMessage());
            });
            // a host-only block on one rank only: every rank refuses alike, before any product
            MPILinearOperator mixed = new MPIBlockDiag(List.of(comm.rank() == 0 ? function
                    : new org.jlops.mpi.ops.serial.FirstDerivative(new long[] {6}, 0)), comm);
            IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> mixed.matvec(x));
            assertTrue(one.getMessage().contains("MPIBlockDiag's block FunctionOperator") && one.getMessage().contains(
                    "reported by rank 0"), one.getMessage());
            assertNotNull(x.localEntry(0));
            assertEquals(SerialArrays.random(DType.FLOAT64, 3, 0, 1, 12).re(6L * comm.rank() + 5), x.localEntry(5).re());
        });
    }

    /**
     * The serial operators that run on any engine, applied directly to fenced buffers at offsets
     * (also a real operator on complex buffers of its precision): the host's bits, the input
     * unchanged, no transfer after a warm-up product.
     */
    @Test
    void serialOperatorsOnFencedBuffersAtOffsetsGiveTheHostBits() {
        List<String> problems = new ArrayList<>();
        for (DType dt : DTYPES) {
            List<OnType> ops = new ArrayList<>();
            for (LocalOperator op : serialOperators(dt)) {
                ops.add(new OnType(op, dt));
                if (!dt.isComplex()) {
                    ops.add(new OnType(op, dt.complexType()));
                }
            }
            for (OnType entry : ops) {
                LocalOperator op = entry.op();
                DType bt = entry.type();
                for (int variant = 0; variant < 4; variant++) {
                    boolean adjoint = variant % 2 == 1;
                    int inPos = variant < 2 ? 3 : 0;                    // ranges inside, or whole buffers
                    int outPos = variant < 2 ? 2 : 0;
                    String what = op + (bt != dt ? " on " + bt : "") + (adjoint ? " adjoint" : " forward")
                            + " at " + inPos + ", " + outPos;
                    long nIn = adjoint ? op.rows() : op.cols();
                    long nOut = adjoint ? op.cols() : op.rows();
                    NdArray in = SerialArrays.random(bt, 300, 0, 1, nIn + 2L * inPos);
                    NdArray out = SerialArrays.random(bt, 301, 0, 1, nOut + 2L * outPos);
                    Buffer hin = Engine.host().wrap(in.copy().data(), bt.elementType());
                    Buffer hout = Engine.host().wrap(out.copy().data(), bt.elementType());
                    FencedEngine f = new FencedEngine();
                    Buffer fin = f.fromHost(in.data(), bt.elementType());
                    Buffer fout = f.fromHost(out.data(), bt.elementType());
                    apply(op, hin, hout, adjoint, inPos, outPos);
                    apply(op, fin, fout, adjoint, inPos, outPos);       // warm-up: may upload operator data
                    long before = f.transfers();
                    apply(op, fin, fout, adjoint, inPos, outPos);
                    if (f.transfers() != before) {
                        problems.add(what + ": " + (f.transfers() - before) + " host transfers");
                    }
                    if (bt != dt && op instanceof MatrixMult) {
                        // a complex copy of A multiplies complex buffers: the host's numbers up to rounding
                        double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-13;
                        double err = maxDifference(hout.hostArray(), f.toHost(fout));
                        if (!(err <= tol)) {
                            problems.add(what + ": " + err + " from the host's numbers");
                        }
                    } else if (!Arrays.equals(bits(hout.hostArray()), bits(f.toHost(fout)))) {
                        problems.add(what + ": not the host's bits");
                    }
                    if (!Arrays.equals(bits(in.data()), bits(f.toHost(fin)))) {
                        problems.add(what + ": the input changed");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** An operator and the type of the buffers it is applied to. */
    private record OnType(LocalOperator op, DType type) {
    }

    /** The product at the given offsets. */
    private static void apply(LocalOperator op, Buffer in, Buffer out, boolean adjoint, int inPos, int outPos) {
        if (adjoint) {
            op.rmatvec(in, inPos, out, outPos);
        } else {
            op.matvec(in, inPos, out, outPos);
        }
    }

    private static double maxDifference(Object a, Object b) {
        double m = 0;
        for (int i = 0; i < java.lang.reflect.Array.getLength(a); i++) {
            m = Math.max(m, Math.abs(java.lang.reflect.Array.getDouble(a, i) - java.lang.reflect.Array.getDouble(b, i)));
        }
        return m;
    }

    private static long[] bits(Object a) {
        if (a instanceof double[] d) {
            return Arrays.stream(d).mapToLong(Double::doubleToRawLongBits).toArray();
        }
        float[] f = (float[]) a;
        long[] b = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    /** The serial operators made to run on any engine (issue 19), at {@code dt}. */
    private static List<LocalOperator> serialOperators(DType dt) {
        List<LocalOperator> ops = new ArrayList<>();
        ops.add(new MatrixMult(SerialArrays.random(dt, 310, 0, 1, 6, 5)));
        ops.add(new MatrixMult(SerialArrays.random(dt, 311, 0, 1, 4, 3), new long[] {3, 2}, dt));
        long[] d3 = {4, 3, 5};
        ops.add(new Conj(d3, dt));
        ops.add(new Restriction(d3, new int[] {1, 2, 0}, 1, dt));
        ops.add(new Restriction(d3, new int[] {3, 0, 3, 1, 3}, 0, dt));     // repeated positions: the adjoint adds
        ops.add(new Restriction(d3, new int[] {1, 2, 3, 4}, 2, dt));
        ops.add(new Flip(d3, 0, dt));
        ops.add(new Flip(d3, 2, dt));
        ops.add(new Roll(d3, 1, 1, dt));
        ops.add(new Roll(d3, 2, -2, dt));
        ops.add(new Pad(d3, new long[][] {{1, 0}, {0, 2}, {2, 1}}, dt));
        ops.add(new Pad(new long[] {5}, new long[][] {{3, 1}}, dt));
        ops.add(new Pad(new long[] {2, 3}, new long[][] {{0, 0}, {1, 1}}, dt));
        ops.add(new Sum(d3, 0, dt));
        ops.add(new Sum(d3, 1, dt));
        ops.add(new Sum(d3, 2, dt));
        ops.add(new Sum(new long[] {6}, 0, dt));
        ops.add(new Transpose(d3, new int[] {2, 0, 1}, dt));
        ops.add(new Transpose(d3, new int[] {1, 0, 2}, dt));
        ops.add(new Transpose(new long[] {4, 3, 5, 2}, new int[] {3, 1, 2, 0}, dt));
        ops.add(new Transpose(new long[] {7}, new int[] {0}, dt));
        return ops;
    }

    @Test
    void theFenceDoesNotChangeTheNumbers() {
        NdArray a = SerialArrays.random(DType.COMPLEX64, 9, 0, 1, 17);
        FencedEngine f = new FencedEngine();
        Buffer b = f.fromHost(a.data(), ElementType.COMPLEX64);
        assertEquals(0, Arrays.compare((float[]) a.data(), (float[]) f.toHost(b)));
    }
}
