// The per-element bodies of the CUDA engine's kernels, each written once as a __host__ __device__
// function: the kernels in jlops_kernels.cu call them on the device, and the host harness
// (impl/src/test/cuda/jlops_harness.cu) calls the same functions on the CPU over the same index
// space, so that a JUnit test can compare their arithmetic with the host engine's without a GPU.
//
// Bit-identity with the host engine (Java) rests on three rules:
//  - no fused multiply-add: every file is compiled with -fmad=false (nvcc) / --fmad=false (NVRTC),
//    as Java never fuses a * b + c;
//  - the same expression shapes as engine/host/HostKernels and HostBlockKernels (the same
//    parenthesisation, the same widening of float to double before a reduction's map);
//  - the same summation order as Engine.blockSum: element j of a block goes to partial sum
//    j mod 8, each partial sum adds its elements in order from +0, and the block's value is
//    ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)).
// pow and hypot (SUM_POW, and |z| of complex values whose squared modulus is subnormal or
// overflows) come from the CUDA maths library on the device and from libm on the host: they are
// faithfully rounded on both, not guaranteed bit-identical.
#ifndef JLOPS_BODIES_CUH
#define JLOPS_BODIES_CUH

#ifdef __CUDACC__
#define JLOPS_HD __host__ __device__ __forceinline__
#else
#define JLOPS_HD inline
#endif

#ifdef __CUDACC_RTC__
// NVRTC (the run-time compiler) has the maths functions built in but no C headers
#define DBL_MIN 2.2250738585072014e-308
#define HUGE_VAL __longlong_as_double(0x7ff0000000000000LL)
#define NAN __longlong_as_double(0x7ff8000000000000LL)
#else
#include <math.h>
#include <float.h>
#endif

