/*
 * STREAM-style memory-bandwidth floor for the JLops-MPI reports: every rank runs the copy
 * (c = a) and triad (a = b + s*c) loops on its own arrays of n/np doubles; each repetition is
 * timed between barriers and the slowest rank counts; the median over repetitions is reported.
 * Bytes counted per element (STREAM's convention, no write-allocate traffic): copy 16, triad 24.
 *
 * Build: mpicc -O2 -march=native -o stream stream.c
 * Run:   mpirun -np N ./stream <total elements> <reps> [op suffix]   (prints CSV rows in the bench
 *        columns; a suffix such as "-O3" names the ops copy-O3 and triad-O3, for a second build)
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

/* n doubles, 2 MiB aligned; backed by transparent huge pages when JLOPS_HUGEPAGES=1 (as NumPy's
 * large arrays and a JVM heap under -XX:+UseTransparentHugePages are), so floors compare alike. */
static void *big_alloc(size_t bytes) {
    const size_t align = (size_t) 2 << 20;
    size_t size = bytes == 0 ? align : (bytes + align - 1) / align * align;
    void *p = NULL;
    if (posix_memalign(&p, align, size) != 0) return NULL;
    const char *e = getenv("JLOPS_HUGEPAGES");
    if (e != NULL && e[0] == '1') madvise(p, size, MADV_HUGEPAGE);
    return p;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

static void report(const char *op, const char *suffix, int np, long total, int reps, double *t,
                   double bytes_per_elem) {
    qsort(t, reps, sizeof(double), cmp);
    double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
    printf("c,c-mpi,host,stream,%s%s,%d,float64,%ld,%d,%.9e,%.9e,%.9e,%.4f,\"STREAM-style %s; %g bytes/element\"\n",
           op, suffix, np, total, reps, med, t[0], t[reps - 1], bytes_per_elem * total / med / 1e9, op, bytes_per_elem);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, np;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    long total = argc > 1 ? atol(argv[1]) : (1L << 24);
    int reps = argc > 2 ? atoi(argv[2]) : 10;
    const char *suffix = argc > 3 ? argv[3] : "";
    if (total < 1 || reps < 1) {
        if (rank == 0) fprintf(stderr, "usage: stream <total elements >= 1> <reps >= 1>\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    long n = total / np + (rank < total % np ? 1 : 0);
    double *a = big_alloc(n * sizeof(double)), *b = big_alloc(n * sizeof(double)), *c = big_alloc(n * sizeof(double));
    double *tc = malloc(reps * sizeof(double)), *tt = malloc(reps * sizeof(double));
    if (!a || !b || !c || !tc || !tt) {
        fprintf(stderr, "rank %d: out of memory for %ld elements\n", rank, n);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
    for (long i = 0; i < n; i++) { a[i] = 1.0; b[i] = 2.0; c[i] = 0.0; }
    const double s = 3.0;
    for (int k = -2; k < reps; k++) {           /* two warm-up rounds */
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        for (long i = 0; i < n; i++) c[i] = a[i];
        double dt = MPI_Wtime() - t0, mx;
        MPI_Allreduce(&dt, &mx, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        if (k >= 0) tc[k] = mx;
        MPI_Barrier(MPI_COMM_WORLD);
        t0 = MPI_Wtime();
        for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
        dt = MPI_Wtime() - t0;
        MPI_Allreduce(&dt, &mx, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        if (k >= 0) tt[k] = mx;
    }
    if (rank == 0) {
        report("copy", suffix, np, total, reps, tc, 16);
        report("triad", suffix, np, total, reps, tt, 24);
        if (a[n / 2] < 0) printf("#\n"); /* keep the loops alive */
    }
    free(a); free(b); free(c); free(tc); free(tt);
    MPI_Finalize();
    return 0;
}
