package org.jlops.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md §3, enforced on the sources: comm → engine → array → ops → solvers,
 * arrows pointing down only (a layer may import the layers below it, never above).
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/org/jlops/mpi");
    private static final List<String> LAYERS = List.of("comm", "engine", "array", "io", "ops", "solvers");
    /** Layers each layer must not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "comm", List.of("engine", "array", "io", "ops", "solvers"),
            "engine", List.of("comm", "array", "io", "ops", "solvers"),
            "array", List.of("ops", "solvers"),
            "io", List.of("comm", "ops", "solvers"),
            "ops", List.of("solvers"),
            "solvers", List.of());
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?org\\.jlops\\.mpi\\.(\\w+)",
            Pattern.MULTILINE);

    @Test
    void layersImportOnlyDownwards() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the impl module: " + SOURCES.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                String layer = SOURCES.relativize(p).getName(0).toString();
                List<String> forbidden = FORBIDDEN.get(layer);
                if (forbidden == null) {
                    violations.add(p + ": package '" + layer + "' is not a known layer " + LAYERS);
                    continue;
                }
                Matcher m = IMPORT.matcher(Files.readString(p));
                while (m.find()) {
                    if (forbidden.contains(m.group(2))) {
                        violations.add(p + " (layer " + layer + ") imports layer " + m.group(2));
                    }
                }
            }
        }
        assertTrue(files > 0, "no sources found");
        assertEquals(List.of(), violations);
    }

    @Test
    void backendsAreReachedOnlyThroughCommunicators() throws IOException {
        List<String> violations = new ArrayList<>();
        Pattern backend = Pattern.compile("^import\\s+org\\.jlops\\.mpi\\.comm\\.(ffm|ompijava)\\.", Pattern.MULTILINE);
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                String rel = SOURCES.relativize(p).toString();
                if (rel.startsWith("comm/") && !rel.startsWith("comm/local/") && rel.indexOf('/', 5) < 0) {
                    continue; // the comm package itself (Communicators) may name the backends
                }
                if (rel.startsWith("comm/ffm/") || rel.startsWith("comm/ompijava/")) {
                    continue;
                }
                if (backend.matcher(Files.readString(p)).find()) {
                    violations.add(rel + " imports a backend class directly; use Communicator");
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
