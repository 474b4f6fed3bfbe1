/**
 * The machinery the library's own operators share, not part of the API (not exported): the
 * operand and layout checks of products ({@link org.jlops.mpi.ops.internal.OperandChecks}), the
 * axis-0 stencil on row slabs ({@link org.jlops.mpi.ops.internal.RowStencil}) and its ghost-row
 * exchange ({@link org.jlops.mpi.ops.internal.GhostRows}). Layer: ops.
 *
 * <p>May import: array, comm, engine.
 */
package org.jlops.mpi.ops.internal;
