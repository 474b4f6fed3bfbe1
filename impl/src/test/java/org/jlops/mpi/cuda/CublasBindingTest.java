package org.jlops.mpi.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.jlops.mpi.cuda.CudaLibraries.Library;
import org.junit.jupiter.api.Test;

/**
 * The cuBLAS binding's symbols against a real {@code libcublas}, without a GPU: loading the library
 * and looking names up needs no device, so every routine the binding calls ({@code gemm},
 * {@code gemv} and {@code gemmStridedBatched} of the four types, the handle and the status name)
 * is checked to exist here where the {@code nvidia-cublas} wheel is found
 * ({@code JLOPS_CUDA_PATH} or {@code -Djlops.cuda.path} naming its {@code lib} folder, or python3's
 * site-packages). Skipped, with that reason, where no {@code libcublas} is found. The argument
 * layouts are not checkable without a device: the GPU suite runs them.
 */
class CublasBindingTest {

    @Test
    void theSymbolListNamesEveryRoutineOfTheFourTypes() {
        List<String> names = Cublas.symbols();
        assertEquals(14, names.size(), names.toString());
        for (String p : new String[] {"S", "D", "C", "Z"}) {
            for (String r : new String[] {"gemm_v2", "gemv_v2", "gemmStridedBatched"}) {
                assertTrue(names.contains("cublas" + p + r), "cublas" + p + r + " in " + names);
            }
        }
        assertTrue(names.contains("cublasCreate_v2") && names.contains("cublasGetStatusName"), names.toString());
    }

    @Test
    void everySymbolTheBindingCallsResolvesInTheInstalledLibcublas() {
        CudaLibraries f = CudaLibraries.system();
        assumeTrue(f.find(Library.CUBLAS).isPresent(), "no libcublas in a searched folder (pip install nvidia-cublas "
                + "and set JLOPS_CUDA_PATH to its nvidia/cu13/lib): the symbols are not checked");
        assertEquals(List.of(), Cublas.missingSymbols(f), "symbols missing from " + f.find(Library.CUBLAS).get());
    }
}
