/*
 * C floor of the nonstatconv workload: the non-stationary convolution of the bench (2^24 float64
 * samples, 256 filters of 31 taps every n/256 samples from n/512, interpolated linearly in between,
 * the end filters beyond the first and last positions, sums truncated at the ends of the axis)
 * written as plain C loops, one core, compiled -O3 -march=native: per sample its filter, then
 * spread over its outputs (forward) or dotted with its inputs (adjoint), the loops gcc vectorises.
 * The Java rows at np ranks are compared with np times this speed (Floors: C_KERNEL).
 *
 * Rows: impl c, backend c-serial, workload nonstat, op forward / adjoint, np 1, float64, shape n;
 * the bytes are those the Java rows count (16 per sample), and the notes give GFLOP/s with 62 flops
 * a sample, as the Java rows do. Each repetition is timed alone; the median is reported.
 *
 * Build: cc -O3 -march=native -o nonstat_floor nonstat_floor.c -lm
 * Run:   ./nonstat_floor [--reps N] [--quick] [--size F]   (prints CSV rows in the bench columns)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAPS 31
#define HALF 15
#define FILTERS 256

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

/* the filter of sample ix: the end filters outside the positions, else the linear interpolation */
static inline void filter(const double *hs, long oh, long dh, long ix, double *h) {
    long j = ix - oh >= 0 ? (ix - oh) / dh : -1;
    if (j < 0 || j >= FILTERS - 1) {
        memcpy(h, hs + (j < 0 ? 0 : FILTERS - 1) * TAPS, TAPS * sizeof(double));
        return;
    }
    double w = (double) (ix - oh) / dh - j;
    const double *a = hs + j * TAPS, *b = a + TAPS;
    for (int k = 0; k < TAPS; k++) {
        h[k] = (1 - w) * a[k] + w * b[k];
    }
}

static void forward(const double *hs, long oh, long dh, long n, const double *restrict x, double *restrict y) {
    double h[TAPS];
    memset(y, 0, n * sizeof(double));
    for (long ix = 0; ix < n; ix++) {
        filter(hs, oh, dh, ix, h);
        int k0 = ix < HALF ? HALF - ix : 0;
        int k1 = ix + HALF >= n ? (int) (n - ix + HALF) : TAPS;
        double v = x[ix];
        double *out = y + ix - HALF;
        for (int k = k0; k < k1; k++) {
            out[k] += h[k] * v;
        }
    }
}

static void adjoint(const double *hs, long oh, long dh, long n, const double *restrict y, double *restrict x) {
    double h[TAPS];
    for (long ix = 0; ix < n; ix++) {
        filter(hs, oh, dh, ix, h);
        int k0 = ix < HALF ? HALF - ix : 0;
        int k1 = ix + HALF >= n ? (int) (n - ix + HALF) : TAPS;
        const double *in = y + ix - HALF;
        double s = 0;
        for (int k = k0; k < k1; k++) {
            s += h[k] * in[k];
        }
        x[ix] = s;
    }
}

int main(int argc, char **argv) {
    int reps = 5;
    double size = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
            reps = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
            size = atof(argv[++i]);
        } else if (!strcmp(argv[i], "--quick")) {
            size = 4096.0 / (1 << 24);
        } else {
            fprintf(stderr, "usage: nonstat_floor [--reps N] [--quick] [--size F]\n");
            return 2;
        }
    }
    if (reps < 1) {
        reps = 1;
    }
    long n = (long) ((double) (1L << 24) * size);
    if (n < 4096) {
        n = 4096;
    }
    long dh = n / FILTERS, oh = dh / 2;
    double *hs = malloc(FILTERS * TAPS * sizeof(double));
    double *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double));
    double *t = malloc(reps * sizeof(double));
    if (!hs || !x || !y || !t) {
        fprintf(stderr, "nonstat_floor: out of memory\n");
        return 1;
    }
    unsigned long s = 41;
    for (long i = 0; i < FILTERS * TAPS; i++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        hs[i] = (double) (s >> 11) / 9007199254740992.0 * 2 - 1;
    }
    for (long i = 0; i < n; i++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        x[i] = (double) (s >> 11) / 9007199254740992.0 * 2 - 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        const char *op = pass ? "adjoint" : "forward";
        double check = 0;
        for (int r = -1; r < reps; r++) {                 /* one warm-up */
            double t0 = now();
            if (pass) {
                adjoint(hs, oh, dh, n, x, y);
            } else {
                forward(hs, oh, dh, n, x, y);
            }
            double dt = now() - t0;
            if (r >= 0) {
                t[r] = dt;
            }
            check += y[n / 3];
        }
        qsort(t, reps, sizeof(double), cmp);
        double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
        printf("c,c-serial,host,nonstat,%s,1,float64,%ld,%d,%.9e,%.9e,%.9e,%.4f,\"plain C loops, one core, "
               "cc -O3 -march=native: per sample its filter (31 taps, 256 filters interpolated), spread over its "
               "outputs or dotted with its inputs; gflops_per_s=%.4f; checksum %.6g\"\n",
               op, n, reps, med, t[0], t[reps - 1], 16.0 * n / med / 1e9, 62.0 * n / med / 1e9, check);
    }
    free(hs);
    free(x);
    free(y);
    free(t);
    return 0;
}
