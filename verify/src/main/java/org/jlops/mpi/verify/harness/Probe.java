package org.jlops.mpi.verify.harness;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;

/**
 * Collects one rank's measurements during a case without throwing, so that every rank reaches the
 * same collectives; {@link #agree} then turns them into one {@link Outcome} on every rank.
 */
public final class Probe {

    /** Relative tolerance of a comparison with a reference, float64 and complex128 (SPEC §10). */
    public static final double RTOL_DOUBLE = 1e-12;
    /** Relative tolerance of a comparison with a reference, float32 and complex64. */
    public static final double RTOL_SINGLE = 1e-5;

    private static final double TINY = 1e-300;

    private double maxRelErr;
    private String problem = "";
    private String description = "";

    /** Whether nothing failed on this rank so far. Local. */
    public boolean agreeLocally() {
        return problem.isEmpty();
    }

    /** The reference-agreement tolerance of {@code dtype}: 1e-12 double, 1e-5 single precision. */
    public static double rtol(DType dtype) {
        return dtype.isDoublePrecision() ? RTOL_DOUBLE : RTOL_SINGLE;
    }

    /**
     * Sets the description of the case (reported with the outcome).
     *
     * @param text what the case is
     */
    public void describe(String text) {
        this.description = text == null ? "" : text;
    }

    /** The description set so far. */
    public String description() {
        return description;
    }

    /**
     * Records a failure when {@code ok} is false (the first one is kept).
     *
     * @param ok   the condition
     * @param what what was expected, reported on failure
     */
    public void expect(boolean ok, String what) {
        if (!ok && problem.isEmpty()) {
            problem = what;
        }
    }

    /**
     * Records an exception as this rank's failure.
     *
     * @param e the exception
     */
    public void failed(Throwable e) {
        expect(false, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /**
     * Compares two arrays entry by entry (real and imaginary parts) in the max norm relative to the
     * expected array's largest entry: {@code max|a - e| <= tol * max(max|e|, tiny)}.
     *
     * @param what     names the comparison in the report
     * @param expected (Input) the expected values. Not modified.
     * @param actual   (Input) the measured values. Not modified.
     * @param tol      the relative tolerance
     * @return the relative error (infinite when the lengths differ)
     */
    public double close(String what, double[] expected, double[] actual, double tol) {
        if (expected.length != actual.length) {
            expect(false, what + ": " + actual.length / 2 + " entries, expected " + expected.length / 2);
            maxRelErr = Double.POSITIVE_INFINITY;
            return Double.POSITIVE_INFINITY;
        }
        double scale = 0;
        double diff = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs(expected[i] - actual[i]);
            if (Double.isNaN(d)) {
                d = Double.POSITIVE_INFINITY; // a NaN on either side is a failure, never hidden by a later entry
            }
            if (d > diff) {
                diff = d;
                worst = i;
            }
        }
        double rel = diff / Math.max(scale, TINY);
        if (Double.isNaN(rel)) {
            rel = Double.POSITIVE_INFINITY;
        }
        maxRelErr = Math.max(maxRelErr, rel);
        expect(rel <= tol, what + ": relative error " + fmt(rel) + " > " + fmt(tol) + (worst < 0 ? ""
                : " (entry " + worst / 2 + (worst % 2 == 0 ? " re" : " im") + ": expected "
                        + expected[worst] + ", got " + actual[worst] + ")"));
        return rel;
    }

    /**
     * Requires {@code actual} to equal {@code expected} bit for bit (NaNs compare equal to NaNs); the
     * report names the first entry that differs. The relative error is recorded as by
     * {@link #close(String, double[], double[], double)}.
     *
     * @param what     names the comparison in the report
     * @param expected (Input) the expected values. Not modified.
     * @param actual   (Input) the measured values. Not modified.
     * @return whether they are identical
     */
    public boolean identical(String what, double[] expected, double[] actual) {
        close(what, expected, actual, Double.POSITIVE_INFINITY);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                expect(false, what + ": not bit-identical (entry " + i / 2 + (i % 2 == 0 ? " re" : " im")
                        + ": expected " + expected[i] + ", got " + actual[i] + ")");
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #close(String, double[], double[], double)} on two host arrays, as interleaved
     * complex values.
     *
     * @param what     names the comparison
     * @param expected (Input) not modified
     * @param actual   (Input) not modified
     * @param tol      the relative tolerance
     * @return the relative error
     */
    public double close(String what, NdArray expected, NdArray actual, double tol) {
        return close(what, interleaved(expected), interleaved(actual), tol);
    }

    /**
     * Records a relative error computed elsewhere.
     *
     * @param what names the comparison
     * @param rel  the relative error
     * @param tol  the tolerance
     */
    public void relErr(String what, double rel, double tol) {
        if (Double.isNaN(rel)) {
            rel = Double.POSITIVE_INFINITY;
        }
        maxRelErr = Math.max(maxRelErr, rel);
        expect(rel <= tol, what + ": relative error " + fmt(rel) + " > " + fmt(tol));
    }

    /** The values of {@code a} as interleaved (re, im) doubles, 2 per entry whatever its dtype. */
    public static double[] interleaved(NdArray a) {
        long n = a.size();
        double[] out = new double[Math.toIntExact(2 * n)];
        for (int k = 0; k < n; k++) {
            out[2 * k] = a.re(k);
            out[2 * k + 1] = a.im(k);
        }
        return out;
    }

    /**
     * Agrees on the outcome with every rank. Collective: two reductions and, when a rank failed,
     * a broadcast of the lowest failing rank's problem text, so that every rank returns the same
     * outcome (and therefore takes the same path through the runner).
     *
     * @param comm the communicator of the case
     * @return the outcome, identical on every rank
     */
    public Outcome agree(Communicator comm) {
        double err = comm.allreduce(maxRelErr, ReduceOp.MAX);
        int first = comm.allreduce(problem.isEmpty() ? Integer.MAX_VALUE : comm.rank(), ReduceOp.MIN);
        if (first == Integer.MAX_VALUE) {
            return new Outcome(true, err, description, "");
        }
        String text = bcast(comm, first == comm.rank() ? problem : "", first);
        String where = comm.size() > 1 ? "rank " + first + ": " : "";
        return new Outcome(false, err, description, where + text);
    }

    private static String bcast(Communicator comm, String text, int root) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int len = (int) comm.bcast(Math.min(bytes.length, 4000), root);
        long[] words = new long[(len + 7) / 8];
        if (comm.rank() == root) {
            for (int i = 0; i < len; i++) {
                words[i / 8] |= (bytes[i] & 0xffL) << (8 * (i % 8));
            }
        }
        if (words.length > 0) {
            comm.bcast(MemorySegment.ofArray(words), words.length, Datatype.INT64, root);
        }
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) (words[i / 8] >>> (8 * (i % 8)));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String fmt(double v) {
        return String.format("%.3g", v);
    }
}
