/*
 * OSU-style communication benchmark in plain MPI C: the baseline of the JLops-MPI communication
 * report. Same cases, same loops and same timing method as the Java harness
 * (org.jlops.mpi.bench.comm.OsuHarness and CommBench), so the rows compare one to one:
 *
 *   warm-up calls; then for each repetition: barrier, clock, `iterations` calls, clock;
 *   this rank's time per call = elapsed / (iterations * calls per iteration); the repetition's
 *   time = maximum over ranks (MPI_Allreduce MAX, outside the timed region);
 *   reported: median, minimum and maximum over the repetitions.
 *
 * Cases: allreduce (SUM) of 1 and of 2^20 doubles, allgather of 2^22 doubles in total, ping-pong
 * of 8 bytes and of 8 MiB between ranks 0 and 1 (blocking send then receive; an iteration is a
 * round trip and counts as two messages, so the time is half a round trip). --quick: tiny sizes.
 *
 * Build: mpicc -O2 -o osu_like osu_like.c
 * Run:   mpirun -np 2 ./osu_like [--reps N] [--quick]   (rank 0 prints CSV rows, no header, in
 *        the bench columns of results/README.md)
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum workload { ALLREDUCE, ALLGATHER, PINGPONG };

struct bench_case {
    enum workload workload;
    long size;       /* elements (allgather: in total); bytes for ping-pong */
    int warmup;
    int iterations;
};

/* Keep in step with CommBench.standardCases() and quickCases(). */
static const struct bench_case STANDARD[] = {
    {ALLREDUCE, 1, 300000, 100000},
    {ALLREDUCE, 1L << 20, 5, 20},
    {ALLGATHER, 1L << 22, 3, 10},
    {PINGPONG, 8, 300000, 100000},
    {PINGPONG, 8L << 20, 5, 20},
};
static const struct bench_case QUICK[] = {
    {ALLREDUCE, 1, 2, 5},
    {ALLREDUCE, 1024, 2, 5},
    {ALLGATHER, 4096, 2, 5},
    {PINGPONG, 8, 2, 5},
    {PINGPONG, 8192, 2, 5},
};

static int rank, np;

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

static double *alloc_filled(long n, double value) {
    void *p = big_alloc((size_t) (n > 0 ? n : 1) * sizeof(double));
    if (p == NULL) {
        fprintf(stderr, "rank %d: out of memory for %ld doubles\n", rank, n);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
    double *d = p;
    for (long i = 0; i < n; i++) d[i] = value;
    return d;
}

/* Aborts every rank when the check failed on any rank. */
static void agree(int ok, const char *what) {
    int all;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all) {
        if (rank == 0) fprintf(stderr, "osu_like: wrong result of %s\n", what);
        MPI_Abort(MPI_COMM_WORLD, 4);
    }
}

/* The work of one timed iteration. */
struct loop {
    enum workload workload;
    double *send, *recv;
    int count;
};

