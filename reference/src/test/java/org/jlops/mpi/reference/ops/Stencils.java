package org.jlops.mpi.reference.ops;

import java.util.function.UnaryOperator;

/**
 * Direct element-by-element evaluation of the SPEC §5.8/§5.9 derivative formulas, written as
 * PyLops writes them (slice assignments, edge rows assigned last), independent of the matrix
 * assembly in {@link ReferenceOperators}.
 */
final class Stencils {

    private Stencils() {
    }

    static double[] first(double[] x, double h, DerivativeKind kind, boolean edge, int order) {
        int n = x.length;
        double[] y = new double[n];
        switch (kind) {
            case FORWARD -> {
                for (int i = 0; i < n - 1; i++) {
                    y[i] = (x[i + 1] - x[i]) / h;
                }
            }
            case BACKWARD -> {
                for (int i = 1; i < n; i++) {
                    y[i] = (x[i] - x[i - 1]) / h;
                }
            }
            case CENTERED -> {
                if (order == 3) {
                    for (int i = 1; i < n - 1; i++) {
                        y[i] = 0.5 * (x[i + 1] - x[i - 1]) / h;
                    }
                    if (edge) {
                        y[0] = (x[1] - x[0]) / h;
                        y[n - 1] = (x[n - 1] - x[n - 2]) / h;
                    }
                } else {
                    for (int i = 2; i < n - 2; i++) {
                        y[i] = (x[i - 2] / 12 - 2 * x[i - 1] / 3 + 2 * x[i + 1] / 3 - x[i + 2] / 12) / h;
                    }
                    if (edge) {
                        y[0] = (x[1] - x[0]) / h;
                        y[1] = 0.5 * (x[2] - x[0]) / h;
                        y[n - 2] = 0.5 * (x[n - 1] - x[n - 3]) / h;
                        y[n - 1] = (x[n - 1] - x[n - 2]) / h;
                    }
                }
            }
            default -> throw new AssertionError(kind);
        }
        return y;
    }

    static double[] second(double[] x, double h, DerivativeKind kind, boolean edge) {
        int n = x.length;
        double[] y = new double[n];
        switch (kind) {
            case FORWARD -> {
                for (int i = 0; i < n - 2; i++) {
                    y[i] = x[i + 2] - 2 * x[i + 1] + x[i];
                }
            }
            case BACKWARD -> {
                for (int i = 2; i < n; i++) {
                    y[i] = x[i] - 2 * x[i - 1] + x[i - 2];
                }
            }
            case CENTERED -> {
                for (int i = 1; i < n - 1; i++) {
                    y[i] = x[i + 1] - 2 * x[i] + x[i - 1];
                }
                if (edge) {
                    y[0] = x[0] - 2 * x[1] + x[2];
                    y[n - 1] = x[n - 3] - 2 * x[n - 2] + x[n - 1];
                }
            }
            default -> throw new AssertionError(kind);
        }
        for (int i = 0; i < n; i++) {
            y[i] /= h * h;
        }
        return y;
    }

    /** Applies a 1-D map (same input and output length) to every fibre along {@code axis} of a row-major array. */
    static double[] alongAxis(double[] x, long[] dims, int axis, UnaryOperator<double[]> f) {
        int pre = 1;
        int post = 1;
        for (int k = 0; k < axis; k++) {
            pre *= (int) dims[k];
        }
        for (int k = axis + 1; k < dims.length; k++) {
            post *= (int) dims[k];
        }
        int n = (int) dims[axis];
        double[] y = new double[x.length];
        for (int a = 0; a < pre; a++) {
            for (int b = 0; b < post; b++) {
                double[] fibre = new double[n];
                for (int i = 0; i < n; i++) {
                    fibre[i] = x[(a * n + i) * post + b];
                }
                double[] out = f.apply(fibre);
                for (int i = 0; i < n; i++) {
                    y[(a * n + i) * post + b] = out[i];
                }
            }
        }
        return y;
    }
}
