package org.jlops.mpi.engine.cuda;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jlops.mpi.engine.Buffer;
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
        if (!checked(stencil, outer, inner, front, x, back, y)) {
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

    /**
     * The checks of {@link #apply}, as the host engine's.
     *
     * @return whether there is anything to compute
     * @throws IllegalArgumentException naming the bad argument
     */
    private static boolean checked(Stencil stencil, long outer, long inner, Rows front, Rows x, Rows back, Rows y) {
        if (stencil == null) {
            throw new IllegalArgumentException("stencil: must not be null");
        }
        if (x == null || y == null) {
            throw new IllegalArgumentException((x == null ? "x" : "y") + ": must not be null");
        }
        if (outer < 0 || inner < 0) {
            throw new IllegalArgumentException("outer/inner: must not be negative, got " + outer + " and " + inner);
        }
        long n = stencil.length();
        if (front != null && front.end() != x.first()) {
            throw new IllegalArgumentException("front: holds rows [" + front.first() + ", " + front.end()
                    + "), which must end where x's rows start (" + x.first() + ")");
        }
        if (back != null && back.first() != x.end()) {
            throw new IllegalArgumentException("back: holds rows [" + back.first() + ", " + back.end()
                    + "), which must start where x's rows end (" + x.end() + ")");
        }
        long haveLo = front != null ? front.first() : x.first();
        long haveHi = back != null ? back.end() : x.end();
        if (haveHi > n || y.end() > n) {
            throw new IllegalArgumentException((y.end() > n ? "y" : "x") + ": rows beyond the stencil length " + n);
        }
        ElementType type = y.buffer().type();
        checkPiece("x", x, type, outer, inner);
        checkPiece("y", y, type, outer, inner);
        if (front != null) {
            checkPiece("front", front, type, outer, inner);
        }
        if (back != null) {
            checkPiece("back", back, type, outer, inner);
        }
        long needLo = stencil.firstColumn(y.first(), y.end());
        long needHi = stencil.endColumn(y.first(), y.end());
        if (y.count() > 0 && (needLo < haveLo || needHi > haveHi)) {
            throw new IllegalArgumentException("x: output rows [" + y.first() + ", " + y.end() + ") need input rows ["
                    + needLo + ", " + needHi + "), but the pieces hold [" + haveLo + ", " + haveHi + ")");
        }
        return outer != 0 && inner != 0 && y.count() != 0;
    }

    private static void checkPiece(String what, Rows r, ElementType type, long outer, long inner) {
        if (!(r.buffer() instanceof CudaBuffer)) {
            throw new IllegalArgumentException(what + ": the CUDA engine needs a device buffer, got "
                    + r.buffer().getClass().getName());
        }
        if (r.buffer().type() != type) {
            throw new IllegalArgumentException(what + ": element type " + r.buffer().type() + " differs from y's "
                    + type);
        }
        long need = r.pos() + outer * r.count() * inner;
        if (need > r.buffer().length()) {
            throw new IllegalArgumentException(what + ": " + outer + " x " + r.count() + " rows of " + inner
                    + " elements from element " + r.pos() + " do not fit a buffer of " + r.buffer().length());
        }
    }
}
