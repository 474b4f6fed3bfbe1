package org.jlops.mpi.ops.signal;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.ops.internal.FftSteps;
import org.jlops.mpi.ops.serial.Fredholm1;

/**
 * Multi-dimensional convolution (PyLops-MPI's {@code MPIMDC}, SPEC §5.14), with the kernel
 * {@code G} split over the ranks along its frequency axis:
 *
 * <pre>
 *     y(t, s, v) = F1ᴴ I1ᴴ ( Σ_r c · G(f, s, r) · (I F x)(f, r, v) )          c = dr · dt · √nt (1 when prescaled)
 *     forward:  MDC = F1ᴴ · I1ᴴ · Fredholm(c G) · I · F
 *     adjoint:  MDCᴴ = Fᴴ · Iᴴ · Fredholm(c G)ᴴ · I1 · F1
 * </pre>
 *
 * <p>{@code F} is the serial real {@link org.jlops.mpi.ops.serial.FFT} along the time axis of the model {@code (nt, nr, nv)}
 * (norm ortho, √2 on the inner bins, {@code ifftshiftBefore} when two-sided), {@code F1} the same
 * for the data {@code (nt, ns, nv)} without shift, {@code I} keeps the first {@code nfreq} of the
 * {@code nfft = ⌈(nt + 1)/2⌉} bins (its adjoint pads with zeros), and the Fredholm product is
 * {@link MPIFredholm1} over the ranks' frequency slabs (conjugated when {@code conj}). The operator
 * is real: its dtype is the real dtype of {@code G}.
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@code matvec}, {@code rmatvec}</td><td>BROADCAST or UNSAFE_BROADCAST (every rank holds
 *     the whole vector)</td><td>the input's partition and mask</td></tr>
 * </table>
 *
 * <p><b>Work and communication</b> per product: the time lines of the input ({@code nr · nv}
 * forward, {@code ns · nv} adjoint) are split over the ranks, and each rank transforms only its
 * own lines, both ways. One {@code alltoallv} hands every rank the bins of its frequency slab for
 * every line ({@code nfreq · nr · nv} complex elements in all forward, {@code nfreq · ns · nv}
 * adjoint); the rank's slices of the Fredholm product multiply them; a second {@code alltoallv}
 * returns every rank its output lines' bins ({@code nfreq · ns · nv} forward,
 * {@code nfreq · nr · nv} adjoint); one {@code allgatherv} of the transformed lines
 * ({@code nt · ns · nv} real elements forward, {@code nt · nr · nv} adjoint) replicates the
 * result. The transforms are computed unnormalised, with {@code 1/nt} folded into the kernel
 * (the orthonormal factors; the √2 of the inner bins cancels with its inverse), so the results
 * equal the chain above to rounding. One rank: no message. Construction: one allreduce (checks
 * and agreement), one allreduce of the frequency counts, {@code MPIFredholm1}'s own construction.
 *
 * <p><b>Differences from PyLops-MPI</b> (see {@code docs/differences.md}):
 * <ol>
 *   <li>{@code nfreq} different from the total number of kernel frequencies (after clipping to
 *       {@code nfft}) is refused by name on every rank (PyLops-MPI fails building the chain with a
 *       shape mismatch). The clipping itself is logged as a warning (rank 0), as PyLops-MPI does.</li>
 *   <li>An even {@code nt} with {@code twosided} is refused on every rank with a message naming
 *       {@code nt} ("nt must be odd number").</li>
 *   <li>{@code fftengine} and {@code usematmul} are not options: the FFT engine is the library's
 *       measured backend and the Fredholm product is one BLAS product per frequency.</li>
 * </ol>
 */
public final class MPIMDC extends MPILinearOperator {

    private static final System.Logger LOG = System.getLogger(MPIMDC.class.getName());

