package org.jlops.mpi.array;

/**
 * A complex scalar, the result of a dot product ({@code im} is 0 for real arrays).
 *
 * @param re real part
 * @param im imaginary part
 */
public record Complex(double re, double im) {

    /** Zero. */
    public static final Complex ZERO = new Complex(0, 0);

    /**
     * A real value.
     *
     * @param re the value
     * @return a real value
     */
    public static Complex real(double re) {
        return new Complex(re, 0);
    }

    /**
     * The modulus {@code |re + i im|}.
     *
     * @return the modulus {@code |re + i im|}
     */
    public double abs() {
        return Math.hypot(re, im);
    }

    /**
     * The complex conjugate.
     *
     * @return the complex conjugate
     */
    public Complex conj() {
        return new Complex(re, -im);
    }

    /**
     * The sum {@code this + other}.
     *
     * @param other the other term
     * @return the sum {@code this + other}
     */
    public Complex plus(Complex other) {
        return new Complex(re + other.re, im + other.im);
    }

    @Override
    public String toString() {
        return im == 0 ? Double.toString(re) : "(" + re + (im < 0 || Double.isNaN(im) ? "" : "+") + im + "j)";
    }
}
