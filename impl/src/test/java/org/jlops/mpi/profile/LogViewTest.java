package org.jlops.mpi.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MatrixGrid;
import org.jlops.mpi.ops.serial.Diagonal;
import org.jlops.mpi.ops.serial.FunctionOperator;
import org.jlops.mpi.ops.serial.LocalOperators;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIHStack;
import org.jlops.mpi.ops.signal.MPIFredholm1;
import org.jlops.mpi.testkit.SerialArrays;
import org.jlops.mpi.solvers.CglsResult;
import org.jlops.mpi.solvers.Solvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log view: what a CGLS run records, nesting, the merge over ranks, and nothing when off. */
class LogViewTest {

    @AfterEach
    void off() {
        LogView.disable();
        LogView.reset();
    }

    /** The seed example's CGLS on {@code np} in-JVM ranks; every rank returns the report. */
    private static List<Object[]> seedRun(int np) {
        return LocalCluster.call(np, comm -> {
            NdArray spike = NdArray.zeros(DType.FLOAT64, 11, 21);
            spike.set(5L * 21 + 10, 1.0);
            DistributedArray x = DistributedArray.toDist(spike, comm).ravel();
            MPIFirstDerivative d = new MPIFirstDerivative(new long[] {11, 21}, comm);
            DistributedArray y = d.matvec(x);
            CglsResult<DistributedArray> inv = Solvers.cgls(d, y, 10);
            return new Object[] {Communicators.logView(comm), inv.iterations()};
        });
    }

    @Test
    void aCglsRunIsRecordedPerOperatorArrayOperationAndCollective() {
        LogView.enable();
        List<Object[]> out = seedRun(2);
        LogView.Report report = (LogView.Report) out.get(0)[0];
        int iterations = (Integer) out.get(0)[1];
        assertEquals(report, out.get(1)[0], "every rank returns the same report");
        assertEquals(2, report.size());
        assertEquals("local", report.backend());

        LogView.Row run = report.row("CGLS.run");
        assertNotNull(run, report.format());
        assertEquals(0, run.depth());
        assertEquals(LogView.Kind.SOLVER, run.kind());
        assertEquals(2, run.ranks());
        assertEquals(1, run.callsMax());

        LogView.Row step = report.row("CGLS.run > CGLS.step");
        assertNotNull(step, report.format());
        assertEquals(iterations, step.callsMax());
        assertTrue(step.timeMaxS() <= run.timeMaxS(), "a nested span lasts no longer than its parent");
        assertTrue(run.selfMaxS() <= run.timeMaxS());

        // one forward and one adjoint product per CGLS step, each nested in the step (the forms
        // that sum their output's norm as they write it)
        LogView.Row matvec = report.row("CGLS.run > CGLS.step > MPIFirstDerivative.matvecNormSquared");
        LogView.Row rmatvec = report.row("CGLS.run > CGLS.step > MPIFirstDerivative.rmatvecNormSquared");
        assertNotNull(matvec, report.format());
        assertNotNull(rmatvec, report.format());
        assertEquals(iterations, matvec.callsMax());
        assertEquals(iterations, rmatvec.callsMax());
        assertEquals(LogView.Kind.OPERATOR, matvec.kind());

        // the operator's collectives nest under it, with messages and bytes
        List<LogView.Row> comms = report.rows().stream()
                .filter(r -> r.kind() == LogView.Kind.COMM && r.path().startsWith(matvec.path() + " > ")).toList();
        assertTrue(!comms.isEmpty(), report.format());
        assertTrue(comms.stream().allMatch(r -> r.depth() >= 3));
        assertTrue(comms.stream().mapToLong(LogView.Row::messages).sum() > 0);
        assertTrue(comms.stream().mapToLong(LogView.Row::bytes).sum() > 0);

        // the first product (before CGLS) and the array operations of the run
        assertNotNull(report.row("MPIFirstDerivative.matvec"), report.format());
        assertNotNull(report.row("DistributedArray.toDist"), report.format());
        LogView.Row dots = report.rows().stream().filter(r -> r.name().equals("DistributedArray.norm")
                || r.name().equals("DistributedArray.dot")).findFirst().orElse(null);
        assertNotNull(dots, report.format());
        assertTrue(dots.flops() > 0, "dots and norms count their flops");

        String table = report.format();
        assertTrue(table.startsWith("JLops-MPI log view: 2 ranks (local)"), table);
        assertTrue(table.contains("    MPIFirstDerivative.matvecNormSquared"), "indented by depth:\n" + table);
        assertTrue(table.contains("Collectives (every path)"), table);
        String csv = report.csv();
        assertTrue(csv.startsWith("path,depth,kind,ranks,calls_max,time_max_s"), csv);
        assertEquals(report.rows().size() + 1, csv.split("\n").length);
    }

