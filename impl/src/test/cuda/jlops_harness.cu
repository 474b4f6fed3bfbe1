// Host harness for the CUDA engine's kernel bodies: runs the __host__ __device__ bodies of
// jlops_bodies.cuh on the CPU over the same index space as the launch in jlops_kernels.cu, so that
// CudaKernelBodiesTest can compare their output with the host engine's without a GPU. Built with
//   nvcc -std=c++17 -fmad=false -I impl/src/main/cuda jlops_harness.cu -o jlops_harness
//
// Usage: jlops_harness KERNEL ARG...  with the operands on stdin and the result on stdout, both
// raw little-endian entries (float for f32/c64, double for f64/c128; reductions write doubles).
// Integer arguments are decimal; floating-point arguments are the hexadecimal IEEE-754 bits of a
// double (exact, NaN and infinities included), rounded to float by the harness for f32/c64.
#include "jlops_bodies.cuh"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <string>
#include <vector>

static long argl(char** a, int i) { return std::strtol(a[i], nullptr, 10); }
static double argd(char** a, int i) {
    uint64_t bits = std::strtoull(a[i], nullptr, 16);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}
template <typename T> static std::vector<T> read(long entries) {
    std::vector<T> v(entries > 0 ? entries : 1);
    if (entries > 0 && std::fread(v.data(), sizeof(T), entries, stdin) != (size_t) entries) {
        std::fprintf(stderr, "jlops_harness: expected %ld entries on stdin\n", entries);
        std::exit(2);
    }
    return v;
}
template <typename T> static void write(const std::vector<T>& v, long entries) {
    std::fwrite(v.data(), sizeof(T), entries, stdout);
}

// Element-wise kernels: argv = n [scalars...]; stdin = operands; stdout = the result.
template <typename T> static int elementwise(const std::string& op, bool complex, int argc, char** a) {
    long n = argl(a, 2);
    long e = complex ? 2 * n : n;
    if (op == "fill") {
        std::vector<T> out(e > 0 ? e : 1);
        T re = (T) argd(a, 3);
        if (complex) {
            T im = (T) argd(a, 4);
            for (long k = 0; k < n; k++) jlops::fill_complex<T>(k, re, im, out.data());
        } else {
            for (long i = 0; i < n; i++) jlops::fill<T>(i, re, out.data());
        }
        write(out, e);
        return 0;
    }
    if (op == "copy_rows") {  // rows runEntries srcPos srcStride dstPos dstStride srcLen dstLen (entries)
        long rows = n, run = argl(a, 3), sp = argl(a, 4), ss = argl(a, 5), dp = argl(a, 6), ds = argl(a, 7);
        long sl = argl(a, 8), dl = argl(a, 9);
        std::vector<T> src = read<T>(sl), dst = read<T>(dl);
        for (long i = 0; i < rows * run; i++) jlops::copy_rows<T>(i, run, src.data(), sp, ss, dst.data(), dp, ds);
        write(dst, dl);
        return 0;
    }
    std::vector<T> x = read<T>(e);
    bool binary = op == "add" || op == "subtract" || op == "multiply" || op == "axpy" || op == "aypx";
    std::vector<T> y = binary ? read<T>(e) : std::vector<T>(e > 0 ? e : 1);
    std::vector<T> out(e > 0 ? e : 1);
    const T* xp = x.data();
    T* yp = y.data();
    T* op_ = out.data();
    if (!complex) {
        for (long i = 0; i < n; i++) {
            if (op == "negate") jlops::negate<T>(i, xp, op_);
            else if (op == "add") jlops::add<T>(i, xp, yp, op_);
            else if (op == "subtract") jlops::subtract<T>(i, xp, yp, op_);
            else if (op == "multiply") jlops::multiply<T>(i, xp, yp, op_);
            else if (op == "scale") jlops::scale<T>(i, (T) argd(a, 3), xp, op_);
            else if (op == "axpy") jlops::axpy<T>(i, (T) argd(a, 3), xp, yp);
            else if (op == "aypx") jlops::aypx<T>(i, (T) argd(a, 3), xp, yp);
            else { std::fprintf(stderr, "jlops_harness: unknown kernel %s\n", a[1]); return 2; }
        }
    } else {
        for (long k = 0; k < n; k++) {
            if (op == "multiply") jlops::multiply_complex<T>(k, xp, yp, op_);
            else if (op == "scale") jlops::scale_complex<T>(k, (T) argd(a, 3), (T) argd(a, 4), xp, op_);
            else if (op == "axpy") jlops::axpy_complex<T>(k, (T) argd(a, 3), (T) argd(a, 4), xp, yp);
            else if (op == "aypx") jlops::aypx_complex<T>(k, (T) argd(a, 3), (T) argd(a, 4), xp, yp);
            else if (op == "conj") jlops::conj_complex<T>(k, xp, op_);
            else { std::fprintf(stderr, "jlops_harness: unknown kernel %s\n", a[1]); return 2; }
        }
    }
    write(op == "axpy" || op == "aypx" ? y : out, e);
    return 0;
}

