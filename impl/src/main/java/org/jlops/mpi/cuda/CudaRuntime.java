package org.jlops.mpi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlops.mpi.cuda.CudaLibraries.Library;

/**
 * The CUDA runtime ({@code libcudart}) and the few calls of the driver API ({@code libcuda}) that
 * load PTX and launch kernels, through FFM. Device memory is passed as {@code long} addresses.
 * Every call checks its status: anything but success is an {@link IllegalStateException} carrying
 * the call, the error's name and its text ({@code cudaGetErrorName}/{@code cudaGetErrorString},
 * {@code cuGetErrorName} for the driver). The libraries are loaded on first use.
 */
public final class CudaRuntime {

    /** {@code cudaMemcpyHostToDevice}. */
    public static final int HOST_TO_DEVICE = 1;
    /** {@code cudaMemcpyDeviceToHost}. */
    public static final int DEVICE_TO_HOST = 2;
    /** {@code cudaMemcpyDeviceToDevice}. */
    public static final int DEVICE_TO_DEVICE = 3;

    private static final FunctionDescriptor INT_PTR = FunctionDescriptor.of(JAVA_INT, ADDRESS);

    private final NativeBinding rt;
    private final CudaLibraries finder;
    private volatile NativeBinding driver;

    private CudaRuntime(NativeBinding rt, CudaLibraries finder) {
        this.rt = rt;
        this.finder = finder;
    }

    /**
     * Loads {@code libcudart} found by {@code finder}.
     *
     * @param finder where to look
     * @return the runtime
     * @throws IllegalStateException naming the library and where it was looked for when it does not load
     */
    public static CudaRuntime load(CudaLibraries finder) {
        return new CudaRuntime(NativeBinding.load(Library.CUDART, finder), finder);
    }

    /**
     * Where {@code libcudart} was loaded from.
     *
     * @return a path or a soname
     */
    public String origin() {
        return rt.origin();
    }

    private int call(String name, FunctionDescriptor d, Object... args) {
        try {
            return (int) rt.handle(name, d).invokeWithArguments(args);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    private void check(String what, int status) {
        if (status != 0) {
            throw new IllegalStateException(what + " failed: " + errorName(status) + " (" + status + "): "
                    + errorString(status));
        }
    }

    /**
     * The name of a runtime status, e.g. {@code cudaErrorNoDevice}.
     *
     * @param status the status
     * @return its name
     */
    public String errorName(int status) {
        return string("cudaGetErrorName", status);
    }

    /**
     * The text of a runtime status.
     *
     * @param status the status
     * @return its description
     */
    public String errorString(int status) {
        return string("cudaGetErrorString", status);
    }

    private String string(String fn, int status) {
        try {
            MemorySegment s = (MemorySegment) rt.handle(fn, FunctionDescriptor.of(ADDRESS, JAVA_INT)).invokeWithArguments(status);
            return s.address() == 0 ? "?" : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    private int intOut(String fn) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check(fn, call(fn, INT_PTR, v));
            return v.get(JAVA_INT, 0);
        }
    }

    /**
     * The runtime's version, e.g. 13000 for CUDA 13.0 ({@code cudaRuntimeGetVersion}); needs no device.
     *
     * @return the version
     */
    public int runtimeVersion() {
        return intOut("cudaRuntimeGetVersion");
    }

    /**
     * The status of {@code cudaGetDeviceCount} and the count: {@code {status, count}}; the status is
     * not an error here (no driver or no device are answers, not failures).
     *
     * @return {@code {status, count}}
     */
    public int[] deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            int status = call("cudaGetDeviceCount", INT_PTR, v);
            return new int[] {status, status == 0 ? v.get(JAVA_INT, 0) : 0};
        }
    }

    /**
     * Makes {@code device} current for this thread ({@code cudaSetDevice}).
     *
     * @param device the device number
     */
    public void setDevice(int device) {
        check("cudaSetDevice(" + device + ")", call("cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT), device));
    }

    /**
     * Allocates device memory ({@code cudaMalloc}).
     *
     * @param bytes the size, at least 0
     * @return the device address (0 for 0 bytes)
     */
    public long malloc(long bytes) {
        return allocate("cudaMalloc", bytes);
    }

    /**
     * Allocates page-locked host memory ({@code cudaMallocHost}), for staging transfers.
     *
     * @param bytes the size
     * @return the host address
     */
    public long mallocHost(long bytes) {
        return allocate("cudaMallocHost", bytes);
    }

    private long allocate(String fn, long bytes) {
        if (bytes == 0) {
            return 0;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check(fn + "(" + bytes + " bytes)", call(fn, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), p, bytes));
            return p.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /**
     * Frees device memory ({@code cudaFree}); 0 is ignored.
     *
     * @param address the device address
     */
    public void free(long address) {
        if (address != 0) {
            check("cudaFree", call("cudaFree", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), address));
        }
    }

    /**
     * Frees page-locked host memory ({@code cudaFreeHost}); 0 is ignored.
     *
     * @param address the host address
     */
    public void freeHost(long address) {
        if (address != 0) {
            check("cudaFreeHost", call("cudaFreeHost", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), address));
        }
    }

    /**
     * Copies {@code bytes} ({@code cudaMemcpy}, synchronous with respect to the host).
     *
     * @param dst   the destination address (device or host, per {@code kind})
     * @param src   the source address
     * @param bytes the size
     * @param kind  {@link #HOST_TO_DEVICE}, {@link #DEVICE_TO_HOST} or {@link #DEVICE_TO_DEVICE}
     */
    public void memcpy(long dst, long src, long bytes, int kind) {
        if (bytes > 0) {
            check("cudaMemcpy(" + bytes + " bytes, kind " + kind + ")", call("cudaMemcpy",
                    FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT), dst, src, bytes, kind));
        }
    }

