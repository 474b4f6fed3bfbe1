package org.jlops.mpi.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jlops.mpi.cuda.CudaLibraries.Library;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the CUDA libraries: the order of the places searched, the choice of a file in a
 * directory, the Python wheel layout (through a stand-in interpreter), and the message when one is
 * missing. The files are empty stand-ins: nothing is loaded here except where a test says so.
 */
class CudaLibrariesTest {

    @TempDir
    Path tmp;

    private static CudaLibraries finder(Map<String, String> props, Map<String, String> env) {
        return new CudaLibraries(props::get, env::get);
    }

    private Path touch(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.createFile(dir.resolve(name));
    }

    /** A stand-in interpreter that prints {@code site} as its only site-packages folder. */
    private Path python(Path site) throws IOException {
        Path script = tmp.resolve("python");
        Files.writeString(script, "#!/bin/sh\necho '" + site + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static final String NO_PYTHON = "/nonexistent/python3";

    @Test
    void thePropertyComesFirstThenTheEnvironment() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        Path inA = touch(a, "libcudart.so.13");
        Path inB = touch(b, "libcudart.so.13");
        assertEquals(Optional.of(inA), finder(Map.of(CudaLibraries.PATH_PROPERTY, a.toString(),
                CudaLibraries.PYTHON_PROPERTY, NO_PYTHON), Map.of(CudaLibraries.PATH_ENV, b.toString())).find(Library.CUDART));
        assertEquals(Optional.of(inB), finder(Map.of(CudaLibraries.PYTHON_PROPERTY, NO_PYTHON),
                Map.of(CudaLibraries.PATH_ENV, b.toString())).find(Library.CUDART));
        List<Path> dirs = finder(Map.of(CudaLibraries.PATH_PROPERTY, a + ":" + b, CudaLibraries.PYTHON_PROPERTY, NO_PYTHON),
                Map.of("CUDA_HOME", "/opt/cuda")).directories();
        assertEquals(List.of(a, b, Path.of("/opt/cuda/lib64"), Path.of("/usr/local/cuda/lib64")), dirs);
    }

    @Test
    void aDirectoryGivesItsSonameElseItsHighestVersion() throws IOException {
        Path d = tmp.resolve("lib");
        touch(d, "libnccl.so.2.9.1");
        Path newest = touch(d, "libnccl.so.2.27.3");
        touch(d, "libnccl.so");
        touch(d, "libnccl_static.a");
        assertEquals(Optional.of(newest), CudaLibraries.inDirectory(d, Library.NCCL));
        Path exact = touch(d, "libnccl.so.2");
        assertEquals(Optional.of(exact), CudaLibraries.inDirectory(d, Library.NCCL));
        Path plainOnly = tmp.resolve("plain");
        Path plain = touch(plainOnly, "libcublas.so");
        assertEquals(Optional.of(plain), CudaLibraries.inDirectory(plainOnly, Library.CUBLAS));
        assertEquals(Optional.empty(), CudaLibraries.inDirectory(plainOnly, Library.NVRTC));
        assertEquals(Optional.empty(), CudaLibraries.inDirectory(tmp.resolve("absent"), Library.NVRTC));
    }

    @Test
    void theWheelsOfThePythonEnvironmentAreSearched() throws IOException {
        Path site = tmp.resolve("site-packages");
        Path cublas = touch(site.resolve("nvidia/cublas/lib"), "libcublas.so.13");
        Path nccl = touch(site.resolve("nvidia/nccl/lib"), "libnccl.so.2");
        Files.createDirectories(site.resolve("nvidia/cu13/include"));         // a package without lib/
        CudaLibraries f = finder(Map.of(CudaLibraries.PYTHON_PROPERTY, python(site).toString()), Map.of());
        assertEquals(List.of(site.resolve("nvidia/cublas/lib"), site.resolve("nvidia/nccl/lib")), f.wheelDirectories());
        assertEquals(Optional.of(cublas), f.find(Library.CUBLAS));
        assertEquals(Optional.of(nccl), f.find(Library.NCCL));
        // the environment variable names the interpreter when the property does not
        assertEquals(Optional.of(cublas), finder(Map.of(), Map.of(CudaLibraries.PYTHON_ENV, python(site).toString()))
                .find(Library.CUBLAS));
        // no such interpreter: no wheels, no failure
        assertEquals(List.of(), finder(Map.of(CudaLibraries.PYTHON_PROPERTY, NO_PYTHON), Map.of()).wheelDirectories());
    }

    @Test
    void companionsAreTheHighestVersionsBesideTheLibraryWithoutTheAltVariants() throws IOException {
        Path d = tmp.resolve("cu13/lib");
        touch(d, "libnvrtc.so.13");
        touch(d, "libnvrtc-builtins.so.13.0");
        touch(d, "libnvrtc-builtins.alt.so.13.0");
        touch(d, "libcublasLt.so.13");
        touch(d, "libcublasLt.so.13.0.2");
        assertEquals(List.of(d.resolve("libnvrtc-builtins.so.13.0")), CudaLibraries.companions(d, Library.NVRTC));
        assertEquals(List.of(d.resolve("libcublasLt.so.13.0.2")), CudaLibraries.companions(d, Library.CUBLAS));
        assertEquals(List.of(), CudaLibraries.companions(d, Library.NCCL));
    }

    @Test
    void aMissingLibraryIsNamedWithWhereItWasSoughtAndHowToProvideIt() {
        CudaLibraries f = finder(Map.of(CudaLibraries.PATH_PROPERTY, tmp.toString(), CudaLibraries.PYTHON_PROPERTY, NO_PYTHON),
                Map.of());
        String m = f.missing(Library.CUBLAS, f.directories(), "libcublas.so.13: cannot open shared object file");
        assertTrue(m.startsWith("libcublas.so.13 (cublas) not found: searched [" + tmp), m);
        assertTrue(m.contains("pip install nvidia-cublas"), m);
        assertTrue(m.contains("-Djlops.cuda.path=<directory holding libcublas.so.13>"), m);
        assertTrue(m.contains(NO_PYTHON + "'s site-packages"), m);
        assertTrue(m.contains("cannot open shared object file"), m);
        String driver = f.missing(Library.DRIVER, f.directories(), "no");
        assertTrue(driver.contains("comes with the NVIDIA driver"), driver);
    }

    @Test
    void loadingAMissingLibraryFailsWithThatMessage() {
        assumeTrue(!loadable(Library.NCCL.soname()), "this machine has libnccl on the loader's path");
        CudaLibraries f = finder(Map.of(CudaLibraries.PATH_PROPERTY, tmp.toString(), CudaLibraries.PYTHON_PROPERTY, NO_PYTHON),
                Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Nccl.load(f));
        assertTrue(e.getMessage().startsWith("libnccl.so.2 (nccl) not found: searched [" + tmp), e.getMessage());
        assertTrue(e.getMessage().contains("pip install nvidia-nccl-cu13"), e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryFailsNamingIt() throws IOException {
        Path fake = touch(tmp.resolve("fake"), "libnvrtc.so.13");
        Files.writeString(fake, "not a shared library\n");
        CudaLibraries f = finder(Map.of(CudaLibraries.PATH_PROPERTY, fake.getParent().toString(),
                CudaLibraries.PYTHON_PROPERTY, NO_PYTHON), Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Nvrtc.load(f));
        assertTrue(e.getMessage().startsWith("libnvrtc.so.13 was found at " + fake + " but does not load"), e.getMessage());
    }

    /** The runtime itself where this machine has it (the CUDA toolkit's libcudart needs no GPU for its version). */
    @Test
    void theRuntimeLoadsWhereTheToolkitIsInstalled() {
        CudaLibraries f = CudaLibraries.system();
        assumeTrue(f.find(Library.CUDART).isPresent() || loadable(Library.CUDART.soname()), "no libcudart on this machine");
        CudaRuntime rt = CudaRuntime.load(f);
        assertTrue(rt.runtimeVersion() >= 13000, "runtime version " + rt.runtimeVersion());
        int[] count = rt.deviceCount();
        if (count[0] != 0) {                      // no driver or no device: a named status, not a crash
            assertTrue(rt.errorName(count[0]).startsWith("cudaError"), rt.errorName(count[0]));
        }
    }

    /** cuBLAS where it is found (pip install nvidia-cublas): it loads with libcublasLt, and without a GPU names its status. */
    @Test
    void cublasLoadsAndNamesItsStatus() {
        CudaLibraries f = CudaLibraries.system();
        assumeTrue(f.find(Library.CUBLAS).isPresent(), "no libcublas in a searched folder");
        boolean gpu;
        try {
            int[] count = CudaRuntime.load(f).deviceCount();
            gpu = count[0] == 0 && count[1] > 0;
        } catch (IllegalStateException e) {
            gpu = false;
        }
        if (gpu) {
            Cublas.create(f);
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Cublas.create(f));
            assertTrue(e.getMessage().startsWith("cublasCreate failed: CUBLAS_STATUS_"), e.getMessage());
        }
    }

    private static boolean loadable(String soname) {
        try {
            SymbolLookup.libraryLookup(soname, Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
