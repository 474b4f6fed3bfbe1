package org.jlops.mpi.ops.signal;

import java.util.Arrays;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.internal.FftSteps;
import org.jlops.mpi.ops.serial.FftNorm;
import org.jlops.mpi.ops.serial.FftOptions;

/**
 * The distributed N-d discrete Fourier transform (PyLops-MPI's {@code MPIFFTND}, SPEC §5.12):
 *
 * <pre>
 *     forward:  y = fftshift_after( norm · S · DFT_axes( re?( ifftshift_before(x) ) ) )
 *     adjoint:  x = fftshift_before( re?( norm · IDFT_axes( S⁻¹ · ifftshift_after(y) ) ) )   (exact)
 *     inverse:  inverse(y) = rmatvec(y) / scale       scale = N (NONE), 1/N (ONE_OVER_N), 1 (ORTHO)
 * </pre>
 *
 * <p>{@code DFT_axes} is the unnormalised DFT along every axis of {@code axes} ({@code exp(−2πi kx/n)}),
 * real-to-complex along the last when {@code real} (data length {@code n/2 + 1} there), with
 * {@code S} the √2 on bins {@code 1 .. (n−1)/2} of that axis; {@code re?} the real part where the
 * model is real; {@code norm} {@link FftNorm#factor} with N the product of the transformed lengths.
 * Options by {@link #options()} ({@link FftOptions}): {@code axes} (default {@code (0, 1, 2)}),
 * {@code sampling}, {@code norm} (default {@link FftNorm#NONE}), {@code real},
 * {@code ifftshiftBefore}, {@code fftshiftAfter} (one flag or one per axis), {@code dtype}
 * (default complex128; the operator's dtype is its complex counterpart, the model's
 * {@link #modelDtype()} real when {@code real} or a real dtype).
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@code matvec}, {@code rmatvec}</td><td>SCATTER, any split (re-split to row slabs of the
 *     n-d shape first)</td><td>SCATTER, the row slabs of the output shape (the balanced split of
 *     its first axis), the input's mask</td></tr>
 * </table>
 *
 * <p><b>Communication</b> per product: slab decomposition. The 1-d input is re-split to row slabs
 * (one {@code alltoallv}, none when it already is), every axis is transformed where it is whole on
 * each rank, and the array is redistributed ({@code alltoallv}) when the next axis is the
 * distributed one; the output is redistributed to axis 0. The complex axes are taken from the last
 * array axis to the first (the real one first in the forward, last in the adjoint). For axes
 * {@code (0, 1)} of a 2-d array: transform axis 1, redistribute to axis 1, transform axis 0,
 * redistribute back to axis 0: two all-to-alls of the whole array (none at one rank, where a
 * redistribution only relabels the axis); the part a rank keeps does not go through MPI. Construction: one allreduce (the checks and the options agreed on every rank). The local
 * transforms are the engine's batched FFTs ({@code Engine.host().fft().implementation(...)}, FFTW
 * or JTransforms), along any axis without transposing the block; every line's bits depend on the
 * line alone, so the products are the same bits at every rank count and split.
 *
 * <p><b>Memory</b> per product: the input is read where it lies (never written); the first
 * transform writes a new block (at one rank: the output itself), the others work in place, and
 * the output wraps the last block. {@code matvec(x, out)} and {@code rmatvec(y, out)} with
 * {@code out} in the product's layout allocate nothing at one rank (a complex forward: one pass
 * per axis, no copy) and, across ranks, nothing either after the first product: the blocks
 * between the all-to-alls and their send and receive buffers are held by the operator from one
 * product to the next (about three times the local block, for the operator's life).
 *
 * <p><b>Differences from PyLops-MPI</b> (see {@code docs/differences.md}):
 * <ol>
 *   <li>A repeated axis is refused on every rank (PyLops-MPI warns and goes on); an axis given as a
 *       negative index is normalised before anything depends on it (PyLops-MPI tests the raw
 *       {@code axes[-1] == 0} to pick its slab axis).</li>
 *   <li>{@link FftNorm#ORTHO} is accepted too (PyLops-MPI: "none" and "1/n" only); a norm name
 *       PyLops does not know is refused by {@link FftNorm#parse} naming the supported ones.</li>
 *   <li>Inputs may have any SCATTER split (PyLops-MPI needs its own); BROADCAST is refused, as
 *       there.</li>
 *   <li>The transforms run in the operator's precision (PyLops-MPI computes in complex128 and
 *       casts, with a warning for complex64).</li>
 *   <li>Slabs along any axis the walk needs (PyLops-MPI's library: axis 0, or 1 when the last axis
 *       is 0). No pencil decomposition: with more ranks than rows some ranks hold empty slabs.</li>
 * </ol>
 */
public final class MPIFFTND extends DistributedFft {

