/**
 * The properties the suite checks, written on the {@link org.jlops.mpi.verify.harness} harness:
 * {@link org.jlops.mpi.verify.properties.OperatorProperties} ({@code adjoint}, {@code reference},
 * {@code partition}, {@code algebra}, {@code unchanged} for every subject of the {@link
 * org.jlops.mpi.verify.catalog.OperatorCatalog}), {@link
 * org.jlops.mpi.verify.properties.PathProperties} ({@code paths}: the stencil operators on the
 * vector and the scalar kernel loops), {@link
 * org.jlops.mpi.verify.properties.SolverProperties} ({@code solver}), {@link
 * org.jlops.mpi.verify.properties.ArrayProperties} ({@code array-*}), and {@link
 * org.jlops.mpi.verify.properties.Suite}, the whole list that the in-JVM test and {@code
 * VerifyMain} under mpirun both run.
 *
 * <p>May import impl, the reference module, the test kit, the harness and the catalog.
 */
package org.jlops.mpi.verify.properties;
