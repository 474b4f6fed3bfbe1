package org.jlops.mpi.bench.scale;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.ops.LocalOperator;

/**
 * A dense float64 block for the block-operator workloads: a row-major {@code rows x cols} matrix
 * applied with plain loops (row dot products forward, row-wise axpy adjoint), on host buffers.
 * The serial MatrixMult operator of {@code ops.serial} (BLAS through dev.ludovic.netlib) replaces
 * it in these workloads once it is on main; the registry entries then change in one line each.
 */
final class DenseBlock implements LocalOperator {

    private final int rows;
    private final int cols;
    private final double[] a;

    DenseBlock(int rows, int cols, long seed) {
        this.rows = rows;
        this.cols = cols;
        this.a = Fill.matrix(rows, cols, seed);
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long cols() {
        return cols;
    }

    @Override
    public DType dtype() {
        return DType.FLOAT64;
    }

    @Override
    public void matvec(Buffer x, long xPos, Buffer y, long yPos) {
        double[] in = (double[]) x.hostArray();
        double[] out = (double[]) y.hostArray();
        int xo = (int) xPos;
        int yo = (int) yPos;
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s = Math.fma(a[row + j], in[xo + j], s);
            }
            out[yo + i] = s;
        }
    }

    @Override
    public void rmatvec(Buffer y, long yPos, Buffer x, long xPos) {
        double[] in = (double[]) y.hostArray();
        double[] out = (double[]) x.hostArray();
        int xo = (int) xPos;
        int yo = (int) yPos;
        java.util.Arrays.fill(out, xo, xo + cols, 0.0);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            double v = in[yo + i];
            for (int j = 0; j < cols; j++) {
                out[xo + j] = Math.fma(a[row + j], v, out[xo + j]);
            }
        }
    }
}
