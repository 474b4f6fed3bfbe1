/*
 * Stencil reference in C for the JLops-MPI operator report: the interior formulas of the
 * centered first derivative (order 3 and 5) and of the centered second derivative along axis 0 of
 * an n x n float64 array, and of the 2-d Laplacian (second differences along both axes, one pass)
 * on an m x m array, each split in row slabs over the ranks, with the same ghost-row exchange
 * (one MPI_Sendrecv per neighbour and direction) and the same byte count as the Java rows (one
 * read of x and one write of y: 16 bytes per element). Edge rows (and the Laplacian's edge
 * columns) are set to zero (no edge formulas). Timing as stream.c: barrier, one call, slowest
 * rank; median over repetitions after warm-up.
 *
 * Build: mpicc -O3 -march=native -o stencil stencil.c -lm     (the compiler vectorises the loops)
 * Run:   mpirun -np N ./stencil <n> <reps> [m]    (prints CSV rows in the bench columns; m = 2048)
 */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

/* y[i] = sum_t c[t] x[i + s[t]] over the row slab; x points at the first local row, with G ghost rows
 * before and after it. Global rows whose stencil leaves [0, n) are zero. */
static void apply(const double *restrict x, double *restrict y, long rows, long first, long n, long w,
                  int taps, const int *s, const double *c, int reach) {
    for (long i = 0; i < rows; i++) {
        long g = first + i;
        double *restrict yr = y + i * w;
        if (g < reach || g >= n - reach) {
            memset(yr, 0, w * sizeof(double));
            continue;
        }
        const double *x0 = x + (i + s[0]) * w, *x1 = x + (i + s[1]) * w;
        if (taps == 2) {
            for (long j = 0; j < w; j++) yr[j] = fma(c[1], x1[j], c[0] * x0[j]);
        } else if (taps == 3) {
            const double *x2 = x + (i + s[2]) * w;
            for (long j = 0; j < w; j++) yr[j] = fma(c[2], x2[j], fma(c[1], x1[j], c[0] * x0[j]));
        } else {
            const double *x2 = x + (i + s[2]) * w, *x3 = x + (i + s[3]) * w;
            for (long j = 0; j < w; j++) yr[j] = fma(c[3], x3[j], fma(c[2], x2[j], fma(c[1], x1[j], c[0] * x0[j])));
        }
    }
}

/* The 2-d Laplacian on the slab: (x[i-1,j] - 2 x[i,j] + x[i+1,j]) + (x[i,j-1] - 2 x[i,j] + x[i,j+1]),
 * each second difference summed as the Java kernels sum it. x has one ghost row before and after. */
