/**
 * The seeded property-test harness (no jqwik, DESIGN §2 decision 5): {@link
 * org.jlops.mpi.verify.harness.Gen} generators of cases from a seed and a size hint, {@link
 * org.jlops.mpi.verify.harness.Case} (seed, size, rank count), {@link
 * org.jlops.mpi.verify.harness.Runner} (many cases, small first; the first failure shrunk to the
 * smallest failing case), {@link org.jlops.mpi.verify.harness.Probe} and {@link
 * org.jlops.mpi.verify.harness.Outcome} (one verdict agreed by all ranks), {@link
 * org.jlops.mpi.verify.harness.Report}. It knows nothing of operators or arrays: what is checked is
 * in {@link org.jlops.mpi.verify.properties}, the subjects in {@link org.jlops.mpi.verify.catalog}.
 *
 * <p>May import impl's {@code comm} (communicators, in-JVM clusters) and {@code array} (drawn
 * values); must not import the properties or the catalog.
 */
package org.jlops.mpi.verify.harness;
