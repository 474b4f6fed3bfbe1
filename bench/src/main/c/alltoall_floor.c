/*
 * All-to-all floor of the distributed FFTs (fft2d, fftnd): the C MPI_Alltoall of the volume their
 * slab transposes move, per product. MPIFFT2D/MPIFFTND redistribute the whole (complex) array
 * twice per product (to the second axis and back to the first), so a repetition times two
 * MPI_Alltoall calls of the whole array: each rank sends count = N / np^2 complex elements to
 * every rank (itself included), N the complex elements of the workload's array:
 *   fft2d complex128 4096 x 4096, fft2d float64 (real) 2048 x 1025 (the r2c half spectrum), fftnd
 *   complex128 256^3 (with --quick: 32 x 32, 32 x 17, 16^3).
 * Timing as osu_like.c: warm-up, then per repetition a barrier, the clock, the calls, the clock;
 * the repetition's time is the maximum over ranks; median, minimum and maximum are reported, in
 * the bench columns (impl c, backend c-mpi, workload alltoall, op the FFT workload), by rank 0.
 * Bytes counted: the bytes each rank sends to the others (not to itself), times the ranks.
 *
 * Build: mpicc -O2 -o alltoall_floor alltoall_floor.c
 * Run:   mpirun -np N ./alltoall_floor [--reps N] [--quick]      (N >= 2)
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int cmp(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

static double *buffer(size_t doubles) {
    void *p = NULL;
    if (posix_memalign(&p, 2 << 20, doubles * sizeof(double) + 1) != 0) {
        fprintf(stderr, "alltoall_floor: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
#ifdef MADV_HUGEPAGE
    if (getenv("JLOPS_HUGEPAGES")) {
        madvise(p, doubles * sizeof(double), MADV_HUGEPAGE);
    }
#endif
    for (size_t i = 0; i < doubles; i++) {
        ((double *) p)[i] = (double) (i % 1000) * 1e-3;
    }
    return p;
}

static void run(const char *workload, const char *dtype, const char *shape, long n, int reps) {
    int me, np;
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    long count = n / ((long) np * np);          /* complex elements per peer */
    double *send = buffer(2 * (size_t) count * np);
    double *recv = buffer(2 * (size_t) count * np);
    double *t = malloc(sizeof(double) * reps);
    for (int w = 0; w < 2; w++) {
        MPI_Alltoall(send, (int) (2 * count), MPI_DOUBLE, recv, (int) (2 * count), MPI_DOUBLE, MPI_COMM_WORLD);
    }
    for (int r = 0; r < reps; r++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        MPI_Alltoall(send, (int) (2 * count), MPI_DOUBLE, recv, (int) (2 * count), MPI_DOUBLE, MPI_COMM_WORLD);
        MPI_Alltoall(recv, (int) (2 * count), MPI_DOUBLE, send, (int) (2 * count), MPI_DOUBLE, MPI_COMM_WORLD);
        double mine = MPI_Wtime() - t0, worst;
        MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        t[r] = worst;
    }
    if (me == 0) {
        qsort(t, reps, sizeof(double), cmp);
        double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
        double bytes = 2.0 * 16.0 * (double) count * np * (np - 1);
        printf("c,c-mpi,host,alltoall,%s,%d,%s,%s,%d,%.9e,%.9e,%.9e,%.4f,\"two MPI_Alltoall of the whole array "
               "(the product's transposes), %ld complex elements per peer; max over ranks\"\n",
               workload, np, dtype, shape, reps, med, t[0], t[reps - 1], bytes / med / 1e9, count);
        fflush(stdout);
    }
    free(t);
    free(send);
    free(recv);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int reps = 7, quick = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else {
            fprintf(stderr, "usage: alltoall_floor [--reps N] [--quick]\n");
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
    }
    if (reps < 1) reps = 1;
    char shape[64];
    int n = quick ? 32 : 4096;
    snprintf(shape, sizeof shape, "%dx%d", n, n);
    run("fft2d", "complex128", shape, (long) n * n, reps);
    n = quick ? 32 : 2048;
    snprintf(shape, sizeof shape, "%dx%d", n, n);
    run("fft2d", "float64", shape, (long) n * (n / 2 + 1), reps);
    n = quick ? 16 : 256;
    snprintf(shape, sizeof shape, "%dx%dx%d", n, n, n);
    run("fftnd", "complex128", shape, (long) n * n * n, reps);
    MPI_Finalize();
    return 0;
}