    /**
     * Copies between host memory given as a segment (heap or native) and the device: through a
     * native staging segment when the host side is on the heap.
     *
     * @param host     the host memory
     * @param device   the device address
     * @param bytes    the size
     * @param toDevice the direction
     */
    public void copy(MemorySegment host, long device, long bytes, boolean toDevice) {
        if (bytes == 0) {
            return;
        }
        if (host.isNative()) {
            if (toDevice) {
                memcpy(device, host.address(), bytes, HOST_TO_DEVICE);
            } else {
                memcpy(host.address(), device, bytes, DEVICE_TO_HOST);
            }
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment stage = a.allocate(bytes, 16);
            if (toDevice) {
                stage.copyFrom(host.asSlice(0, bytes));
                memcpy(device, stage.address(), bytes, HOST_TO_DEVICE);
            } else {
                memcpy(stage.address(), device, bytes, DEVICE_TO_HOST);
                host.asSlice(0, bytes).copyFrom(stage);
            }
        }
    }

    /**
     * Sets {@code bytes} bytes to {@code value} ({@code cudaMemset}).
     *
     * @param address the device address
     * @param value   the byte value
     * @param bytes   the size
     */
    public void memset(long address, int value, long bytes) {
        if (bytes > 0) {
            check("cudaMemset", call("cudaMemset", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG),
                    address, value, bytes));
        }
    }

    /** Waits for the current device's work ({@code cudaDeviceSynchronize}). */
    public void synchronize() {
        check("cudaDeviceSynchronize", call("cudaDeviceSynchronize", FunctionDescriptor.of(JAVA_INT)));
    }

    /** {@code cudaMemoryTypeDevice}. */
    public static final int MEMORY_DEVICE = 2;
    /** {@code cudaMemoryTypeManaged}. */
    public static final int MEMORY_MANAGED = 3;

    /**
     * What kind of memory {@code address} is in ({@code cudaPointerGetAttributes}): 0 unregistered
     * host memory, 1 page-locked host memory, {@link #MEMORY_DEVICE}, {@link #MEMORY_MANAGED}.
     *
     * @param address the address
     * @return the {@code cudaMemoryType}
     */
    public int memoryType(long address) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attributes = a.allocate(64, 8);     // {type, device, devicePointer, hostPointer}
            check("cudaPointerGetAttributes", call("cudaPointerGetAttributes",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), attributes, address));
            return attributes.get(JAVA_INT, 0);
        }
    }

    /**
     * Whether {@code segment} is memory a GPU kernel or NCCL can use directly (device or managed).
     *
     * @param segment a segment; heap segments are host memory
     * @return whether it is device memory
     */
    public boolean isDevice(MemorySegment segment) {
        if (!segment.isNative() || segment.address() == 0) {
            return false;
        }
        int type = memoryType(segment.address());
        return type == MEMORY_DEVICE || type == MEMORY_MANAGED;
    }

    // ---------------------------------------------------------------------------------------------
    // The driver API: modules and launches.

    private NativeBinding driver() {
        NativeBinding d = driver;
        if (d == null) {
            synchronized (this) {
                if (driver == null) {
                    driver = NativeBinding.load(Library.DRIVER, finder);
                }
                d = driver;
            }
        }
        return d;
    }

    private void checkDriver(String what, int status) {
        if (status != 0) {
            String name = "?";
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocate(ADDRESS);
                int s = (int) driver().handle("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS))
                        .invokeWithArguments(status, p);
                if (s == 0) {
                    name = p.get(ADDRESS, 0).reinterpret(256).getString(0);
                }
            } catch (Throwable t) {
                throw NativeBinding.unchecked(t);
            }
            throw new IllegalStateException(what + " failed: " + name + " (" + status + ")");
        }
    }

    private int driverCall(String name, FunctionDescriptor d, Object... args) {
        try {
            return (int) driver().handle(name, d).invokeWithArguments(args);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    /**
     * Loads a PTX image into the current context ({@code cuModuleLoadData}); the driver compiles it
     * for the device.
     *
     * @param ptx the PTX text
     * @return the module handle
     */
    public long loadModule(String ptx) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(ADDRESS);
            checkDriver("cuModuleLoadData", driverCall("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                    m, a.allocateFrom(ptx)));
            return m.get(JAVA_LONG, 0);
        }
    }

    /**
     * The kernel {@code name} of a module ({@code cuModuleGetFunction}).
     *
     * @param module the module handle
     * @param name   the kernel's {@code extern "C"} name
     * @return the function handle
     */
    public long function(long module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(ADDRESS);
            checkDriver("cuModuleGetFunction(" + name + ")", driverCall("cuModuleGetFunction",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS), f, module, a.allocateFrom(name)));
            return f.get(JAVA_LONG, 0);
        }
    }

    /**
     * Launches a kernel on the default stream ({@code cuLaunchKernel}) with a one-dimensional grid.
     *
     * @param function the function handle
     * @param blocks   blocks of the grid
     * @param threads  threads per block
     * @param params   an array of {@code void*}, one per kernel parameter, each pointing at its value
     */
    public void launch(long function, int blocks, int threads, MemorySegment params) {
        checkDriver("cuLaunchKernel", driverCall("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS),
                function, blocks, 1, 1, threads, 1, 1, 0, 0L, params, MemorySegment.NULL));
    }
}
