// The CUDA engine's kernels: thin launch wrappers around the bodies of jlops_bodies.cuh. Every
// kernel walks its index space with a grid-stride loop over 64-bit indices, so any launch shape
// covers it; CudaKernels (Java) launches them. Built to PTX with
//   nvcc -ptx -arch=compute_80 -fmad=false -std=c++17 jlops_kernels.cu
// (scripts/cuda-ptx.sh), shipped as a resource and checked against this source by scripts/test.sh.
//
// Names: <op>_<type> with type f32 (float32), f64 (float64), c64 (complex64), c128 (complex128).
// Complex element-wise kernels that act on real entries alone (add, subtract, negate, scale by a
// real, axpy/aypx by a real) are the real kernels run over 2n entries, as the host engine does.
#include "jlops_bodies.cuh"

#define GRID_STRIDE(i, n) for (long i = (long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
        i += (long) blockDim.x * gridDim.x)

#define REAL_KERNELS(T, S)                                                                              \
extern "C" __global__ void negate_##S(long n, const T* x, T* out) { GRID_STRIDE(i, n) jlops::negate<T>(i, x, out); } \
extern "C" __global__ void add_##S(long n, const T* x, const T* y, T* out) { GRID_STRIDE(i, n) jlops::add<T>(i, x, y, out); } \
extern "C" __global__ void subtract_##S(long n, const T* x, const T* y, T* out) { GRID_STRIDE(i, n) jlops::subtract<T>(i, x, y, out); } \
extern "C" __global__ void multiply_##S(long n, const T* x, const T* y, T* out) { GRID_STRIDE(i, n) jlops::multiply<T>(i, x, y, out); } \
extern "C" __global__ void scale_##S(long n, T s, const T* x, T* out) { GRID_STRIDE(i, n) jlops::scale<T>(i, s, x, out); } \
extern "C" __global__ void axpy_##S(long n, T s, const T* x, T* y) { GRID_STRIDE(i, n) jlops::axpy<T>(i, s, x, y); } \
extern "C" __global__ void aypx_##S(long n, T s, const T* x, T* y) { GRID_STRIDE(i, n) jlops::aypx<T>(i, s, x, y); } \
extern "C" __global__ void fill_##S(long n, T v, T* out) { GRID_STRIDE(i, n) jlops::fill<T>(i, v, out); } \
extern "C" __global__ void copy_rows_##S(long rows, long runEntries, const T* src, long srcPos, long srcStride, \
        T* dst, long dstPos, long dstStride) {                                                             \
    GRID_STRIDE(e, rows * runEntries) jlops::copy_rows<T>(e, runEntries, src, srcPos, srcStride, dst, dstPos, dstStride); \
}

#define COMPLEX_KERNELS(T, S)                                                                           \
extern "C" __global__ void multiply_##S(long n, const T* x, const T* y, T* out) { GRID_STRIDE(k, n) jlops::multiply_complex<T>(k, x, y, out); } \
extern "C" __global__ void scale_##S(long n, T re, T im, const T* x, T* out) { GRID_STRIDE(k, n) jlops::scale_complex<T>(k, re, im, x, out); } \
extern "C" __global__ void axpy_##S(long n, T re, T im, const T* x, T* y) { GRID_STRIDE(k, n) jlops::axpy_complex<T>(k, re, im, x, y); } \
extern "C" __global__ void aypx_##S(long n, T re, T im, const T* x, T* y) { GRID_STRIDE(k, n) jlops::aypx_complex<T>(k, re, im, x, y); } \
extern "C" __global__ void conj_##S(long n, const T* x, T* out) { GRID_STRIDE(k, n) jlops::conj_complex<T>(k, x, out); } \
extern "C" __global__ void fill_##S(long n, T re, T im, T* out) { GRID_STRIDE(k, n) jlops::fill_complex<T>(k, re, im, out); }

REAL_KERNELS(float, f32)
REAL_KERNELS(double, f64)

