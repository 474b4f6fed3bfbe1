package org.jlops.mpi.comm.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A shared library opened with {@code dlopen(name, RTLD_NOW | RTLD_GLOBAL)} through the C
 * library, and its symbols found with {@code dlsym}.
 *
 * <p>{@link SymbolLookup#libraryLookup} opens libraries with {@code RTLD_LOCAL}, which hides
 * {@code libmpi}'s symbols from the plugins Open MPI loads at {@code MPI_Init} ({@code mca_*.so}):
 * they then fail with "undefined symbol". Hence this class. Libraries are never closed.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM needs --enable-native-access
final class NativeLibrary {

    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_GLOBAL = 0x100;

    private static final MethodHandle DLOPEN;
    private static final MethodHandle DLSYM;
    private static final MethodHandle DLERROR;
    private static final MethodHandle SETENV;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        DLOPEN = linker.downcallHandle(libc.findOrThrow("dlopen"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        DLSYM = linker.downcallHandle(libc.findOrThrow("dlsym"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        DLERROR = linker.downcallHandle(libc.findOrThrow("dlerror"), FunctionDescriptor.of(ValueLayout.ADDRESS));
        SETENV = linker.downcallHandle(libc.findOrThrow("setenv"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private final String name;
    private final MemorySegment handle;

    private NativeLibrary(String name, MemorySegment handle) {
        this.name = name;
        this.handle = handle;
    }

    /** The outcome of {@link #open}: the library, or the loader's reason why not. */
    record Opened(Optional<NativeLibrary> library, String error) {
    }

    /**
     * Opens {@code name} (a soname searched on the loader's path, or a path) with
     * {@code RTLD_NOW | RTLD_GLOBAL}.
     *
     * @return the library, or the message of {@code dlerror()} when it cannot be opened
     */
    static Opened open(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment h = (MemorySegment) DLOPEN.invokeExact(arena.allocateFrom(name), RTLD_NOW | RTLD_GLOBAL);
            if (h.address() == 0) {
                return new Opened(Optional.empty(), lastError());
            }
            return new Opened(Optional.of(new NativeLibrary(name, h)), "");
        } catch (Throwable t) {
            throw MpiLibrary.unchecked(t);
        }
    }

    /**
     * Sets an environment variable of this process for native code (C {@code setenv}) unless it
     * is already set; {@link System#getenv()} does not see the change. Call before loading the
     * library that reads it.
     */
    static void setenvIfAbsent(String variable, String value) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) SETENV.invokeExact(arena.allocateFrom(variable), arena.allocateFrom(value), 0);
            if (rc != 0) {
                throw new IllegalStateException("setenv(" + variable + ") failed");
            }
        } catch (Throwable t) {
            throw MpiLibrary.unchecked(t);
        }
    }

    /** The name the library was opened with. */
    String name() {
        return name;
    }

    /** The address of {@code symbol} (a zero-length segment), or empty when the library has none. */
    Optional<MemorySegment> find(String symbol) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = (MemorySegment) DLSYM.invokeExact(handle, arena.allocateFrom(symbol));
            return s.address() == 0 ? Optional.empty() : Optional.of(s);
        } catch (Throwable t) {
            throw MpiLibrary.unchecked(t);
        }
    }

    /** This library as a {@link SymbolLookup}, for {@link Linker#downcallHandle}. */
    SymbolLookup lookup() {
        return this::find;
    }

    private static String lastError() throws Throwable {
        MemorySegment msg = (MemorySegment) DLERROR.invokeExact();
        return msg.address() == 0 ? "unknown error" : msg.reinterpret(Long.MAX_VALUE).getString(0);
    }

    @Override
    public String toString() {
        return name;
    }
}
