package org.jlops.mpi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.DerivativeKind;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSolvers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's seed example: its values at every rank count against an independent serial
 * computation (the EJML reference: the derivative's matrix from its stencil, the reference CGLS),
 * and the lines the main job prints.
 */
class SeedExampleTest {

    /** The serial reference: ‖y‖, ‖x_adj‖, ‖x_inv‖, iterations and the middle row of x_inv. */
    private static SeedExample.Result reference() {
        int nx = SeedExample.NX;
        int ny = SeedExample.NY;
        DenseOperator d = ReferenceOperators.firstDerivative(new long[] {nx, ny}, 0, 1.0, DerivativeKind.CENTERED,
                false, 3);
        double[] x = new double[nx * ny];
        x[(nx / 2) * ny + ny / 2] = 1.0;
        double[] y = d.matvec(x);
        double[] xAdj = d.rmatvec(y);
        ReferenceSolvers.CglsResult inv = ReferenceSolvers.cgls(d, y, new double[nx * ny], SeedExample.NITER, 0.0, 1e-4);
        double[] row = new double[ny];
        System.arraycopy(inv.x(), (nx / 2) * ny, row, 0, ny);
        return new SeedExample.Result(norm(y), norm(xAdj), norm(inv.x()), inv.iterations(), row);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    @Test
    void sameValuesAsTheSerialReferenceAtEveryRankCount() {
        SeedExample.Result ref = reference();
        assertTrue(ref.normXinv() > 0.1 && ref.iterations() >= 1, "the reference solved something: " + ref);
        for (int np = 1; np <= 8; np++) {
            List<SeedExample.Result> all = LocalCluster.call(np, SeedExample::run);
            for (SeedExample.Result r : all) {
                String at = "np=" + np;
                assertEquals(ref.normY(), r.normY(), 1e-12, at + " ||y||");
                assertEquals(ref.normXadj(), r.normXadj(), 1e-12, at + " ||x_adj||");
                assertEquals(ref.normXinv(), r.normXinv(), 1e-12, at + " ||x_inv||");
                assertEquals(ref.iterations(), r.iterations(), at + " iterations");
                for (int j = 0; j < SeedExample.NY; j++) {
                    assertEquals(ref.middleRow()[j], r.middleRow()[j], 1e-12, at + " x_inv[mid, " + j + "]");
                }
                assertEquals(ref.format(), r.format(), at + ": printed lines differ from the serial ones");
            }
        }
    }

    @Test
    void theMainJobPrintsTheSeedValues(@TempDir Path out) throws Exception {
        SeedExample.Result ref = reference();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int status;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            status = new CommandLine(new MainJob()).execute("--np", "3", "--out", out.toString());
        } finally {
            System.setOut(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        Matcher m = Pattern.compile("\\|\\|y\\|\\| = ([0-9.]+) +\\|\\|x_adj\\|\\| = ([0-9.]+) +\\|\\|x_inv\\|\\| = ([0-9.]+)")
                .matcher(text);
        assertTrue(m.find(), "norms line missing:\n" + text);
        assertEquals(ref.normY(), Double.parseDouble(m.group(1)), 1e-6, text);
        assertEquals(ref.normXadj(), Double.parseDouble(m.group(2)), 1e-6, text);
        assertEquals(ref.normXinv(), Double.parseDouble(m.group(3)), 1e-6, text);
        Matcher row = Pattern.compile("x_inv\\[" + SeedExample.NX / 2 + ", :\\] =((?: -?[0-9.]+){" + SeedExample.NY + "})")
                .matcher(text);
        assertTrue(row.find(), "middle row missing:\n" + text);
        String[] v = row.group(1).trim().split(" +");
        for (int j = 0; j < SeedExample.NY; j++) {
            assertEquals(ref.middleRow()[j], Double.parseDouble(v[j]), 5e-5, "x_inv[mid, " + j + "]");
        }
        assertTrue(Files.list(out).anyMatch(p -> p.getFileName().toString().startsWith("selfcheck-")), "csv written");
    }
}
