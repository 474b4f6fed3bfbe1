package org.jlops.mpi.examples;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.serial.Conj;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_summamatrixmult}: the distributed matrix product {@link MPIMatrixMult}
 * of the SUMMA kind ({@link Kind#SUMMA}) on the active square grid — rank {@code (i, j)} holds tile
 * {@code (i, j)} of {@code A}, {@code X} and {@code Y} — with {@code N = K = M = 6} and the
 * sequential values {@code A[i, j] = i K + j}, {@code X[i, j] = i M + j}, as PyLops-MPI. It prints
 * the matrices, the grid (PyLops-MPI's "Process grid", active and inactive ranks), every rank's
 * tiles (PyLops-MPI's local shapes and slices), the forward product {@code Y = A X} and the adjoint
 * {@code A^H Y} beside the serial products that rank 0 computes (the largest difference), a
 * dot-test, and PyLops-MPI's chain: an {@code MPIBlockDiag} of {@code Conj} on every rank's tile of
 * {@code Y}, after the product; and draws one figure (the tiles' ranks and the values). The steps
 * are {@link MatrixProductExample}'s.
 *
 * <p>Differences from PyLops-MPI's example (which draws no figure): the operator computes in float64
 * (PyLops-MPI's runs in the matrices' dtype, int64; the values are integers either way, exact in
 * float64, so the printed numbers are the same at every rank count); the tiles are printed in
 * rank order by rank 0 rather than by every rank; {@code --n}, {@code --k}, {@code --m} change the
 * sizes ({@code --full} changes nothing).
 */
@Command(name = "summamatrixmult", mixinStandardHelpOptions = true,
        description = "MPIMatrixMult of the SUMMA kind: Y = A X with A, X and Y in tiles of a square grid.")
public final class SummaMatrixMultExample extends MatrixProductExample {

    /** The example with PyLops-MPI's sizes, {@code N = K = M = 6}. */
    public SummaMatrixMultExample() {
        super(6, 6, 6);
    }

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new SummaMatrixMultExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_summamatrixmult.py";
    }

    @Override
    public String summary() {
        return "MPIMatrixMult(SUMMA): Y = A X with A, X, Y in tiles of a square grid; adjoint, dot-test, Conj after it";
    }

    /** The row-major {@code rows × cols} matrix {@code M[i, j] = i · cols + j} (NumPy's {@code arange(rows·cols).reshape}). */
    static double[] arange(long rows, long cols) {
        double[] v = new double[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return v;
    }

    @Override
    Kind kind() {
        return Kind.SUMMA;
    }

    @Override
    DType dtype() {
        return DType.FLOAT64;
    }

    @Override
    NdArray matrixA(long n, long k) {
        return NdArray.ofFloat64(arange(n, k), n, k);
    }

    @Override
    NdArray matrixX(long k, long m) {
        return NdArray.ofFloat64(arange(k, m), k, m);
    }

    @Override
    String inputs() {
        return "A[i, j] = i K + j, X[i, j] = i M + j (integers: every product is exact)";
    }

    @Override
    int[] decimals() {
        return new int[] {0, 0};
    }

    @Override
    LocalOperator chainBlock(long rows, long cols) {
        return new Conj(new long[] {rows, cols}, DType.FLOAT64);
    }

    @Override
    LocalOperator chainWhole(long n, long m) {
        return new Conj(new long[] {n, m}, DType.FLOAT64);
    }

    @Override
    String chainReference() {
        return "conj(A X)";
    }

    @Override
    String chainName() {
        return "MPIBlockDiag([Conj(dims = the rank's tile of Y)]) @ Aop, i.e. Y1 = conj(A X) (= A X: the data are real)";
    }
}
