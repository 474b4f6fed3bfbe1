package org.jlops.mpi.ops.signal;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.ops.serial.Fredholm1;

/**
 * The Fredholm integral of the first kind over a kernel split by slices (PyLops-MPI's
 * {@code MPIFredholm1}). The global kernel {@code G} has shape
 * {@code (nsl, nx, ny)}; rank r holds the slab of {@code nsl_r} consecutive slices that starts
 * after the slabs of the lower ranks (their order is the rank order):
 *
 * <pre>
 *     forward:  d[k] = G[k] · m[k]      m[k]: ny × nz, d[k]: nx × nz       for k = 0 .. nsl-1
 *     adjoint:  m[k] = G[k]ᴴ · d[k]
 *     dims = (nsl, ny, nz),  dimsd = (nsl, nx, nz)
 * </pre>
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@code matvec}, {@code rmatvec}</td><td>BROADCAST or UNSAFE_BROADCAST (every rank holds
 *     the whole vector)</td><td>the input's partition and mask, the whole vector on every
 *     rank</td></tr>
 * </table>
 *
 * <p>Each rank computes the slices of its slab with the serial {@link Fredholm1} (its slices in
 * one strided-batched product: on the host one BLAS {@code gemm} per slice, {@code gemv} when
 * {@code nz = 1}, every dtype; on arrays of the CUDA engine one {@code cublas?gemmStridedBatched}
 * call on the device) reading its part of the replicated input in place and writing its slices in
 * place into the output. <b>Communication</b>
 * per product: one {@code allgatherv} of the ranks' parts ({@code nsl_r · nx · nz} elements from
 * rank r forward, {@code nsl_r · ny · nz} adjoint) into every rank's output (none on one rank). Construction: one allreduce (checks and agreement on
 * {@code nz}, dtype and options) and one allgather of every rank's slab shape.
 *
 * <p><b>dtypes.</b> {@code G} is converted to the operator's dtype. Outputs have the operator's
 * dtype; an input of another precision is converted first, except that complex input to a real
 * operator gives a complex output of the operator's precision (the products act on the real and
 * imaginary parts), as for {@code MPIBlockDiag}.
 *
 * <p><b>Differences from PyLops-MPI</b> (see {@code docs/differences.md}):
 * <ol>
 *   <li>A rank holding exactly one slice is refused, as in PyLops-MPI, but on every rank with the
 *       same {@link IllegalArgumentException} (PyLops-MPI raises its {@code NotImplementedError}
 *       on rank 0 only, and the other ranks go on and may hang). Ranks with no slice are
 *       accepted.</li>
 *   <li>No dimension is squeezed: {@code nx}, {@code ny}, {@code nz} or a slab of 1 work alike
 *       (PyLops-MPI squeezes the reshaped vectors and re-expands only {@code nz = 1}).</li>
 *   <li>Every rank's slab shape is checked against the others' ({@code nx}, {@code ny} equal
 *       everywhere); {@code nz}, the dtype and the options must be the same on every rank.</li>
 *   <li>Options are {@link Fredholm1.Options} ({@link #DEFAULT_OPTIONS}: PyLops-MPI's
 *       {@code saveGt=False, usematmul=True}); {@code usematmul} does not change the computation
 *       (one batched product either way).</li>
 * </ol>
 */
public final class MPIFredholm1 extends MPILinearOperator {

    /** PyLops-MPI's defaults: {@code saveGt = false}, {@code usematmul = true}. */
    public static final Fredholm1.Options DEFAULT_OPTIONS = new Fredholm1.Options(false, true);

    private static final int INFO = 3; // nsl, nx, ny

    private final Fredholm1 local;
    private final long[] slices;
    private final long[] first;
    private final long nx;
    private final long ny;
    private final long nz;

    /**
     * A float64 operator with PyLops-MPI's defaults. Collective.
     *
     * @param g    (Input) this rank's slab of {@code G}, shape {@code (nsl_r, nx, ny)}; not modified
     *             (copied)
     * @param nz   the trailing model and data dimension, at least 1, the same on every rank
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIFredholm1(NdArray g, long nz, Communicator comm) {
        this(g, nz, comm, DType.FLOAT64, DEFAULT_OPTIONS);
    }

    /**
     * An operator of the given dtype with PyLops-MPI's default options. Collective.
     *
     * @param g     (Input) this rank's slab, {@code (nsl_r, nx, ny)}; not modified (copied)
     * @param nz    the trailing dimension, at least 1, the same on every rank
     * @param comm  the communicator
     * @param dtype the operator's dtype, the same on every rank
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIFredholm1(NdArray g, long nz, Communicator comm, DType dtype) {
        this(g, nz, comm, dtype, DEFAULT_OPTIONS);
    }

    /**
     * The operator with explicit options. Collective: one allreduce agrees on every rank's checks
     * and on {@code nz}, {@code dtype} and {@code options}; one allgather collects the slab shapes.
     *
     * @param g       (Input) this rank's slab, {@code (nsl_r, nx, ny)} with {@code nsl_r != 1}; not
     *                modified (copied and converted to {@code dtype})
     * @param nz      the trailing dimension, at least 1, the same on every rank
     * @param comm    the communicator
     * @param dtype   the operator's dtype, the same on every rank
     * @param options saveGt and usematmul, the same on every rank
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is
     *                                  bad, a rank holds exactly one slice, the slices' shapes differ
     *                                  between ranks, or an agreed argument differs
     */
    public MPIFredholm1(NdArray g, long nz, Communicator comm, DType dtype, Fredholm1.Options options) {
        Plan plan = Plan.of(g, nz, comm, dtype, options);
        super(plan.dims(), plan.dimsd(), dtype, comm);
        this.local = plan.local();
        this.slices = plan.slices();
        this.first = plan.first();
        this.nx = plan.dimsd()[1];
        this.ny = plan.dims()[1];
        this.nz = nz;
    }

