package org.jlops.mpi.ops.signal;

import java.util.Arrays;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.serial.FftOptions;

/**
 * The distributed 2-d discrete Fourier transform (PyLops-MPI's {@code MPIFFT2D}, SPEC §5.12):
 * {@link MPIFFTND} over exactly two axes (default {@code (0, 1)}) of an array of at least 2
 * dimensions, with the frequencies {@link #f1()} and {@link #f2()}.
 *
 * <pre>
 *     forward:  Y[k1, k2] = norm · Σ x[x1, x2] · exp(−2πi (k1 x1 / n1 + k2 x2 / n2))   (+ shifts, real, √2 bins)
 *     adjoint:  the exact adjoint;  inverse(y) = rmatvec(y) / scale
 * </pre>
 *
 * <p>Partitions, communication (two all-to-alls of the whole array for axes (0, 1)) and the
 * differences from PyLops-MPI as {@link MPIFFTND}.
 */
public final class MPIFFT2D extends DistributedFft {

    /**
     * The FFT over axes (0, 1) with PyLops-MPI's defaults. Collective.
     *
     * @param dims (Input) the model shape, at least 2-d; not modified
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIFFT2D(long[] dims, Communicator comm) {
        this(dims, options(), comm);
    }

    /**
     * The FFT with the given options ({@code axes} must name exactly two). Collective: one allreduce.
     *
     * @param dims    (Input) the model shape, at least 2-d; not modified
     * @param options the options, the same on every rank
     * @param comm    the communicator
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPIFFT2D(long[] dims, FftOptions options, Communicator comm) {
        super(MPIFFTND.agree(dims, options, comm, new int[] {0, 1}, 2, "MPIFFT2D"), comm);
    }

    /**
     * The default options (axes 0, 1; norm NONE).
     *
     * @return the default options
     */
    public static FftOptions options() {
        return FftOptions.defaults();
    }

    /**
     * The frequencies along the first transformed axis. Local.
     *
     * @return the frequencies along the first transformed axis
     */
    public double[] f1() {
        return frequencies(0);
    }

    /**
     * The frequencies along the second transformed axis. Local.
     *
     * @return the frequencies along the second transformed axis
     */
    public double[] f2() {
        return frequencies(1);
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " MPIFFT2D(dims=" + Arrays.toString(spec.dims()) + ", axes="
                + Arrays.toString(spec.axes()) + ", norm=" + spec.norm() + ", real=" + spec.real() + ") with dtype="
                + dtype() + ">";
    }
}
