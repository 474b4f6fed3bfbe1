package org.jlops.mpi.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
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

        // one forward and one adjoint product per CGLS step, each nested in the step
        LogView.Row matvec = report.row("CGLS.run > CGLS.step > MPIFirstDerivative.matvec");
        LogView.Row rmatvec = report.row("CGLS.run > CGLS.step > MPIFirstDerivative.rmatvec");
        assertNotNull(matvec, report.format());
        assertNotNull(rmatvec, report.format());
        assertEquals(iterations, matvec.callsMax());
        assertEquals(iterations, rmatvec.callsMax());
        assertEquals(LogView.Kind.OPERATOR, matvec.kind());

        // the operator's collectives nest under it, with messages and bytes
        List<LogView.Row> comms = report.rows().stream()
                .filter(r -> r.kind() == LogView.Kind.COMM && r.path().startsWith(matvec.path() + " > ")).toList();
        assertTrue(!comms.isEmpty(), report.format());
        assertTrue(comms.stream().allMatch(r -> r.depth() == 3));
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
        assertTrue(table.contains("    MPIFirstDerivative.matvec"), "indented by depth:\n" + table);
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
}