    /**
     * The options: sampling, sidedness, scaling and the Fredholm product's {@code saveGt}
     * (PyLops-MPI's defaults by {@link #DEFAULT}: {@code dt = dr = 1}, two-sided, not prescaled,
     * not conjugated, {@code saveGt = true}).
     *
     * @param dt        the time sampling
     * @param dr        the receiver sampling
     * @param twosided  whether the model and data hold negative and positive times ({@code nt} odd)
     * @param prescaled whether {@code G} already includes {@code dr · dt · √nt}
     * @param conj      whether to use the complex conjugate of {@code G}
     * @param saveGt    whether the Fredholm product keeps {@code Gᴴ}
     */
    public record Options(double dt, double dr, boolean twosided, boolean prescaled, boolean conj, boolean saveGt) {

        /** PyLops-MPI's defaults. */
        public static final Options DEFAULT = new Options(1, 1, true, false, false, true);

        /**
         * These options with the samplings {@code dt}, {@code dr}.
         *
         * @param dt the time sampling
         * @param dr the spatial sampling
         * @return new options with this one changed
         */
        public Options withSampling(double dt, double dr) {
            return new Options(dt, dr, twosided, prescaled, conj, saveGt);
        }

        /**
         * These options, two-sided or not.
         *
         * @param twosided whether the kernel is two-sided
         * @return new options with this one changed
         */
        public Options withTwosided(boolean twosided) {
            return new Options(dt, dr, twosided, prescaled, conj, saveGt);
        }

        /**
         * These options, prescaled or not.
         *
         * @param prescaled whether the kernel is already scaled by dr dt sqrt(nt)
         * @return new options with this one changed
         */
        public Options withPrescaled(boolean prescaled) {
            return new Options(dt, dr, twosided, prescaled, conj, saveGt);
        }

        /**
         * These options, conjugated or not.
         *
         * @param conj whether the kernel is conjugated
         * @return new options with this one changed
         */
        public Options withConj(boolean conj) {
            return new Options(dt, dr, twosided, prescaled, conj, saveGt);
        }

        /**
         * These options, keeping {@code Gᴴ} or not.
         *
         * @param saveGt whether the Fredholm product keeps the conjugate transposes
         * @return new options with this one changed
         */
        public Options withSaveGt(boolean saveGt) {
            return new Options(dt, dr, twosided, prescaled, conj, saveGt);
        }
    }

    private final Fredholm1 local;
    private final long[] slices;
    private final long[] first;
    private final boolean twosided;
    private final long nt;
    private final long nr;
    private final long ns;
    private final long nv;
    private final long nfft;
    private final long nfreq;
    private final DType cdtype;