    @Test
    void offRecordsNothing() {
        LogView.disable();
        List<Object[]> out = seedRun(2);
        LogView.Report report = (LogView.Report) out.get(0)[0];
        assertEquals(List.of(), report.rows());
        assertTrue(LogView.span("x") == LogView.span(LogView.Kind.OPERATOR, LogViewTest.class, "y"),
                "off, every span is the one shared no-op");
    }

    @Test
    void userSpansAndMarksNest() {
        LogView.enable();
        LogView.reset();
        try (LogView.Span outer = LogView.span("outer")) {
            LogView.mark("first");
            try (LogView.Span inner = LogView.span("inner")) {
                inner.bytes(5).messages(2).flops(7);
            }
            try (LogView.Span inner = LogView.span("inner")) {
                inner.flops(1);
            }
        }
        LogView.Report report = LogView.Report.of("local", List.of(LogView.localRecord()));
        assertEquals(1, report.row("outer").callsMax());
        assertEquals(1, report.row("outer > first").callsMax());
        LogView.Row inner = report.row("outer > inner");
        assertEquals(2, inner.callsMax());
        assertEquals(5, inner.bytes());
        assertEquals(2, inner.messages());
        assertEquals(8, inner.flops());
        assertEquals(1, inner.depth());
        assertNull(report.row("inner"), "a nested span is not also a top-level one");
    }

    @Test
    void ranksMergeIntoMaxMinRatioAndTotals() {
        // rank records: elapsed ns, then path, name, depth, kind, calls, ns, self ns, bytes, messages, flops
        String r0 = "4000000000\nA\tA\t0\tSOLVER\t3\t2000000000\t500000000\t10\t1\t100\n"
                + "A > B\tB\t1\tCOMM\t5\t1500000000\t1500000000\t64\t5\t0\n";
        String r1 = "3000000000\nA\tA\t0\tSOLVER\t2\t1000000000\t250000000\t20\t2\t50\n";
        LogView.Report report = LogView.Report.of("mpi-ffm", List.of(r0, r1));
        assertEquals(4.0, report.wallMaxS(), 1e-12);
        assertEquals(3.0, report.wallMinS(), 1e-12);
        LogView.Row a = report.row("A");
        assertEquals(2, a.ranks());
        assertEquals(3, a.callsMax());
        assertEquals(2.0, a.timeMaxS(), 1e-12);
        assertEquals(1.0, a.timeMinS(), 1e-12);
        assertEquals(2.0, a.ratio(), 1e-12);
        assertEquals(0.5, a.selfMaxS(), 1e-12);
        assertEquals(30, a.bytes());
        assertEquals(3, a.messages());
        assertEquals(150, a.flops());
        LogView.Row b = report.row("A > B");
        assertEquals(1, b.ranks());
        assertEquals(0.0, b.timeMinS(), "a rank that did not record it spent no time in it");
        assertEquals(Double.POSITIVE_INFINITY, b.ratio());
        assertTrue(report.format().contains("inf"), report.format());
    }