// convert_<from>_<to>: between precisions, real or complex by xc and oc (1 real, 2 complex).
#define CONVERT_KERNEL(S, SN, D, DN)                                                                    \
extern "C" __global__ void convert_##SN##_##DN(long n, int xc, const S* x, int oc, D* out) {            \
    GRID_STRIDE(k, n) jlops::convert<S, D>(k, xc, x, oc, out);                                          \
}
CONVERT_KERNEL(float, f32, float, f32)
CONVERT_KERNEL(float, f32, double, f64)
CONVERT_KERNEL(double, f64, float, f32)
CONVERT_KERNEL(double, f64, double, f64)
COMPLEX_KERNELS(float, c64)
COMPLEX_KERNELS(double, c128)

// ------------------------------------------------------------------------------------------------
// Block sums, pass 1 and 2 in one kernel: thread t is lane t mod 8 of block t / 8 (8 consecutive
// threads of one warp per block); the warp's lanes exchange their partial sums through shuffles
// and the block's first lane combines them in the fixed order (jlops::combine_lanes). Launch with
// a multiple of 32 threads per block; out receives one double per block (two for dots).

__device__ __forceinline__ void gather_lanes(double v, double* s) {
    int base = (threadIdx.x & 31) & ~7;
    for (int l = 0; l < jlops::LANES; l++) {
        s[l] = __shfl_sync(0xffffffffu, v, base + l);
    }
}

#define SUM_BLOCKS(T, S, C)                                                                             \
extern "C" __global__ void sum_blocks_##S(long n, long block, int r, double p, const T* x, long pos, double* out) { \
    long blocks = (n + block - 1) / block;                                                              \
    long stride = (long) blockDim.x * gridDim.x;                                                        \
    long total = (blocks * jlops::LANES + 31) / 32 * 32;                                                \
    for (long t = (long) blockIdx.x * blockDim.x + threadIdx.x; t < total; t += stride) {               \
        long k = t / jlops::LANES;                                                                      \
        int lane = (int) (t % jlops::LANES);                                                            \
        double v = k < blocks ? jlops::lane_sum<T, C>(r, p, x, pos, n, block, k, lane) : 0.0;           \
        double s[jlops::LANES];                                                                         \
        gather_lanes(v, s);                                                                             \
        if (lane == 0 && k < blocks) out[k] = jlops::combine_lanes(s);                                  \
    }                                                                                                   \
}                                                                                                       \
extern "C" __global__ void dot_blocks_##S(long n, long block, double sign, const T* x, long xPos, const T* y, \
        long yPos, double* out) {                                                                       \
    long blocks = (n + block - 1) / block;                                                              \
    long stride = (long) blockDim.x * gridDim.x;                                                        \
    long total = (blocks * jlops::LANES + 31) / 32 * 32;                                                \
    for (long t = (long) blockIdx.x * blockDim.x + threadIdx.x; t < total; t += stride) {               \
        long k = t / jlops::LANES;                                                                      \
        int lane = (int) (t % jlops::LANES);                                                            \
        double re = 0.0, im = 0.0;                                                                      \
        if (k < blocks) jlops::lane_dot<T, C>(x, xPos, y, yPos, n, block, sign, k, lane, &re, &im);     \
        double s[jlops::LANES];                                                                         \
        gather_lanes(re, s);                                                                            \
        double vr = jlops::combine_lanes(s);                                                            \
        gather_lanes(im, s);                                                                            \
        double vi = jlops::combine_lanes(s);                                                            \
        if (lane == 0 && k < blocks) { out[2 * k] = vr; out[2 * k + 1] = vi; }                          \
    }                                                                                                   \
}                                                                                                       \
/* Extremes, pass 1: thread t folds elements t, t + stride, ... into partial[t]; pass 2 (the same  */ \
/* kernel over the partials, as FLOAT64 real data) folds those. Max/min do not depend on order.    */ \
extern "C" __global__ void extreme_##S(long n, int r, const T* x, long pos, double* partial) {         \
    long t0 = (long) blockIdx.x * blockDim.x + threadIdx.x;                                             \
    long stride = (long) blockDim.x * gridDim.x;                                                        \
    double acc = jlops::extreme_identity(r);                                                            \
    for (long j = t0; j < n; j += stride) acc = jlops::extreme(r, acc, jlops::map_value<T, C>(r, 0.0, x, pos + j)); \
    partial[t0] = acc;                                                                                  \
}

