package org.jlops.mpi.testkit;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.reference.ops.DenseOperator;

/**
 * A dense serial test operator: a row-major {@code rows x cols} matrix of any dtype, applied with
 * plain loops (accumulating in double precision, rounding on store), and the same matrix as an
 * EJML reference operator ({@link #reference()}). Immutable; shared by the in-JVM ranks. Used by
 * impl's block-operator and solver tests (which may extend it with their own factories) and by
 * verify's operator catalog (the blocks of its block operators) and solver properties.
 */
public class DenseOp implements LocalOperator {

    /** The matrix, row-major {@code (rows, cols)}; never modified. */
    protected final NdArray a;
    private final long[] dims;
    private final long[] dimsd;

    /**
     * The operator {@code a} on vectors, {@code dims = (cols,)}, {@code dimsd = (rows,)}.
     *
     * @param a (Input) a 2-d matrix; kept, not copied, and never modified
     * @throws IllegalArgumentException if {@code a} is not 2-d
     */
    public DenseOp(NdArray a) {
        this(a, null, null);
    }

    /**
     * The operator {@code a} with n-d model and data shapes.
     *
     * @param a     (Input) a 2-d matrix; kept, not copied, and never modified
     * @param dims  (Input) the model shape (product = cols), or null for {@code (cols,)}; copied
     * @param dimsd (Input) the data shape (product = rows), or null for {@code (rows,)}; copied
     * @throws IllegalArgumentException if {@code a} is not 2-d
     */
    public DenseOp(NdArray a, long[] dims, long[] dimsd) {
        if (a.ndim() != 2) {
            throw new IllegalArgumentException("a: expected a matrix, got " + a.ndim() + " dimensions");
        }
        this.a = a;
        this.dims = dims == null ? new long[] {a.shape(1)} : dims.clone();
        this.dimsd = dimsd == null ? new long[] {a.shape(0)} : dimsd.clone();
    }

    /**
     * A matrix with entries uniform in [-1, 1) (imaginary parts too for complex dtypes), drawn in
     * row-major order from {@code new Random(seed)} (two draws per entry, also for real dtypes).
     */
    public static DenseOp random(DType dtype, long rows, long cols, long seed) {
        Random rnd = new Random(seed);
        NdArray m = NdArray.zeros(dtype, rows, cols);
        for (long k = 0; k < rows * cols; k++) {
            m.set(k, 2 * rnd.nextDouble() - 1, 2 * rnd.nextDouble() - 1);
        }
        return new DenseOp(m);
    }

    /** {@code re + i im} times a matrix of ones (PyLops-MPI's test operators). */
    public static DenseOp constant(DType dtype, long rows, long cols, double re, double im) {
        NdArray m = NdArray.zeros(dtype, rows, cols);
        for (long k = 0; k < rows * cols; k++) {
            m.set(k, re, im);
        }
        return new DenseOp(m);
    }

    /** {@code s} times this matrix, with the same shapes. */
    public DenseOp times(double s) {
        NdArray m = a.copy();
        for (long k = 0; k < m.size(); k++) {
            m.set(k, s * a.re(k), s * a.im(k));
        }
        return new DenseOp(m, dims, dimsd);
    }

    /** The matrix (the live array: do not modify). */
    public NdArray matrix() {
        return a;
    }

    /**
     * The same matrix as an EJML reference operator with this operator's {@code dims} and
     * {@code dimsd} (the values of the matrix's precision, in double).
     */
    public DenseOperator reference() {
        int m = (int) rows();
        int n = (int) cols();
        if (a.dtype().isComplex()) {
            double[] d = new double[2 * m * n];
            for (int k = 0; k < m * n; k++) {
                d[2 * k] = a.re(k);
                d[2 * k + 1] = a.im(k);
            }
            return DenseOperator.of(new ZMatrixRMaj(m, n, true, d), dims, dimsd);
        }
        double[] d = new double[m * n];
        for (int k = 0; k < m * n; k++) {
            d[k] = a.re(k);
        }
        return DenseOperator.of(new DMatrixRMaj(m, n, true, d), dims, dimsd);
    }

    @Override
    public long rows() {
        return a.shape(0);
    }

    @Override
    public long cols() {
        return a.shape(1);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public long[] dimsd() {
        return dimsd.clone();
    }

    @Override
    public DType dtype() {
        return a.dtype();
    }

    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        apply(x.hostArray(), xPos, y.hostArray(), yPos, false);
    }

    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        apply(y.hostArray(), yPos, x.hostArray(), xPos, true);
    }

    // y_i = sum_j a_ij x_j (forward), x_j = sum_i conj(a_ij) y_i (adjoint)
    private void apply(Object in, long inPos, Object out, long outPos, boolean adjoint) {
        long m = rows();
        long n = cols();
        long nOut = adjoint ? n : m;
        long nIn = adjoint ? m : n;
        int c = a.dtype().components();
        for (long i = 0; i < nOut; i++) {
            double sr = 0;
            double si = 0;
            for (long j = 0; j < nIn; j++) {
                long k = adjoint ? j * n + i : i * n + j;
                double ar = a.re(k);
                double ai = adjoint ? -a.im(k) : a.im(k);
                int p = (int) ((inPos + j) * c);
                double xr = get(in, p);
                double xi = c == 2 ? get(in, p + 1) : 0;
                sr += ar * xr - ai * xi;
                si += ar * xi + ai * xr;
            }
            int q = (int) ((outPos + i) * c);
            put(out, q, sr);
            if (c == 2) {
                put(out, q + 1, si);
            }
        }
    }

    private static double get(Object arr, int i) {
        return arr instanceof double[] d ? d[i] : ((float[]) arr)[i];
    }

    private static void put(Object arr, int i, double v) {
        if (arr instanceof double[] d) {
            d[i] = v;
        } else {
            ((float[]) arr)[i] = (float) v;
        }
    }

    @Override
    public String toString() {
        return "DenseOp(" + rows() + "x" + cols() + ", " + a.dtype() + ")";
    }
}
