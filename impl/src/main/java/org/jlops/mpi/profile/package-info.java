/**
 * Layer 0 (profile): the log view, PETSc's {@code -log_view} for a JLops-MPI run
 * ({@link org.jlops.mpi.profile.LogView}): per rank, per operator, array operation, solver and
 * collective kind, the calls, time, bytes, messages and flops, in nested spans; off by default.
 * The layers above record into it; {@code Communicators.logView} gathers the ranks' records into
 * one table.
 *
 * <p>May import: nothing.
 */
package org.jlops.mpi.profile;