// sum_blocks: n block r p pos xLen(elements) | x  -> one double per block, as the launch: thread t
// is lane t mod 8 of block t / 8, and the block's lanes are combined by combine_lanes.
template <typename T, bool C> static int sum_blocks(char** a) {
    long n = argl(a, 2), block = argl(a, 3);
    int r = (int) argl(a, 4);
    double p = argd(a, 5);
    long pos = argl(a, 6), xl = argl(a, 7);
    std::vector<T> x = read<T>(C ? 2 * xl : xl);
    long blocks = (n + block - 1) / block;
    std::vector<double> out(blocks > 0 ? blocks : 1);
    for (long k = 0; k < blocks; k++) {
        double s[jlops::LANES];
        for (int lane = 0; lane < jlops::LANES; lane++) s[lane] = jlops::lane_sum<T, C>(r, p, x.data(), pos, n, block, k, lane);
        out[k] = jlops::combine_lanes(s);
    }
    write(out, blocks);
    return 0;
}

// dot_blocks: n block sign xPos yPos xLen yLen (elements) | x y -> {re, im} per block.
template <typename T, bool C> static int dot_blocks(char** a) {
    long n = argl(a, 2), block = argl(a, 3);
    double sign = argd(a, 4);
    long xp = argl(a, 5), yp = argl(a, 6), xl = argl(a, 7), yl = argl(a, 8);
    std::vector<T> x = read<T>(C ? 2 * xl : xl), y = read<T>(C ? 2 * yl : yl);
    long blocks = (n + block - 1) / block;
    std::vector<double> out(blocks > 0 ? 2 * blocks : 1);
    for (long k = 0; k < blocks; k++) {
        double re[jlops::LANES], im[jlops::LANES];
        for (int lane = 0; lane < jlops::LANES; lane++) {
            jlops::lane_dot<T, C>(x.data(), xp, y.data(), yp, n, block, sign, k, lane, &re[lane], &im[lane]);
        }
        out[2 * k] = jlops::combine_lanes(re);
        out[2 * k + 1] = jlops::combine_lanes(im);
    }
    write(out, 2 * blocks);
    return 0;
}

// extreme: n r pos xLen threads | x -> one double: pass 1 with `threads` partials, pass 2 folds them.
template <typename T, bool C> static int extreme(char** a) {
    long n = argl(a, 2);
    int r = (int) argl(a, 3);
    long pos = argl(a, 4), xl = argl(a, 5), threads = argl(a, 6);
    std::vector<T> x = read<T>(C ? 2 * xl : xl);
    std::vector<double> partial(threads);
    for (long t = 0; t < threads; t++) {
        double acc = jlops::extreme_identity(r);
        for (long j = t; j < n; j += threads) acc = jlops::extreme(r, acc, jlops::map_value<T, C>(r, 0.0, x.data(), pos + j));
        partial[t] = acc;
    }
    double acc = jlops::extreme_identity(r);
    for (long t = 0; t < threads; t++) acc = jlops::extreme(r, acc, jlops::map_value<double, false>(r, 0.0, partial.data(), t));
    std::vector<double> out(1, acc);
    write(out, 1);
    return 0;
}

// axis_sums / axis_extreme: outer n inner r p | x (outer * n * inner elements) -> outer * inner doubles.
template <typename T, bool C> static int axis(bool sums, char** a) {
    long outer = argl(a, 2), n = argl(a, 3), inner = argl(a, 4);
    int r = (int) argl(a, 5);
    double p = argd(a, 6);
    long elements = outer * n * inner, outputs = outer * inner;
    std::vector<T> x = read<T>(C ? 2 * elements : elements);
    std::vector<double> out(outputs > 0 ? outputs : 1);
    for (long q = 0; q < outputs; q++) {
        if (sums) {
            double s[jlops::LANES];
            for (int lane = 0; lane < jlops::LANES; lane++) s[lane] = jlops::axis_lane_sum<T, C>(r, p, x.data(), n, inner, q, lane);
            out[q] = jlops::combine_lanes(s);
        } else {
            out[q] = jlops::axis_extreme<T, C>(r, x.data(), n, inner, q);
        }
    }
    write(out, outputs);
    return 0;
}

// threshold: n op a b | x (n elements) -> out.  count_outside: n lower upper | x -> one double,
// summed over `threads` partials as the launch (pass 1), then in order.
template <typename T, bool C> static int threshold(char** a) {
    long n = argl(a, 2);
    int op = (int) argl(a, 3);
    double p = argd(a, 4), q = argd(a, 5);
    long e = C ? 2 * n : n;
    std::vector<T> x = read<T>(e), out(e > 0 ? e : 1);
    for (long k = 0; k < n; k++) jlops::threshold<T, C>(k, op, p, q, x.data(), out.data());
    write(out, e);
    return 0;
}
template <typename T> static int count_outside(char** a) {
    long n = argl(a, 2);
    double lower = argd(a, 3), upper = argd(a, 4);
    long threads = argl(a, 5);
    std::vector<T> x = read<T>(n);
    double total = 0;
    for (long t = 0; t < threads; t++) {
        long c = 0;
        for (long i = t; i < n; i += threads) c += jlops::outside<T>(i, lower, upper, x.data());
        total += (double) c;
    }
    std::vector<double> out(1, total);
    write(out, 1);
    return 0;
}

