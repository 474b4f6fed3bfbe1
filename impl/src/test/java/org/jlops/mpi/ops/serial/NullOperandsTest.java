package org.jlops.mpi.ops.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.ops.LocalOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The operator algebra refuses a null operand at once, naming it (not later, in a product). */
class NullOperandsTest {

    @Test
    void nullOperandsAreRefusedByName() {
        LocalOperator a = new Identity(3, 3, DType.FLOAT64);
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("A", () -> LocalOperators.transpose(null));
        calls.put("A ", () -> LocalOperators.conj(null));
        calls.put("A  ", () -> LocalOperators.scale(null, 2, 1));
        calls.put("A   ", () -> LocalOperators.compose(null, a));
        calls.put("B", () -> LocalOperators.compose(a, null));
        calls.put("A    ", () -> LocalOperators.power(null, 2));
        calls.put("ops[1]", () -> LocalOperators.blockDiag(Arrays.asList(a, null)));
        calls.put("B ", () -> LocalOperators.sum(a, null));
        for (Map.Entry<String, Executable> c : calls.entrySet()) {
            String name = c.getKey().trim();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.getValue(), name);
            assertEquals(name + ": must not be null", e.getMessage());
        }
    }
}
