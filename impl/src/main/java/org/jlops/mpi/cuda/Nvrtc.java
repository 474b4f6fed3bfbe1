package org.jlops.mpi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.jlops.mpi.cuda.CudaLibraries.Library;

/**
 * NVRTC ({@code libnvrtc}) through FFM: compiles CUDA C++ source to PTX at run time. The CUDA
 * engine ships its kernels as PTX built with {@code nvcc}; this compiles the same source where that
 * PTX cannot be used (a driver older than the PTX's ISA), and lets a test check the source compiles
 * with the run-time compiler too. Needs no GPU.
 */
public final class Nvrtc {

    private final NativeBinding lib;

    private Nvrtc(NativeBinding lib) {
        this.lib = lib;
    }

    /**
     * Loads {@code libnvrtc} found by {@code finder}.
     *
     * @param finder where to look
     * @return the compiler
     * @throws IllegalStateException naming the library and where it was looked for when it does not load
     */
    public static Nvrtc load(CudaLibraries finder) {
        return new Nvrtc(NativeBinding.load(Library.NVRTC, finder));
    }

    private int call(String fn, FunctionDescriptor d, Object... args) {
        try {
            return (int) lib.handle(fn, d).invokeWithArguments(args);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    private void check(String what, int status) {
        if (status != 0) {
            String text;
            try {
                MemorySegment s = (MemorySegment) lib.handle("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT))
                        .invokeWithArguments(status);
                text = s.reinterpret(256).getString(0);
            } catch (Throwable t) {
                text = "status " + status;
            }
            throw new IllegalStateException(what + " failed: " + text + " (" + status + ")");
        }
    }

    /**
     * The compiler's version, {@code {major, minor}}.
     *
     * @return the version
     */
    public int[] version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT);
            check("nvrtcVersion", call("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), major, minor));
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        }
    }

    /**
     * Compiles {@code source} to PTX.
     *
     * @param name    the source's name in messages
     * @param source  the CUDA C++ text
     * @param headers included files by name (their text), may be empty
     * @param options compiler options, e.g. {@code --fmad=false}, {@code -arch=compute_80}
     * @return the PTX text
     * @throws IllegalStateException with the compiler's log when compilation fails
     */
    public String compile(String name, String source, Map<String, String> headers, List<String> options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(ADDRESS);
            int nh = headers.size();
            MemorySegment hs = a.allocate(ADDRESS, Math.max(1, nh)), hn = a.allocate(ADDRESS, Math.max(1, nh));
            int i = 0;
            for (var e : headers.entrySet()) {
                hs.setAtIndex(ADDRESS, i, a.allocateFrom(e.getValue()));
                hn.setAtIndex(ADDRESS, i, a.allocateFrom(e.getKey()));
                i++;
            }
            check("nvrtcCreateProgram", call("nvrtcCreateProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                    JAVA_INT, ADDRESS, ADDRESS), prog, a.allocateFrom(source), a.allocateFrom(name), nh,
                    nh == 0 ? MemorySegment.NULL : hs, nh == 0 ? MemorySegment.NULL : hn));
            long p = prog.get(JAVA_LONG, 0);
            try {
                MemorySegment opts = a.allocate(ADDRESS, Math.max(1, options.size()));
                for (int k = 0; k < options.size(); k++) {
                    opts.setAtIndex(ADDRESS, k, a.allocateFrom(options.get(k)));
                }
                int status = call("nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS), p,
                        options.size(), opts);
                if (status != 0) {
                    throw new IllegalStateException("NVRTC could not compile " + name + ":\n" + text(a, p, "nvrtcGetProgramLog"));
                }
                return text(a, p, "nvrtcGetPTX");
            } finally {
                prog.set(JAVA_LONG, 0, p);
                check("nvrtcDestroyProgram", call("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS), prog));
            }
        }
    }

    private String text(Arena a, long prog, String fn) {
        MemorySegment size = a.allocate(JAVA_LONG);
        check(fn + "Size", call(fn + "Size", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS), prog, size));
        long n = size.get(JAVA_LONG, 0);
        MemorySegment buf = a.allocate(Math.max(1, n));
        check(fn, call(fn, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS), prog, buf));
        return buf.getString(0);
    }
}
