package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * The {@code N × M} zero operator (serial PyLops' {@code Zero(N, M)}): {@code y = 0} of
 * {@code N} entries, adjoint {@code x = 0} of {@code M} entries. The input is not read (only its
 * range is checked). Immutable.
 */
public final class Zero extends HostOperator {

    /**
     * The {@code N × M} zero operator.
     *
     * @param n     rows {@code N}, at least 0
     * @param m     columns {@code M}, at least 0
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Zero(long n, long m, DType dtype) {
        AxisStencil.checkCounts(n, m);
        super(new long[] {m}, new long[] {n}, dtype);
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        checkBuffers(in, inPos, out, outPos, adjoint);
        long nOut = adjoint ? cols() : rows();
        if (!out.isHost()) {
            out.engine().fill(out, outPos, nOut, 0, 0);
            return;
        }
        Object oa = HostRanges.hostArray(adjoint ? "x" : "y", out);
        int c = out.type().components();
        int from = Math.toIntExact(outPos * c);
        int to = Math.toIntExact((outPos + nOut) * c);
        if (oa instanceof double[] d) {
            Arrays.fill(d, from, to, 0.0);
        } else {
            Arrays.fill((float[]) oa, from, to, 0f);
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
        return "Zero(" + rows() + "x" + cols() + ", dtype=" + dtype + ")";
    }
}
