package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;

/**
 * Zero padding of an n-d array (serial PyLops' {@code Pad}): {@code pad[a] = (before, after)}
 * zeros are added along every axis {@code a}, so {@code dimsd[a] = dims[a] + before + after}:
 *
 * <pre>
 *     y = 0;  y[before_0 + i_0, ..., before_{d-1} + i_{d-1}] = x[i_0, ..., i_{d-1}]     (forward)
 *     x[i] = y[before + i]                                                              (adjoint: the crop)
 * </pre>
 *
 * <p>The adjoint is the exact transpose. Runs of the last axis move with one array copy each,
 * every dtype alike. On buffers of another engine (a device's) the products are that engine's
 * {@code fill} and {@code copyRows} kernels (one call per plane of the last two axes): the host's
 * bits, nothing through the host.
 */
public final class Pad extends HostOperator {

    private final long[] inDims;
    private final long[][] pad;

    /**
     * Padding of a 1-d float64 model of {@code n} samples.
     *
     * @param n      the model length, at least 0
     * @param before zeros added in front, at least 0
     * @param after  zeros added at the end, at least 0
     * @throws IllegalArgumentException naming the bad argument
     */
    public Pad(long n, long before, long after) {
        this(new long[] {n}, new long[][] {{before, after}}, DType.FLOAT64);
    }

    /**
     * Padding along every axis.
     *
     * @param dims  (Input) the model shape; copied
     * @param pad   (Input) one {@code (before, after)} pair per axis, each at least 0; copied
     * @param dtype the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Pad(long[] dims, long[][] pad, DType dtype) {
        long[] d = AxisStencil.checkDims(dims);
        long[][] p = checkPad(pad, d.length);
        long[] out = new long[d.length];
        for (int a = 0; a < d.length; a++) {
            out[a] = Math.addExact(d[a], Math.addExact(p[a][0], p[a][1]));
        }
        super(d, AxisStencil.checkDims(out), dtype);
        this.inDims = d;
        this.pad = p;
    }

    private static long[][] checkPad(long[][] pad, int ndim) {
        if (pad == null || pad.length != ndim) {
            throw new IllegalArgumentException("pad: " + (pad == null ? "null" : pad.length + " pairs")
                    + ", expected one (before, after) pair per axis (" + ndim + ")");
        }
        long[][] p = new long[ndim][];
        for (int a = 0; a < ndim; a++) {
            if (pad[a] == null || pad[a].length != 2 || pad[a][0] < 0 || pad[a][1] < 0) {
                throw new IllegalArgumentException("pad: " + (pad[a] == null ? "null" : Arrays.toString(pad[a]))
                        + " for axis " + a + ", expected (before, after), both at least 0");
            }
            p[a] = pad[a].clone();
        }
        return p;
    }

    /**
     * On every engine: on buffers of another engine than the host's the products are that
     * engine's {@code fill} and {@code copyRows} kernels.
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
        if (HostRanges.ofAnotherEngine(in) && HostRanges.ofAnotherEngine(out) && in.engine() == out.engine()) {
            checkBuffers(in, inPos, out, outPos, adjoint);
            applyOn(in.engine(), in, inPos, out, outPos, adjoint);
            return;
        }
        HostOperands h = hostOperands(in, inPos, out, outPos, adjoint);
        int c = h.components();
        long[] big = dimsd();
        int nd = inDims.length;
        long[] bigStride = new long[nd];
        long s = c;
        for (int a = nd - 1; a >= 0; a--) {
            bigStride[a] = s;
            s *= big[a];
        }
        long corner = 0;                                               // the first model entry in the data
        for (int a = 0; a < nd; a++) {
            corner += pad[a][0] * bigStride[a];
        }
        if (!adjoint) {
            AxisGather.fill(h.out(), h.outOffset(), Math.toIntExact((outPos + rows()) * c));
        }
        long run = inDims[nd - 1];
        long size = cols();
        if (size == 0) {
            return;
        }
        long rowsOfRuns = size / run;
        long[] idx = new long[nd];
        long smallOff = 0;
        long bigOff = corner;
        int len = Math.toIntExact(run * c);
        for (long r = 0; r < rowsOfRuns; r++) {
            int small = Math.toIntExact((adjoint ? outPos : inPos) * c + smallOff);
            int large = Math.toIntExact((adjoint ? inPos : outPos) * c + bigOff);
            if (adjoint) {
                System.arraycopy(h.in(), large, h.out(), small, len);    // x[i] = y[before + i]
            } else {
                System.arraycopy(h.in(), small, h.out(), large, len);    // y[before + i] = x[i]
            }
            smallOff += len;
            for (int a = nd - 2; a >= 0; a--) {
                idx[a]++;
                bigOff += bigStride[a];
                if (idx[a] < inDims[a]) {
                    break;
                }
                bigOff -= bigStride[a] * inDims[a];
                idx[a] = 0;
            }
        }
    }

    /**
     * The products on buffers of {@code engine}: the forward a fill with zeros, then one
     * {@code copyRows} per plane of the last two model axes (its rows are the runs of the last
     * axis); the adjoint the same copies the other way.
     */
    private void applyOn(Engine engine, Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        if (!adjoint) {
            engine.fill(out, outPos, rows(), 0, 0);
        }
        long size = cols();
        if (size == 0) {
            return;
        }
        long[] big = dimsd();
        int nd = inDims.length;
        long[] bigStride = new long[nd];                                // in elements
        long s = 1;
        for (int a = nd - 1; a >= 0; a--) {
            bigStride[a] = s;
            s *= big[a];
        }
        long corner = 0;
        for (int a = 0; a < nd; a++) {
            corner += pad[a][0] * bigStride[a];
        }
        long run = inDims[nd - 1];
        long rowsPerPlane = nd == 1 ? 1 : inDims[nd - 2];
        long bigRowStride = nd == 1 ? 0 : bigStride[nd - 2];
        long planes = size / (rowsPerPlane * run);
        long[] idx = new long[nd];
        long smallOff = 0;
        long bigOff = corner;
        for (long p = 0; p < planes; p++) {
            if (adjoint) {                                              // x[i] = y[before + i]
                engine.copyRows(in, inPos + bigOff, bigRowStride, out, outPos + smallOff, run, rowsPerPlane, run);
            } else {                                                    // y[before + i] = x[i]
                engine.copyRows(in, inPos + smallOff, run, out, outPos + bigOff, bigRowStride, rowsPerPlane, run);
            }
            smallOff += rowsPerPlane * run;
            for (int a = nd - 3; a >= 0; a--) {
                idx[a]++;
                bigOff += bigStride[a];
                if (idx[a] < inDims[a]) {
                    break;
                }
                bigOff -= bigStride[a] * inDims[a];
                idx[a] = 0;
            }
        }
    }

    /**
     * The (before, after) pairs (a copy).
     *
     * @return the (before, after) pairs (a copy)
     */
    public long[][] pad() {
        long[][] p = new long[pad.length][];
        for (int a = 0; a < pad.length; a++) {
            p[a] = pad[a].clone();
        }
        return p;
    }

    @Override
    public String toString() {
        return "Pad(dims=" + Arrays.toString(inDims) + ", pad=" + Arrays.deepToString(pad) + ", dtype=" + dtype + ")";
    }
}
