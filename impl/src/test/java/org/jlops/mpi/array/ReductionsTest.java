package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Communicators;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.profile.LogView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Reductions#norms}: the same bits as the separate {@code norm} calls for every ord, dtype,
 * rank count and split, over stacks and masked arrays; one collective where the separate calls
 * make one each; and a bad or differing ord on one rank answered alike on every rank.
 */
class ReductionsTest {

    private static final double[] ORDS = {2, 1, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, 0.5};

    @AfterEach
    void off() {
        LogView.disable();
        LogView.reset();
    }

    private static NdArray values(Random rnd, DType dt, long... shape) {
        NdArray a = NdArray.zeros(dt, shape);
        for (long k = 0; k < a.size(); k++) {
            double scale = rnd.nextInt(7) == 0 ? 0 : Math.pow(10, rnd.nextInt(12) - 6);
            a.set(k, scale * (rnd.nextDouble() - 0.5), scale * (rnd.nextDouble() - 0.5));
        }
        return a;
    }

    /** A split of {@code n} over {@code p} ranks with empty ranks now and then. */
    private static long[][] split(Random rnd, long n, int p) {
        long[][] c = new long[p][1];
        long left = n;
        for (int r = 0; r < p - 1; r++) {
            c[r][0] = rnd.nextInt(4) == 0 ? 0 : (long) (rnd.nextDouble() * (left + 1));
            left -= c[r][0];
        }
        c[p - 1][0] = left;
        return c;
    }

    /** The three vectors of a case: an unevenly split 1-d array, a stack (1-d and 2-d components), a 2-d array. */
    private static DistributedVector[] vectors(Communicator comm, long seed, DType dt) {
        Random rnd = new Random(seed);
        int p = comm.size();
        long n = 1 + rnd.nextInt(1200);
        long[][] shapes = split(rnd, n, p);
        NdArray g = values(rnd, dt, n);
        long from = 0;
        for (int r = 0; r < comm.rank(); r++) {
            from += shapes[r][0];
        }
        DistributedArray a = DistributedArray.builder(comm, n).localShapes(shapes).dtype(dt)
                .localArray(g.slice(0, from, from + shapes[comm.rank()][0])).build();
        DistributedArray s1 = DistributedArray.toDist(values(rnd, dt, 1 + rnd.nextInt(700)), comm);
        DistributedArray s2 = DistributedArray.toDist(values(rnd, dt, 3 + rnd.nextInt(40), 1 + rnd.nextInt(9)), comm);
        DistributedArray c = DistributedArray.toDist(values(rnd, dt, 2 + rnd.nextInt(30), 1 + rnd.nextInt(30)), comm,
                Partition.SCATTER, 1);
        return new DistributedVector[] {a, new StackedDistributedArray(List.of(s1, s2)), c};
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    @Test
    void theSameBitsAsTheSeparateNorms() {
        for (int p = 1; p <= 4; p++) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.COMPLEX128}) {
                for (int c = 0; c < 3; c++) {
                    long seed = 1000L * p + 10L * dt.ordinal() + c;
                    double[] ords = {ORDS[(int) (seed % ORDS.length)], ORDS[(int) ((seed / 7) % ORDS.length)],
                            ORDS[(int) ((seed / 3 + 1) % ORDS.length)]};
                    LocalCluster.run(p, comm -> {
                        DistributedVector[] v = vectors(comm, seed, dt);
                        double[] together = Reductions.norms(v[0], ords[0], v[1], ords[1], v[2], ords[2]);
                        double[] pair = Reductions.norms(v[2], ords[0], v[0], ords[2]);
                        for (int i = 0; i < 3; i++) {
                            assertEquals(bits(v[i].norm(ords[i])), bits(together[i]),
                                    "vector " + i + ", ord " + ords[i] + ", seed " + seed);
                        }
                        assertEquals(bits(v[2].norm(ords[0])), bits(pair[0]));
                        assertEquals(bits(v[0].norm(ords[2])), bits(pair[1]));
                    });
                }
            }
        }
    }

    @Test
    void maskedArraysAndOtherCommunicatorsAreReducedOnTheirOwnWithTheSameBits() {
        LocalCluster.run(4, comm -> {
            long[][] shapes = {{60}, {30}, {41}, {71}};
            Random rnd = new Random(5);
            NdArray mine = values(rnd, DType.FLOAT64, shapes[comm.rank()][0]);
            DistributedArray masked = DistributedArray.builder(comm, 202).localShapes(shapes).mask(0, 1, 0, 1)
                    .localArray(mine).build();
            DistributedArray plain = DistributedArray.toDist(values(new Random(6), DType.FLOAT64, 333), comm);
            Communicator half = comm.split(comm.rank() / 2, comm.rank());
            DistributedArray other = DistributedArray.toDist(values(new Random(7), DType.FLOAT64, 99), half);
            double[] n = Reductions.norms(masked, 2, plain, 1, other, 2);
            assertEquals(bits(masked.norm(2)), bits(n[0]));
            assertEquals(bits(plain.norm(1)), bits(n[1]));
            assertEquals(bits(other.norm(2)), bits(n[2]));
        });
    }

    @Test
    void oneCollectiveForAllTheNorms() {
        LogView.enable();
        List<LogView.Report> reports = LocalCluster.call(3, comm -> {
            DistributedVector[] v = vectors(comm, 42, DType.FLOAT64);
            Reductions.norms(v[0], 2, v[1], 1, v[2], Double.POSITIVE_INFINITY);
            return Communicators.logView(comm);
        });
        long collectives = 0;
        for (LogView.Row r : reports.get(0).rows()) {
            if (r.kind() == LogView.Kind.COMM && r.path().startsWith("Reductions.norms")) {
                collectives += r.callsMax();
            }
        }
        assertEquals(1, collectives, reports.get(0).format());
    }

    @Test
    void aNanOrdOnOneRankFailsOnEveryRank() {
        List<String> messages = LocalCluster.call(3, comm -> {
            DistributedVector[] v = vectors(comm, 9, DType.FLOAT64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Reductions.norms(v[0], 2, v[1], comm.rank() == 1 ? Double.NaN : 2, v[2], 1));
            return e.getMessage();
        });
        for (String m : messages) {
            assertEquals(messages.get(0), m);
            assertTrue(m.contains("ord: must be a number") && m.contains("rank 1"), m);
        }
    }

    @Test
    void anOrdThatDiffersBetweenRanksFailsOnEveryRankNamingIt() {
        List<String> messages = LocalCluster.call(2, comm -> {
            DistributedVector[] v = vectors(comm, 11, DType.COMPLEX128);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Reductions.norms(v[0], 2, v[2], comm.rank() == 0 ? 1 : 2));
            return e.getMessage();
        });
        assertEquals(messages.get(0), messages.get(1));
        assertTrue(messages.get(0).startsWith("ord (reduction 2 of 2): "), messages.get(0));
    }

    @Test
    void aNullVectorIsRejectedBeforeAnyCommunication() {
        LocalCluster.run(1, comm -> {
            DistributedArray a = DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 4), comm);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Reductions.norms(a, 2, null, 2));
            assertTrue(e.getMessage().startsWith("vector 2 of 2"), e.getMessage());
        });
    }
}