#define AXIS(T, S, C)                                                                                   \
/* Sums along the middle axis of (outer, n, inner): thread t is lane t mod 8 of output t / 8. */        \
extern "C" __global__ void axis_sums_##S(long outer, long n, long inner, int r, double p, const T* x, double* out) { \
    long outputs = outer * inner;                                                                       \
    long stride = (long) blockDim.x * gridDim.x;                                                        \
    long total = (outputs * jlops::LANES + 31) / 32 * 32;                                               \
    for (long t = (long) blockIdx.x * blockDim.x + threadIdx.x; t < total; t += stride) {               \
        long q = t / jlops::LANES;                                                                      \
        int lane = (int) (t % jlops::LANES);                                                            \
        double v = q < outputs ? jlops::axis_lane_sum<T, C>(r, p, x, n, inner, q, lane) : 0.0;          \
        double s[jlops::LANES];                                                                         \
        gather_lanes(v, s);                                                                             \
        if (lane == 0 && q < outputs) out[q] = jlops::combine_lanes(s);                                 \
    }                                                                                                   \
}                                                                                                       \
/* Extremes along the middle axis: one thread per output. */                                           \
extern "C" __global__ void axis_extreme_##S(long outer, long n, long inner, int r, const T* x, double* out) { \
    GRID_STRIDE(q, outer * inner) out[q] = jlops::axis_extreme<T, C>(r, x, n, inner, q);                \
}

AXIS(float, f32, false)
AXIS(double, f64, false)
AXIS(float, c64, true)
AXIS(double, c128, true)

SUM_BLOCKS(float, f32, false)
SUM_BLOCKS(double, f64, false)
SUM_BLOCKS(float, c64, true)
SUM_BLOCKS(double, c128, true)

// ------------------------------------------------------------------------------------------------
// Thresholds and projections: one kernel per type, the map chosen by op (jlops::SOFT ... BALL),
// one index per element. count_outside_*: pass 1 of ThresholdKernels.countOutside, thread t counts
// elements t, t + stride, ... into partial[t] (a double: exact below 2^53); the caller sums the
// partials with sum_blocks_f64.

#define THRESHOLDS(T, S, C)                                                                             \
extern "C" __global__ void threshold_##S(long n, int op, double a, double b, const T* x, T* out) {      \
    GRID_STRIDE(k, n) jlops::threshold<T, C>(k, op, a, b, x, out);                                      \
}

THRESHOLDS(float, f32, false)
THRESHOLDS(double, f64, false)
THRESHOLDS(float, c64, true)
THRESHOLDS(double, c128, true)

#define COUNT_OUTSIDE(T, S)                                                                             \
extern "C" __global__ void count_outside_##S(long n, double lower, double upper, const T* x, double* partial) { \
    long t0 = (long) blockIdx.x * blockDim.x + threadIdx.x;                                             \
    long stride = (long) blockDim.x * gridDim.x;                                                        \
    long c = 0;                                                                                         \
    for (long i = t0; i < n; i += stride) c += jlops::outside<T>(i, lower, upper, x);                   \
    partial[t0] = (double) c;                                                                           \
}

COUNT_OUTSIDE(float, f32)
COUNT_OUTSIDE(double, f64)

// ------------------------------------------------------------------------------------------------
// Stencils (StencilKernels.apply): one index per output entry, outer * yCount * w of them, w the
// entries of a row (inner * components: complex data is the real kernel on interleaved entries).
// Positions in entries; a missing ghost piece is a null pointer with count 0.

#define STENCIL(T, S)                                                                                   \
extern "C" __global__ void stencil_##S(long total, long w,                                               \
        const T* f, long fPos, long fFirst, long fCount,                                                \
        const T* x, long xPos, long xFirst, long xCount,                                                \
        const T* b, long bPos, long bFirst, long bCount,                                                \
        T* y, long yPos, long yFirst, long yCount, int acc, const long* meta, const double* coef) {     \
    GRID_STRIDE(e, total) jlops::stencil<T>(e, w, f, fPos, fFirst, fCount, x, xPos, xFirst, xCount,     \
            b, bPos, bFirst, bCount, y, yPos, yFirst, yCount, acc, meta, coef);                         \
}

STENCIL(float, f32)
STENCIL(double, f64)
