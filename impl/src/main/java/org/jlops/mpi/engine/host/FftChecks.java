package org.jlops.mpi.engine.host;

import org.jlops.mpi.engine.Buffer;

/** The argument checks the FFT kernels share: blocks inside their buffers, types that suit. */
final class FftChecks {

    private FftChecks() {
    }

    static void complex(Buffer x, long pos, long outer, int n, long inner) {
        shape(outer, n, inner);
        if (!x.isHost() || !x.type().isComplex()) {
            throw new IllegalArgumentException("x: expected a complex host buffer, got " + x.type()
                    + (x.isHost() ? "" : " off the host"));
        }
        range("x", x, pos, outer * n * inner);
    }

    /** {@code in} and {@code out} hold complex blocks of one type, in separate storage. */
    static void complexPair(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner) {
        shape(outer, n, inner);
        if (!in.isHost() || !in.type().isComplex()) {
            throw new IllegalArgumentException("in: expected a complex host buffer, got " + in.type()
                    + (in.isHost() ? "" : " off the host"));
        }
        if (!out.isHost() || out.type() != in.type()) {
            throw new IllegalArgumentException("out: expected a host buffer of " + in.type() + ", got " + out.type());
        }
        if (in.hostArray() == out.hostArray()) {
            throw new IllegalArgumentException("out: must not share storage with in");
        }
        range("in", in, inPos, outer * n * inner);
        range("out", out, outPos, outer * n * inner);
    }

    /** {@code real} holds the real block of n per line, {@code cplx} the complex one of n/2+1. */
    static void real(Buffer real, long realPos, Buffer cplx, long cplxPos, long outer, int n, long inner,
            boolean inverse) {
        shape(outer, n, inner);
        String r = inverse ? "out" : "in";
        String c = inverse ? "in" : "out";
        if (!real.isHost() || real.type().isComplex()) {
            throw new IllegalArgumentException(r + ": expected a real host buffer, got " + real.type());
        }
        if (!cplx.isHost() || !cplx.type().isComplex()
                || cplx.type().isDoublePrecision() != real.type().isDoublePrecision()) {
            throw new IllegalArgumentException(c + ": expected a complex host buffer of the precision of " + r + " ("
                    + real.type() + "), got " + cplx.type());
        }
        if (real.hostArray() == cplx.hostArray()) {
            throw new IllegalArgumentException("out: must not share storage with in");
        }
        range(r, real, realPos, outer * n * inner);
        range(c, cplx, cplxPos, outer * (n / 2 + 1) * inner);
    }

    private static void shape(long outer, int n, long inner) {
        if (n < 1) {
            throw new IllegalArgumentException("n: the transform length must be at least 1, got " + n);
        }
        if (outer < 0 || inner < 0) {
            throw new IllegalArgumentException("outer, inner: must not be negative, got " + outer + ", " + inner);
        }
    }

    private static void range(String what, Buffer b, long pos, long count) {
        if (pos < 0 || pos + count > b.length()) {
            throw new IllegalArgumentException(what + ": the block [" + pos + ", " + (pos + count)
                    + ") does not fit a buffer of " + b.length() + " elements");
        }
    }
}
