package org.jlops.mpi.verify.catalog;

import org.jlops.mpi.verify.harness.Gen;

/**
 * An operator of the catalog: its name and a generator of valid cases.
 *
 * @param name    the subject name in reports and CSVs (the impl class, e.g. {@code MPIBlockDiag})
 * @param cases   draws valid cases of every dtype and parameter the operator accepts
 * @param bitwise whether its products are the same bits on every rank count and split (the
 *                {@code partition} property then compares bit for bit, else to the dtype's
 *                tolerance); true for every operator whose definition fixes the order of its sums
 */
public record OperatorSubject(String name, Gen<OperatorCase> cases, boolean bitwise) {

    /** A subject whose products are bit-identical at every rank count and split. */
    public OperatorSubject(String name, Gen<OperatorCase> cases) {
        this(name, cases, true);
    }
}
