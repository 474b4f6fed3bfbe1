package org.jlops.mpi.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.jlops.mpi.cuda.CudaLibraries;
import org.jlops.mpi.cuda.Nvrtc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NVRTC binding on the engine's own kernels (the fallback where the shipped PTX does not
 * load): the shipped source compiles at run time into PTX with the same kernels as the shipped
 * PTX and no fused multiply-add where it must have none; a bad source fails with the compiler's
 * log. Needs {@code libnvrtc} (no GPU), e.g. {@code pip install nvidia-cuda-nvrtc} and
 * {@code JLOPS_CUDA_PATH} or {@code python3} finding it; skipped without.
 */
class NvrtcTest {

    private static Nvrtc nvrtc;
    private static String missing;

    /** Loads NVRTC once; every test reports itself skipped (not passed, not absent) without it. */
    @BeforeEach
    void load() {
        synchronized (NvrtcTest.class) {
            if (nvrtc == null && missing == null) {
                try {
                    nvrtc = Nvrtc.load(CudaLibraries.system());
                } catch (IllegalStateException e) {
                    missing = e.getMessage();
                }
            }
        }
        assumeTrue(nvrtc != null, () -> "no libnvrtc: " + missing);
    }

    @Test
    void theShippedSourceCompilesToTheShippedKernels() {
        assertTrue(nvrtc.version()[0] >= 13, "NVRTC " + nvrtc.version()[0]);
        String ptx = nvrtc.compile("jlops_kernels.cu", CudaEngine.source("jlops_kernels.cu"),
                Map.of("jlops_bodies.cuh", CudaEngine.source("jlops_bodies.cuh")), CudaEngine.NVRTC_OPTIONS);
        assertEquals(ShippedPtxTest.entries(CudaEngine.ptx()), ShippedPtxTest.entries(ptx));
        ShippedPtxTest.assertNoFusedMultiplyAdd(ptx);
    }

    @Test
    void aBadSourceFailsWithTheCompilersLog() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> nvrtc.compile("bad.cu",
                "extern \"C\" __global__ void k() { no_such_function(); }", Map.of(), List.of()));
        assertTrue(e.getMessage().startsWith("NVRTC could not compile bad.cu"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_function"), e.getMessage());
    }
}
