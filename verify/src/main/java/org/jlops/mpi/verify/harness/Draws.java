package org.jlops.mpi.verify.harness;

import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;

/** Small drawing helpers shared by the catalog's generators. All deterministic in the random state. */
public final class Draws {

    private Draws() {
    }

    /** An integer uniform in {@code [lo, hi]}. */
    public static int between(SplittableRandom r, int lo, int hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("hi: must be at least lo = " + lo + ", got " + hi);
        }
        return lo + r.nextInt(hi - lo + 1);
    }

    /** One of the values, uniformly. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom r, T... values) {
        return values[r.nextInt(values.length)];
    }

    /** One of the four dtypes, uniformly. */
    public static DType dtype(SplittableRandom r) {
        return oneOf(r, DType.values());
    }

    /**
     * A split of {@code n} items over {@code parts} ranks: the balanced split a third of the time,
     * otherwise random counts in which some ranks may hold nothing (every rank for {@code n = 0}).
     *
     * @param r     (Modified) the random source
     * @param n     the number of items
     * @param parts the number of ranks, at least 1
     * @return the counts, summing to {@code n}
     */
    public static long[] split(SplittableRandom r, long n, int parts) {
        long[] counts = new long[parts];
        if (r.nextInt(3) == 0) {
            for (int p = 0; p < parts; p++) {
                counts[p] = n / parts + (p < n % parts ? 1 : 0);
            }
            return counts;
        }
        boolean empties = r.nextBoolean();
        for (long k = 0; k < n; k++) {
            // skewed: low ranks are favoured, and with 'empties' some ranks get nothing at all
            int p = empties ? r.nextInt(Math.max(1, r.nextInt(parts) + 1)) : r.nextInt(parts);
            counts[p]++;
        }
        return counts;
    }

    /**
     * A vector of {@code n} entries uniform in [-1, 1) (real and imaginary parts) of {@code dtype}.
     *
     * @param r     (Modified) the random source
     * @param dtype the dtype
     * @param shape the shape
     * @return a new array
     */
    public static NdArray values(SplittableRandom r, DType dtype, long... shape) {
        NdArray a = NdArray.zeros(dtype, shape);
        for (long k = 0; k < a.size(); k++) {
            double re = 2 * r.nextDouble() - 1;
            if (dtype.isComplex()) {
                a.set(k, re, 2 * r.nextDouble() - 1);
            } else {
                a.set(k, re);
            }
        }
        return a;
    }

    /** A value of the precision of {@code dtype} (float32 rounding for single precision). */
    public static double rounded(DType dtype, double v) {
        return dtype.isDoublePrecision() ? v : (float) v;
    }
}