    private record Plan(Fredholm1 local, long[] slices, long[] first, long[] dims, long[] dimsd) {

        static Plan of(NdArray g, long nz, Communicator comm, DType dtype, Fredholm1.Options options) {
            if (comm == null) {
                throw new IllegalArgumentException("comm: must not be null");
            }
            Fredholm1 local = Consensus.on(comm).same("nz", nz).same("dtype", dtype)
                    .same("saveGt", options != null && options.saveGt())
                    .same("usematmul", options != null && options.usematmul())
                    .check(() -> new Fredholm1(g, nz, dtype, options));
            long[] info = {g.shape(0), g.shape(1), g.shape(2)};
            int p = comm.size();
            long[] all = new long[INFO * p];
            comm.allgather(MemorySegment.ofArray(info), MemorySegment.ofArray(all), INFO, Datatype.INT64);
            // every rank checks the same gathered numbers: the same verdict everywhere
            long[] slices = new long[p];
            long[] first = new long[p];
            long total = 0;
            for (int r = 0; r < p; r++) {
                slices[r] = all[INFO * r];
                first[r] = total;
                total += slices[r];
            }
            for (int r = 0; r < p; r++) {
                if (all[INFO * r + 1] != all[1] || all[INFO * r + 2] != all[2]) {
                    throw new IllegalArgumentException("g: rank " + r + " holds slices of " + all[INFO * r + 1] + " x "
                            + all[INFO * r + 2] + ", rank 0 of " + all[1] + " x " + all[2]
                            + "; every rank's slices must have the same (nx, ny)");
                }
            }
            for (int r = 0; r < p; r++) {
                if (slices[r] == 1) {
                    throw new IllegalArgumentException("g: rank " + r + " holds one slice of G; as in PyLops-MPI every "
                            + "rank must hold none or at least 2 (slices per rank: " + Arrays.toString(slices) + ")");
                }
            }
            return new Plan(local, slices, first, new long[] {total, all[2], nz}, new long[] {total, all[1], nz});
        }
    }

    /**
     * The slices of {@code G} each rank holds, by rank; a copy. Local.
     *
     * @return the slices of {@code G} each rank holds, by rank
     */
    public long[] slicesPerRank() {
        return slices.clone();
    }

    /**
     * This rank's serial operator (its slab). Local.
     *
     * @return this rank's serial operator (its slab)
     */
    public Fredholm1 localOperator() {
        return local;
    }

    /** This rank's slices of the serial {@code Fredholm1}. */
    @Override
    protected long localFlops(boolean adjoint) {
        return local.flops(adjoint);
    }

    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return apply("x", x, false, null);
    }

    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return apply("y", y, true, null);
    }

    /** {@code out = F x} into an array of the product's layout (no allocation of the result). Collective. */
    @Override
    protected DistributedArray doMatvec(DistributedArray x, DistributedArray out) {
        return apply("x", x, false, out);
    }

    /** {@code out = F^H y} into an array of the product's layout. Collective. */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y, DistributedArray out) {
        return apply("y", y, true, out);
    }

    private DistributedArray apply(String what, DistributedArray v, boolean adjoint, DistributedArray result) {
        OperandChecks.requirePartition(what, v, Partition.BROADCAST, Partition.UNSAFE_BROADCAST);
        DType work = !dtype().isComplex() && v.dtype().isComplex() ? dtype().complexType() : dtype();
        long n = adjoint ? cols() : rows();
        if (result != null) {
            long[] sizes = new long[slices.length];
            Arrays.fill(sizes, n);
            OperandChecks.requireLayout("out", result, work, v.partition(), sizes, v.mask());
        }
        DistributedArray in = v.astype(work, false);
        int r = communicator().rank();
        long inner = adjoint ? nx * nz : ny * nz;      // elements per slice read
        long outer = adjoint ? ny * nz : nx * nz;      // elements per slice written
        DistributedArray out = result != null ? result
                : DistributedArray.builder(communicator(), n).like(v).dtype(work).buildLocal();
        Buffer all = out.localBuffer();
        // this rank's slices go straight to their place in the output, which the allgatherv then
        // fills with the other ranks' (the send range overlaps the receive buffer: the
        // communicator sends a copy of it)
        if (adjoint) {
            local.rmatvec(in.localBuffer(), first[r] * inner, all, first[r] * outer);  // m[k] = G[k]^H d[k], my k
        } else {
            local.matvec(in.localBuffer(), first[r] * inner, all, first[r] * outer);   // d[k] = G[k] m[k], my k
        }
        if (slices.length > 1) {
            long[] counts = new long[slices.length];
            long[] displs = new long[slices.length];
            for (int q = 0; q < slices.length; q++) {
                counts[q] = slices[q] * outer;
                displs[q] = first[q] * outer;
            }
            long bytes = work.itemSize();
            MemorySegment mine = all.segment().asSlice(displs[r] * bytes, counts[r] * bytes);
            communicator().allgatherv(mine, counts[r], all.segment(), counts, displs, work.datatype());
        }
        return out;
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " MPIFredholm1(nsl=" + dims()[0] + ", nx=" + nx + ", ny=" + ny + ", nz="
                + nz + ") with dtype=" + dtype() + ">";
    }
}
