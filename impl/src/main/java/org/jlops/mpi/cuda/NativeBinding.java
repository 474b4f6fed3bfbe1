package org.jlops.mpi.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlops.mpi.cuda.CudaLibraries.Library;

/**
 * One loaded CUDA library and its downcall handles, each made on first use. Loading searches the
 * directories of {@link CudaLibraries} and then the loader's path; failure is an
 * {@link IllegalStateException} whose message names the library, where it was looked for and how
 * to provide it.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM needs --enable-native-access
final class NativeBinding {

    private static final Linker LINKER = Linker.nativeLinker();

    private final Library library;
    private final String origin;
    private final SymbolLookup lookup;
    private final Map<String, MethodHandle> handles = new ConcurrentHashMap<>();

    private NativeBinding(Library library, String origin, SymbolLookup lookup) {
        this.library = library;
        this.origin = origin;
        this.lookup = lookup;
    }

    /**
     * Loads {@code lib}: the file {@code finder} finds, else its soname on the loader's path.
     *
     * @throws IllegalStateException naming the library and every place searched when neither loads
     */
    static NativeBinding load(Library lib, CudaLibraries finder) {
        List<Path> dirs = finder.directories();
        var file = finder.find(lib);
        if (file.isPresent()) {
            for (Path companion : CudaLibraries.companions(file.get().getParent(), lib)) {
                try {
                    SymbolLookup.libraryLookup(companion, Arena.global());   // loaded once: found by soname later
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(lib.soname() + " was found at " + file.get() + " but its companion "
                            + companion + " does not load: " + e.getMessage(), e);
                }
            }
            try {
                return new NativeBinding(lib, file.get().toString(),
                        SymbolLookup.libraryLookup(file.get(), Arena.global()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(lib.soname() + " was found at " + file.get()
                        + " but does not load: " + e.getMessage(), e);
            }
        }
        try {
            return new NativeBinding(lib, lib.soname(), SymbolLookup.libraryLookup(lib.soname(), Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(finder.missing(lib, dirs, e.getMessage()), e);
        }
    }

    /** The library. */
    Library library() {
        return library;
    }

    /** The file or soname it was loaded from. */
    String origin() {
        return origin;
    }

    /** Whether the library has {@code symbol}. */
    boolean has(String symbol) {
        return lookup.find(symbol).isPresent();
    }

    /**
     * The downcall handle of {@code symbol} with {@code descriptor}, made once.
     *
     * @throws IllegalStateException when the library has no such symbol (too old a version)
     */
    MethodHandle handle(String symbol, FunctionDescriptor descriptor) {
        return handles.computeIfAbsent(symbol, s -> {
            MemorySegment address = lookup.find(s).orElseThrow(() -> new IllegalStateException(
                    origin + " has no symbol " + s + ": a " + library.soname() + " of another version?"));
            return LINKER.downcallHandle(address, descriptor);
        });
    }

    /** Rethrows what a downcall threw, unchecked. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
