package org.jlops.mpi.ops.serial;

import org.jlops.mpi.array.DType;

/**
 * Moving-average smoothing along one axis (serial PyLops' {@code Smoothing1D}): the
 * {@link Convolve1D} with the box filter {@code h = ones(nsmooth) / nsmooth} centred
 * ({@code offset = (nsmooth - 1) / 2}); an even {@code nsmooth} is made odd by adding one, as in
 * PyLops. With zero padding outside the axis:
 *
 * <pre>
 *     y[i] = (1 / nsmooth) sum_{|j - i| &lt;= (nsmooth - 1) / 2, 0 &lt;= j &lt; n} x[j]
 * </pre>
 *
 * <p>The operator is symmetric ({@code S^H = S}); the adjoint runs the same stencil.
 */
public final class Smoothing1D extends StencilOperator {

    private final int nsmooth;

    /**
     * A smoothing along {@code axis}.
     *
     * @param nsmooth the filter length, at least 1 (an even value is increased by one)
     * @param dims    (Input) the model shape; copied
     * @param axis    the axis, in {@code [-ndim, ndim)}
     * @param dtype   the operator's dtype
     * @throws IllegalArgumentException naming the bad argument
     */
    public Smoothing1D(int nsmooth, long[] dims, int axis, DType dtype) {
        int odd = odd(nsmooth);
        long[] d = AxisStencil.checkDims(dims);
        int ax = AxisStencil.normaliseAxis("axis", axis, d.length);
        double[] h = new double[odd];
        java.util.Arrays.fill(h, 1.0 / odd);
        int offset = (odd - 1) / 2;
        super(new AxisStencil(d, ax, Convolve1D.stencil(d[ax], h, offset), Convolve1D.adjointStencil(d[ax], h, offset)),
                dtype);
        this.nsmooth = odd;
    }

    private static int odd(int nsmooth) {
        if (nsmooth < 1) {
            throw new IllegalArgumentException("nsmooth: " + nsmooth + ", expected at least 1");
        }
        return nsmooth % 2 == 0 ? nsmooth + 1 : nsmooth;
    }

    /**
     * The (odd) filter length.
     *
     * @return the (odd) filter length
     */
    public int nsmooth() {
        return nsmooth;
    }

    @Override
    public String toString() {
        return "Smoothing1D(nsmooth=" + nsmooth + ", " + shapeText() + ")";
    }
}
