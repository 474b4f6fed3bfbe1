/**
 * Serial reference of the distributed-array layer: expected local shapes of every split rule
 * ({@link org.jlops.mpi.reference.array.ReferenceSplit}) and dots and norms computed on gathered
 * data ({@link org.jlops.mpi.reference.array.ReferenceReductions}).
 *
 * <p>May import: the JDK (and EJML). Must not import the library.
 */
package org.jlops.mpi.reference.array;
