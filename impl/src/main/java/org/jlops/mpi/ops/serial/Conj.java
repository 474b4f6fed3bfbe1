package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * Complex conjugation (serial PyLops' {@code Conj}): {@code y = conj(x)}, and the same for
 * the "adjoint", {@code x = conj(y)}; {@code dims = dimsd}. Conjugation is not linear over the
 * complex numbers (it is its own inverse), so it fails the complex dot-test; PyLops uses it in
 * operator chains such as {@code A.conj()}-style products. On real data it copies.
 *
 * <p>Complex buffers are conjugated also when the operator's dtype is real (as NumPy's
 * {@code conj} does), except inside a {@link LocalOperators} expression of a complex dtype, which
 * applies a real operand to the real and imaginary parts separately: give {@code Conj} a complex
 * dtype there. One pass; the output range may be the input's exactly (in place), must not overlap
 * it otherwise. On buffers of another engine (a device's) it is that engine's {@code conj} kernel
 * (through a scratch buffer when the ranges are not whole buffers). Immutable.
 */
public final class Conj extends HostOperator {

    /**
     * Conjugation of an array of shape {@code dims}.
     *
     * @param dims  (Input) the model shape (= data shape); copied
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Conj(long[] dims, DType dtype) {
        long[] checked = AxisStencil.checkDims(dims);
        super(checked, checked.clone(), dtype);
    }

    /**
     * On every engine: on buffers of another engine than the host's the product is that engine's
     * {@code conj} kernel.
     *
     * @param engine an engine
     * @return {@code true}
     */
    @Override
    public boolean runsOn(Engine engine) {
        return true;
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        checkBuffers(in, inPos, out, outPos, adjoint);
        long size = rows();
        if (HostRanges.ofAnotherEngine(in) && HostRanges.ofAnotherEngine(out) && in.engine() == out.engine()) {
            Engine e = in.engine();
            if (inPos == 0 && outPos == 0 && in.length() == size && out.length() == size) {
                e.conj(in, out);                                     // whole buffers: one kernel
                return;
            }
            Buffer t = e.allocate(in.type(), size);                  // a range: through a scratch buffer
            e.copy(in, inPos, t, 0, size);
            e.conj(t, t);
            e.copy(t, 0, out, outPos, size);
            return;
        }
        int c = in.type().components();
        System.arraycopy(HostRanges.hostArray(adjoint ? "y" : "x", in), Math.toIntExact(inPos * c),
                HostRanges.hostArray(adjoint ? "x" : "y", out), Math.toIntExact(outPos * c),
                Math.toIntExact(size * c));
        HostRanges.conjInPlace(out, outPos, size);
    }

    @Override
    public String toString() {
        return "Conj(dims=" + Arrays.toString(dims()) + ", dtype=" + dtype + ")";
    }
}
