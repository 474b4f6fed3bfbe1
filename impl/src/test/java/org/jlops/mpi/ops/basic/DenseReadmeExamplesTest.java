package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.Fredholm1;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.signal.MPIFredholm1;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.junit.jupiter.api.Test;

/**
 * The README's snippets of the dense operators (MPIMatrixMult and the grid helpers, Fredholm1 and
 * MPIFredholm1, complex BLAS), run as written on in-JVM ranks, with their results checked.
 */
class DenseReadmeExamplesTest {

    private static NdArray ramp(long rows, long cols) {
        NdArray a = NdArray.zeros(DType.FLOAT64, rows, cols);
        for (long q = 0; q < rows * cols; q++) {
            a.set(q, q % 7 - 3);
        }
        return a;
    }

    @Test
    void matrixMultSnippet() {
        NdArray a = ramp(50, 30);      // N x K, the same on every rank
        NdArray x = ramp(30, 40);      // K x M
        NdArray expect = MPIMatrixMultSpecTest.product(a, x, false);
        LocalCluster.run(5, comm -> {
            // --- README: MPIMatrixMult (SUMMA) on the active grid of any communicator
            MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(comm, a.shape(0), x.shape(1)); // 5 ranks: 2 x 2 + 1
            if (g.active()) {
                Communicator grid = g.comm();                                   // the 4 active ranks
                NdArray tile = MatrixGrid.localBlockSplit(a.shape(0), a.shape(1), g.rank(), grid).of(a);
                MPIMatrixMult op = new MPIMatrixMult(tile, x.shape(1), grid);   // SUMMA, float64
                DistributedArray xd = op.toModel(x);                            // this rank's tile of X
                DistributedArray y = op.matvec(xd);                             // tiles of Y = A X
                NdArray yAll = MatrixGrid.blockGather(y, a.shape(0), x.shape(1)); // 50 x 40 on every grid rank
                DistributedArray back = op.rmatvec(y);                          // tiles of A^H Y
                // --- end
                org.jlops.mpi.ops.serial.DerivativeTesting.assertClose(expect, yAll, 1e-14, "Y = A X");
                assertEquals(op.cols(), back.globalSize());
            } else {
                assertEquals(4, comm.rank());                                   // the fifth rank is inactive
            }
        });
    }

    @Test
    void blockKindSnippet() {
        NdArray a = ramp(50, 30);
        NdArray x = ramp(30, 40);
        long n = 50;
        long m = 40;
        LocalCluster.run(4, grid -> {
            // --- README: the block kind chained with MPIBlockDiag
            int p = MatrixGrid.side(grid.size());                               // 2
            int j = grid.rank() % p;                                            // grid column: rows block j of A
            long rs = MatrixGrid.blockStart(n, p, j);
            NdArray rows = a.slice(0, rs, rs + MatrixGrid.blockLength(n, p, j));
            MPIMatrixMult b = new MPIMatrixMult(rows, m, grid,
                    MPIMatrixMult.Options.of(Kind.BLOCK).withSaveAt(true));
            DistributedArray xb = b.toModel(x);                                 // column block of X, mask r % p'
            long cols = MatrixGrid.blockLength(m, p, grid.rank() / p);          // its width
            FirstDerivative d = new FirstDerivative(new long[] {n, cols}, 0);   // along the rows of Y's block
            MPILinearOperator chain = new MPIBlockDiag(List.of(d), grid, b.modelMask(), DType.FLOAT64).times(b);
            NdArray dy = b.fromData(chain.matvec(xb));                          // D (A X), 50 x 40
            // --- end
            NdArray expect = new FirstDerivative(new long[] {n, m}, 0)
                    .matvec(MPIMatrixMultSpecTest.product(a, x, false).astype(DType.FLOAT64)).reshape(n, m);
            org.jlops.mpi.ops.serial.DerivativeTesting.assertClose(expect, dy, 1e-14, "D A X");
        });
    }

    @Test
    void fredholmSnippet() {
        long nsl = 21;
        long nx = 4;
        long ny = 6;
        long nz = 5;
        NdArray gGlobal = NdArray.zeros(DType.FLOAT64, nsl, nx, ny);
        for (long q = 0; q < gGlobal.size(); q++) {
            gGlobal.set(q, q % 5 - 2);
        }
        LocalCluster.run(3, comm -> {
            long[] slabs = {7, 7, 7};
            NdArray g = gGlobal.slice(0, 7L * comm.rank(), 7L * comm.rank() + slabs[comm.rank()]);
            // --- README: MPIFredholm1
            MPIFredholm1 f = new MPIFredholm1(g, nz, comm, DType.FLOAT64);      // g: this rank's slab (7, 4, 6)
            DistributedArray mdl = DistributedArray.builder(comm, f.cols()).partition(Partition.BROADCAST).build();
            mdl.fill(1.0);
            DistributedArray d = f.matvec(mdl);                                 // BROADCAST, one allgatherv
            DistributedArray back = f.rmatvec(d);
            Fredholm1 serial = new Fredholm1(gGlobal, nz);                      // Fredholm1.Options.DEFAULT
            // --- end
            assertEquals(serial.matvec(mdl.asArray()), d.asArray(), "one BLAS call per slice either way");
            assertEquals(serial.rmatvec(d.asArray()), back.asArray());
        });
    }

    @Test
    void complexBlasSnippet() {
        // --- README: which BLAS runs
        String real = MatrixMult.blasImplementation();            // dev.ludovic.netlib.blas.JNIBLAS
        String complex = MatrixMult.complexBlasImplementation();  // CBLAS libopenblas.so.0 (FFM, cblas_zgemm/...)
        // --- end
        assertEquals("dev.ludovic.netlib.blas.JNIBLAS", real, "scripts/setup.sh installs OpenBLAS");
        assertTrue(complex.startsWith("CBLAS lib") && complex.endsWith(" (FFM, cblas_zgemm/cgemm/zgemv/cgemv)"),
                complex);
    }
}