namespace jlops {

// ------------------------------------------------------------------------------------------------
// Element-wise bodies. i indexes real entries for the real-entry kernels, elements (pairs of
// entries, interleaved re/im) for the complex ones. out may alias x or y.

template <typename T> JLOPS_HD void negate(long i, const T* x, T* out) { out[i] = -x[i]; }
template <typename T> JLOPS_HD void add(long i, const T* x, const T* y, T* out) { out[i] = x[i] + y[i]; }
template <typename T> JLOPS_HD void subtract(long i, const T* x, const T* y, T* out) { out[i] = x[i] - y[i]; }
template <typename T> JLOPS_HD void multiply(long i, const T* x, const T* y, T* out) { out[i] = x[i] * y[i]; }
template <typename T> JLOPS_HD void scale(long i, T s, const T* x, T* out) { out[i] = s * x[i]; }
template <typename T> JLOPS_HD void axpy(long i, T s, const T* x, T* y) { y[i] += s * x[i]; }
template <typename T> JLOPS_HD void aypx(long i, T s, const T* x, T* y) { y[i] = x[i] + s * y[i]; }
template <typename T> JLOPS_HD void copy(long i, const T* x, T* out) { out[i] = x[i]; }
template <typename T> JLOPS_HD void fill(long i, T v, T* out) { out[i] = v; }

// Conversion between element types (Engine.convert, NumPy's astype): element k's real part from
// entry xc k of x to entry oc k of out, rounded to nearest by the cast as Java's (float) does; its
// imaginary part too when both are complex, 0 when only out is (xc, oc: 1 real, 2 complex).
template <typename S, typename D> JLOPS_HD void convert(long k, int xc, const S* x, int oc, D* out) {
    out[oc * k] = (D) x[xc * k];
    if (oc == 2) {
        out[2 * k + 1] = xc == 2 ? (D) x[2 * k + 1] : (D) 0;
    }
}

template <typename T> JLOPS_HD void multiply_complex(long k, const T* x, const T* y, T* out) {
    long j = 2 * k;
    T xr = x[j], xi = x[j + 1], yr = y[j], yi = y[j + 1];
    out[j] = xr * yr - xi * yi;
    out[j + 1] = xr * yi + xi * yr;
}

template <typename T> JLOPS_HD void scale_complex(long k, T re, T im, const T* x, T* out) {
    long j = 2 * k;
    T xr = x[j], xi = x[j + 1];
    out[j] = re * xr - im * xi;
    out[j + 1] = re * xi + im * xr;
}

template <typename T> JLOPS_HD void axpy_complex(long k, T re, T im, const T* x, T* y) {
    long j = 2 * k;
    T xr = x[j], xi = x[j + 1];
    y[j] += re * xr - im * xi;
    y[j + 1] += re * xi + im * xr;
}

template <typename T> JLOPS_HD void aypx_complex(long k, T re, T im, const T* x, T* y) {
    long j = 2 * k;
    T yr = y[j], yi = y[j + 1];
    y[j] = x[j] + (re * yr - im * yi);
    y[j + 1] = x[j + 1] + (re * yi + im * yr);
}

template <typename T> JLOPS_HD void conj_complex(long k, const T* x, T* out) {
    long j = 2 * k;
    out[j] = x[j];
    out[j + 1] = -x[j + 1];
}

template <typename T> JLOPS_HD void fill_complex(long k, T re, T im, T* out) {
    out[2 * k] = re;
    out[2 * k + 1] = im;
}

// Run k of copyRows: entry e of the run (entries = rowLength * components). Positions in entries.
template <typename T> JLOPS_HD void copy_rows(long e, long runEntries, const T* src, long srcPos, long srcStride,
        T* dst, long dstPos, long dstStride) {
    long k = e / runEntries, o = e - k * runEntries;
    dst[dstPos + k * dstStride + o] = src[srcPos + k * srcStride + o];
}

// ------------------------------------------------------------------------------------------------
// The reductions' maps f(x_j), in double precision (Reduction: 0 COUNT_NONZERO, 1 MAX_ABS,
// 2 MIN_ABS, 3 SUM_ABS, 4 SUM_SQUARES, 5 SUM_POW), as HostKernels.map / mapComplex.

enum { COUNT_NONZERO = 0, MAX_ABS = 1, MIN_ABS = 2, SUM_ABS = 3, SUM_SQUARES = 4, SUM_POW = 5 };

JLOPS_HD double cabs(double re, double im) {
    double s = re * re + im * im;
    if (s >= DBL_MIN && s < HUGE_VAL) {
        return sqrt(s);
    }
    return hypot(re, im);
}

template <typename T> JLOPS_HD double map_real(int r, double p, const T* x, long i) {
    double v = (double) x[i];
    switch (r) {
        case COUNT_NONZERO: return x[i] != 0 ? 1.0 : 0.0;
        case SUM_SQUARES: return v * v;
        case SUM_POW: return pow(fabs(v), p);
        default: return fabs(v);
    }
}

template <typename T> JLOPS_HD double map_complex(int r, double p, const T* x, long k) {
    double a = (double) x[2 * k], b = (double) x[2 * k + 1];
    switch (r) {
        case COUNT_NONZERO: return x[2 * k] != 0 || x[2 * k + 1] != 0 ? 1.0 : 0.0;
        case SUM_SQUARES: return a * a + b * b;
        case SUM_POW: return pow(cabs(a, b), p);
        default: return cabs(a, b);
    }
}

template <typename T, bool C> JLOPS_HD double map_value(int r, double p, const T* x, long j) {
    return C ? map_complex<T>(r, p, x, j) : map_real<T>(r, p, x, j);
}

// ------------------------------------------------------------------------------------------------
// Fixed-order block sums (Engine.blockSum). One (block, lane) pair per thread: lane l of block k
// sums elements l, l + 8, l + 16, ... of the block, in order, from +0; combine_lanes gives the value.

const int LANES = 8;

JLOPS_HD double combine_lanes(const double* s) {
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

// Partial sum `lane` of block k of f(x) over n elements from element pos (blocks of `block`).
template <typename T, bool C> JLOPS_HD double lane_sum(int r, double p, const T* x, long pos, long n,
        long block, long k, int lane) {
    long start = k * block;
    long end = start + block < n ? start + block : n;
    double s = 0.0;
    for (long j = start + lane; j < end; j += LANES) {
        s += map_value<T, C>(r, p, x, pos + j);
    }
    return s;
}

// Partial sums `lane` of block k of op(x_j) y_j: {re, im}. Real types: products in double, im 0.
// Complex: sign -1 conjugates x; products as HostBlockKernels.dotBlocksComplex.
template <typename T, bool C> JLOPS_HD void lane_dot(const T* x, long xPos, const T* y, long yPos, long n,
        long block, double sign, long k, int lane, double* re, double* im) {
    long start = k * block;
    long end = start + block < n ? start + block : n;
    double sr = 0.0, si = 0.0;
    for (long j = start + lane; j < end; j += LANES) {
        if (C) {
            long a = 2 * (xPos + j), c = 2 * (yPos + j);
            double xr = (double) x[a], xi = sign * (double) x[a + 1], yr = (double) y[c], yi = (double) y[c + 1];
            sr += xr * yr - xi * yi;
            si += xr * yi + xi * yr;
        } else {
            sr += (double) x[xPos + j] * (double) y[yPos + j];
        }
    }
    *re = sr;
    *im = si;
}

// Partial sum `lane` of the reduction along the middle axis of a row-major (outer, n, inner) block,
// for output q = o * inner + i: the elements x[(o * n + a) * inner + i], a = lane, lane + 8, ...,
// in order from +0, as HostEngine.reduceAxis (each output is Engine.blockSum over the axis).
template <typename T, bool C> JLOPS_HD double axis_lane_sum(int r, double p, const T* x, long n, long inner, long q,
        int lane) {
    long o = q / inner, i = q - o * inner;
    double s = 0.0;
    for (long a = lane; a < n; a += LANES) {
        s += map_value<T, C>(r, p, x, (o * n + a) * inner + i);
    }
    return s;
}

// ------------------------------------------------------------------------------------------------
// Extremes: NaN propagates (as Math.max / Math.min); the maps are >= 0 so the order of the
// comparisons does not change the result.

JLOPS_HD double max_nan(double a, double b) { return (a != a || b != b) ? NAN : (a > b ? a : b); }
JLOPS_HD double min_nan(double a, double b) { return (a != a || b != b) ? NAN : (a < b ? a : b); }
JLOPS_HD double extreme(int r, double a, double b) { return r == MAX_ABS ? max_nan(a, b) : min_nan(a, b); }
JLOPS_HD double extreme_identity(int r) { return r == MAX_ABS ? 0.0 : HUGE_VAL; }

// The extreme along the middle axis of a row-major (outer, n, inner) block, for output q.
template <typename T, bool C> JLOPS_HD double axis_extreme(int r, const T* x, long n, long inner, long q) {
    long o = q / inner, i = q - o * inner;
    double acc = extreme_identity(r);
    for (long a = 0; a < n; a++) {
        acc = extreme(r, acc, map_value<T, C>(r, 0.0, x, (o * n + a) * inner + i));
    }
    return acc;
}


// ------------------------------------------------------------------------------------------------
// Thresholds and projections (ThresholdKernels), as engine/host/HostThresholdKernels: each element
// is read as (re, im) in double precision (im 0 for real types), mapped, and written back rounded
// to T. k indexes elements. Codes: 0 soft (a = tau), 1 hard (a = t), 2 half (a = tau, b = the cut
// (54^{1/3}/4) tau^{2/3}, computed by the caller as the host does), 3 clip (a = lower, b = upper,
// real types only), 4 shrink to the ball (a = r). |z| of a complex value is hypot (as Math.hypot),
// the half threshold calls pow, acos and cos: those come from the maths libraries (faithfully
// rounded, not guaranteed bit-identical to Java's); every other operation is IEEE-exact.

enum { SOFT = 0, HARD = 1, HALF = 2, CLIP = 3, BALL = 4 };

// Math.max / Math.min: NaN if either is NaN, and +0 above -0.
JLOPS_HD double java_max(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0 && b == 0.0) return signbit(a) ? b : a;
    return a >= b ? a : b;
}
JLOPS_HD double java_min(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0 && b == 0.0) return signbit(a) ? a : b;
    return a <= b ? a : b;
}

