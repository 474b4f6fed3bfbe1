package org.jlops.mpi.device;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.cuda.CudaLibraries;
import org.jlops.mpi.engine.Engine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The one program of {@code scripts/device-check.sh}, run on a GPU machine from the device bundle:
 * says which CUDA libraries it finds, starts the CUDA engine (or says what is missing and stops),
 * runs the GPU conformance suite (JUnit: the CUDA engine against the host engine, the NCCL and
 * staging communicators, the shipped PTX, the library discovery) and the GPU benchmark
 * ({@link GpuBench}), printing a line per test and per measurement, and writes
 * {@code results/gpu-<date>.csv} under the output folder. Exit status: 0 when every test passed or
 * was skipped, 1 when one failed, 2 when the engine does not start (the suite still runs, its GPU
 * tests reporting skipped, and the benchmark does not).
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp jlops-device.jar
 * org.jlops.mpi.device.DeviceCheck OUT_DIR [--quick]} ({@code --quick} runs the benchmark on sizes
 * 16 times smaller).
 */
public final class DeviceCheck {

    /** The GPU conformance suite. */
    private static final String[] SUITE = {
        "org.jlops.mpi.cuda.CudaLibrariesTest",
        "org.jlops.mpi.engine.cuda.ShippedPtxTest",
        "org.jlops.mpi.engine.cuda.NvrtcTest",
        "org.jlops.mpi.engine.cuda.CudaEngineTest",
        "org.jlops.mpi.engine.cuda.CudaBatchedTest",
        "org.jlops.mpi.cuda.CublasBindingTest",
        "org.jlops.mpi.comm.nccl.NcclCommunicatorTest",
    };

    private DeviceCheck() {
    }

    /**
     * Runs the check.
     *
     * @param args the output folder, and {@code --quick} for smaller benchmark sizes
     * @throws IOException when the results cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : ".");
        boolean quick = List.of(args).contains("--quick");
        PrintStream log = System.out;
        String date = LocalDate.now().toString();
        Path csv = out.resolve("results").resolve("gpu-" + date + ".csv");
        Files.createDirectories(csv.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("section,name,dtype,elements,seconds,gb_per_s,fraction_of_copy,status,detail");

        log.println("device-check: " + System.getProperty("java.vm.name") + " " + Runtime.version());
        CudaLibraries finder = CudaLibraries.system();
        for (CudaLibraries.Library lib : CudaLibraries.Library.values()) {
            String where = finder.find(lib).map(Path::toString).orElse("(not in a searched folder; the loader's path)");
            log.println("device-check: " + lib.soname() + " -> " + where);
            lines.add(String.join(",", "library", lib.soname(), "", "", "", "", "",
                    finder.find(lib).isPresent() ? "found" : "loader-path", '"' + where + '"'));
        }
        boolean engine = true;
        try {
            Engine.cuda();
            log.println("device-check: Engine.cuda() started");
        } catch (IllegalStateException e) {
            engine = false;
            log.println("device-check: Engine.cuda() does not start: " + e.getMessage());
            log.println("device-check: the suite runs anyway (its GPU tests report skipped); no benchmark");
            lines.add("engine,cuda,,,,,,failed,\"" + e.getMessage().replace('"', '\'') + '"');
        }

        AtomicInteger failed = new AtomicInteger();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String c : SUITE) {
            try {
                request.selectors(selectClass(Class.forName(c)));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the device jar lacks " + c, e);
            }
        }
        LauncherDiscoveryRequest r = request.build();
        long start = System.nanoTime();
        LauncherFactory.create().execute(r, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    report(id, "skipped", reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                String status = switch (result.getStatus()) {
                    case SUCCESSFUL -> "passed";
                    case ABORTED -> "skipped";
                    case FAILED -> "failed";
                };
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed.incrementAndGet();
                }
                report(id, status, result.getThrowable().map(Throwable::toString).orElse(""));
            }

            private void report(TestIdentifier id, String status, String detail) {
                String name = id.getUniqueId().replaceAll("\\[engine:junit-jupiter\\]/\\[class:org\\.jlops\\.mpi\\.", "")
                        .replaceAll("[\\[\\]]", "").replace(',', ';');
                String shortDetail = detail.length() > 160 ? detail.substring(0, 160) + "…" : detail;
                log.printf(Locale.ROOT, "test: %-7s %s %s%n", status, name, shortDetail.isEmpty() ? "" : "— " + shortDetail);
                lines.add(String.join(",", "test", name, "", "", "", "", "", status,
                        '"' + detail.replace('"', '\'').replace('\n', ' ') + '"'));
            }
        });
        log.printf(Locale.ROOT, "device-check: suite done in %.1f s, %d failed%n", (System.nanoTime() - start) * 1e-9,
                failed.get());
        Files.write(csv, lines);
        if (!engine) {
            log.println("device-check: wrote " + csv);
            System.exit(2);
        }

        try {
            for (GpuBench.Row row : GpuBench.run(Engine.cuda(), Communicators.staging(LocalCluster.self()), quick ? 4 : 0, log)) {
                lines.add(row.csv());
            }
        } catch (RuntimeException e) {
            log.println("device-check: the benchmark failed: " + e);
            e.printStackTrace(log);
            lines.add("bench,all,,,,,,failed,\"" + e.toString().replace('"', '\'') + '"');
        }
        Files.write(csv, lines);
        log.println("device-check: wrote " + csv);
        System.exit(failed.get() == 0 ? 0 : 1);
    }
}
