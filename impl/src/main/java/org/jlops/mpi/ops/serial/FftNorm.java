package org.jlops.mpi.ops.serial;

import java.util.Locale;

/**
 * The scaling of the FFT operators (PyLops' {@code norm}), with {@code N} the product of the
 * transformed lengths:
 *
 * <pre>
 *     ORTHO       forward × 1/√N, adjoint × 1/√N (unitary)       PyLops "ortho"
 *     NONE        forward unscaled, adjoint unscaled              PyLops "none"
 *     ONE_OVER_N  forward × 1/N,  adjoint × 1/N                   PyLops "1/n"
 * </pre>
 *
 * <p>Every adjoint is the exact adjoint of its forward; the exact inverse of the forward is
 * {@code rmatvec(y) / scale} with {@link #inverseScale}.
 */
public enum FftNorm {
    /** Unitary: both directions scaled by {@code 1/√N}. PyLops' "ortho", the serial operators' default. */
    ORTHO("ortho"),
    /** Unscaled: the adjoint is the unnormalised inverse DFT. PyLops' "none", the distributed operators' default. */
    NONE("none"),
    /** Both directions scaled by {@code 1/N}. PyLops' "1/n". */
    ONE_OVER_N("1/n");

    private final String pylops;

    FftNorm(String pylops) {
        this.pylops = pylops;
    }

    /**
     * PyLops' name of this norm ({@code "ortho"}, {@code "none"}, {@code "1/n"}).
     *
     * @return PyLops' name of this norm ({@code "ortho"}, {@code "none"}, {@code "1/n"})
     */
    public String pylopsName() {
        return pylops;
    }

    /**
     * The factor of the forward (and of the adjoint) for {@code n} transformed points in all.
     *
     * @param n the number of transformed points in all
     * @return the factor of the forward (and of the adjoint) for {@code n} transformed points in all
     */
    public double factor(double n) {
        return switch (this) {
            case ORTHO -> 1 / Math.sqrt(n);
            case NONE -> 1;
            case ONE_OVER_N -> 1 / n;
        };
    }

    /**
     * What {@code rmatvec} is divided by to give the exact inverse of the forward: N, 1/N or 1.
     *
     * @param n the number of transformed points in all
     * @return what {@code rmatvec} is divided by to give the exact inverse of the forward: N, 1/N or 1
     */
    public double inverseScale(double n) {
        return switch (this) {
            case ORTHO -> 1;
            case NONE -> n;
            case ONE_OVER_N -> 1 / n;
        };
    }

    /**
     * The norm of a PyLops name, case-insensitive: {@code "ortho"}, {@code "none"}, {@code "1/n"}.
     *
     * @param norm the name
     * @return the norm of a PyLops name, case-insensitive
     * @throws IllegalArgumentException naming {@code norm} and the supported names; NumPy's
     *                                  {@code "backward"} and {@code "forward"} get a hint
     */
    public static FftNorm parse(String norm) {
        if (norm == null) {
            throw new IllegalArgumentException("norm: must not be null; supported: \"ortho\", \"none\", \"1/n\"");
        }
        String s = norm.toLowerCase(Locale.ROOT);
        for (FftNorm f : values()) {
            if (f.pylops.equals(s)) {
                return f;
            }
        }
        String hint = switch (s) {
            case "backward" -> " (NumPy's \"backward\" is \"none\" here: the forward is unscaled)";
            case "forward" -> " (NumPy's \"forward\" is \"1/n\" here: the forward is scaled by 1/N)";
            default -> "";
        };
        throw new IllegalArgumentException("norm: \"" + norm + "\" is not supported; supported: \"ortho\", \"none\", "
                + "\"1/n\"" + hint);
    }
}
