/*
 * FFTW floor of the spectral workloads (fft2d, fftnd): C FFTW's serial transform of the same sizes
 * and kinds as the Java workloads, on one core, FFTW_MEASURE plans (planning not timed), out of
 * place: 2-d complex-to-complex 4096 x 4096, 2-d real-to-complex 2048 x 2048, 3-d complex 256^3
 * (with --quick: 32 x 32, 32 x 32, 16^3). Each repetition is timed alone; the median is reported.
 * Bytes counted: the input and the output once (as the Java workloads count them).
 *
 * Build: cc -O2 -march=native -o fftw_floor fftw_floor.c -lfftw3 -lm
 * Run:   ./fftw_floor [--reps N] [--quick]     (prints CSV rows in the bench columns)
 */
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

static void fill(double *p, size_t n) {
    unsigned long s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        p[i] = (double) (s >> 11) / 9007199254740992.0 * 2 - 1;
    }
}

static void time_plan(fftw_plan plan, int reps, const char *workload, const char *dtype, const char *shape,
                      double points, double bytes, int real) {
    double *t = malloc(sizeof(double) * reps);
    fftw_execute(plan);                                   /* warm */
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        fftw_execute(plan);
        t[r] = now() - t0;
    }
    qsort(t, reps, sizeof(double), cmp);
    double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
    double flops = (real ? 2.5 : 5.0) * points * log2(points);
    printf("c,c-fftw,host,fftw,%s,1,%s,%s,%d,%.9e,%.9e,%.9e,%.4f,\"FFTW %s serial forward, FFTW_MEASURE, out of place; "
           "gflops_per_s=%.4f\"\n", workload, dtype, shape, reps, med, t[0], t[reps - 1], bytes / med / 1e9,
           fftw_version, flops / med / 1e9);
    free(t);
}

int main(int argc, char **argv) {
    int reps = 7, quick = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else { fprintf(stderr, "usage: fftw_floor [--reps N] [--quick]\n"); return 2; }
    }
    if (reps < 1) reps = 1;
    char shape[64];
    /* 2-d complex */
    int n = quick ? 32 : 4096;
    fftw_complex *a = fftw_malloc(sizeof(fftw_complex) * n * n);
    fftw_complex *b = fftw_malloc(sizeof(fftw_complex) * n * n);
    fftw_plan p = fftw_plan_dft_2d(n, n, a, b, FFTW_FORWARD, FFTW_MEASURE);
    fill((double *) a, 2 * (size_t) n * n);
    snprintf(shape, sizeof shape, "%dx%d", n, n);
    time_plan(p, reps, "fft2d", "complex128", shape, (double) n * n, 32.0 * n * n, 0);
    fftw_destroy_plan(p);
    fftw_free(a);
    fftw_free(b);
    /* 2-d real to complex */
    n = quick ? 32 : 2048;
    double *r = fftw_malloc(sizeof(double) * n * n);
    fftw_complex *c = fftw_malloc(sizeof(fftw_complex) * n * (n / 2 + 1));
    p = fftw_plan_dft_r2c_2d(n, n, r, c, FFTW_MEASURE);
    fill(r, (size_t) n * n);
    snprintf(shape, sizeof shape, "%dx%d", n, n);
    time_plan(p, reps, "fft2d", "float64", shape, (double) n * n, 8.0 * n * n + 16.0 * n * (n / 2 + 1), 1);
    fftw_destroy_plan(p);
    fftw_free(r);
    fftw_free(c);
    /* 3-d complex */
    n = quick ? 16 : 256;
    a = fftw_malloc(sizeof(fftw_complex) * n * n * n);
    b = fftw_malloc(sizeof(fftw_complex) * n * n * n);
    p = fftw_plan_dft_3d(n, n, n, a, b, FFTW_FORWARD, FFTW_MEASURE);
    fill((double *) a, 2 * (size_t) n * n * n);
    snprintf(shape, sizeof shape, "%dx%dx%d", n, n, n);
    time_plan(p, reps, "fftnd", "complex128", shape, (double) n * n * n, 32.0 * n * n * n, 0);
    fftw_destroy_plan(p);
    fftw_free(a);
    fftw_free(b);
    return 0;
}