static void iteration(const struct loop *l) {
    const int tag = 7;
    switch (l->workload) {
    case ALLREDUCE:
        MPI_Allreduce(l->send, l->recv, l->count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        break;
    case ALLGATHER:
        MPI_Allgather(l->send, l->count, MPI_DOUBLE, l->recv, l->count, MPI_DOUBLE, MPI_COMM_WORLD);
        break;
    case PINGPONG:
        if (np == 1) {
            MPI_Sendrecv(l->send, l->count, MPI_DOUBLE, 0, tag, l->recv, l->count, MPI_DOUBLE, 0, tag,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(l->send, l->count, MPI_DOUBLE, 0, tag, l->recv, l->count, MPI_DOUBLE, 0, tag,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 0) {
            MPI_Send(l->send, l->count, MPI_DOUBLE, 1, tag, MPI_COMM_WORLD);
            MPI_Recv(l->recv, l->count, MPI_DOUBLE, 1, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            MPI_Recv(l->recv, l->count, MPI_DOUBLE, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(l->send, l->count, MPI_DOUBLE, 0, tag, MPI_COMM_WORLD);
        }
        break;
    }
}

/* The harness: warm-up, then per repetition barrier + timed loop + MAX over ranks. */
static void measure(const struct loop *l, int warmup, int iterations, int calls, int reps, double *times) {
    for (int i = 0; i < warmup; i++) iteration(l);
    for (int r = 0; r < reps; r++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        for (int i = 0; i < iterations; i++) iteration(l);
        double mine = (MPI_Wtime() - t0) / ((double) iterations * calls);
        MPI_Allreduce(&mine, &times[r], 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    }
}

static void run_case(const struct bench_case *c, int reps, int quick) {
    struct loop l = {c->workload, NULL, NULL, 0};
    long global = c->size, bytes_per_call;
    int calls = 1;
    const char *name, *op, *dtype = "float64";
    char detail[160];
    switch (c->workload) {
    case ALLREDUCE: {
        l.count = (int) c->size;
        l.send = alloc_filled(l.count, rank + 1);
        l.recv = alloc_filled(l.count, 0);
        iteration(&l);
        double expected = np * (np + 1) / 2.0;
        agree(l.recv[0] == expected && l.recv[l.count - 1] == expected, "MPI_Allreduce");
        name = "allreduce"; op = "MPI_Allreduce";
        bytes_per_call = c->size * (long) sizeof(double);
        snprintf(detail, sizeof detail, "SUM, separate send/recv");
        break;
    }
    case ALLGATHER: {
        long block = c->size / np > 0 ? c->size / np : 1;
        l.count = (int) block;
        global = block * np;
        l.send = alloc_filled(block, rank + 1);
        l.recv = alloc_filled(global, 0);
        iteration(&l);
        int ok = 1;
        for (int r = 0; r < np; r++) ok &= l.recv[r * block] == r + 1 && l.recv[(r + 1) * block - 1] == r + 1;
        agree(ok, "MPI_Allgather");
        name = "allgather"; op = "MPI_Allgather";
        bytes_per_call = global * (long) sizeof(double);
        snprintf(detail, sizeof detail, "%ld per rank", block);
        break;
    }
    case PINGPONG:
    default: {
        l.count = (int) (c->size / (long) sizeof(double));
        l.send = alloc_filled(l.count, rank + 1);
        l.recv = alloc_filled(l.count, 0);
        iteration(&l);
        double expected = np == 1 ? 1 : rank == 0 ? 2 : 1;
        agree(rank > 1 || (l.recv[0] == expected && l.recv[l.count - 1] == expected), "ping-pong");
        calls = 2;
        name = "pingpong"; op = "MPI_Send+MPI_Recv"; dtype = "byte";
        bytes_per_call = c->size;
        if (np == 1) snprintf(detail, sizeof detail, "one rank: sendrecv to itself; time per message");
        else snprintf(detail, sizeof detail, "ranks 0-1, half round trip; sent as %d float64", l.count);
        break;
    }
    }
    double *times = malloc(reps * sizeof(double));
    measure(&l, c->warmup, c->iterations, calls, reps, times);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        qsort(times, reps, sizeof(double), cmp);
        double med = reps % 2 ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
        printf("c,c-mpi,host,%s,%s,%d,%s,%ld,%d,%.6e,%.6e,%.6e,%.6g,\"%s; warmup %d, %d iterations/rep; malloc%s\"\n",
               name, op, np, dtype, global, reps, med, times[0], times[reps - 1], bytes_per_call / med / 1e9,
               detail, c->warmup, c->iterations, quick ? "; quick" : "");
        fflush(stdout);
    }
    free(times);
    free(l.send);
    free(l.recv);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);
    int reps = 7, quick = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            reps = atoi(argv[++i]);
        } else {
            if (rank == 0) fprintf(stderr, "osu_like: unknown argument '%s'; usage: osu_like [--reps N>=5] [--quick]\n",
                                   argv[i]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
    }
    if (reps < 5) {
        if (rank == 0) fprintf(stderr, "osu_like: --reps must be at least 5 for a median, got %d\n", reps);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    const struct bench_case *cases = quick ? QUICK : STANDARD;
    size_t n = quick ? sizeof QUICK / sizeof QUICK[0] : sizeof STANDARD / sizeof STANDARD[0];
    for (size_t i = 0; i < n; i++) run_case(&cases[i], reps, quick);
    MPI_Finalize();
    return 0;
}