// The map of element (re, im) into o[0], o[1].
JLOPS_HD void threshold_map(int op, double a, double b, bool complex, double re, double im, double* o) {
    switch (op) {
        case SOFT: {
            if (!complex) {
                double m = fabs(re) - a;
                o[0] = m > 0 ? (re > 0 ? m : -m) : (re != re ? re : 0.0);
                o[1] = 0;
                return;
            }
            double r = hypot(re, im);
            double m = r - a;
            double s = m > 0 ? m / r : (r != r ? NAN : 0.0);
            o[0] = s * re;
            o[1] = s * im;
            return;
        }
        case HARD: {
            bool zero = (complex ? hypot(re, im) : fabs(re)) <= a;
            o[0] = zero ? 0.0 : re;
            o[1] = zero ? 0.0 : im;
            return;
        }
        case HALF: {
            double r = complex ? hypot(re, im) : fabs(re);
            double arg = r != 0 ? (a / 8.0) * pow(r / 3.0, -1.5) : 1.0;
            arg = java_min(java_max(arg, -1.0), 1.0);
            double phi = 2.0 / 3.0 * acos(arg);
            double f = 1 + cos(2.0 * 3.141592653589793 / 3.0 - phi);
            bool zero = r <= b;
            o[0] = zero ? 0.0 : 2.0 / 3.0 * re * f;
            o[1] = zero ? 0.0 : 2.0 / 3.0 * im * f;
            return;
        }
        case CLIP:
            o[0] = java_min(java_max(re, a), b);
            o[1] = 0;
            return;
        default: {  // BALL
            double r = complex ? hypot(re, im) : fabs(re);
            double s = r > a ? a / r : 1.0;
            o[0] = r > a && !complex ? (re > 0 ? a : -a) : s * re;
            o[1] = s * im;
            return;
        }
    }
}

