package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.Dottest;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MPIHalo against the serial reference (SPEC §10 test_halo): the forward is the reference's halo
 * matrix H, the adjoint its transpose H^T (not PyLops-MPI's crop, which is {@code crop()}), the
 * sandwich with a first derivative is the serial derivative; dot-tests; collective errors.
 */
class MPIHaloTest {

    /** A halo case: global dims, grid, and widths (scalar when {@code tuple} is null). */
    private record Case(long[] dims, int[] grid, int scalar, int[] tuple) {
        @Override
        public String toString() {
            return "dims " + Arrays.toString(dims) + " grid " + Arrays.toString(grid) + " halo "
                    + (tuple == null ? String.valueOf(scalar) : Arrays.toString(tuple));
        }

        MPIHalo build(org.jlops.mpi.comm.Communicator comm, DType dt) {
            return tuple == null ? new MPIHalo(dims, scalar, grid, comm, dt) : new MPIHalo(dims, tuple, grid, comm, dt);
        }

        DenseOperator reference() {
            DenseOperator h = tuple == null ? ReferenceOperators.halo(dims, scalar, grid)
                    : ReferenceOperators.halo(dims, tuple, grid);
            // the library's adjoint is the transpose: an adjoint-consistent operator of the same matrix
            return DenseOperator.of(h.realMatrix(), h.dims(), h.dimsd());
        }

        /** The crop of the reference (PyLops-MPI's "adjoint"): the adjoint map of the reference halo, as a forward. */
        DenseOperator cropReference() {
            DenseOperator h = tuple == null ? ReferenceOperators.halo(dims, scalar, grid)
                    : ReferenceOperators.halo(dims, tuple, grid);
            return DenseOperator.of(h.realAdjointMatrix(), h.dimsd(), h.dims());
        }
    }

    /** SPEC §10's shapes with P ranks along the long axis (the 8s of the 3-d shapes shrunk to 4 for the dense reference). */
    private static List<Case> specCases(int p, long extra) {
        long n = 16L * p + extra;
        long[][] shapes = {{n}, {n, 8}, {8, n}, {n, 4, 4}, {4, n, 4}, {4, 4, n}};
        int[] longAxis = {0, 0, 1, 0, 1, 2};
        List<Case> cases = new ArrayList<>();
        for (int s = 0; s < shapes.length; s++) {
            int nd = shapes[s].length;
            int[] grid = new int[nd];
            Arrays.fill(grid, 1);
            grid[longAxis[s]] = p;
            int[] perAxis = new int[nd];
            int[] perSide = new int[2 * nd];
            for (int k = 0; k < nd; k++) {
                perAxis[k] = k == longAxis[s] ? 2 : 1;
                perSide[2 * k] = k == longAxis[s] ? 3 : 1;
                perSide[2 * k + 1] = k == longAxis[s] ? 3 : 2;
            }
            cases.add(new Case(shapes[s], grid, 2, null));
            cases.add(new Case(shapes[s], grid, 0, perAxis));
            cases.add(new Case(shapes[s], grid, 0, perSide));
        }
        return cases;
    }

    /** Grids with more than one process on several axes (corners filled through two hops). */
    private static List<Case> gridCases() {
        return List.of(new Case(new long[] {9, 10}, new int[] {2, 2}, 2, null),
                new Case(new long[] {9, 10}, new int[] {2, 2}, 0, new int[] {1, 2}),
                new Case(new long[] {7, 11, 3}, new int[] {2, 3, 1}, 1, null),
                new Case(new long[] {6, 7, 5}, new int[] {1, 2, 3}, 0, new int[] {1, 1, 1, 1, 1, 1}),
                new Case(new long[] {8, 9, 10}, new int[] {2, 2, 2}, 0, new int[] {2, 2, 1, 1, 0, 0}),
                new Case(new long[] {5, 6}, new int[] {3, 2}, 1, null),
                new Case(new long[] {17}, new int[] {2}, 3, null),
                new Case(new long[] {65}, new int[] {4}, 0, new int[] {5}),
                new Case(new long[] {5}, new int[] {4}, 0, null));   // blocks 2, 2, 1, 0 (an empty rank, width 0)
    }

    private static NdArray random(DType dt, long n, long seed) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(dt, n);
        for (long k = 0; k < n; k++) {
            a.set(k, 2 * rnd.nextDouble() - 1, 2 * rnd.nextDouble() - 1);
        }
        return a;
    }

    /** {@code op} (real) applied to the real and imaginary parts of {@code v}, forward or adjoint. */
    private static double[][] apply(DenseOperator op, NdArray v, boolean adjoint) {
        int n = (int) v.size();
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            re[k] = v.re(k);
            im[k] = v.im(k);
        }
        return adjoint ? new double[][] {op.rmatvec(re), op.rmatvec(im)} : new double[][] {op.matvec(re), op.matvec(im)};
    }

    private static void assertClose(double[][] expected, NdArray actual, double rtol, String what) {
        assertEquals(expected[0].length, actual.size(), what + ": size");
        double num = 0;
        double den = 0;
        for (int k = 0; k < expected[0].length; k++) {
            double dr = actual.re(k) - expected[0][k];
            double di = actual.im(k) - expected[1][k];
            num += dr * dr + di * di;
            den += expected[0][k] * expected[0][k] + expected[1][k] * expected[1][k];
        }
        assertTrue(Math.sqrt(num) <= rtol * Math.sqrt(den), what + ": relative error " + Math.sqrt(num / den));
    }

    private static void check(Case c, int p, DType dt) {
        String what = c + " " + dt + " P=" + p;
        DenseOperator ref = c.reference();
        DenseOperator crop = c.cropReference();
        long n = Arrays.stream(c.dims()).reduce(1, Math::multiplyExact);
        NdArray g = random(dt, n, 3);
        NdArray v = random(dt, ref.rows(), 4);
        double rtol = dt.isDoublePrecision() ? 1e-14 : 1e-6;
        LocalCluster.run(p, comm -> {
            MPIHalo h = c.build(comm, dt);
            assertEquals(ref.rows(), h.rows(), what + ": rows = Σ extents");
            DistributedArray x = h.toModel(g);
            assertEquals(g, h.fromModel(x).reshape(n), what + ": toModel/fromModel round trip");
            DistributedArray y = h.matvec(x);
            assertClose(apply(ref, g, false), y.asArray(), rtol, what + ": forward = H x");
            long off = Arrays.stream(h.dataCounts()).limit(comm.rank()).sum();
            DistributedArray yv = h.zerosData();
            NdArray mine = v.slice(0, off, off + h.dataCounts()[comm.rank()]);
            yv.assign(mine);
            DistributedArray xt = h.rmatvec(yv);
            assertClose(apply(ref, v, true), h.fromModel(xt), rtol, what + ": adjoint = H^T y");
            DistributedArray cr = h.crop().matvec(yv);
            assertClose(apply(crop, v, false), h.fromModel(cr), rtol, what + ": crop");
            assertEquals(x.asArray(), h.crop().matvec(y).asArray(), what + ": crop(H x) = x");
            Dottest.assertPasses(h, x, 11, dt.isDoublePrecision() ? 1e-12 : 1e-5, 0);
            Dottest.assertPasses(h.crop(), yv, 12, dt.isDoublePrecision() ? 1e-12 : 1e-5, 0);
        });
    }

    @Tag("slow") // the SPEC parameter sets: seconds each; left out of mutation runs (impl/pom.xml)
    @Test
    void specParameterSetsMatchReference() {
        for (int p = 1; p <= 4; p++) {
            for (Case c : specCases(p, 0)) {
                check(c, p, p % 2 == 0 ? DType.FLOAT64 : DType.COMPLEX128);
            }
        }
    }

    @Tag("slow") // the SPEC parameter sets: seconds each; left out of mutation runs (impl/pom.xml)
    @Test
    void unevenGlobalSizesMatchReference() {
        for (int p = 2; p <= 4; p++) {
            for (Case c : specCases(p, 1)) {
                check(c, p, DType.FLOAT64);
            }
        }
    }

    @Test
    void multiAxisGridsMatchReference() {
        for (Case c : gridCases()) {
            int p = Arrays.stream(c.grid()).reduce(1, Math::multiplyExact);
            for (DType dt : DType.values()) {
                check(c, p, dt);
            }
        }
    }

    @Test
    void tupleWithZerosAtTheBoundaryEqualsScalar() {
        for (int p = 2; p <= 4; p++) {
            int pp = p;
            LocalCluster.run(p, comm -> {
                long[] dims = {8, 16L * pp};
                int[] grid = {1, pp};
                MPIHalo scalar = new MPIHalo(dims, 1, grid, comm, DType.FLOAT64);
                int[] c = scalar.coords();
                int[] tuple = {0, 0, c[1] == 0 ? 0 : 1, c[1] == pp - 1 ? 0 : 1};
                // per-rank tuples: the trimmed widths; accepted because neighbours agree
                MPIHalo perRank = new MPIHalo(dims, tuple, grid, comm, DType.FLOAT64);
                DistributedArray x = scalar.toModel(random(DType.FLOAT64, 8 * 16L * pp, 1));
                assertEquals(scalar.matvec(x).asArray(), perRank.matvec(x).asArray());
            });
        }
    }

    @Test
    void sandwichedFirstDerivativeIsTheSerialDerivative() {
        for (int p = 1; p <= 4; p++) {
            for (Case c : specCases(p, 0)) {
                if (c.tuple() != null) {
                    continue;
                }
                for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
                    int axis = Arrays.stream(c.grid()).boxed().toList().indexOf(p);
                    int ax = p == 1 ? 0 : axis;
                    String what = "sandwich " + c + " " + dt + " P=" + p + " axis " + ax;
                    DenseOperator d = ReferenceOperators.firstDerivative(c.dims(), ax, 1.0,
                            org.jlops.mpi.reference.ops.DerivativeKind.FORWARD, false, 3);
                    long n = d.cols();
                    NdArray g = random(dt, n, 5);
                    LocalCluster.run(p, comm -> {
                        MPIHalo h = c.build(comm, dt);
                        MPILinearOperator s = h.sandwich(new FirstDerivative(h.localExtent(), ax, 1.0,
                                DerivativeKind.FORWARD, false, 3, dt));
                        DistributedArray x = h.toModel(g);
                        assertClose(apply(d, g, false), h.fromModel(s.matvec(x)), 1e-14, what + ": forward");
                        assertClose(apply(d, g, true), h.fromModel(s.rmatvec(x)), 1e-14, what + ": adjoint");
                        Dottest.assertPasses(s, x, 2, 1e-12, 0);
                    });
                }
            }
        }
    }

    @Test
    void sandwichOnMultiAxisGridsIsTheSerialDerivativeAlongEveryAxis() {
        List<Case> cases = List.of(new Case(new long[] {9, 10}, new int[] {2, 2}, 2, null),
                new Case(new long[] {7, 11, 3}, new int[] {2, 3, 1}, 1, null),
                new Case(new long[] {6, 7, 5}, new int[] {1, 2, 3}, 1, null));
        for (Case c : cases) {
            int p = Arrays.stream(c.grid()).reduce(1, Math::multiplyExact);
            for (int ax = 0; ax < c.dims().length; ax++) {
                for (org.jlops.mpi.reference.ops.DerivativeKind kind : new org.jlops.mpi.reference.ops.DerivativeKind[] {
                    org.jlops.mpi.reference.ops.DerivativeKind.FORWARD,
                    org.jlops.mpi.reference.ops.DerivativeKind.CENTERED}) {
                    int axis = ax;
                    String what = "sandwich " + c + " axis " + ax + " " + kind;
                    DenseOperator d = ReferenceOperators.firstDerivative(c.dims(), ax, 1.0, kind, false, 3);
                    NdArray g = random(DType.COMPLEX128, d.cols(), 6);
                    LocalCluster.run(p, comm -> {
                        MPIHalo h = c.build(comm, DType.COMPLEX128);
                        MPILinearOperator s = h.sandwich(new FirstDerivative(h.localExtent(), axis, 1.0,
                                DerivativeKind.valueOf(kind.name()), false, 3, DType.COMPLEX128));
                        DistributedArray x = h.toModel(g);
                        assertClose(apply(d, g, false), h.fromModel(s.matvec(x)), 1e-14, what + ": forward");
                        assertClose(apply(d, g, true), h.fromModel(s.rmatvec(x)), 1e-14, what + ": adjoint");
                    });
                }
            }
        }
    }

    private static String error(int p, java.util.function.Consumer<org.jlops.mpi.comm.Communicator> body) {
        List<String> msgs = LocalCluster.call(p, comm -> assertThrows(IllegalArgumentException.class,
                () -> body.accept(comm)).getMessage());
        for (String m : msgs) {
            assertEquals(msgs.get(0), m, "the same message on every rank");
        }
        return msgs.get(0);
    }

    @Test
    void badArgumentsFailOnEveryRank() {
        assertTrue(error(4, comm -> new MPIHalo(new long[] {64, 8}, 1, new int[] {3, 1}, comm, DType.FLOAT64))
                .contains("does not match comm size 4"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {32}, new int[] {1, 1, 1}, null, comm, DType.FLOAT64))
                .contains("Invalid halo length"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {32}, -1, null, comm, DType.FLOAT64))
                .contains("non-negative"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {32}, new int[] {-1}, null, comm, DType.FLOAT64))
                .contains("non-negative"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {32}, new int[] {1, -1}, null, comm, DType.FLOAT64))
                .contains("non-negative"));
        assertTrue(error(4, comm -> new MPIHalo(new long[] {16}, 5, null, comm, DType.FLOAT64))
                .contains("halo width exceeds local block size 4"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {32}, new int[] {1, 2}, null, comm, DType.FLOAT64))
                .contains("does not match neighbor halo width"));
        assertTrue(error(3, comm -> new MPIHalo(new long[] {30}, comm.rank() == 1 ? 2 : 1, comm))
                .contains("does not match neighbor halo width"));
        String m = error(2, comm -> {
            MPIHalo h = new MPIHalo(new long[] {32}, 1, comm);
            h.matvec(DistributedArray.builder(comm, 32).partition(Partition.BROADCAST).build());
        });
        assertTrue(m.contains("Partition.SCATTER"), m);
        m = error(2, comm -> {
            MPIHalo h = new MPIHalo(new long[] {32}, 1, comm);
            h.rmatvec(DistributedArray.builder(comm, h.rows()).partition(Partition.BROADCAST).build());
        });
        assertTrue(m.contains("Partition.SCATTER"), m);
        m = error(2, comm -> {
            MPIHalo h = new MPIHalo(new long[] {17}, 1, comm);   // ceil-first blocks 9, 8; the default split is 9, 8 too
            h.matvec(DistributedArray.builder(comm, 17).localShapes(new long[][] {{8}, {9}}).build());
        });
        assertTrue(m.startsWith("x: rank 0 holds 8 elements but its block [9] has 9"), m);
    }

    /** Issue 14 (found by the drills): a bad model on one rank threw there while the others waited in the gather. */
    @Test
    void fromModelAgreesOnItsOperand() {
        String m = error(3, comm -> {
            MPIHalo h = new MPIHalo(new long[] {12, 3}, 1, new int[] {3, 1}, comm, DType.FLOAT64);
            h.fromModel(comm.rank() == 1 ? DistributedArray.builder(comm, 37).buildLocal() : h.zerosModel());
        });
        assertEquals("model: dimension mismatch, global shape [37] but the operator needs (36) (reported by rank 1)", m);
        m = error(3, comm -> {
            MPIHalo h = new MPIHalo(new long[] {12, 3}, 1, new int[] {3, 1}, comm, DType.FLOAT64);
            h.fromModel(comm.rank() == 2 ? h.zerosModel().astype(DType.COMPLEX128) : h.zerosModel());
        });
        assertTrue(m.startsWith("model (its layout): must be the same on every rank, but rank 0 passed "
                + "DistributedArray(FLOAT64") && m.contains("rank 2 passed DistributedArray(COMPLEX128"), m);
    }

    /**
     * The accessors on an uneven 3-rank split of 7 rows (blocks 3, 3, 1; the scalar width trimmed at
     * the outer boundary and on the undivided axis), and the default grid (all ranks on the last axis).
     */
    @Test
    void accessorsOfAnUnevenSplit() {
        LocalCluster.run(3, comm -> {
            int r = comm.rank();
            MPIHalo h = new MPIHalo(new long[] {7, 5}, 1, new int[] {3, 1}, comm, DType.FLOAT64);
            assertArrayEquals(new int[] {3, 1}, h.procGridShape());
            assertArrayEquals(new int[] {r, 0}, h.coords());
            assertArrayEquals(new long[] {3L * r, 0}, h.blockStart());
            assertArrayEquals(new long[] {r == 2 ? 1 : 3, 5}, h.localDims());
            assertArrayEquals(new int[][] {{0, 1, 0, 0}, {1, 1, 0, 0}, {1, 0, 0, 0}}[r], h.haloWidths());
            assertArrayEquals(new long[][] {{4, 5}, {5, 5}, {2, 5}}[r], h.localExtent());
            assertArrayEquals(new long[] {15, 15, 5}, h.modelCounts());
            assertArrayEquals(new long[] {20, 25, 10}, h.dataCounts());
            assertEquals(55, h.rows());
            assertEquals(35, h.cols());
            // a per-side tuple is not trimmed: its outer widths stay (and are zero-filled by the forward)
            MPIHalo t = new MPIHalo(new long[] {7, 5}, new int[] {1, 1, 2, 0}, new int[] {3, 1}, comm, DType.FLOAT64);
            assertArrayEquals(new int[] {1, 1, 2, 0}, t.haloWidths());
            assertArrayEquals(new long[][] {{5, 7}, {5, 7}, {3, 7}}[r], t.localExtent());
            MPIHalo d = new MPIHalo(new long[] {2, 6}, 1, comm);
            assertArrayEquals(new int[] {1, 3}, d.procGridShape());
            assertArrayEquals(new long[] {2, 2}, d.localDims());
            assertArrayEquals(new long[] {0, 2L * r}, d.blockStart());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.toModel(null));
            assertEquals("global: null, expected 35 (dims [7, 5])", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> h.toModel(NdArray.zeros(DType.FLOAT64, 36)));
            assertEquals("global: 36 entries, expected 35 (dims [7, 5])", e.getMessage());
        });
    }

    /** A width equal to the local block is allowed (one more is not); zero-sized axes are allowed. */
    @Test
    void widthUpToTheBlockSizeAndEmptyAxes() {
        LocalCluster.run(2, comm -> {
            MPIHalo h = new MPIHalo(new long[] {9}, new int[] {4}, null, comm, DType.FLOAT64);   // blocks 5, 4
            assertArrayEquals(new long[] {13, 12}, h.dataCounts());
            NdArray g = NdArray.zeros(DType.FLOAT64, 9);
            for (int k = 0; k < 9; k++) {
                g.set(k, k + 1, 0);
            }
            NdArray y = h.matvec(h.toModel(g)).asArray();
            // rank 0: 4 zeros, 1..5, then rank 1's 6..9; rank 1: rank 0's 2..5, 6..9, 4 zeros
            double[] want = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0};
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], y.re(k), "entry " + k);
            }
            MPIHalo z = new MPIHalo(new long[] {4, 0}, 1, new int[] {2, 1}, comm, DType.FLOAT64);
            assertArrayEquals(new long[] {0, 0}, z.modelCounts());
            assertEquals(0, z.cols());
        });
        assertTrue(error(2, comm -> new MPIHalo(new long[] {9}, new int[] {5}, null, comm, DType.FLOAT64))
                .contains("halo width exceeds local block size 4"));
        assertTrue(error(2, comm -> new MPIHalo(new long[0], 1, null, comm, DType.FLOAT64))
                .contains("dims: must have at least one dimension, got ()"));
        assertTrue(error(2, comm -> new MPIHalo(null, 1, null, comm, DType.FLOAT64))
                .contains("got null"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {4, -1}, 1, null, comm, DType.FLOAT64))
                .contains("dims: negative dimension in [4, -1]"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {4}, 1, null, comm, null))
                .contains("dtype: must not be null"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {4, 4}, 1, new int[] {2}, comm, DType.FLOAT64))
                .contains("has 1 entries, expected 2"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {4, 4}, 1, new int[] {2, 0}, comm, DType.FLOAT64))
                .contains("expected at least 1 process per axis"));
        assertTrue(error(2, comm -> new MPIHalo(new long[] {4}, null, null, comm, DType.FLOAT64))
                .contains("halo: must not be null"));
    }

    /**
     * Widths each rank passes itself: an outer width may exceed the block (there is no neighbour
     * to read from), an inner one may not, and the message names the side; the messages for bad
     * tuples give the expected lengths and the tuple itself.
     */
    @Test
    void perRankWidthsAndTheirMessages() {
        LocalCluster.run(2, comm -> {
            // blocks 3, 3; rank 0 (4, 1), rank 1 (1, 4): the 4s face the outside
            MPIHalo h = new MPIHalo(new long[] {6}, comm.rank() == 0 ? new int[] {4, 1} : new int[] {1, 4}, null, comm,
                    DType.FLOAT64);
            assertArrayEquals(new long[] {8, 8}, h.dataCounts());
        });
        assertEquals("halo: width 4 on the plus side of axis 0 of rank 0 (grid coordinates [0]): halo width exceeds "
                + "local block size 3", error(2, comm -> new MPIHalo(new long[] {6},
                        comm.rank() == 0 ? new int[] {0, 4} : new int[] {4, 0}, null, comm, DType.FLOAT64)));
        assertEquals("halo: width 4 on the minus side of axis 0 of rank 1 (grid coordinates [1]): halo width exceeds "
                + "local block size 3", error(2, comm -> new MPIHalo(new long[] {6},
                        comm.rank() == 0 ? new int[] {0, 3} : new int[] {4, 0}, null, comm, DType.FLOAT64)));
        assertEquals("halo: [1, 1, 1] has 3 entries, expected 1, 2 or 4 (Invalid halo length) (reported by rank 0)",
                error(2, comm -> new MPIHalo(new long[] {6, 4}, new int[] {1, 1, 1}, null, comm, DType.FLOAT64)));
        assertEquals("halo: -1, widths must be non-negative (reported by rank 0)",
                error(2, comm -> new MPIHalo(new long[] {6}, -1, null, comm, DType.FLOAT64)));
        assertEquals("halo: [1, -1], widths must be non-negative (reported by rank 0)",
                error(2, comm -> new MPIHalo(new long[] {6}, new int[] {1, -1}, null, comm, DType.FLOAT64)));
    }

    /**
     * A complex operand of a real halo gives a complex result (both parts moved), a real operand of a
     * complex halo a complex one; operands in another split are refused by the forward, the crop and
     * fromModel; a sandwiched operator of the wrong size is refused on every rank.
     */
    @Test
    void operandTypesAndLayouts() {
        LocalCluster.run(2, comm -> {
            MPIHalo h = new MPIHalo(new long[] {5}, 1, null, comm, DType.FLOAT64);    // blocks 3, 2
            NdArray g = NdArray.zeros(DType.COMPLEX128, 5);
            for (int k = 0; k < 5; k++) {
                g.set(k, k + 1, -(k + 1));
            }
            DistributedArray y = h.matvec(h.toModel(g));
            assertEquals(DType.COMPLEX128, y.dtype());
            NdArray yg = y.asArray();
            double[] want = {1, 2, 3, 4, 3, 4, 5};      // rank 0: 1 2 3 | 4; rank 1: 3 | 4 5
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], yg.re(k), "re " + k);
                assertEquals(-want[k], yg.im(k), "im " + k);
            }
            NdArray back = h.fromModel(h.rmatvec(y));
            assertEquals(DType.COMPLEX128, back.dtype());
            assertEquals(-2 * 3, back.im(2), "row 2 counted twice by the transpose");
            MPIHalo z = new MPIHalo(new long[] {5}, 1, null, comm, DType.COMPLEX128);
            NdArray r = NdArray.zeros(DType.FLOAT64, 5);
            assertEquals(DType.COMPLEX128, z.matvec(z.toModel(r)).dtype());
            assertEquals(DType.COMPLEX128, z.crop().matvec(z.zerosData().astype(DType.FLOAT64)).dtype());

            DistributedArray skewModel = DistributedArray.builder(comm, 5).localShapes(new long[][] {{2}, {3}}).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.fromModel(skewModel));
            assertTrue(e.getMessage().startsWith("model: rank 0 holds 2 elements but its block [3] has 3"),
                    e.getMessage());
            DistributedArray skewData = DistributedArray.builder(comm, 7).localShapes(new long[][] {{3}, {4}}).build();
            e = assertThrows(IllegalArgumentException.class, () -> h.crop().matvec(skewData));
            assertTrue(e.getMessage().startsWith("x: rank 0 holds 3 elements but its extended block [4] has 4"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> h.crop().rmatvec(skewModel));
            assertTrue(e.getMessage().startsWith("y: rank 0 holds 2 elements but its block [3] has 3"), e.getMessage());
        });
        String m = error(2, comm -> new MPIHalo(new long[] {5}, 1, null, comm, DType.FLOAT64)
                .sandwich(new org.jlops.mpi.ops.serial.Identity(comm.rank() == 1 ? 4 : 3)));
        assertTrue(m.startsWith("inner: 3x3 on rank 1, expected 4x4 (the extended block [4])")
                || m.startsWith("inner: 3x3 on rank 0, expected 4x4"), m);
    }
}
