package org.jlops.mpi.comm.ompijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search order for the two halves of the bindings, on a fake file system in a temporary directory. */
class BindingsLocatorTest {

    @TempDir
    Path tmp;

    private Path file(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        return p;
    }

    private BindingsLocator locator(String jarProperty, Map<String, String> env, String libraryPath,
            List<Path> systemDirs) {
        return new BindingsLocator(jarProperty, env, libraryPath, tmp.resolve("home"), systemDirs);
    }

    @Test
    void libraryOnJavaLibraryPathComesBeforeSystemDirectories() throws IOException {
        Path mine = file("mine/libmpi_java.so");
        file("sys/libmpi_java.so");
        BindingsLocator l = locator(null, Map.of(), tmp.resolve("mine").toString(), List.of(tmp.resolve("sys")));
        assertEquals(mine, l.library());
    }

    @Test
    void versionedLibraryIsFoundWhenTheDevelopmentSymlinkIsMissing() throws IOException {
        file("sys/libmpi_java.so.40.30.0");
        Path short40 = file("sys/libmpi_java.so.40");
        BindingsLocator l = locator(null, Map.of(), null, List.of(tmp.resolve("empty"), tmp.resolve("sys")));
        assertEquals(short40, l.library());
    }

    @Test
    void libraryFromLdLibraryPathAndOpalPrefix() throws IOException {
        Path viaLd = file("ld/libmpi_java.so");
        Path viaPrefix = file("prefix/lib/libmpi_java.so");
        assertEquals(viaLd, locator(null, Map.of("LD_LIBRARY_PATH", tmp.resolve("ld").toString()), null, List.of())
                .library());
        assertEquals(viaPrefix, locator(null, Map.of("OPAL_PREFIX", tmp.resolve("prefix").toString()), null,
                List.of()).library());
    }

    @Test
    void missingLibraryNamesWhatAndWhereAndTheSetUpScript() {
        BindingsLocator l = locator(null, Map.of(), null, List.of(tmp.resolve("nowhere")));
        IllegalStateException e = assertThrows(IllegalStateException.class, l::library);
        assertTrue(e.getMessage().contains("libmpi_java.so"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("nowhere").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/setup.sh"), e.getMessage());
    }

    @Test
    void jarPropertyWinsOverEnvironmentAndCache() throws IOException {
        Path byProperty = file("a/mpi.jar");
        Path byEnv = file("b/mpi.jar");
        file("home/.cache/jlops-mpi/mpi-4.1.4-3.jar");
        Map<String, String> env = Map.of(BindingsLocator.JAR_ENV, byEnv.toString());
        assertEquals(byProperty, locator(byProperty.toString(), env, null, List.of()).jar(null));
        assertEquals(byEnv, locator(null, env, null, List.of()).jar(null));
    }

    @Test
    void namedJarThatDoesNotExistIsAnErrorNotAFallThrough() throws IOException {
        file("home/.cache/jlops-mpi/mpi-4.1.4-3.jar");
        Path missing = tmp.resolve("gone/mpi.jar");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> locator(missing.toString(), Map.of(), null, List.of()).jar(null));
        assertTrue(e.getMessage().contains("-Djlops.mpi.jar") && e.getMessage().contains(missing.toString()),
                e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> locator(null, Map.of(BindingsLocator.JAR_ENV, missing.toString()), null, List.of()).jar(null));
        assertTrue(e.getMessage().contains(BindingsLocator.JAR_ENV), e.getMessage());
    }

    @Test
    void systemJarNextToOpenMpiComesBeforeTheCache() throws IOException {
        Path lib = file("usr/lib/x/libmpi_java.so.40");
        Path system = file("usr/lib/x/openmpi/lib/mpi.jar");
        file("home/.cache/jlops-mpi/mpi-4.1.4-3.jar");
        assertEquals(system, locator(null, Map.of(), null, List.of()).jar(lib));
    }

    @Test
    void newestCachedJarWinsAndJlopsCacheMovesTheCache() throws IOException {
        Path old = file("home/.cache/jlops-mpi/mpi-4.1.4-2.jar");
        Path fresh = file("home/.cache/jlops-mpi/mpi-4.1.4-3.jar");
        Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(fresh, FileTime.fromMillis(2_000_000));
        file("home/.cache/jlops-mpi/notes.txt");
        assertEquals(fresh, locator(null, Map.of(), null, List.of()).jar(null));
        Path elsewhere = file("cache2/mpi-5.0.0.jar");
        assertEquals(elsewhere, locator(null, Map.of(BindingsLocator.CACHE_ENV, tmp.resolve("cache2").toString()),
                null, List.of()).jar(null));
    }

    @Test
    void noJarAnywhereNamesTheCacheAndTheSetUpScript() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> locator(null, Map.of(), null, List.of(tmp.resolve("sys"))).jar(null));
        assertTrue(e.getMessage().contains("mpi.jar"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("home/.cache/jlops-mpi").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/setup.sh"), e.getMessage());
    }

    @Test
    void multiarchTriplets() {
        assertEquals("x86_64-linux-gnu", BindingsLocator.multiarch("amd64"));
        assertEquals("aarch64-linux-gnu", BindingsLocator.multiarch("aarch64"));
        assertEquals("powerpc64le-linux-gnu", BindingsLocator.multiarch("ppc64le"));
    }
}
