package org.jlops.mpi.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.cuda.CudaKernels.Launch;
import org.jlops.mpi.engine.cuda.CudaKernels.Op;
import org.junit.jupiter.api.Test;

/**
 * The PTX the engine loads is on the class path and holds every kernel {@link CudaKernels} can
 * name, built without fused multiply-adds. (That it matches its source is checked by
 * {@code scripts/cuda-ptx.sh --check}, which needs nvcc.)
 */
class ShippedPtxTest {

    @Test
    void everyKernelTheEngineLaunchesIsInTheShippedPtx() {
        String ptx = CudaEngine.ptx();
        List<String> names = new ArrayList<>();
        for (ElementType t : ElementType.values()) {
            for (Op op : Op.values()) {
                for (double im : new double[] {0, 1}) {
                    Launch l = CudaKernels.elementwise(op, t, 1, im);
                    if (!l.kernel().equals("copy")) {
                        names.add(l.kernel());
                    }
                }
            }
            names.add(CudaKernels.sumBlocks(t));
            names.add(CudaKernels.dotBlocks(t));
            names.add(CudaKernels.extreme(t));
            names.add(CudaKernels.copyRows(t));
            names.add(CudaKernels.threshold(t));
            names.add(CudaKernels.stencil(t));
            if (!t.isComplex()) {
                names.add(CudaKernels.countOutside(t));
            }
            for (Reduction r : Reduction.values()) {
                names.add(CudaKernels.axis(t, r));
            }
        }
        for (String name : names) {
            assertTrue(ptx.contains(".visible .entry " + name + "("), "the shipped PTX has no kernel " + name);
        }
        assertNoFusedMultiplyAdd(ptx);
    }

    /** The names of the kernels ({@code .visible .entry}) of a PTX text. */
    static java.util.Set<String> entries(String ptx) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        String[] parts = ptx.split("\\.visible \\.entry ");
        for (int i = 1; i < parts.length; i++) {                  // parts[0] is the header
            names.add(parts[i].substring(0, parts[i].indexOf('(')));
        }
        return names;
    }

    /**
     * Kernels whose bodies call no maths library (which uses fma on purpose) hold no fma: the
     * element-wise kernels, the dots, the real sums, the copies and countOutside. The thresholds
     * call hypot, pow, acos and cos; the stencils call fma explicitly (as the host's
     * {@code Math.fma}), so both are left out.
     */
    static void assertNoFusedMultiplyAdd(String ptx) {
        String[] parts = ptx.split("\\.visible \\.entry ");
        for (int i = 1; i < parts.length; i++) {
            String entry = parts[i];
            String name = entry.substring(0, entry.indexOf('('));
            boolean library = name.contains("extreme") || (name.endsWith("_c64") || name.endsWith("_c128")) && name.contains("sum")
                    || name.startsWith("threshold_") || name.startsWith("stencil_");
            if (!library) {
                assertTrue(!entry.contains("fma."), name + " fuses a multiply-add: build the PTX with -fmad=false");
            }
        }
    }
}
