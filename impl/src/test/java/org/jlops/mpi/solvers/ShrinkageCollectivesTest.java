package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.profile.LogView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ISTA's and FISTA's steps reduce their norms (the update, the residual, {@code ‖x‖₁}) in one
 * collective: on a block-diagonal operator, whose products communicate nothing, a step makes
 * exactly one (every collective is a wait for the slowest rank).
 */
class ShrinkageCollectivesTest {

    @AfterEach
    void off() {
        LogView.disable();
        LogView.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISTA", "FISTA"})
    void oneCollectivePerStep(String solver) {
        LogView.enable();
        List<LogView.Report> reports = LocalCluster.call(2, comm -> {
            Random rnd = new Random(3 + comm.rank());
            NdArray m = NdArray.zeros(DType.FLOAT64, 12, 9);
            for (long k = 0; k < m.size(); k++) {
                m.set(k, rnd.nextGaussian());
            }
            MPIBlockDiag op = new MPIBlockDiag(List.of(new MatrixMult(m)), comm);
            NdArray truth = NdArray.zeros(DType.FLOAT64, 18);
            truth.set(4, 1.0);
            truth.set(13, -2.0);
            DistributedArray y = op.matvec(DistributedArray.toDist(truth, comm));
            if (solver.equals("ISTA")) {
                new ISTA<>(op).options(ISTA.options().eps(0.1).alpha(0.01).tol(0)).solve(y, null, 7);
            } else {
                new FISTA<>(op).options(FISTA.options().eps(0.1).alpha(0.01).tol(0)).solve(y, null, 7);
            }
            return Communicators.logView(comm);
        });
        LogView.Report report = reports.get(0);
        String step = solver + ".run > " + solver + ".step";
        LogView.Row steps = report.row(step);
        assertNotNull(steps, report.format());
        long collectives = 0;
        for (LogView.Row r : report.rows()) {
            if (r.kind() == LogView.Kind.COMM && r.path().startsWith(step + " >")) {
                collectives += r.callsMax();
            }
        }
        assertEquals(steps.callsMax(), collectives, report.format());
    }
}
