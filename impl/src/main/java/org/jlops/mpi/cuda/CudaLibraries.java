package org.jlops.mpi.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Finds the CUDA shared libraries: {@code libcudart}, {@code libcublas}, {@code libnvrtc} and
 * {@code libnccl}. The directories are searched in this order, and the first holding the library
 * wins:
 * <ol>
 * <li>{@code jlops.cuda.path} (else {@code JLOPS_CUDA_PATH}): directories separated by
 *     {@code :};</li>
 * <li>the NVIDIA wheels of the Python environment: every {@code site-packages/nvidia/<package>/lib}
 *     of the interpreter {@code jlops.cuda.python} names (else {@code JLOPS_CUDA_PYTHON}, else
 *     {@code python3}), as {@code pip install nvidia-cuda-runtime nvidia-cublas nvidia-cuda-nvrtc
 *     nvidia-nccl-cu13} lays them out;</li>
 * <li>{@code CUDA_HOME/lib64} and {@code /usr/local/cuda/lib64};</li>
 * </ol>
 * and last the dynamic loader's own path (the soname alone, {@code LD_LIBRARY_PATH} and the
 * system's cache). In a directory, the file named by the expected soname
 * ({@code libcudart.so.13}, ...) is taken, else the highest-versioned {@code lib<name>.so.*}, else
 * {@code lib<name>.so}. A library that cannot be found fails with a message naming it, every
 * place searched, and how to provide it.
 */
public final class CudaLibraries {

    /** System property: directories to search first, separated by {@code :}. */
    public static final String PATH_PROPERTY = "jlops.cuda.path";
    /** Environment variable read when {@link #PATH_PROPERTY} is unset. */
    public static final String PATH_ENV = "JLOPS_CUDA_PATH";
    /** System property: the Python interpreter whose {@code site-packages/nvidia/*}{@code /lib} are searched. */
    public static final String PYTHON_PROPERTY = "jlops.cuda.python";
    /** Environment variable read when {@link #PYTHON_PROPERTY} is unset. */
    public static final String PYTHON_ENV = "JLOPS_CUDA_PYTHON";

    /** The libraries, each with its file name stem, the major version it is built for and its wheel. */
    public enum Library {
        /** The CUDA driver's API: loading PTX modules and launching their kernels (installed with the driver). */
        DRIVER("cuda", "1", null),
        /** The CUDA runtime: devices, memory, copies. */
        CUDART("cudart", "13", "nvidia-cuda-runtime"),
        /** cuBLAS: the dense products. */
        CUBLAS("cublas", "13", "nvidia-cublas", "cublasLt"),
        /** NVRTC: run-time compilation of CUDA C++ to PTX. */
        NVRTC("nvrtc", "13", "nvidia-cuda-nvrtc", "nvrtc-builtins"),
        /** NCCL: collectives between GPUs. */
        NCCL("nccl", "2", "nvidia-nccl-cu13");

        private final String stem;
        private final String major;
        private final String wheel;
        private final List<String> companions;

        Library(String stem, String major, String wheel, String... companions) {
            this.stem = stem;
            this.major = major;
            this.wheel = wheel;
            this.companions = List.of(companions);
        }

        /**
         * The stems of the libraries this one loads by soname at run time ({@code cublasLt},
         * {@code nvrtc-builtins}), which are loaded first from the same folder, so that they are
         * found without {@code LD_LIBRARY_PATH}.
         *
         * @return the stems, possibly none
         */
        public List<String> companions() {
            return companions;
        }

        /**
         * The soname looked for first, e.g. {@code libcudart.so.13}.
         *
         * @return the soname
         */
        public String soname() {
            return "lib" + stem + ".so." + major;
        }

        /**
         * The pip package that provides the library, or null for the driver's library.
         *
         * @return the wheel's name, or null
         */
        public String wheel() {
            return wheel;
        }
    }

    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;
    /** The interpreter's site-packages, asked once. */
    private List<Path> sites;

