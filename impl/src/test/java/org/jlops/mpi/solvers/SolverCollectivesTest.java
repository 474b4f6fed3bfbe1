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
 * The collectives of a solver's step, on a block-diagonal operator whose products communicate
 * nothing (every collective is a wait for the slowest rank): ISTA and FISTA reduce their norms (the
 * update, the residual, {@code ‖x‖₁}) in one; undamped CGLS makes three ({@code q·q̄}, the fused
 * {@code s −= a q; ‖s‖²}, {@code r·r̄}), damped CGLS five.
 */
class SolverCollectivesTest {

    @AfterEach
    void off() {
        LogView.disable();
        LogView.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISTA:1", "FISTA:1", "CGLS:3", "CGLS-damped:5"})
    void collectivesPerStep(String solverAndCount) {
        String solver = solverAndCount.substring(0, solverAndCount.indexOf(':'));
        int perStep = Integer.parseInt(solverAndCount.substring(solverAndCount.indexOf(':') + 1));
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
            } else if (solver.startsWith("CGLS")) {
                new CGLS<>(op).setup(y, null, 7, solver.equals("CGLS") ? 0 : 0.3, 0).run(7);
            } else {
                new FISTA<>(op).options(FISTA.options().eps(0.1).alpha(0.01).tol(0)).solve(y, null, 7);
            }
            return Communicators.logView(comm);
        });
        LogView.Report report = reports.get(0);
        String name = solver.startsWith("CGLS") ? "CGLS" : solver;
        String step = name + ".run > " + name + ".step";
        LogView.Row steps = report.row(step);
        assertNotNull(steps, report.format());
        long collectives = 0;
        for (LogView.Row r : report.rows()) {
            if (r.kind() == LogView.Kind.COMM && r.path().startsWith(step + " >")) {
                collectives += r.callsMax();
            }
        }
        assertEquals(perStep * steps.callsMax(), collectives, report.format());
    }
}
