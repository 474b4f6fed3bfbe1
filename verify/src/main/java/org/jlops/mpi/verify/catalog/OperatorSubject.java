package org.jlops.mpi.verify.catalog;

import org.jlops.mpi.verify.harness.Gen;

/**
 * An operator of the catalog: its name and a generator of valid cases.
 *
 * @param name  the subject name in reports and CSVs (the impl class, e.g. {@code MPIBlockDiag})
 * @param cases draws valid cases of every dtype and parameter the operator accepts
 */
public record OperatorSubject(String name, Gen<OperatorCase> cases) {
}