    /**
     * The FFT over axes (0, 1, 2) of {@code dims} with PyLops-MPI's defaults. Collective.
     *
     * @param dims (Input) the model shape, at least 3-d for the default axes; not modified
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIFFTND(long[] dims, Communicator comm) {
        this(dims, options(), comm);
    }

    /**
     * The FFT with the given options. Collective: one allreduce agrees on the checks and on
     * {@code dims} and every option being the same on every rank.
     *
     * @param dims    (Input) the model shape, at least 2-d; not modified
     * @param options the options, the same on every rank
     * @param comm    the communicator
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIFFTND(long[] dims, FftOptions options, Communicator comm) {
        super(agree(dims, options, comm, new int[] {0, 1, 2}, 1, "MPIFFTND"), comm);
    }

    /**
     * The default options (axes 0, 1, 2; norm NONE): {@code MPIFFTND.options().axes(0, 1).real(true)}.
     *
     * @return the default options
     */
    public static FftOptions options() {
        return FftOptions.defaults();
    }

    static FftOptions.Resolved agree(long[] dims, FftOptions options, Communicator comm, int[] defaultAxes,
            int minAxes, String name) {
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        return Consensus.on(comm).same("dims", dims).same("options", options == null ? null : options.toString())
                .check(() -> {
                    if (options == null) {
                        throw new IllegalArgumentException("options: must not be null");
                    }
                    if (dims != null && dims.length < 2) {
                        throw new IllegalArgumentException("dims: " + name + " needs at least 2 dimensions, got "
                                + Arrays.toString(dims));
                    }
                    int nd = dims == null ? 0 : dims.length;
                    return options.resolve(dims, defaultAxes, FftNorm.NONE, false, minAxes,
                            minAxes == 2 ? 2 : Math.max(1, nd));
                });
    }

    /**
     * PyLops-MPI's {@code fftshift_nd}: NumPy's {@code fftshift} of an n-d distributed array along
     * {@code axes} (all when none are given). Local axes roll in place of a copy; a distributed
     * axis first moves the distribution to axis 1 (axis 0 when the array is distributed along
     * another), so the result may be distributed along another axis than {@code x}. Collective.
     *
     * @param axes the axes to roll (all when none are given)
     * @param x (Input) a SCATTER array of at least 2 dimensions; not modified
     * @return the shifted array (a new one)
     * @throws IllegalArgumentException on every rank for a 1-d array or an axis out of range
     */
    public static DistributedArray fftshift(DistributedArray x, int... axes) {
        return shiftNd(x, 1, axes);
    }

    /**
     * PyLops-MPI's {@code ifftshift_nd}, the inverse of {@link #fftshift}. Collective.
     *
     * @param x (Input) a SCATTER array of at least 2 dimensions; not modified
     * @param axes the axes to roll (all when none are given)
     * @return a new array
     */
    public static DistributedArray ifftshift(DistributedArray x, int... axes) {
        return shiftNd(x, -1, axes);
    }

    private static DistributedArray shiftNd(DistributedArray x, int sign, int[] axes) {
        if (x == null) {
            throw new IllegalArgumentException("x: must not be null");
        }
        int[] ax = Consensus.on(x.communicator()).same("axes", axes).check(() -> {
            int nd = x.ndim();
            if (nd < 2) {
                throw new IllegalArgumentException("x: the shift helpers need an array of at least 2 dimensions, got "
                        + Arrays.toString(x.globalShape()));
            }
            int[] a = axes == null || axes.length == 0 ? java.util.stream.IntStream.range(0, nd).toArray()
                    : axes.clone();
            for (int k = 0; k < a.length; k++) {
                if (a[k] < -nd || a[k] >= nd) {
                    throw new IllegalArgumentException("axes: axis " + a[k] + " is out of range for a " + nd
                            + "-d array");
                }
                a[k] = a[k] < 0 ? a[k] + nd : a[k];
            }
            return a;
        });
        DistributedArray cur = x;
        boolean copied = false;
        for (int a : ax) {
            if (cur.partition() == org.jlops.mpi.array.Partition.SCATTER && cur.axis() == a) {
                cur = cur.redistribute(cur.axis() != 0 ? 0 : 1);
                copied = true;
            }
            long[] shape = cur.localShape();
            Buffer rolled = FftSteps.roll(cur.localBuffer(), shape, a, sign * (cur.globalShape()[a] / 2));
            if (rolled != cur.localBuffer()) {
                cur = DistributedArray.builder(cur.communicator(), cur.globalShape()).like(cur)
                        .localShapes(cur.localShapes())
                        .localArray(NdArray.wrap(cur.dtype(), rolled.hostArray(), shape)).buildLocal();
                copied = true;
            }
        }
        return copied ? cur : x.copy();
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " MPIFFTND(dims=" + Arrays.toString(spec.dims()) + ", axes="
                + Arrays.toString(spec.axes()) + ", norm=" + spec.norm() + ", real=" + spec.real() + ") with dtype="
                + dtype() + ">";
    }
}