// stencil: outer w fPos fFirst fCount fLen xPos xFirst xCount xLen bPos bFirst bCount bLen
//          yPos yFirst yCount yLen acc metaLen coefLen (positions and lengths in entries)
//        | front x back y meta(int64) coef(double) -> y
template <typename T> static int stencil(char** a) {
    long outer = argl(a, 2), w = argl(a, 3);
    long fPos = argl(a, 4), fFirst = argl(a, 5), fCount = argl(a, 6), fLen = argl(a, 7);
    long xPos = argl(a, 8), xFirst = argl(a, 9), xCount = argl(a, 10), xLen = argl(a, 11);
    long bPos = argl(a, 12), bFirst = argl(a, 13), bCount = argl(a, 14), bLen = argl(a, 15);
    long yPos = argl(a, 16), yFirst = argl(a, 17), yCount = argl(a, 18), yLen = argl(a, 19);
    int acc = (int) argl(a, 20);
    long metaLen = argl(a, 21), coefLen = argl(a, 22);
    std::vector<T> f = read<T>(fLen), x = read<T>(xLen), b = read<T>(bLen), y = read<T>(yLen);
    std::vector<long> meta = read<long>(metaLen);
    std::vector<double> coef = read<double>(coefLen);
    long total = outer * yCount * w;
    for (long e = 0; e < total; e++) {
        jlops::stencil<T>(e, w, f.data(), fPos, fFirst, fCount, x.data(), xPos, xFirst, xCount, b.data(), bPos,
                bFirst, bCount, y.data(), yPos, yFirst, yCount, acc, meta.data(), coef.data());
    }
    write(y, yLen);
    return 0;
}

// convert_<from>_<to>: n xc oc | x (n xc entries of from) -> out (n oc entries of to)
template <typename S, typename D> static int convert(char** a) {
    long n = argl(a, 2);
    int xc = (int) argl(a, 3), oc = (int) argl(a, 4);
    std::vector<S> x = read<S>(n * xc);
    std::vector<D> out(n * oc > 0 ? n * oc : 1);
    for (long k = 0; k < n; k++) jlops::convert<S, D>(k, xc, x.data(), oc, out.data());
    write(out, n * oc);
    return 0;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: jlops_harness KERNEL N [ARG...] < operands > result\n");
        return 2;
    }
    std::string k = argv[1];
    if (k.rfind("convert_", 0) == 0) {
        std::string from = k.substr(8, 3), to = k.substr(12, 3);
        if (from == "f32") return to == "f32" ? convert<float, float>(argv) : convert<float, double>(argv);
        return to == "f32" ? convert<double, float>(argv) : convert<double, double>(argv);
    }
    size_t u = k.rfind('_');
    std::string op = k.substr(0, u), s = k.substr(u + 1);
    if (op == "sum_blocks") {
        return s == "f32" ? sum_blocks<float, false>(argv) : s == "f64" ? sum_blocks<double, false>(argv)
                : s == "c64" ? sum_blocks<float, true>(argv) : sum_blocks<double, true>(argv);
    }
    if (op == "dot_blocks") {
        return s == "f32" ? dot_blocks<float, false>(argv) : s == "f64" ? dot_blocks<double, false>(argv)
                : s == "c64" ? dot_blocks<float, true>(argv) : dot_blocks<double, true>(argv);
    }
    if (op == "axis_sums" || op == "axis_extreme") {
        bool sums = op == "axis_sums";
        return s == "f32" ? axis<float, false>(sums, argv) : s == "f64" ? axis<double, false>(sums, argv)
                : s == "c64" ? axis<float, true>(sums, argv) : axis<double, true>(sums, argv);
    }
    if (op == "threshold") {
        return s == "f32" ? threshold<float, false>(argv) : s == "f64" ? threshold<double, false>(argv)
                : s == "c64" ? threshold<float, true>(argv) : threshold<double, true>(argv);
    }
    if (op == "count_outside") return s == "f32" ? count_outside<float>(argv) : count_outside<double>(argv);
    if (op == "stencil") return s == "f32" ? stencil<float>(argv) : stencil<double>(argv);
    if (op == "extreme") {
        return s == "f32" ? extreme<float, false>(argv) : s == "f64" ? extreme<double, false>(argv)
                : s == "c64" ? extreme<float, true>(argv) : extreme<double, true>(argv);
    }
    if (s == "f32") return elementwise<float>(op, false, argc, argv);
    if (s == "f64") return elementwise<double>(op, false, argc, argv);
    if (s == "c64") return elementwise<float>(op, true, argc, argv);
    if (s == "c128") return elementwise<double>(op, true, argc, argv);
    std::fprintf(stderr, "jlops_harness: unknown kernel %s\n", argv[1]);
    return 2;
}