static void laplacian(const double *restrict x, double *restrict y, long rows, long first, long m) {
    for (long i = 0; i < rows; i++) {
        long g = first + i;
        double *restrict yr = y + i * m;
        if (g < 1 || g >= m - 1) {
            memset(yr, 0, m * sizeof(double));
            continue;
        }
        const double *xu = x + (i - 1) * m, *xc = x + i * m, *xd = x + (i + 1) * m;
        yr[0] = 0.0;
        yr[m - 1] = 0.0;
        for (long j = 1; j < m - 1; j++) {
            double r = fma(1.0, xd[j], fma(-2.0, xc[j], 1.0 * xu[j]));
            double c = fma(1.0, xc[j + 1], fma(-2.0, xc[j], 1.0 * xc[j - 1]));
            yr[j] = r + c;
        }
    }
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, np;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    long n = argc > 1 ? atol(argv[1]) : 4096;
    int reps = argc > 2 ? atoi(argv[2]) : 7;
    long m = argc > 3 ? atol(argv[3]) : 2048;
    if (n < 8 || reps < 1 || m < 8) {
        if (rank == 0) fprintf(stderr, "usage: stencil <n >= 8> <reps >= 1> [m >= 8]\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    const long G = 2, w = n;
    long rows = n / np + (rank < n % np ? 1 : 0);
    long first = rank * (n / np) + (rank < n % np ? rank : n % np);
    double *xg = malloc((rows + 2 * G) * w * sizeof(double)), *y = malloc((rows > 0 ? rows : 1) * w * sizeof(double));
    double *t = malloc(reps * sizeof(double));
    if (!xg || !y || !t) {
        fprintf(stderr, "rank %d: out of memory\n", rank);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
    double *x = xg + G * w;
    for (long k = 0; k < (rows + 2 * G) * w; k++) xg[k] = sin((double) (k + first * w));
    for (long k = 0; k < rows * w; k++) y[k] = 0.0;
    int prev = rank > 0 ? rank - 1 : MPI_PROC_NULL, next = rank < np - 1 ? rank + 1 : MPI_PROC_NULL;
    struct { const char *name; int taps, reach; int s[4]; double c[4]; } cases[] = {
        {"first_derivative_o3", 2, 1, {-1, 1}, {-0.5, 0.5}},
        {"first_derivative_o5", 4, 2, {-2, -1, 1, 2}, {1.0 / 12, -8.0 / 12, 8.0 / 12, -1.0 / 12}},
        {"second_derivative", 3, 1, {-1, 0, 1}, {1.0, -2.0, 1.0}},
    };
    for (int k = 0; k < 3; k++) {
        long ghosts = cases[k].reach;
        for (int r = -2; r < reps; r++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double t0 = MPI_Wtime();
            /* ghost rows: my first rows to prev's back ghosts, my last rows to next's front ghosts */
            MPI_Sendrecv(x, (int) (ghosts * w), MPI_DOUBLE, prev, 0, x + rows * w, (int) (ghosts * w), MPI_DOUBLE,
                         next, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(x + (rows - ghosts) * w, (int) (ghosts * w), MPI_DOUBLE, next, 1, x - ghosts * w,
                         (int) (ghosts * w), MPI_DOUBLE, prev, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            apply(x, y, rows, first, n, w, cases[k].taps, cases[k].s, cases[k].c, cases[k].reach);
            double dt = MPI_Wtime() - t0, mx;
            MPI_Allreduce(&dt, &mx, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
            if (r >= 0) t[r] = mx;
        }
        if (rank == 0) {
            qsort(t, reps, sizeof(double), cmp);
            double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
            printf("c,c-mpi,host,%s,forward,%d,float64,%ldx%ld,%d,%.9e,%.9e,%.9e,%.4f,\"C axis-0 stencil, "
                   "interior formula, ghost rows by MPI_Sendrecv; 16 bytes/element\"\n",
                   cases[k].name, np, n, n, reps, med, t[0], t[reps - 1], 16.0 * n * n / med / 1e9);
        }
    }
    free(xg);
    free(y);
    {
        /* the Laplacian on m x m: one ghost row either side */
        long lrows = m / np + (rank < m % np ? 1 : 0);
        long lfirst = rank * (m / np) + (rank < m % np ? rank : m % np);
        double *lg = malloc((lrows + 2) * m * sizeof(double)), *ly = malloc((lrows > 0 ? lrows : 1) * m * sizeof(double));
        if (!lg || !ly) {
            fprintf(stderr, "rank %d: out of memory\n", rank);
            MPI_Abort(MPI_COMM_WORLD, 3);
        }
        double *lx = lg + m;
        for (long k = 0; k < (lrows + 2) * m; k++) lg[k] = sin((double) (k + lfirst * m));
        for (long k = 0; k < lrows * m; k++) ly[k] = 0.0;
        for (int r = -2; r < reps; r++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double t0 = MPI_Wtime();
            MPI_Sendrecv(lx, (int) m, MPI_DOUBLE, prev, 0, lx + lrows * m, (int) m, MPI_DOUBLE, next, 0,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(lx + (lrows - 1) * m, (int) m, MPI_DOUBLE, next, 1, lx - m, (int) m, MPI_DOUBLE, prev, 1,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            laplacian(lx, ly, lrows, lfirst, m);
            double dt = MPI_Wtime() - t0, mx;
            MPI_Allreduce(&dt, &mx, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
            if (r >= 0) t[r] = mx;
        }
        if (rank == 0) {
            qsort(t, reps, sizeof(double), cmp);
            double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
            printf("c,c-mpi,host,laplacian,forward,%d,float64,%ldx%ld,%d,%.9e,%.9e,%.9e,%.4f,\"C 2-d Laplacian, "
                   "interior formula, ghost rows by MPI_Sendrecv; 16 bytes/element\"\n",
                   np, m, m, reps, med, t[0], t[reps - 1], 16.0 * m * m / med / 1e9);
        }
        free(lg);
        free(ly);
    }
    free(t);
    MPI_Finalize();
    return 0;
}
