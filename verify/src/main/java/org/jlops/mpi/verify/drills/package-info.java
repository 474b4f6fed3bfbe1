/**
 * The fault drills of issue 14: every public distributed method called with a bad argument on one
 * rank only must throw the same {@link java.lang.IllegalArgumentException} on every rank — naming
 * the argument and the rank that had it — leave its operands unchanged and the communicator usable,
 * and never hang or give diverging results.
 *
 * <p>A {@link org.jlops.mpi.verify.drills.Drill} is one method, one bad argument, one
 * {@link org.jlops.mpi.verify.drills.Badness} and one {@link org.jlops.mpi.verify.drills.Victim}
 * rank; the generators write them: {@link org.jlops.mpi.verify.drills.OperatorDrills} from the
 * operator catalog (so a new catalog entry is drilled with no further work),
 * {@link org.jlops.mpi.verify.drills.ArrayDrills}, {@link org.jlops.mpi.verify.drills.HelperDrills}
 * (the dot-test, the halo's helpers), {@link org.jlops.mpi.verify.drills.SolverDrills} (CG, CGLS,
 * ISTA, FISTA, power iteration), {@link org.jlops.mpi.verify.drills.ProximalDrills} (the proximal
 * maps, ProximalGradient, ADMML2) and {@link org.jlops.mpi.verify.drills.ConstructorDrills}; {@link
 * org.jlops.mpi.verify.drills.DrillSuite} is the whole list. {@link
 * org.jlops.mpi.verify.drills.DrillRunner} runs a drill and agrees on its
 * {@link org.jlops.mpi.verify.drills.Status} on every rank, each case under a time limit (in one
 * JVM: {@code LocalCluster}'s; under mpirun: the {@link org.jlops.mpi.verify.drills.Watchdog}).
 * The family of the property suite: drills read like {@code Check}s, the catalog is the same.
 *
 * <p>May import impl, the test kit, the harness and the catalog.
 */
package org.jlops.mpi.verify.drills;
