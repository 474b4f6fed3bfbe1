/**
 * The test kit: test fixtures shared by impl's unit tests and verify's suites, one copy of each.
 * {@link org.jlops.mpi.testkit.SerialArrays} recomputes array results serially on the global array
 * (seeded data, element-wise operations, norms and dots with compensated sums, tolerance checks);
 * {@link org.jlops.mpi.testkit.DenseOp} is a dense serial operator of any dtype with its EJML
 * reference.
 *
 * <p>It lives in impl's test sources and ships as impl's test jar ({@code org.jlops:jlops-mpi},
 * classifier {@code tests}, holding this package only), which verify depends on. May import impl's
 * public API and the reference module (jlops-reference); must not import JUnit, so that verify's
 * main code, run by the scripts without JUnit, can use it.
 */
package org.jlops.mpi.testkit;
