package org.jlops.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every system property ({@code jlops.*}) and environment variable
 * ({@code JLOPS_*}) the library's sources name.
 */
class ConfigurationDocTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path DOC = Path.of("../docs/configuration.md");
    private static final Pattern NAME = Pattern.compile("\"(jlops\\.[A-Za-z][A-Za-z0-9_.]*|JLOPS_[A-Z_]+)\"");

    @Test
    void everyPropertyAndVariableOfTheSourcesIsDocumented() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = NAME.matcher(Files.readString(p));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertTrue(names.containsAll(List.of("jlops.comm.backend", "JLOPS_COMM_BACKEND", "jlops.logView")),
                "the scan finds the known names: " + names);
        String doc = Files.readString(DOC);
        List<String> missing = names.stream().filter(n -> !doc.contains("`" + n + "`")).toList();
        assertEquals(List.of(), missing, "names the sources read but " + DOC + " does not list");
    }
}