    /**
     * The MDC with PyLops-MPI's default options. Collective.
     *
     * @param g     (Input) this rank's frequency slab of the kernel, {@code (nf_r, ns, nr)}, complex; not
     *              modified
     * @param nt    the time samples of model and data
     * @param nv    the virtual sources
     * @param nfreq the total number of kernel frequencies (clipped to {@code ⌈(nt + 1)/2⌉})
     * @param comm  the communicator
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIMDC(NdArray g, long nt, long nv, long nfreq, Communicator comm) {
        this(g, nt, nv, nfreq, comm, Options.DEFAULT);
    }

    /**
     * The MDC with explicit options. Collective.
     *
     * @param g       (Input) this rank's frequency slab of the kernel, {@code (nf_r, ns, nr)}, complex64
     *                or complex128 (its dtype sets the operator's); not modified
     * @param nt      the time samples of model and data, odd when two-sided
     * @param nv      the virtual sources, at least 1
     * @param nfreq   the total number of kernel frequencies, at least 1; clipped to
     *                {@code ⌈(nt + 1)/2⌉} with a warning
     * @param comm    the communicator
     * @param options the options, the same on every rank
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIMDC(NdArray g, long nt, long nv, long nfreq, Communicator comm, Options options) {
        Plan p = Plan.of(g, nt, nv, nfreq, comm, options);
        super(new long[] {nt, p.nr, nv}, new long[] {nt, p.ns, nv}, p.cdtype.realType(), comm);
        this.nt = nt;
        this.nr = p.nr;
        this.ns = p.ns;
        this.nv = nv;
        this.nfft = p.nfft;
        this.nfreq = p.nfreq;
        this.cdtype = p.cdtype;
        this.twosided = options.twosided();
        // the kernel times c / nt: the 1/√nt of each orthonormal transform, whose products are
        // computed unnormalised (the √2 of the real transform's inner bins and its inverse's 1/√2
        // cancel), conjugated when asked (the product with conj(G) is the conjugated operator's)
        double c = (options.prescaled() ? 1 : options.dr() * options.dt() * Math.sqrt(nt)) / nt;
        NdArray scaled = g.astype(p.cdtype);
        double sign = options.conj() ? -1 : 1;
        for (long q = 0; q < scaled.size(); q++) {
            scaled.set(q, c * scaled.re(q), sign * c * scaled.im(q));
        }
        MPIFredholm1 fr = new MPIFredholm1(scaled, nv, comm, p.cdtype, new Fredholm1.Options(options.saveGt(), true));
        this.local = fr.localOperator();
        this.slices = fr.slicesPerRank();
        this.first = LocalSplit.offsets(slices);
    }

    private record Plan(long ns, long nr, long nfft, long nfreq, DType cdtype) {

        static Plan of(NdArray g, long nt, long nv, long nfreq, Communicator comm, Options options) {
            if (comm == null) {
                throw new IllegalArgumentException("comm: must not be null");
            }
            long local = g == null || g.ndim() != 3 ? 0 : g.shape(0);
            Plan plan = Consensus.on(comm).same("nt", nt).same("nv", nv).same("nfreq", nfreq)
                    .same("options", options == null ? "null" : options.toString())
                    .same("G dtype", g == null ? null : g.dtype())
                    .same("G shape (ns, nr)", g == null || g.ndim() != 3 ? new long[0]
                            : new long[] {g.shape(1), g.shape(2)}).check(() -> {
                                if (options == null) {
                                    throw new IllegalArgumentException("options: must not be null");
                                }
                                if (g == null || g.ndim() != 3) {
                                    throw new IllegalArgumentException("g: needs this rank's kernel slab of shape "
                                            + "(nf_r, ns, nr), got " + (g == null ? "null"
                                                    : java.util.Arrays.toString(g.shape())));
                                }
                                if (!g.dtype().isComplex()) {
                                    throw new IllegalArgumentException("g: the kernel must be complex (complex64 or "
                                            + "complex128), got " + g.dtype());
                                }
                                if (nt < 1 || nv < 1 || nfreq < 1) {
                                    throw new IllegalArgumentException("nt, nv, nfreq: must be at least 1, got nt="
                                            + nt + ", nv=" + nv + ", nfreq=" + nfreq);
                                }
                                if (options.twosided() && nt % 2 == 0) {
                                    throw new IllegalArgumentException("nt: nt must be odd number with twosided, got "
                                            + nt);
                                }
                                if (!Double.isFinite(options.dt()) || !Double.isFinite(options.dr())) {
                                    throw new IllegalArgumentException("options: dt and dr must be finite, got dt="
                                            + options.dt() + ", dr=" + options.dr());
                                }
                                long nf = (nt + 2) / 2;               // ceil((nt + 1) / 2)
                                return new Plan(g.shape(1), g.shape(2), nf, Math.min(nfreq, nf), g.dtype());
                            });
            long total = comm.allreduce(local, ReduceOp.SUM);
            if (nfreq > plan.nfft && comm.rank() == 0) {
                LOG.log(System.Logger.Level.WARNING, "nfreq set equal to ceil[(nt+1)/2]=" + plan.nfft + " (was "
                        + nfreq + ")");
            }
            if (total != plan.nfreq) {
                throw new IllegalArgumentException("nfreq: " + plan.nfreq + (nfreq > plan.nfft ? " (clipped from "
                        + nfreq + ")" : "") + " must equal the total number of kernel frequencies over the ranks, "
                        + total);
            }
            return plan;
        }
    }

    /**
     * The kernel frequencies used ({@code nfreq} after clipping to {@link #nfft()}). Local.
     *
     * @return the kernel frequencies used ({@code nfreq} after clipping to {@link #nfft()})
     */
    public long nfreq() {
        return nfreq;
    }

