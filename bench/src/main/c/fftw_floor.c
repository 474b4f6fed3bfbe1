/*
 * FFTW floors of the spectral workloads (fft2d, fftnd): C FFTW's serial transforms of the same sizes,
 * kinds and directions as the Java workloads, on one core, plans of the planner effort given by
 * --planner (measure, the default and the bench's floor: FFTW's best plan; patient; estimate, which
 * the bench times too as reference rows; planning not timed; a fresh plan per transform and
 * direction), out of place: 2-d complex-to-complex 4096 x 4096 forward and
 * backward, 2-d real 2048 x 2048 real-to-complex (forward) and complex-to-real (backward, the real
 * adjoint's transform), 3-d complex 256^3 forward and backward (with --quick: 32 x 32, 32 x 32, 16^3).
 * Each repetition is timed alone; the median is reported. Bytes counted: the input and the output once
 * (as the Java workloads count them). Transforms are unnormalised, as FFTW computes them.
 *
 * Rows: impl c, backend c-fftw, workload fftw (or the name given by --workload: the bench names the
 * FFTW_ESTIMATE reference rows fftw-estimate), op = the Java workload's name for the forward transform
 * (fft2d, fftnd) and that name + "-adjoint" for the backward one (fft2d-adjoint, fftnd-adjoint), which
 * the report (Floors.ratio) matches with the Java rows of op forward/forward-new and adjoint/adjoint-new
 * respectively.
 *
 * The complex transforms keep their input (out of place). FFTW's multi-dimensional complex-to-real
 * transform overwrites its input and cannot be planned with FFTW_PRESERVE_INPUT, so before each
 * repetition (and the warm-up) the spectrum is copied back from a saved copy, outside the timed
 * interval: the row's times are the execute alone, and its notes give the median copy time (the part
 * of an input-preserving c2r that the floor leaves out). The spectrum is the r2c transform of the real
 * input, so the c2r runs on Hermitian data.
 *
 * Build: cc -O2 -march=native -o fftw_floor fftw_floor.c -lfftw3 -lm
 * Run:   ./fftw_floor [--reps N] [--quick] [--planner estimate|measure|patient] [--workload NAME]
 *        (prints CSV rows in the bench columns)
 */
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned planner = FFTW_MEASURE;
static const char *planner_name = "FFTW_MEASURE";
static const char *workload_name = "fftw";

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

static double median(double *t, int reps) {
    qsort(t, reps, sizeof(double), cmp);
    return reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
}

static void fill(double *p, size_t n) {
    unsigned long s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        p[i] = (double) (s >> 11) / 9007199254740992.0 * 2 - 1;
    }
}

/*
 * Times reps executions of plan (after one warm-up) and prints the row. With restore != NULL, the
 * plan destroys its input: restore_bytes are copied from saved to restore before every execution,
 * untimed, and the median copy time goes into the notes.
 */
static void time_plan(fftw_plan plan, int reps, const char *op, const char *dtype, const char *shape,
                      double points, double bytes, int real, const char *what, void *restore, const void *saved,
                      size_t restore_bytes) {
    double *t = malloc(sizeof(double) * reps);
    double *tc = malloc(sizeof(double) * reps);
    if (restore) memcpy(restore, saved, restore_bytes);
    fftw_execute(plan);                                   /* warm */
    for (int r = 0; r < reps; r++) {
        if (restore) {
            double c0 = now();
            memcpy(restore, saved, restore_bytes);
            tc[r] = now() - c0;
        }
        double t0 = now();
        fftw_execute(plan);
        t[r] = now() - t0;
    }
    double med = median(t, reps);
    double flops = (real ? 2.5 : 5.0) * points * log2(points);
    char extra[160] = "";
    if (restore) {
        snprintf(extra, sizeof extra, "; input destroyed by FFTW (multi-d c2r cannot preserve it): re-copied before"
                 " each rep, untimed; copy_s=%.6e", median(tc, reps));
    }
    printf("c,c-fftw,host,%s,%s,1,%s,%s,%d,%.9e,%.9e,%.9e,%.4f,\"FFTW %s serial %s, %s, out of place%s; "
           "gflops_per_s=%.4f\"\n", workload_name, op, dtype, shape, reps, med, t[0], t[reps - 1], bytes / med / 1e9,
           fftw_version, what, planner_name, extra, flops / med / 1e9);
    free(t);
    free(tc);
}