template <typename T, bool C> JLOPS_HD void threshold(long k, int op, double a, double b, const T* x, T* out) {
    double o[2];
    if (C) {
        threshold_map(op, a, b, true, (double) x[2 * k], (double) x[2 * k + 1], o);
        out[2 * k] = (T) o[0];
        out[2 * k + 1] = (T) o[1];
    } else {
        threshold_map(op, a, b, false, (double) x[k], 0.0, o);
        out[k] = (T) o[0];
    }
}

// 1 where x[i] (a real type) is outside [lower, upper] or NaN, else 0.
template <typename T> JLOPS_HD long outside(long i, double lower, double upper, const T* x) {
    double v = (double) x[i];
    return v >= lower && v <= upper ? 0 : 1;
}

// ------------------------------------------------------------------------------------------------
// Stencils (StencilKernels.apply), as the scalar loops of engine/host/HostStencilKernels: entry j
// (of w = inner * components entries per row) of output row `row` of outer slice o is
// s = c_0 x_0, then s = fma(c_t, x_t, s) over the row's terms in ascending column order, then
// y = s, or y = y + s when accumulating; a row without terms is 0 (left as it is when
// accumulating). Single precision uses the coefficients rounded to float and fmaf. The fused
// multiply-adds are explicit (fma is exact-rounded on both sides; -fmad=false only stops the
// compiler from fusing a * b + c by itself).
//
// The stencil is two tables (CudaKernels.stencilTables): meta = {n, lo, hi, taps, offsets[taps],
// starts[lo + hi + 1], columns[...]} and coef = {tap coefficients[taps], explicit weights[...]},
// the explicit rows 0 .. lo-1 then n-hi .. n-1, row e's terms at [starts[e], starts[e+1]).
// Pieces: elements (o, r, j) of a piece holding rows [first, first + count) from entry pos are at
// pos + (o * count + r - first) * w + j.

JLOPS_HD float jfma(float a, float b, float c) { return fmaf(a, b, c); }
JLOPS_HD double jfma(double a, double b, double c) { return fma(a, b, c); }

template <typename T> JLOPS_HD T stencil_load(long col, long o, long j, long w,
        const T* f, long fPos, long fFirst, long fCount,
        const T* x, long xPos, long xFirst, long xCount,
        const T* b, long bPos, long bFirst, long bCount) {
    if (col < xFirst) return f[fPos + (o * fCount + col - fFirst) * w + j];
    if (col >= xFirst + xCount) return b[bPos + (o * bCount + col - bFirst) * w + j];
    return x[xPos + (o * xCount + col - xFirst) * w + j];
}

// Output entry e of y's (outer, yCount, w) entries from entry yPos.
template <typename T> JLOPS_HD void stencil(long e, long w,
        const T* f, long fPos, long fFirst, long fCount,
        const T* x, long xPos, long xFirst, long xCount,
        const T* b, long bPos, long bFirst, long bCount,
        T* y, long yPos, long yFirst, long yCount, int acc, const long* meta, const double* coef) {
    long per = yCount * w;
    long o = e / per;
    long r = (e - o * per) / w;
    long j = e - o * per - r * w;
    long row = yFirst + r;
    long n = meta[0], lo = meta[1], hi = meta[2], taps = meta[3];
    const long* offsets = meta + 4;
    const long* starts = offsets + taps;
    const long* columns = starts + lo + hi + 1;
    long terms, t0;
    bool interior = row >= lo && row < n - hi;
    if (interior) {
        terms = taps;
        t0 = 0;
    } else {
        long idx = row < lo ? row : lo + row - (n - hi);
        t0 = starts[idx];
        terms = starts[idx + 1] - t0;
    }
    T* out = y + yPos + e;
    if (terms == 0) {
        if (!acc) *out = (T) 0;
        return;
    }
    T s = (T) 0;
    for (long t = 0; t < terms; t++) {
        long col = interior ? row + offsets[t] : columns[t0 + t];
        T c = (T) (interior ? coef[t] : coef[taps + t0 + t]);
        T v = stencil_load<T>(col, o, j, w, f, fPos, fFirst, fCount, x, xPos, xFirst, xCount, b, bPos, bFirst, bCount);
        s = t == 0 ? c * v : jfma(c, v, s);
    }
    *out = acc ? *out + s : s;
}

}  // namespace jlops

#endif
