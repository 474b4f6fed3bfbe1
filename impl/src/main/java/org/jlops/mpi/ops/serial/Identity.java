package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * The rectangular identity (serial PyLops' {@code Identity(N, M)}): the {@code N × M}
 * matrix with ones on the main diagonal. With {@code p = min(N, M)}:
 *
 * <pre>
 *     y[0, p) = x[0, p),  y[p, N) = 0          (N &lt; M crops the model, N &gt; M pads it with zeros)
 *     x[0, p) = y[0, p),  x[p, M) = 0          (the adjoint: pads where the forward crops, and back)
 * </pre>
 *
 * <p>Real, so {@code I^H = I^T} for every dtype; works on buffers of its dtype or, for a real
 * dtype, on complex buffers of its precision. One copy per product; the output range must not
 * overlap the input's. Immutable.
 *
 * <p>Differences from PyLops: no {@code inplace} option (the products always write the output
 * range); {@code N} and {@code M} are counts, not shapes.
 */
public final class Identity extends HostOperator {

    /**
     * The square identity {@code I_N}, float64.
     *
     * @param n the size, at least 0
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Identity(long n) {
        this(n, n, DType.FLOAT64);
    }

    /**
     * The {@code N × M} identity.
     *
     * @param n     rows {@code N} (data length), at least 0
     * @param m     columns {@code M} (model length), at least 0
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Identity(long n, long m, DType dtype) {
        AxisStencil.checkCounts(n, m);
        super(new long[] {m}, new long[] {n}, dtype);
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        long nIn = adjoint ? rows() : cols();
        long nOut = adjoint ? cols() : rows();
        if (!in.isHost() || !out.isHost()) {                  // the engine of the buffers: a copy and a fill
            checkBuffers(in, inPos, out, outPos, adjoint);
            Engine e = out.engine();
            long p = Math.min(nIn, nOut);
            e.copy(in, inPos, out, outPos, p);
            e.fill(out, outPos + p, nOut - p, 0, 0);
            return;
        }
        HostOperands h = hostOperands(in, inPos, out, outPos, adjoint);
        int c = h.components();
        int p = Math.toIntExact(Math.min(nIn, nOut) * c);
        int io = h.inOffset();
        int oo = h.outOffset();
        int end = Math.toIntExact((outPos + nOut) * c);
        System.arraycopy(h.in(), io, h.out(), oo, p);
        if (h.out() instanceof double[] d) {
            Arrays.fill(d, oo + p, end, 0.0);
        } else {
            Arrays.fill((float[]) h.out(), oo + p, end, 0f);
        }
    }

    /**
     * On every engine: its products are kernels of the buffers' engine.
     *
     * @param engine an engine
     * @return {@code true}
     */
    @Override
    public boolean runsOn(Engine engine) {
        return true;
    }

    @Override
    public String toString() {
        return "Identity(" + rows() + "x" + cols() + ", dtype=" + dtype + ")";
    }
}