    /**
     * The real FFT's bins, {@code ⌈(nt + 1)/2⌉}. Local.
     *
     * @return the real FFT's bins, {@code ⌈(nt + 1)/2⌉}
     */
    public long nfft() {
        return nfft;
    }

    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        OperandChecks.requirePartition("x", x, Partition.BROADCAST, Partition.UNSAFE_BROADCAST);
        return apply(x, false);
    }

    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        OperandChecks.requirePartition("y", y, Partition.BROADCAST, Partition.UNSAFE_BROADCAST);
        return apply(y, true);
    }

    /**
     * One product. The time lines of the input ({@code nr · nv} forward, {@code ns · nv} adjoint)
     * are split over the ranks: each rank transforms its lines (rolled first when the forward is
     * two-sided), an all-to-all hands every rank the bins of its frequency slab for all lines, the
     * rank's Fredholm slices multiply them, a second all-to-all hands every rank its output lines'
     * bins of every frequency (zero above {@code nfreq}), each rank transforms them back, and an
     * allgatherv replicates the result (rolled back when the adjoint is two-sided). The transforms
     * are unnormalised: the orthonormal factors and the √2 of the inner bins cancel into the
     * {@code 1/nt} folded into the kernel.
     */
    private DistributedArray apply(DistributedArray v, boolean adjoint) {
        Engine e = Engine.host();
        DType rt = dtype();
        ElementType re = rt.elementType();
        ElementType ce = cdtype.elementType();
        Communicator comm = communicator();
        int size = comm.size();
        int me = comm.rank();
        long lin = adjoint ? ns * nv : nr * nv;        // input lines
        long lout = adjoint ? nr * nv : ns * nv;       // output lines
        long[] mi = LocalSplit.counts(lin, size);
        long[] oi = LocalSplit.offsets(mi);
        long[] mo = LocalSplit.counts(lout, size);
        long[] oo = LocalSplit.offsets(mo);
        long nf = slices[me];
        long shiftIn = !adjoint && twosided ? nt / 2 : 0;
        long shiftOut = adjoint && twosided ? nt / 2 : 0;
        int cw = 2;                                    // entries per complex element

        // this rank's input lines, rolled: w[t] = v[(t + shiftIn) mod nt]
        Object src = v.astype(rt, false).localBuffer().hostArray();
        Buffer w = e.allocateUninitialized(re, nt * mi[me]);
        for (long t = 0; t < nt; t++) {
            copy(src, ((t + shiftIn) % nt) * lin + oi[me], w.hostArray(), t * mi[me], mi[me], 1);
        }
        Buffer spec = e.allocateUninitialized(ce, nfft * mi[me]);
        if (mi[me] > 0) {
            FftSteps.kernels().realForward(w, 0, spec, 0, 1, (int) nt, mi[me]);
        }

        // every line's bins of this rank's frequencies: (nf, lin)
        Buffer in = spec;
        if (size > 1) {
            long[] sc = new long[size];
            long[] sd = new long[size];
            long[] rc = new long[size];
            long[] rd = new long[size];
            for (int q = 0; q < size; q++) {
                sc[q] = slices[q] * mi[me];
                sd[q] = first[q] * mi[me];
                rc[q] = nf * mi[q];
                rd[q] = nf * oi[q];
            }
            Buffer recv = e.allocateUninitialized(ce, nf * lin);
            comm.alltoallvAgreed(spec.segment(), sc, sd, recv.segment(), rc, rd, cdtype.datatype(), nfft * lin);
            in = e.allocateUninitialized(ce, nf * lin);
            for (int q = 0; q < size; q++) {
                for (long k = 0; k < nf; k++) {
                    copy(recv.hostArray(), rd[q] + k * mi[q], in.hostArray(), k * lin + oi[q], mi[q], cw);
                }
            }
        }
        Buffer mid = e.allocate(ce, (size > 1 ? nf : nfft) * lout);       // on one rank: the zero bins above nfreq
        if (nf > 0) {
            if (adjoint) {
                local.rmatvec(in, 0, mid, 0);
            } else {
                local.matvec(in, 0, mid, 0);
            }
        }

        // this rank's output lines' bins of every frequency: (nfft, mo), zero above nfreq
        Buffer bins = mid;
        if (size > 1) {
            long[] sc = new long[size];
            long[] sd = new long[size];
            long[] rc = new long[size];
            long[] rd = new long[size];
            Buffer send = e.allocateUninitialized(ce, nf * lout);
            for (int p = 0; p < size; p++) {
                sc[p] = nf * mo[p];
                sd[p] = nf * oo[p];
                rc[p] = slices[p] * mo[me];
                rd[p] = first[p] * mo[me];
                for (long k = 0; k < nf; k++) {
                    copy(mid.hostArray(), k * lout + oo[p], send.hostArray(), sd[p] + k * mo[p], mo[p], cw);
                }
            }
            bins = e.allocate(ce, nfft * mo[me]);
            comm.alltoallvAgreed(send.segment(), sc, sd, bins.segment(), rc, rd, cdtype.datatype(), nfft * lout);
        }
        Buffer back = e.allocateUninitialized(re, nt * mo[me]);
        if (mo[me] > 0) {
            FftSteps.kernels().realInverse(bins, 0, back, 0, 1, (int) nt, mo[me]);
        }

        // replicated, rolled back: out[(t + shiftOut) mod nt] = back[t]
        Buffer out = back;
        if (size > 1 || shiftOut != 0) {
            Buffer all = back;
            long[] counts = new long[size];
            long[] displs = new long[size];
            if (size > 1) {
                for (int p = 0; p < size; p++) {
                    counts[p] = nt * mo[p];
                    displs[p] = nt * oo[p];
                }
                all = e.allocateUninitialized(re, nt * lout);
                comm.allgatherv(back.segment(), counts[me], all.segment(), counts, displs, rt.datatype());
            }
            out = e.allocateUninitialized(re, nt * lout);
            for (int p = 0; p < size; p++) {
                for (long t = 0; t < nt; t++) {
                    copy(all.hostArray(), displs[p] + t * mo[p], out.hostArray(), ((t + shiftOut) % nt) * lout + oo[p],
                            mo[p], 1);
                }
            }
        }
        return DistributedArray.builder(comm, nt * lout).like(v).dtype(rt).localBuffer(out).buildLocal();
    }

    /** Copies {@code n} elements of {@code components} entries each between two host arrays. */
    private static void copy(Object src, long srcPos, Object dst, long dstPos, long n, int components) {
        System.arraycopy(src, Math.toIntExact(srcPos * components), dst, Math.toIntExact(dstPos * components),
                Math.toIntExact(n * components));
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " MPIMDC(nt=" + nt + ", ns=" + ns + ", nr=" + nr + ", nv=" + nv
                + ", nfreq=" + nfreq + ") with dtype=" + dtype() + ">";
    }

    /**
     * On the host engine only: its FFTs and batched products are the host engine's. An operand on another engine fails in the operand check,
     * naming this operator and the engine.
     */
    @Override
    protected boolean runsOn(Engine engine) {
        return engine == Engine.host();
    }
}
