package org.jlops.mpi.verify.catalog;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.verify.prop.Draws;

/**
 * A dense serial operator for the catalog's block operators: a row-major matrix of any dtype,
 * applied with plain loops accumulating in double precision. Immutable (in-JVM ranks share it).
 * {@link #reference()} gives the same matrix as an EJML {@link DenseOperator}.
 */
public final class DenseBlock implements LocalOperator {

    private final NdArray a;

    /**
     * A block of the given matrix.
     *
     * @param a (Input) a {@code rows x cols} matrix; kept by reference, must not change afterwards
     */
    public DenseBlock(NdArray a) {
        if (a.ndim() != 2) {
            throw new IllegalArgumentException("a: expected a matrix, got " + a.ndim() + " dimensions");
        }
        this.a = a;
    }

    /**
     * A block with entries uniform in [-1, 1) (imaginary parts too for complex dtypes).
     *
     * @param r     (Modified) the random source
     * @param dtype the dtype
     * @param rows  the row count
     * @param cols  the column count
     * @return the block
     */
    public static DenseBlock random(SplittableRandom r, DType dtype, long rows, long cols) {
        return new DenseBlock(Draws.values(r, dtype, rows, cols));
    }

    /** The matrix (the live array: do not modify). */
    public NdArray matrix() {
        return a;
    }

    /** The same matrix as an EJML reference operator (values of the block's precision, in double). */
    public DenseOperator reference() {
        int m = (int) rows();
        int n = (int) cols();
        if (a.dtype().isComplex()) {
            double[] d = new double[2 * m * n];
            for (int k = 0; k < m * n; k++) {
                d[2 * k] = a.re(k);
                d[2 * k + 1] = a.im(k);
            }
            return DenseOperator.of(new ZMatrixRMaj(m, n, true, d));
        }
        double[] d = new double[m * n];
        for (int k = 0; k < m * n; k++) {
            d[k] = a.re(k);
        }
        return DenseOperator.of(new DMatrixRMaj(m, n, true, d));
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
        return rows() + "x" + cols();
    }
}
