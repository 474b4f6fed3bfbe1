package org.jlops.mpi.bench.scale;

import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.comm.Communicator;

/**
 * Element-wise and reduction workloads on float64 {@link DistributedArray}s split evenly over the
 * ranks (2<sup>23</sup> elements by default). Bytes count each array read or written once.
 */
public final class ArrayWorkloads {

    /** Default global length. */
    static final long LENGTH = 1L << 23;
    /** Quick-mode global length. */
    static final long QUICK = 1L << 12;

    private ArrayWorkloads() {
    }

    /** A random array of the scale's length; seed {@code seed + rank}. Collective. */
    static DistributedArray random(Communicator comm, Workload.Scale scale, long seed) {
        DistributedArray x = DistributedArray.builder(comm, scale.extent(LENGTH, QUICK)).build();
        Fill.uniform(x, seed);
        return x;
    }

    /** {@code z = x + y} into a held output: 24 bytes, 1 flop per element. */
    public static final class Add implements Workload {
        @Override
        public String name() {
            return "array_add";
        }

        @Override
        public String op() {
            return "add";
        }

        @Override
        public Floor floor() {
            return Floor.TRIAD;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            DistributedArray x = random(comm, scale, 1);
            DistributedArray y = random(comm, scale, 101);
            DistributedArray z = x.emptyLike();
            long n = x.globalSize();
            return new Instance(Long.toString(n), 24.0 * n, n, "z = x + y into a held z; 24 B, 1 flop per element",
                    () -> x.add(y, z));
        }
    }

    /** {@code x . y}: 16 bytes, 2 flops per element, one allreduce. */
    public static final class Dot implements Workload {
        @Override
        public String name() {
            return "array_dot";
        }

        @Override
        public String op() {
            return "dot";
        }

        @Override
        public Floor floor() {
            return Floor.TRIAD;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            DistributedArray x = random(comm, scale, 1);
            DistributedArray y = random(comm, scale, 101);
            long n = x.globalSize();
            return new Instance(Long.toString(n), 16.0 * n, 2.0 * n, "x . y; 16 B, 2 flops per element",
                    () -> x.dot(y, false));
        }
    }

    /** {@code ||x||_2}: 8 bytes, 2 flops per element, one allreduce. */
    public static final class Norm implements Workload {
        @Override
        public String name() {
            return "array_norm";
        }

        @Override
        public String op() {
            return "norm";
        }

        @Override
        public Floor floor() {
            return Floor.TRIAD;
        }

        @Override
        public Instance prepare(Communicator comm, Scale scale) {
            DistributedArray x = random(comm, scale, 1);
            long n = x.globalSize();
            return new Instance(Long.toString(n), 8.0 * n, 2.0 * n, "||x||_2; 8 B, 2 flops per element", x::norm);
        }
    }
}