    /**
     * A finder reading the given configuration (for tests: {@link #system()} reads the JVM's).
     *
     * @param properties system properties by name (null when unset)
     * @param environment environment variables by name (null when unset)
     */
    public CudaLibraries(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * The finder of this JVM: its system properties and environment.
     *
     * @return the finder
     */
    public static CudaLibraries system() {
        return new CudaLibraries(System::getProperty, System::getenv);
    }

    /**
     * The directories searched, in order, without the loader's own path.
     *
     * @return the directories (some may not exist)
     */
    public List<Path> directories() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = properties.apply(PATH_PROPERTY);
        if (path == null) {
            path = environment.apply(PATH_ENV);
        }
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d.strip()));
                }
            }
        }
        dirs.addAll(wheelDirectories());
        String home = environment.apply("CUDA_HOME");
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, "lib64"));
        }
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        return List.copyOf(dirs);
    }

    /** The Python interpreter asked for its site-packages. */
    String python() {
        String p = properties.apply(PYTHON_PROPERTY);
        if (p == null) {
            p = environment.apply(PYTHON_ENV);
        }
        return p == null || p.isBlank() ? "python3" : p;
    }

    /** Every {@code <site-packages>/nvidia/<package>/lib} of the interpreter's environment. */
    List<Path> wheelDirectories() {
        List<Path> out = new ArrayList<>();
        for (Path site : sitePackages()) {
            Path nvidia = site.resolve("nvidia");
            if (!Files.isDirectory(nvidia)) {
                continue;
            }
            try (DirectoryStream<Path> pkgs = Files.newDirectoryStream(nvidia)) {
                List<Path> sorted = new ArrayList<>();
                pkgs.forEach(sorted::add);
                sorted.sort(Comparator.naturalOrder());
                for (Path pkg : sorted) {
                    if (Files.isDirectory(pkg.resolve("lib"))) {
                        out.add(pkg.resolve("lib"));
                    }
                }
            } catch (IOException e) {
                // an unreadable folder holds nothing we can load
            }
        }
        return out;
    }

    private synchronized List<Path> sitePackages() {
        if (sites == null) {
            sites = askSitePackages();
        }
        return sites;
    }

    private List<Path> askSitePackages() {
        String script = "import site, sys\n"
                + "paths = list(getattr(site, 'getsitepackages', lambda: [])())\n"
                + "paths.append(site.getusersitepackages())\n"
                + "paths.extend(p for p in sys.path if p.endswith('-packages'))\n"
                + "print('\\n'.join(paths))\n";
        try {
            Process p = new ProcessBuilder(python(), "-c", script).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            if (p.exitValue() != 0) {
                return List.of();
            }
            List<Path> sites = new ArrayList<>();
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    sites.add(Path.of(line.strip()));
                }
            }
            return sites;
        } catch (IOException e) {
            return List.of();                        // no such interpreter: no wheels
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * The file of {@code lib} in one directory: its soname, else the highest-versioned
     * {@code lib<stem>.so.*}, else {@code lib<stem>.so}.
     *
     * @param dir the directory
     * @param lib the library
     * @return the file, if the directory holds one
     */
    static Optional<Path> inDirectory(Path dir, Library lib) {
        Path exact = dir.resolve(lib.soname());
        if (Files.isRegularFile(exact)) {
            return Optional.of(exact);
        }
        String prefix = "lib" + lib.stem + ".so.";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "lib" + lib.stem + ".so*")) {
            Path best = null;
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(prefix) && (best == null || compareVersions(name, best.getFileName().toString()) > 0)) {
                    best = f;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        } catch (IOException e) {
            // missing or unreadable directory
        }
        Path plain = dir.resolve("lib" + lib.stem + ".so");
        return Files.isRegularFile(plain) ? Optional.of(plain) : Optional.empty();
    }

    /**
     * The files of {@code lib}'s companions in {@code dir}: for each, its highest-versioned
     * {@code lib<stem>.so.*} (not the {@code .alt.} variants).
     *
     * @param dir the folder {@code lib} was found in
     * @param lib the library
     * @return the files found, in the order of {@link Library#companions()}
     */
    static List<Path> companions(Path dir, Library lib) {
        List<Path> out = new ArrayList<>();
        for (String stem : lib.companions()) {
            String prefix = "lib" + stem + ".so";
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
                Path best = null;
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (!name.contains(".alt.") && (name.equals(prefix) || name.startsWith(prefix + "."))
                            && (best == null || compareVersions(name, best.getFileName().toString()) > 0)) {
                        best = f;
                    }
                }
                if (best != null) {
                    out.add(best);
                }
            } catch (IOException e) {
                // nothing to preload
            }
        }
        return out;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+") ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /**
     * Where {@code lib} is: a file in the first directory of {@link #directories()} that holds
     * one, else empty (the caller may still try the soname on the loader's path).
     *
     * @param lib the library
     * @return its file, if found in a searched directory
     */
    public Optional<Path> find(Library lib) {
        for (Path d : directories()) {
            Optional<Path> f = inDirectory(d, lib);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /**
     * The message of a library that could not be loaded: what is missing, where it was looked
     * for, and how to provide it.
     *
     * @param lib      the library
     * @param searched the directories searched
     * @param reason   the loader's message for the soname on its own path
     * @return the message
     */
    public String missing(Library lib, List<Path> searched, String reason) {
        StringBuilder s = new StringBuilder();
        s.append(lib.soname()).append(" (").append(lib.name().toLowerCase(java.util.Locale.ROOT))
                .append(") not found: searched ");
        s.append(searched.isEmpty() ? "no directory" : searched.toString());
        s.append(" (").append(PATH_PROPERTY).append(" / ").append(PATH_ENV).append(", the nvidia/*/lib folders of ")
                .append(python()).append("'s site-packages, CUDA_HOME/lib64, /usr/local/cuda/lib64), then the loader's path: ")
                .append(reason).append(lib.wheel() == null ? ". It comes with the NVIDIA driver: is this a GPU machine? Or set -D"
                        : ". Install it with 'pip install " + lib.wheel() + "' or set -D").append(PATH_PROPERTY).append("=<directory holding ").append(lib.soname()).append('>');
        return s.toString();
    }
}
