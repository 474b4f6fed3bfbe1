package org.jlops.mpi.engine.cuda;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.cuda.CudaKernels.StencilTables;

/**
 * The CUDA engine's stencil kernels ({@link StencilKernels}): one launch of {@code stencil_*} per
 * call, one thread per output entry, reading its row's terms from the front, main and back pieces
 * in place (no gathering of ghost rows into a larger array). Each entry adds its terms as the host
 * engine's scalar loops do — {@code c_0 x_0}, then a fused multiply-add per term in ascending
 * column order — so the results are the host's bits. The stencil's tables
 * ({@link CudaKernels#stencilTables}) are uploaded once per stencil and kept for the last
 * {@value #CACHED} stencils used. {@link #applyRowsAndLast} is the interface's two passes.
 */
final class CudaStencilKernels implements StencilKernels {

    /** How many stencils' device tables are kept. */
    static final int CACHED = 64;

    private final CudaEngine engine;
    /** The device tables of recent stencils: {meta, coef} buffers (freed when unreachable). */
    private final Map<Stencil, CudaBuffer[]> tables = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Stencil, CudaBuffer[]> eldest) {
            return size() > CACHED;
        }
    };

    CudaStencilKernels(CudaEngine engine) {
        this.engine = engine;
    }

    /** Names the kernel: one CUDA thread per output entry. */
    @Override
    public String implementation() {
        return "CUDA kernels stencil_f32/stencil_f64 (one thread per output entry)";
    }

    @Override
    public void apply(Stencil stencil, long outer, long inner, Rows front, Rows x, Rows back, Rows y,
            boolean accumulate) {
        if (!StencilKernels.checked(stencil, outer, inner, front, x, back, y, CudaBuffer.class,
                "the CUDA engine needs a device buffer")) {
            return;
        }
        ElementType type = y.buffer().type();
        long c = type.components();
        long w = inner * c;
        CudaBuffer[] t = tables(stencil);
        Rows f = front != null ? front : new Rows(x.buffer(), x.pos(), x.first(), 0);
        Rows b = back != null ? back : new Rows(x.buffer(), x.pos(), x.end(), 0);
        long total = outer * y.count() * w;
        engine.launch(CudaKernels.stencil(type), total, 0, total, w,
                address(f), f.pos() * c, f.first(), f.count(),
                address(x), x.pos() * c, x.first(), x.count(),
                address(b), b.pos() * c, b.first(), b.count(),
                address(y), y.pos() * c, y.first(), y.count(),
                accumulate ? 1 : 0, t[0].address(), t[1].address());
    }

    private static long address(Rows r) {
        return ((CudaBuffer) r.buffer()).address();
    }

    private CudaBuffer[] tables(Stencil s) {
        synchronized (tables) {
            CudaBuffer[] t = tables.get(s);
            if (t == null) {
                StencilTables st = CudaKernels.stencilTables(s);
                CudaBuffer meta = (CudaBuffer) engine.allocate(ElementType.FLOAT64, st.meta().length);
                CudaBuffer coef = (CudaBuffer) engine.allocate(ElementType.FLOAT64, st.coef().length);
                engine.runtime().copy(MemorySegment.ofArray(st.meta()), meta.address(), 8L * st.meta().length, true);
                if (st.coef().length > 0) {
                    engine.runtime().copy(MemorySegment.ofArray(st.coef()), coef.address(), 8L * st.coef().length, true);
                }
                t = new CudaBuffer[] {meta, coef};
                tables.put(s, t);
            }
            return t;
        }
    }

}
