package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Stacked arithmetic with an operand (or output) whose second leaf does not match: every
 * component is checked before the first one is written, so the call fails naming the leaf and
 * leaves this stack, the operand and the output as they were; plain and nested stacks.
 */
class StackedChecksFirstTest {

    private static DistributedArray vector(Communicator comm, DType dt, long seed, long n) {
        return DistributedArray.toDist(SerialArrays.random(dt, seed, 0, 1, n), comm);
    }

    @Test
    void mismatchedLeavesFailBeforeAnyWrite() {
        LocalCluster.run(2, comm -> {
            for (boolean nested : new boolean[] {false, true}) {
                DistributedArray x0 = vector(comm, DType.FLOAT64, 1, 6);
                DistributedArray x1 = vector(comm, DType.FLOAT64, 2, 4);
                DistributedArray bad1 = vector(comm, DType.FLOAT32, 3, 4);
                StackedDistributedArray a = nested ? StackedDistributedArray.of(x0, StackedDistributedArray.of(x1))
                        : StackedDistributedArray.of(x0, x1);
                StackedDistributedArray bad = nested
                        ? StackedDistributedArray.of(x0.copy(), StackedDistributedArray.of(bad1))
                        : StackedDistributedArray.of(x0.copy(), bad1);
                StackedDistributedArray out = a.copy();
                out.imultiply(3, 0);
                StackedDistributedArray badOut = nested
                        ? StackedDistributedArray.of(x0.copy(), StackedDistributedArray.of(bad1.copy()))
                        : StackedDistributedArray.of(x0.copy(), bad1.copy());
                NdArray aBefore = a.asArray();
                NdArray outBefore = out.asArray();
                NdArray badOutBefore = badOut.asArray();
                String leaf = nested ? "[1][0]" : "[1]";
                Map<String, Executable> calls = new LinkedHashMap<>();
                calls.put("other", () -> a.isub(bad));
                calls.put("x", () -> a.iaxpy(2, 0, bad));
                calls.put("x ", () -> a.iaypx(2, 0, bad));
                calls.put("other ", () -> a.add(bad, out));
                calls.put("other  ", () -> a.subtract(bad, out));
                calls.put("other   ", () -> a.dot(bad, false));
                calls.put("out", () -> a.add(a, badOut));
                calls.put("out ", () -> a.subtract(a, badOut));
                calls.put("out  ", () -> a.multiply(2, 0, badOut));
                for (Map.Entry<String, Executable> c : calls.entrySet()) {
                    String name = c.getKey().trim() + leaf;
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.getValue(), name);
                    assertTrue(e.getMessage().startsWith(name + ": dtype FLOAT32 differs"),
                            name + ": " + e.getMessage());
                    assertEquals(aBefore, a.asArray(), name + ": this stack unchanged");
                    assertEquals(outBefore, out.asArray(), name + ": the output unchanged");
                    assertEquals(badOutBefore, badOut.asArray(), name + ": the bad output unchanged");
                }
            }
            // an output of another structure is named as such
            StackedDistributedArray a = StackedDistributedArray.of(vector(comm, DType.FLOAT64, 4, 6),
                    vector(comm, DType.FLOAT64, 5, 4));
            StackedDistributedArray other = StackedDistributedArray.of(a.get(0).copy(),
                    StackedDistributedArray.of(a.get(1).copy()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(a, other));
            assertEquals("out[1]: is a StackedDistributedArray where this stack has a DistributedArray"
                    + " (reported by rank 0)", e.getMessage());
        });
    }
}
