package org.jlops.mpi.comm.ompijava;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the two halves of the Open MPI Java bindings: {@code libmpi_java.so} (native, shipped
 * with Open MPI's library package, usually outside the JVM's default {@code java.library.path})
 * and {@code mpi.jar} (Java, which Debian does not ship; {@code scripts/setup.sh} builds it into a
 * cache). Pure file-system look-ups, so that the search order can be tested without MPI.
 *
 * <p>{@code mpi.jar}, first match wins: the system property {@value #JAR_PROPERTY}, the
 * environment variable {@value #JAR_ENV}, a system {@code mpi.jar} (next to
 * {@code libmpi_java.so}, in Open MPI's {@code openmpi/lib}, in {@code /usr/share/java}), then
 * the newest {@code mpi-*.jar} in the cache ({@code $JLOPS_CACHE}, else
 * {@code ~/.cache/jlops-mpi}). The class path is tried before all of these, by the caller.
 */
final class BindingsLocator {

    /** System property naming mpi.jar. */
    static final String JAR_PROPERTY = "jlops.mpi.jar";
    /** Environment variable naming mpi.jar (the property wins). */
    static final String JAR_ENV = "JLOPS_MPI_JAR";
    /** Environment variable overriding the cache directory of {@code scripts/lib/mpijar.sh}. */
    static final String CACHE_ENV = "JLOPS_CACHE";
    /** What to tell a user who lacks a half of the bindings. */
    static final String SETUP_HINT = "scripts/setup.sh provides it (run it once, as root on a fresh machine)";

    private final String jarProperty;
    private final Map<String, String> env;
    private final String javaLibraryPath;
    private final Path home;
    private final List<Path> systemLibDirs;

    /**
     * @param jarProperty     value of {@value #JAR_PROPERTY}; may be null
     * @param env             the environment. Not modified.
     * @param javaLibraryPath value of {@code java.library.path}; may be null
     * @param home            the user's home directory
     * @param systemLibDirs   the system library directories, searched last. Not modified.
     */
    BindingsLocator(String jarProperty, Map<String, String> env, String javaLibraryPath, Path home,
            List<Path> systemLibDirs) {
        this.jarProperty = jarProperty;
        this.env = Map.copyOf(env);
        this.javaLibraryPath = javaLibraryPath;
        this.home = home;
        this.systemLibDirs = List.copyOf(systemLibDirs);
    }

    /** The locator of this JVM: its properties, environment and the usual Linux library directories. */
    static BindingsLocator fromSystem() {
        String multiarch = multiarch(System.getProperty("os.arch", ""));
        List<Path> system = Stream.of("/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64", "/usr/lib",
                "/usr/local/lib", "/usr/lib64/openmpi/lib", "/opt/openmpi/lib").map(Path::of).toList();
        // $HOME first, as in scripts/lib/mpijar.sh (the JVM's user.home comes from the password database)
        String home = System.getenv("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home", "/");
        }
        return new BindingsLocator(System.getProperty(JAR_PROPERTY), System.getenv(),
                System.getProperty("java.library.path"), Path.of(home), system);
    }

    /** Debian's multiarch triplet for a JVM {@code os.arch}, e.g. {@code x86_64-linux-gnu} for amd64. */
    static String multiarch(String osArch) {
        String cpu = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "ppc64le" -> "powerpc64le";
            default -> osArch;
        };
        return cpu + "-linux-gnu";
    }

    /** Directories searched for libmpi_java, in order. */
    List<Path> libraryDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        addPathList(dirs, javaLibraryPath);
        addPathList(dirs, env.get("LD_LIBRARY_PATH"));
        for (String var : List.of("OPAL_PREFIX", "MPI_HOME")) {
            String prefix = env.get(var);
            if (prefix != null && !prefix.isBlank()) {
                dirs.add(Path.of(prefix, "lib"));
            }
        }
        dirs.addAll(systemLibDirs);
        return List.copyOf(dirs);
    }

    private static void addPathList(Set<Path> dirs, String list) {
        if (list == null) {
            return;
        }
        for (String p : list.split(File.pathSeparator)) {
            if (!p.isBlank()) {
                dirs.add(Path.of(p));
            }
        }
    }

    /**
     * The absolute path of {@code libmpi_java.so}, or of a versioned {@code libmpi_java.so.N}
     * (Debian's runtime package ships only {@code libmpi_java.so.40}).
     *
     * @throws IllegalStateException naming the directories searched
     */
    Path library() {
        String name = System.mapLibraryName("mpi_java");
        List<Path> dirs = libraryDirs();
        for (Path dir : dirs) {
            Path plain = dir.resolve(name);
            if (Files.isRegularFile(plain)) {
                return plain.toAbsolutePath();
            }
            Optional<Path> versioned = versioned(dir, name);
            if (versioned.isPresent()) {
                return versioned.get().toAbsolutePath();
            }
        }
        throw new IllegalStateException("ompi-java backend: " + name + " (the native half of the Open MPI Java "
                + "bindings) was not found in " + dirs + "; install Open MPI's library package (Debian: libopenmpi3) "
                + "or pass -Djava.library.path=<its directory>; " + SETUP_HINT);
    }

    private static Optional<Path> versioned(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "."))
                    .filter(Files::isRegularFile)
                    .min(Comparator.comparing((Path f) -> f.getFileName().toString().length())
                            .thenComparing(f -> f.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The cache directory of {@code scripts/lib/mpijar.sh}. */
    Path cacheDir() {
        String cache = env.get(CACHE_ENV);
        return cache != null && !cache.isBlank() ? Path.of(cache) : home.resolve(".cache").resolve("jlops-mpi");
    }

    /** Directories searched for a system {@code mpi.jar}, given where libmpi_java lives. */
    List<Path> systemJarDirs(Path library) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (library != null && library.getParent() != null) {
            dirs.add(library.getParent());
            dirs.add(library.getParent().resolve("openmpi").resolve("lib"));
        }
        for (String var : List.of("OPAL_PREFIX", "MPI_HOME")) {
            String prefix = env.get(var);
            if (prefix != null && !prefix.isBlank()) {
                dirs.add(Path.of(prefix, "lib"));
            }
        }
        dirs.add(Path.of("/usr/share/java"));
        for (Path d : systemLibDirs) {
            dirs.add(d.resolve("openmpi").resolve("lib"));
        }
        return List.copyOf(dirs);
    }

    /**
     * The {@code mpi.jar} to load (see the class comment for the order).
     *
     * @param library where libmpi_java was found; may be null
     * @throws IllegalStateException when a named jar does not exist, or no jar was found
     */
    Path jar(Path library) {
        String named = jarProperty != null && !jarProperty.isBlank() ? jarProperty : null;
        String source = "-D" + JAR_PROPERTY;
        if (named == null) {
            named = env.get(JAR_ENV);
            source = JAR_ENV;
        }
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("ompi-java backend: " + source + " names " + p
                        + ", which is not a file; point it at an mpi.jar of the installed Open MPI; " + SETUP_HINT);
            }
            return p.toAbsolutePath();
        }
        List<Path> systemDirs = systemJarDirs(library);
        for (Path dir : systemDirs) {
            Path p = dir.resolve("mpi.jar");
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        Path cache = cacheDir();
        Optional<Path> cached = newestCachedJar(cache);
        if (cached.isPresent()) {
            return cached.get().toAbsolutePath();
        }
        throw new IllegalStateException("ompi-java backend: mpi.jar (the Java half of the Open MPI Java bindings) "
                + "was not found: not on the class path, neither -D" + JAR_PROPERTY + " nor " + JAR_ENV + " set, none in "
                + systemDirs + ", no mpi-*.jar in " + cache + "; " + SETUP_HINT);
    }

    /** The most recently modified {@code mpi-*.jar} in {@code dir} (the newest build wins after an upgrade). */
    static Optional<Path> newestCachedJar(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("mpi-") && n.endsWith(".jar") && Files.isRegularFile(f);
            }).forEach(jars::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        return jars.stream().max(Comparator.comparing(BindingsLocator::modified).thenComparing(Path::toString));
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
