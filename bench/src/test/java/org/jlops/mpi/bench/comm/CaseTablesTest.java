package org.jlops.mpi.bench.comm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The C program and the Java harness run the same cases with the same loop counts. */
class CaseTablesTest {

    private static final Path C_SOURCE = Path.of("src/main/c/osu_like.c");
    private static final Pattern ENTRY = Pattern.compile("\\{(ALLREDUCE|ALLGATHER|PINGPONG), ([^,]+), (\\d+), (\\d+)}");

    private static List<CommBench.Case> table(String source, String name) {
        int start = source.indexOf("bench_case " + name + "[]");
        int end = source.indexOf("};", start);
        List<CommBench.Case> out = new ArrayList<>();
        Matcher m = ENTRY.matcher(source.substring(start, end));
        while (m.find()) {
            out.add(new CommBench.Case(CommBench.Workload.valueOf(m.group(1)), size(m.group(2).trim()),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        }
        return out;
    }

    /** Evaluates {@code 123} or {@code aL << b}. */
    private static long size(String expr) {
        String[] shift = expr.split("<<");
        long base = Long.parseLong(shift[0].trim().replace("L", ""));
        return shift.length == 1 ? base : base << Integer.parseInt(shift[1].trim());
    }

    @Test
    void cAndJavaCaseTablesAreEqual() throws IOException {
        String source = Files.readString(C_SOURCE);
        assertEquals(CommBench.standardCases(), table(source, "STANDARD"));
        assertEquals(CommBench.quickCases(), table(source, "QUICK"));
    }
}
