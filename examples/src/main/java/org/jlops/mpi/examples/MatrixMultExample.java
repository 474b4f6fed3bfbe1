package org.jlops.mpi.examples;

import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_matrixmult}: the distributed matrix product {@link MPIMatrixMult} of
 * the block kind ({@link Kind#BLOCK}) on the active square grid — rows block {@code j} of
 * {@code A} on grid column {@code j}, columns block {@code i} of {@code X} and {@code Y} on grid
 * row {@code i}, replicated across the row (mask {@code r % p'}) — with {@code N = K = M = 4} and
 * float32, as PyLops-MPI. It prints the matrices, the grid and every rank's rows of {@code A} and
 * columns of {@code X} and {@code Y}, the forward product {@code Y = A X} and the adjoint
 * {@code A^H Y} beside the serial products that rank 0 computes (the largest difference), a
 * dot-test, and PyLops-MPI's chain: an {@code MPIBlockDiag} of a first derivative along the rows
 * of every rank's column block, after the product, against the serial derivative of {@code A X};
 * and draws one figure (who holds what, and the values). The steps are {@link MatrixProductExample}'s.
 *
 * <p>Differences from PyLops-MPI's example (which prints nothing and draws no figure): the
 * entries of {@code A} and {@code X} are {@code k/16} with {@code k} drawn uniformly from 0..15
 * ({@code java.util.Random(42)}, {@code A} then {@code X}, row-major) rather than
 * {@code np.random.rand} after {@code np.random.seed(42)}: with 4 bits every product and sum is
 * exact in float32, so the printed matrices and differences (0) are the same at every rank count
 * and on every grid. {@code --n}, {@code --k}, {@code --m} change the sizes ({@code --full} changes
 * nothing: the defaults are PyLops-MPI's); the dot-test's relative tolerance is {@code 1e-4} in
 * float32.
 */
@Command(name = "matrixmult", mixinStandardHelpOptions = true,
        description = "MPIMatrixMult of the block kind: Y = A X with rows blocks of A and column blocks of X and Y.")
public final class MatrixMultExample extends MatrixProductExample {

    /** The seed of A and X. */
    static final long SEED = 42;

    /** The example with PyLops-MPI's sizes, {@code N = K = M = 4}. */
    public MatrixMultExample() {
        super(4, 4, 4);
    }

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new MatrixMultExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_matrixmult.py";
    }

    @Override
    public String summary() {
        return "MPIMatrixMult(BLOCK): Y = A X with rows blocks of A and column blocks of X, Y; adjoint, dot-test, "
                + "a first derivative after it";
    }

    /**
     * {@code A} ({@code n × k}) and {@code X} ({@code k × m}) as row-major float32 entries:
     * {@code new Random(SEED).nextInt(16) / 16}, first the {@code n·k} of A, then the {@code k·m} of X.
     */
    static float[][] inputs(long n, long k, long m) {
        Random r = new Random(SEED);
        float[] a = new float[(int) (n * k)];
        float[] x = new float[(int) (k * m)];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(16) / 16f;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(16) / 16f;
        }
        return new float[][] {a, x};
    }

    @Override
    Kind kind() {
        return Kind.BLOCK;
    }

    @Override
    DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    NdArray matrixA(long n, long k) {
        return NdArray.ofFloat32(inputs(n, k, m)[0], n, k);
    }

    @Override
    NdArray matrixX(long k, long m) {
        return NdArray.ofFloat32(inputs(n, k, m)[1], k, m);
    }

    @Override
    String inputs() {
        return "entries j/16, j uniform in 0..15 (java.util.Random(" + SEED + "), A then X): every product is exact";
    }

    @Override
    int[] decimals() {
        return new int[] {4, 6};
    }

    @Override
    LocalOperator chainBlock(long rows, long cols) {
        return new FirstDerivative(new long[] {rows, cols}, 0, 1.0, DerivativeKind.CENTERED, false, 3, DType.FLOAT32);
    }

    @Override
    LocalOperator chainWhole(long n, long m) {
        return new FirstDerivative(new long[] {n, m}, 0);
    }

    @Override
    String chainReference() {
        return "D (A X)";
    }

    @Override
    String chainName() {
        return "MPIBlockDiag([FirstDerivative(dims = (N, columns of the block), axis = 0)], mask r % p') @ Aop, "
                + "i.e. Y1 = D (A X), D the centered first derivative along the rows";
    }
}
