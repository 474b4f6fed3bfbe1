package org.jlops.mpi.engine.cuda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host harness of the CUDA kernel bodies ({@code src/test/cuda/jlops_harness.cu}), compiled
 * once per build with {@code nvcc} into {@code target/cuda-harness} and run as a process: operands
 * on its standard input, the result on its standard output, raw little-endian entries.
 */
final class KernelHarness {

    private static final Path SOURCE = Path.of("src/test/cuda/jlops_harness.cu");
    private static final Path BODIES = Path.of("src/main/cuda/jlops_bodies.cuh");
    private static final Path BINARY = Path.of("target/cuda-harness/jlops_harness");

    private static Optional<String> unavailable;

    private KernelHarness() {
    }

    /** The nvcc found on PATH, under CUDA_HOME or /usr/local/cuda, if any. */
    static Optional<Path> nvcc() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "nvcc"));
                }
            }
        }
        String home = System.getenv("CUDA_HOME");
        if (home != null) {
            candidates.add(Path.of(home, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Builds the harness if needed; empty when it is ready, else why it is not (no nvcc, or the
     * compiler's message).
     */
    static synchronized Optional<String> unavailable() {
        if (unavailable == null) {
            unavailable = build();
        }
        return unavailable;
    }

    private static Optional<String> build() {
        Optional<Path> nvcc = nvcc();
        if (nvcc.isEmpty()) {
            return Optional.of("nvcc not found (PATH, CUDA_HOME/bin, /usr/local/cuda/bin): the CUDA kernel bodies "
                    + "are not checked on this machine");
        }
        try {
            if (Files.isExecutable(BINARY)
                    && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0
                    && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(BODIES)) > 0) {
                return Optional.empty();
            }
            Files.createDirectories(BINARY.getParent());
            Process p = new ProcessBuilder(nvcc.get().toString(), "-std=c++17", "-fmad=false",
                    "-Xcompiler", "-ffp-contract=off", "-I", BODIES.getParent().toString(), SOURCE.toString(),
                    "-o", BINARY.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("nvcc failed to build the kernel harness:\n" + log);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("building the kernel harness: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An argument for a floating-point parameter: the hexadecimal bits of {@code v}. */
    static String bits(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    /**
     * Runs {@code kernel} with {@code args}, the operands (each a {@code double[]} or
     * {@code float[]}, or a {@code long[]} of 64-bit integers) on its input, and returns its output bytes.
     */
    static ByteBuffer run(String kernel, List<String> args, Object... operands) {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.add(kernel);
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = p.getOutputStream()) {
                for (Object o : operands) {
                    in.write(bytes(o));
                }
            }
            byte[] out;
            try (InputStream s = p.getInputStream()) {
                out = s.readAllBytes();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("harness failed: " + command);
            }
            return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object o) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        if (o instanceof double[] d) {
            ByteBuffer b = ByteBuffer.allocate(8 * d.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(d);
            return b.array();
        }
        if (o instanceof long[] l) {
            ByteBuffer b = ByteBuffer.allocate(8 * l.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(l);
            return b.array();
        }
        float[] f = (float[]) o;
        ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        s.writeBytes(b.array());
        return s.toByteArray();
    }
}
