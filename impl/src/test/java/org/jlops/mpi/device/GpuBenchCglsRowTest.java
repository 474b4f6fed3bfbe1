package org.jlops.mpi.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.testkit.FencedEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GPU bench's CGLS row ({@link GpuBench#cglsIteration}) runs here on the {@link FencedEngine}:
 * the code path the device run takes, on arrays that are not on the host, without a host transfer
 * beyond the model's one upload. Its timings here mean nothing.
 */
class GpuBenchCglsRowTest {

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT32", "FLOAT64"})
    void theCglsRowRunsOnArraysThatAreNotOnTheHost(ElementType t) {
        FencedEngine fenced = new FencedEngine();
        GpuBench.Row row = GpuBench.cglsIteration(fenced, LocalCluster.self(), t, 64, 32);
        assertEquals("ok", row.status(), row.detail());
        assertTrue(row.seconds() > 0 && row.detail().contains("time / (forward + adjoint) = "), row.detail());
        assertTrue(row.detail().contains("engine fenced"), row.detail());
        assertEquals(1, fenced.transfers(), "only the model's upload");
    }
}
