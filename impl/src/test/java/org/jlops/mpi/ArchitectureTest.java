package org.jlops.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md §3 as each package's {@code package-info.java} states it, enforced on
 * the sources, and the module descriptor's exports.
 *
 * <p>Every package states its allowed imports in one sentence, {@code May import: a, b, c.}, with
 * package names relative to {@code org.jlops.mpi} (so {@code ops.serial} says it may import
 * {@code array}, {@code engine} and {@code ops}, and never the communicator). A source file may
 * import its own package and the packages of its package's sentence, nothing else of the library.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/org/jlops/mpi");
    private static final Path MODULE_INFO = Path.of("target/classes/module-info.class");
    private static final Pattern RULE = Pattern.compile("May import:(.*?)\\.(?:\\s|$)", Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile(
            "^import\\s+(?:static\\s+)?org\\.jlops\\.mpi\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]", Pattern.MULTILINE);
    /** The API: what the module exports. */
    private static final Set<String> EXPORTED = Set.of("comm", "comm.local", "engine", "array", "io", "ops",
            "ops.serial", "ops.basic", "ops.stack", "ops.signal", "solvers", "proximal", "profile");
    /** Backends and machinery: never exported. */
    private static final Set<String> INTERNAL = Set.of("comm.ffm", "comm.ompijava", "comm.nccl", "engine.host", "engine.cuda",
            "cuda", "ops.internal");

    /** Every package of the library, relative to org.jlops.mpi, with the imports its package-info allows. */
    private static TreeMap<String, Set<String>> rules() throws IOException {
        TreeMap<String, Set<String>> rules = new TreeMap<>();
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path info : all.filter(f -> f.getFileName().toString().equals("package-info.java")).toList()) {
                String pkg = SOURCES.relativize(info.getParent()).toString().replace('/', '.');
                Matcher m = RULE.matcher(Files.readString(info));
                assertTrue(m.find(), info + ": states no 'May import: ...' rule");
                Set<String> allowed = new TreeSet<>();
                for (String name : m.group(1).replaceAll("\\([^)]*\\)", "").replace("*", " ").split(",")) {
                    allowed.add(name.strip());
                }
                rules.put(pkg, allowed);
            }
        }
        return rules;
    }

    @Test
    void everyPackageStatesItsRule() throws IOException {
        TreeMap<String, Set<String>> rules = rules();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path dir : all.filter(Files::isDirectory).toList()) {
                boolean hasSources;
                try (Stream<Path> files = Files.list(dir)) {
                    hasSources = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                String pkg = SOURCES.relativize(dir).toString().replace('/', '.');
                if (hasSources && !rules.containsKey(pkg)) {
                    missing.add(pkg);
                }
                for (String target : rules.getOrDefault(pkg, Set.of())) {
                    assertTrue(target.equals("nothing") || Files.isDirectory(SOURCES.resolve(target.replace('.', '/'))),
                            pkg + ": its rule names '" + target + "', which is not a package of the library");
                }
            }
        }
        assertEquals(List.of(), missing, "packages without a package-info stating their imports");
    }

    @Test
    void importsFollowThePackageRules() throws IOException {
        TreeMap<String, Set<String>> rules = rules();
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                String pkg = SOURCES.relativize(p.getParent()).toString().replace('/', '.');
                Set<String> allowed = rules.getOrDefault(pkg, Set.of());
                Matcher m = IMPORT.matcher(Files.readString(p));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.equals(pkg) && !allowed.contains(target)) {
                        violations.add(SOURCES.relativize(p) + " imports " + target + " (package " + pkg + " may import "
                                + allowed + ")");
                    }
                }
            }
        }
        assertTrue(files > 0, "no sources found: run from the impl module (" + SOURCES.toAbsolutePath() + ")");
        assertEquals(List.of(), violations);
    }

    /** The rules themselves keep the layers pointing down: profile, comm, engine, array, io, ops, solvers, proximal. */
    @Test
    void rulesPointDown() throws IOException {
        List<String> order = List.of("cuda", "profile", "comm", "engine", "array", "io", "ops", "solvers", "proximal");
        List<String> upward = new ArrayList<>();
        rules().forEach((pkg, allowed) -> {
            int layer = order.indexOf(pkg.split("\\.")[0]);
            for (String target : allowed) {
                int t = order.indexOf(target.split("\\.")[0]);
                if (t > layer) {
                    upward.add(pkg + " may import " + target);
                }
            }
        });
        assertEquals(List.of(), upward);
        assertFalse(rules().get("ops.serial").contains("comm"), "serial operators never see a communicator");
        assertFalse(rules().get("solvers").contains("engine"), "solvers never see an engine");
        assertFalse(rules().get("proximal").contains("engine"), "proximal solvers never see an engine");
        assertFalse(rules().get("array").contains("ops"), "arrays never see operators");
    }

    @Test
    void theModuleExportsTheApiAndNothingElse() throws IOException {
        assertTrue(Files.isRegularFile(MODULE_INFO), "no compiled module descriptor at " + MODULE_INFO);
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(MODULE_INFO)) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("org.jlops.mpi", d.name());
        Set<String> exported = d.exports().stream().map(e -> e.source().substring("org.jlops.mpi.".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(EXPORTED), exported, "exported packages");
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "qualified exports");
        Set<String> packages = rules().keySet();
        Set<String> unaccounted = new TreeSet<>(packages);
        unaccounted.removeAll(EXPORTED);
        unaccounted.removeAll(INTERNAL);
        assertEquals(Set.of(), unaccounted, "packages neither exported nor declared internal: decide for each");
        assertTrue(d.opens().isEmpty() && !d.isOpen(), "nothing is opened for reflection");
    }
}
