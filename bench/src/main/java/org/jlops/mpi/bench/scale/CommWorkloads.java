package org.jlops.mpi.bench.scale;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * Collective and point-to-point workloads on heap float64 buffers (separate send and receive
 * buffers). Sizes are those of the C program
 * {@code osu_like.c}, so that its rows of the same run are the floors: allreduce of 2<sup>20</sup>
 * doubles, allgather of 2<sup>22</sup> doubles in total (see {@link Allgather} for weak scaling),
 * ring sendrecv of 8 MiB per rank.
 */
public final class CommWorkloads {

    private CommWorkloads() {
    }

    /**
     * A heap buffer of {@code n} doubles (MPI gets the array itself through a critical downcall),
     * as the library's arrays are: with {@code -XX:+UseTransparentHugePages} the heap, and so the
     * buffer, is backed by huge pages, as NumPy's large arrays are.
     */
    static MemorySegment filled(long n, double v) {
        double[] a = new double[Math.toIntExact(n)];
        java.util.Arrays.fill(a, v);
        return MemorySegment.ofArray(a);
    }

    /** Allreduce SUM of 2<sup>20</sup> doubles (not scaled): bytes 8 per element. */
    public static final class Allreduce implements Workload {
        @Override
        public String name() {
            return "allreduce";
        }

        @Override
        public String op() {
            return "allreduce";
        }

        @Override
        public Floor floor() {
            return Floor.ALLREDUCE;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long n = scale.fixed(1L << 20, 1024);
            MemorySegment send = filled(n, comm.rank() + 1);
            MemorySegment recv = filled(n, 0);
            return new Instance(Long.toString(n), 8.0 * n, (double) n * (comm.size() - 1), "SUM, separate buffers",
                    () -> comm.allreduce(send, recv, n, Datatype.FLOAT64, ReduceOp.SUM));
        }
    }

    /**
     * Allgather of 2<sup>22</sup> doubles in total (strong) or 2<sup>22</sup> &times; np
     * (weak, the per-rank block fixed): bytes 8 per gathered element.
     */
    public static final class Allgather implements Workload {
        @Override
        public String name() {
            return "allgather";
        }

        @Override
        public String op() {
            return "allgather";
        }

        @Override
        public Floor floor() {
            return Floor.ALLGATHER;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            int np = comm.size();
            long total = scale.weak() ? scale.fixed(1L << 22, 4096) * np : scale.fixed(1L << 22, 4096);
            long block = total / np;
            MemorySegment send = filled(block, comm.rank() + 1);
            MemorySegment recv = filled(block * np, 0);
            return new Instance(Long.toString(block * np), 8.0 * block * np, 0, block + " per rank",
                    () -> comm.allgather(send, recv, block, Datatype.FLOAT64));
        }
    }

    /** Ring exchange: every rank sends 8 MiB to rank + 1 and receives from rank - 1 in one sendrecv. */
    public static final class Sendrecv implements Workload {
        @Override
        public String name() {
            return "sendrecv";
        }

        @Override
        public String op() {
            return "sendrecv";
        }

        @Override
        public Floor floor() {
            return Floor.PINGPONG;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            long n = scale.fixed(1L << 20, 1024);
            int np = comm.size();
            int dest = (comm.rank() + 1) % np;
            int source = (comm.rank() + np - 1) % np;
            MemorySegment send = filled(n, comm.rank() + 1);
            MemorySegment recv = filled(n, 0);
            return new Instance(Long.toString(n), 8.0 * n, 0,
                    "ring sendrecv of " + n + " float64 per rank; bytes: one rank's message",
                    () -> comm.sendrecv(send, n, dest, 11, recv, n, source, 11, Datatype.FLOAT64));
        }
    }
}