/* A complex transform of rank 2 or 3 (all extents n), forward then backward, each on a fresh plan. */
static void complex_pair(int rank, int n, int reps, const char *workload) {
    int dims[3] = {n, n, n};
    size_t total = 1;
    char shape[64] = "", op[64];
    for (int k = 0; k < rank; k++) {
        total *= (size_t) n;
        snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "%s%d", k ? "x" : "", n);
    }
    fftw_complex *a = fftw_malloc(sizeof(fftw_complex) * total);
    fftw_complex *b = fftw_malloc(sizeof(fftw_complex) * total);
    for (int backward = 0; backward <= 1; backward++) {
        fftw_plan p = fftw_plan_dft(rank, dims, a, b, backward ? FFTW_BACKWARD : FFTW_FORWARD, planner);
        fill((double *) a, 2 * total);                    /* after planning: FFTW_MEASURE overwrites */
        snprintf(op, sizeof op, "%s%s", workload, backward ? "-adjoint" : "");
        time_plan(p, reps, op, "complex128", shape, (double) total, 32.0 * total, 0,
                  backward ? "backward (FFTW_BACKWARD)" : "forward (FFTW_FORWARD)", NULL, NULL, 0);
        fftw_destroy_plan(p);
    }
    fftw_free(a);
    fftw_free(b);
}

/* The 2-d real transform n x n: r2c forward, then c2r backward on the r2c's output. */
static void real_pair(int n, int reps) {
    char shape[64];
    size_t nr = (size_t) n * n, nc = (size_t) n * (n / 2 + 1);
    double bytes = 8.0 * nr + 16.0 * nc;
    snprintf(shape, sizeof shape, "%dx%d", n, n);
    double *r = fftw_malloc(sizeof(double) * nr);
    fftw_complex *c = fftw_malloc(sizeof(fftw_complex) * nc);
    fftw_complex *saved = fftw_malloc(sizeof(fftw_complex) * nc);
    fftw_plan p = fftw_plan_dft_r2c_2d(n, n, r, c, planner);
    fill(r, nr);
    time_plan(p, reps, "fft2d", "float64", shape, (double) nr, bytes, 1, "forward (r2c)", NULL, NULL, 0);
    memcpy(saved, c, sizeof(fftw_complex) * nc);          /* the spectrum of the random input */
    fftw_destroy_plan(p);
    p = fftw_plan_dft_c2r_2d(n, n, c, r, planner);        /* overwrites c: restored before each run */
    time_plan(p, reps, "fft2d-adjoint", "float64", shape, (double) nr, bytes, 1, "backward (c2r)", c, saved,
              sizeof(fftw_complex) * nc);
    fftw_destroy_plan(p);
    fftw_free(r);
    fftw_free(c);
    fftw_free(saved);
}

int main(int argc, char **argv) {
    int reps = 7, quick = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else if (!strcmp(argv[i], "--workload") && i + 1 < argc) workload_name = argv[++i];
        else if (!strcmp(argv[i], "--planner") && i + 1 < argc) {
            const char *e = argv[++i];
            if (!strcmp(e, "estimate")) { planner = FFTW_ESTIMATE; planner_name = "FFTW_ESTIMATE"; }
            else if (!strcmp(e, "measure")) { planner = FFTW_MEASURE; planner_name = "FFTW_MEASURE"; }
            else if (!strcmp(e, "patient")) { planner = FFTW_PATIENT; planner_name = "FFTW_PATIENT"; }
            else { fprintf(stderr, "fftw_floor: --planner: expected estimate, measure or patient, got %s\n", e); return 2; }
        }
        else {
            fprintf(stderr, "usage: fftw_floor [--reps N] [--quick] [--planner estimate|measure|patient] [--workload NAME]\n");
            return 2;
        }
    }
    if (reps < 1) reps = 1;
    complex_pair(2, quick ? 32 : 4096, reps, "fft2d");
    real_pair(quick ? 32 : 2048, reps);
    complex_pair(3, quick ? 16 : 256, reps, "fftnd");
    return 0;
}
