package org.jlops.mpi.verify.properties;

import java.util.List;
import org.jlops.mpi.verify.catalog.OperatorCatalog;
import org.jlops.mpi.verify.run.VerifyMain;

/**
 * {@link VerifyMain} over two checks, one with an injected wrong-sign adjoint: run under mpirun by
 * {@link MpirunVerifyTest} to show that a failure is agreed by every rank and gives exit status 1.
 */
public final class FaultyVerifyMain {

    private FaultyVerifyMain() {
    }

    /**
     * Runs the job.
     *
     * @param args VerifyMain's command line
     */
    public static void main(String[] args) {
        VerifyMain job = new VerifyMain(List.of(
                OperatorProperties.check("adjoint", Faults.WRONG_SIGN_ADJOINT.inject(OperatorCatalog.subject(
                        "MPIBlockDiag"))),
                OperatorProperties.check("reference", OperatorCatalog.subject("MPIBlockDiag"))));
        System.exit(VerifyMain.execute(job, args));
    }
}