    /** The flops of the products of the operators that know theirs, summed over 4 ranks. */
    @Test
    void operatorsThatKnowTheirFlopsCountThem() {
        LogView.enable();
        List<LogView.Report> out = LocalCluster.call(4, comm -> {
            // rank r: a (r + 1) x 3 dense block, a diagonal of 2, a product, a sum with a scaled copy, a power
            NdArray a = SerialArrays.random(DType.FLOAT64, comm.rank(), 0, 1, comm.rank() + 1, 3);
            MatrixMult mm = new MatrixMult(a);
            MatrixMult m1 = new MatrixMult(SerialArrays.random(DType.FLOAT64, 5, 0, 1, 3, 3));
            Diagonal d = new Diagonal(SerialArrays.random(DType.FLOAT64, 9, 0, 1, 2));
            MPIBlockDiag bd = new MPIBlockDiag(List.of(mm, d, LocalOperators.compose(m1, LocalOperators.adjoint(
                    new MatrixMult(SerialArrays.random(DType.FLOAT64, 6, 0, 1, 3, 3)))),
                    LocalOperators.sum(d, LocalOperators.scale(d, 2)), LocalOperators.power(m1, 2)), comm);
            DistributedArray x = DistributedArray.builder(comm, bd.cols()).localSizes(bd.colCounts()).build();
            x.fill(1);
            DistributedArray y = bd.matvec(x);
            bd.rmatvec(y);
            MPIHStack h = new MPIHStack(List.of(new MatrixMult(SerialArrays.random(DType.FLOAT64, 7, 0, 1, 2, 3))), comm);
            h.matvec(DistributedArray.builder(comm, h.cols()).localSizes(3, 3, 3, 3).build());
            // MPIMatrixMult BLOCK: N = 4, K = 6, M = 2 on a 2 x 2 grid
            NdArray big = SerialArrays.random(DType.FLOAT64, 3, 0, 1, 4, 6);
            int p = MatrixGrid.side(comm.size());
            int j = comm.rank() % p;
            long rs = MatrixGrid.blockStart(4, p, j);
            MPIMatrixMult op = new MPIMatrixMult(big.slice(0, rs, rs + MatrixGrid.blockLength(4, p, j)), 2, comm,
                    MPIMatrixMult.Kind.BLOCK);
            op.matvec(op.toModel(SerialArrays.random(DType.FLOAT64, 4, 0, 1, 6, 2)));
            MPIMatrixMult summa = new MPIMatrixMult(MatrixGrid.localBlockSplit(4, 6, comm.rank(), comm).of(big), 2,
                    comm, MPIMatrixMult.Kind.SUMMA);
            summa.rmatvec(summa.toData(SerialArrays.random(DType.FLOAT64, 5, 0, 1, 4, 2)));
            // MPIFredholm1: 2 slices of 3 x 2 per rank, nz = 5, complex
            MPIFredholm1 f = new MPIFredholm1(SerialArrays.random(DType.COMPLEX128, 8, 0, 1, 2, 3, 2), 5, comm,
                    DType.COMPLEX128);
            f.matvec(DistributedArray.builder(comm, f.cols()).dtype(DType.COMPLEX128).partition(Partition.BROADCAST).build());
            // first derivative, centered order 3 (2 taps) on 8 x 3
            new MPIFirstDerivative(new long[] {8, 3}, comm).matvec(DistributedArray.builder(comm, 24)
                    .localSizes(6, 6, 6, 6).build());
            // a block that does not know its flops: the block operator reports none
            FunctionOperator.Product copy = (in, o) -> {
                for (long k = 0; k < in.size(); k++) {
                    o.set(k, in.re(k));
                }
            };
            new MPIBlockDiag(List.of(mm, FunctionOperator.of(new long[] {2}, new long[] {2}, DType.FLOAT64, copy, copy)),
                    comm).matvec(DistributedArray.builder(comm, 4L * 5).localSizes(5, 5, 5, 5).build());
            return Communicators.logView(comm);
        });
        LogView.Report report = out.get(0);
        // per rank: 2 (r + 1) 3 for the dense block, 2 for the diagonal, 2 x 18 for the product of two
        // 3 x 3 blocks, 2 + (2 + 2) + 2 for the sum (the diagonal, the scaled diagonal, the add), 2 x 18
        // for the square
        long perProduct = 0;
        for (int r = 0; r < 4; r++) {
            perProduct += 2L * (r + 1) * 3 + 2 + 36 + 8 + 36;
        }
        assertEquals(perProduct, report.row("MPIBlockDiag.matvec").flops(), report.format());
        assertEquals(perProduct, report.row("MPIBlockDiag.rmatvec").flops(), report.format());
        assertEquals(4L * 2 * 2 * 3, report.row("MPIHStack.matvec").flops(), report.format());
        assertEquals(2L * 4 * 6 * 2, report.row("MPIMatrixMult.matvec").flops(), report.format());
        assertEquals(2L * 4 * 6 * 2, report.row("MPIMatrixMult.rmatvec").flops(), "SUMMA without padding");
        assertEquals(4L * 2 * 3 * 2 * 5 * 8, report.row("MPIFredholm1.matvec").flops(), "8 flops per complex madd");
        assertEquals(2L * 2 * 24, report.row("MPIFirstDerivative.matvec").flops(), "2 taps per element");
        assertEquals(perProduct, report.row("MPIBlockDiag.matvec").flops(), "a block without a count adds none");
    }
}
