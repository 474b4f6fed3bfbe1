package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.Reductions;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.ElementMaps;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;

/**
 * The drills of the array API, one group per array class:
 *
 * <ul>
 *   <li>{@code array/DistributedArray}: the element-wise methods and {@code dot} with a bad
 *       {@code other}, {@code x} or {@code out} of every kind of {@link BadOperands} on one rank;
 *       {@code norm(ord)} and {@code norm(ord, axis)} with a NaN or differing ord or axis;
 *       {@code redistribute}, {@code resplit}, {@code resplitLike}, {@code assign},
 *       {@code asArray(masked)} and {@code addGhostCells} with an argument that is bad or differs
 *       on one rank (different ghost-cell counts per rank are legitimate: that drill expects
 *       {@link Status#ACCEPTED}); the shrinkage solvers' fused {@code ishrinkStep} and
 *       {@code Reductions.normsWithResidual} with a bad or shared operand on one rank;</li>
 *   <li>{@code array/StackedDistributedArray}: the same element-wise methods and {@code dot} with a
 *       stack whose structure or one component differs on one rank (another length, dtype or split
 *       of a component, a plain array, one component more, null), and {@code norm(ord)}.</li>
 * </ul>
 */
public final class ArrayDrills {

    /** The length of the drilled vectors (uneven over 2 and 3 ranks). */
    static final long N = 7;

    private ArrayDrills() {
    }

    /** Both groups. */
    public static List<Drill> drills() {
        List<Drill> out = new ArrayList<>(distributedArray());
        out.addAll(stacked());
        return out;
    }

    // ----------------------------------------------------------------------- methods on one vector

    /** Which operand of a {@link VectorMethod} is bad. */
    private enum Role {
        /** The operand, an input. */
        OPERAND,
        /** The operand, an input; the receiver is updated in place. */
        IN_PLACE,
        /** The output. */
        OUT
    }

    /** A method of {@link DistributedVector} taking another vector and/or an output. */
    @FunctionalInterface
    private interface Op {
        Object apply(DistributedVector receiver, DistributedVector other, DistributedVector out);
    }

    private record VectorMethod(String method, String argument, Role role, Op op) {
    }

    private static final List<VectorMethod> VECTOR_METHODS = List.of(
            new VectorMethod("add", "other", Role.OPERAND, (x, o, out) -> x.add(o)),
            new VectorMethod("subtract", "other", Role.OPERAND, (x, o, out) -> x.subtract(o)),
            new VectorMethod("multiply", "other", Role.OPERAND, (x, o, out) -> x.multiply(o)),
            new VectorMethod("dot", "other", Role.OPERAND, (x, o, out) -> x.dot(o, true)),
            new VectorMethod("iadd", "other", Role.IN_PLACE, (x, o, out) -> x.iadd(o)),
            new VectorMethod("isub", "other", Role.IN_PLACE, (x, o, out) -> x.isub(o)),
            new VectorMethod("iaxpy", "x", Role.IN_PLACE, (x, o, out) -> x.iaxpy(2, 0, o)),
            new VectorMethod("iaypx", "x", Role.IN_PLACE, (x, o, out) -> x.iaypx(2, 0, o)),
            new VectorMethod("add_out", "out", Role.OUT, (x, o, out) -> x.add(o, out)),
            new VectorMethod("subtract_out", "out", Role.OUT, (x, o, out) -> x.subtract(o, out)),
            new VectorMethod("multiply_out", "out", Role.OUT, (x, o, out) -> x.multiply(2, 0, out)),
            new VectorMethod("copyTo", "out", Role.OUT, (x, o, out) -> x.copyTo(out)));

    /** A vector of the group's kind: {@code make(comm, k)} gives the k-th (different values, same layout). */
    @FunctionalInterface
    private interface Maker {
        DistributedVector make(Communicator comm, int k);
    }

    /** Every method of {@link #VECTOR_METHODS} with each kind (and stack variant) of bad operand. */
    private static void vectorMethods(Group g, Maker maker, List<Badness> kinds, Set<Badness> extra) {
        axpyAypx(g, maker, kinds);
        shrinkStep(g, maker, kinds);
        residualNorms(g, maker, kinds);
        for (VectorMethod m : VECTOR_METHODS) {
            for (Badness b : kinds) {
                g.add(m.method(), m.argument(), b, (comm, bad) -> scene(m, maker, b, "", comm, bad));
            }
            for (Badness b : extra) {
                g.add(g.drill(m.method(), m.argument(), b, (comm, bad) -> scene(m, maker, b, "extra", comm, bad))
                        .variant("extra"));
            }
            if (m.role() == Role.OUT && !m.method().equals("multiply_out") && !m.method().equals("copyTo")) {
                // the out forms with an operand: a bad operand too, with a good output
                g.add(m.method(), "other", Badness.SIZE, (comm, bad) -> {
                    DistributedVector x = maker.make(comm, 0);
                    DistributedVector o = BadOperands.operand(Badness.SIZE, maker.make(comm, 1), comm, bad);
                    DistributedVector out = maker.make(comm, 2);
                    return Scene.of(() -> m.op().apply(x, o, out), x, o).writing(out);
                });
            }
        }
    }

    /** {@code receiver.iaxpyAypx(2, y, 0.5, x)}: the bad operand is {@code x} (an input) or {@code y} (written). */
    private static void axpyAypx(Group g, Maker maker, List<Badness> kinds) {
        for (Badness b : kinds) {
            for (String which : new String[] {"x", "y"}) {
                g.add("iaxpyAypx", which, b, (comm, bad) -> {
                    DistributedVector p = maker.make(comm, 0);
                    DistributedVector x = maker.make(comm, 1);
                    DistributedVector y = maker.make(comm, 2);
                    if (which.equals("x")) {
                        DistributedVector mine = BadOperands.operand(b, x, comm, bad);
                        return Scene.of(() -> p.iaxpyAypx(2, y, 0.5, mine), mine).writing(p, y);
                    }
                    DistributedVector mine = BadOperands.operand(b, y, comm, bad);
                    return Scene.of(() -> p.iaxpyAypx(2, mine, 0.5, x), x).writing(p, mine);
                });
            }
        }
        // y the receiver itself on one rank only
        g.add(g.drill("iaxpyAypx", "y", Badness.DIFFERS, (comm, bad) -> {
            DistributedVector p = maker.make(comm, 0);
            DistributedVector x = maker.make(comm, 1);
            DistributedVector other = maker.make(comm, 2);                   // collective: made on every rank
            DistributedVector y = comm.rank() == bad ? p : other;
            return Scene.of(() -> p.iaxpyAypx(2, y, 0.5, x), x).writing(p, y);
        }).variant("alias"));
    }

    /**
     * {@code receiver.ishrinkStep(SOFT, 0.1, 0.5, z, x, d, true, 0.3)} (the shrinkage solvers' fused
     * step): the bad operand is {@code z} or {@code d} (written) or {@code x} (an input); and
     * {@code d} the same vector as {@code z} on one rank only.
     */
    private static void shrinkStep(Group g, Maker maker, List<Badness> kinds) {
        for (Badness b : kinds) {
            for (String which : new String[] {"z", "x", "d"}) {
                g.add("ishrinkStep", which, b, (comm, bad) -> {
                    DistributedVector r = maker.make(comm, 0);
                    DistributedVector z = maker.make(comm, 1);
                    DistributedVector x = maker.make(comm, 2);
                    DistributedVector d = maker.make(comm, 3);
                    DistributedVector zz = which.equals("z") ? BadOperands.operand(b, z, comm, bad) : z;
                    DistributedVector xx = which.equals("x") ? BadOperands.operand(b, x, comm, bad) : x;
                    DistributedVector dd = which.equals("d") ? BadOperands.operand(b, d, comm, bad) : d;
                    return Scene.of(() -> r.ishrinkStep(ElementMaps.Shrink.SOFT, 0.1, 0.5, zz, xx, dd, true, 0.3),
                            xx).writing(r, zz, dd);
                });
            }
        }
        g.add(g.drill("ishrinkStep", "d", Badness.DIFFERS, (comm, bad) -> {
            DistributedVector r = maker.make(comm, 0);
            DistributedVector z = maker.make(comm, 1);
            DistributedVector x = maker.make(comm, 2);
            DistributedVector other = maker.make(comm, 3);                   // collective: made on every rank
            DistributedVector d = comm.rank() == bad ? z : other;
            return Scene.of(() -> r.ishrinkStep(ElementMaps.Shrink.SOFT, 0.1, 0.5, z, x, d, true, 0.3), x)
                    .writing(r, z, d);
        }).variant("alias"));
    }

    /**
     * {@code Reductions.normsWithResidual(a, 2, a, 1, y, p, q, 0.5, res, scratch)} (FISTA's end of
     * step): the bad operand is {@code p} or {@code q} (inputs) or {@code res} or {@code scratch}
     * (written); and {@code res} the same vector as {@code p} on one rank only.
     */
    private static void residualNorms(Group g, Maker maker, List<Badness> kinds) {
        for (Badness b : kinds) {
            for (String which : new String[] {"p", "q", "res", "scratch"}) {
                g.add("Reductions.normsWithResidual", which, b, (comm, bad) -> {
                    DistributedVector a = maker.make(comm, 0);
                    DistributedVector y = maker.make(comm, 1);
                    DistributedVector p = maker.make(comm, 2);
                    DistributedVector q = maker.make(comm, 3);
                    DistributedVector res = maker.make(comm, 4);
                    DistributedVector scratch = maker.make(comm, 5);
                    DistributedVector pp = which.equals("p") ? BadOperands.operand(b, p, comm, bad) : p;
                    DistributedVector qq = which.equals("q") ? BadOperands.operand(b, q, comm, bad) : q;
                    DistributedVector rr = which.equals("res") ? BadOperands.operand(b, res, comm, bad) : res;
                    DistributedVector ss = which.equals("scratch") ? BadOperands.operand(b, scratch, comm, bad)
                            : scratch;
                    return Scene.of(() -> Reductions.normsWithResidual(a, 2, a, 1, y, pp, qq, 0.5, rr, ss), a, y, pp,
                            qq).writing(rr, ss);
                });
            }
        }
        g.add(g.drill("Reductions.normsWithResidual", "res", Badness.DIFFERS, (comm, bad) -> {
            DistributedVector a = maker.make(comm, 0);
            DistributedVector y = maker.make(comm, 1);
            DistributedVector p = maker.make(comm, 2);
            DistributedVector q = maker.make(comm, 3);
            DistributedVector other = maker.make(comm, 4);                   // collective: made on every rank
            DistributedVector scratch = maker.make(comm, 5);
            DistributedVector res = comm.rank() == bad ? p : other;
            return Scene.of(() -> Reductions.normsWithResidual(a, 2, a, 1, y, p, q, 0.5, res, scratch), a, y, q)
                    .writing(p, res, scratch);
        }).variant("alias"));
    }

    private static Scene scene(VectorMethod m, Maker maker, Badness b, String variant, Communicator comm, int bad) {
        DistributedVector x = maker.make(comm, 0);
        DistributedVector o = maker.make(comm, 1);
        DistributedVector out = maker.make(comm, 2);
        return switch (m.role()) {
            case OPERAND -> {
                DistributedVector mine = BadOperands.operand(b, variant, o, comm, bad, 0);
                yield Scene.of(() -> m.op().apply(x, mine, null), x, mine);
            }
            case IN_PLACE -> {
                DistributedVector mine = BadOperands.operand(b, variant, o, comm, bad, 0);
                yield Scene.of(() -> m.op().apply(x, mine, null), mine).writing(x);
            }
            case OUT -> {
                DistributedVector mine = BadOperands.operand(b, variant, out, comm, bad, 0);
                yield Scene.of(() -> m.op().apply(x, o, mine), x, o).writing(mine);
            }
        };
    }

    // ----------------------------------------------------------------------- DistributedArray

    /** The drills of {@link DistributedArray}. */
    public static List<Drill> distributedArray() {
        Group g = new Group("array/DistributedArray");
        vectorMethods(g, ArrayDrills::vector, List.copyOf(BadOperands.VECTOR_KINDS), Set.of());

        // norm(ord): the ord travels in the reduction's record
        g.add("norm", "ord", Badness.NAN, (comm, bad) -> norm(comm, bad, Double.NaN));
        g.add("norm", "ord", Badness.DIFFERS, (comm, bad) -> norm(comm, bad, 1));
        g.add(g.drill("norm", "ord", Badness.DIFFERS, (comm, bad) -> norm(comm, bad, Double.POSITIVE_INFINITY))
                .variant("path"));                                           // another kind of reduction

        // Reductions.norms: several norms in one gather; the bad ord is the second one's
        g.add("Reductions.norms", "ord", Badness.NAN, (comm, bad) -> norms(comm, bad, Double.NaN));
        g.add("Reductions.norms", "ord", Badness.DIFFERS, (comm, bad) -> norms(comm, bad, 1));
        g.add(g.drill("Reductions.norms", "ord", Badness.DIFFERS,
                (comm, bad) -> norms(comm, bad, Double.POSITIVE_INFINITY)).variant("path"));

        // norm(ord, axis) on a 4x3 array
        g.add("norm_axis", "ord", Badness.NAN, (comm, bad) -> normAxis(comm, bad, Double.NaN, 0));
        g.add("norm_axis", "ord", Badness.DIFFERS, (comm, bad) -> normAxis(comm, bad, 1, 0));
        g.add("norm_axis", "axis", Badness.DIFFERS, (comm, bad) -> normAxis(comm, bad, 2, 1));
        g.add("norm_axis", "axis", Badness.RANGE, (comm, bad) -> normAxis(comm, bad, 2, 2));

        // redistribute(newAxis) of a 4x3 array distributed along axis 0
        g.add("redistribute", "newAxis", Badness.DIFFERS, (comm, bad) -> redistribute(comm, bad, 0));
        g.add("redistribute", "newAxis", Badness.RANGE, (comm, bad) -> redistribute(comm, bad, 2));

        // resplit(counts)
        g.add("resplit", "counts", Badness.DIFFERS, (comm, bad) -> resplit(comm, bad,
                BadOperands.moved(BadOperands.balanced(N, comm))));
        g.add("resplit", "counts", Badness.RANGE, (comm, bad) -> {
            long[] c = BadOperands.balanced(N, comm);
            c[0]++;                                                          // sums to N + 1
            return resplit(comm, bad, c);
        });
        g.add("resplit", "counts", Badness.SIZE, (comm, bad) -> {
            long[] c = new long[comm.size() + 1];
            c[0] = N;                                                        // one length too many
            return resplit(comm, bad, c);
        });
        g.add("resplit", "counts", Badness.NULL, (comm, bad) -> resplit(comm, bad, null));

        // resplitLike(other): only other's split matters (its dtype and mask do not)
        for (Badness b : List.of(Badness.SIZE, Badness.PARTITION, Badness.SPLIT, Badness.NULL)) {
            g.add("resplitLike", "other", b, (comm, bad) -> {
                DistributedArray x = vector(comm, 0);
                DistributedArray like = DistributedArray.builder(comm, N)
                        .localSizes(BadOperands.moved(BadOperands.balanced(N, comm))).build();
                DistributedArray mine = (DistributedArray) BadOperands.operand(b, like, comm, bad);
                return Scene.of(() -> x.resplitLike(mine), x, mine);
            });
        }

        // reshape(newLocalShape, newAxis) of a 4x3 array (each rank its own block's shape)
        g.add("reshape", "newLocalShape", Badness.SIZE, (comm, bad) -> {
            DistributedArray a = matrix(comm);
            long[] mine = a.localShape();
            long[] shape = comm.rank() == bad ? new long[] {mine[0] * mine[1] + 1} : new long[] {mine[0] * mine[1]};
            return Scene.of(() -> a.reshape(shape, 0), a);
        });
        g.add("reshape", "newAxis", Badness.DIFFERS, (comm, bad) -> {
            DistributedArray a = matrix(comm);
            long[] mine = a.localShape();
            int axis = comm.rank() == bad ? 1 : 0;
            return Scene.of(() -> a.reshape(new long[] {mine[0], mine[1]}, axis), a);
        });

        // assign(value): a value of another shape, or none
        g.add("assign", "value", Badness.SIZE, (comm, bad) -> assign(comm, bad, true));
        g.add("assign", "value", Badness.NULL, (comm, bad) -> assign(comm, bad, false));

        // asArray(masked) of a masked array
        g.add("asArray_masked", "masked", Badness.DIFFERS, (comm, bad) -> {
            int[] mask = BadOperands.otherMask(null, comm.size());
            DistributedArray x = DistributedArray.toDist(values(N, 0), comm, Partition.SCATTER, 0, null, mask);
            boolean masked = comm.rank() != bad;
            return Scene.of(() -> x.asArray(masked), x);
        });

        // addGhostCells(front, back): each rank may ask for its own counts, but not for negative ones or
        // for more cells than its neighbour holds (rank 0 asks nothing in front, the last rank nothing behind)
        g.add("addGhostCells", "cellsFront", Badness.RANGE, (comm, bad) -> ghosts(comm, bad, -1, 1));
        g.add("addGhostCells", "cellsBack", Badness.RANGE, (comm, bad) -> ghosts(comm, bad, 1, -1));
        g.add(g.drill("addGhostCells", "cellsFront", Badness.SIZE, (comm, bad) -> ghosts(comm, bad, 10, 1))
                .on(Victim.LAST));
        g.add(g.drill("addGhostCells", "cellsBack", Badness.SIZE, (comm, bad) -> ghosts(comm, bad, 1, 10))
                .on(Victim.FIRST));
        g.add(g.drill("addGhostCells", "cellsBack", Badness.DIFFERS, (comm, bad) -> ghosts(comm, bad, 1, 2))
                .accepted());
        return g.drills();
    }

    /** The k-th drill vector: 1-d, SCATTER, balanced, float64, {@link #N} elements. Collective. */
    static DistributedArray vector(Communicator comm, int k) {
        return DistributedArray.toDist(values(N, k), comm);
    }

    /** {@code n} float64 values {@code k + 1 + i / 2}. */
    static NdArray values(long n, int k) {
        NdArray g = NdArray.zeros(DType.FLOAT64, n);
        for (long i = 0; i < n; i++) {
            g.set(i, k + 1 + i * 0.5);
        }
        return g;
    }

    /** A 4x3 float64 array distributed along axis 0. Collective. */
    static DistributedArray matrix(Communicator comm) {
        return DistributedArray.toDist(values(12, 0).reshape(4, 3), comm, Partition.SCATTER, 0);
    }

    private static Scene norm(Communicator comm, int bad, double badOrd) {
        DistributedArray x = vector(comm, 0);
        double ord = comm.rank() == bad ? badOrd : 2;
        return Scene.of(() -> x.norm(ord), x);
    }

    private static Scene norms(Communicator comm, int bad, double badOrd) {
        DistributedArray x = vector(comm, 0);
        DistributedArray y = vector(comm, 1);
        double ord = comm.rank() == bad ? badOrd : 2;
        return Scene.of(() -> Reductions.norms(x, 1, y, ord), x, y);
    }

    private static Scene normAxis(Communicator comm, int bad, double badOrd, int badAxis) {
        DistributedArray a = matrix(comm);
        double ord = comm.rank() == bad ? badOrd : 2;
        int axis = comm.rank() == bad ? badAxis : 0;
        return Scene.of(() -> a.norm(ord, axis), a);
    }

    private static Scene redistribute(Communicator comm, int bad, int badAxis) {
        DistributedArray a = matrix(comm);
        int axis = comm.rank() == bad ? badAxis : 1;
        return Scene.of(() -> a.redistribute(axis), a);
    }

    private static Scene resplit(Communicator comm, int bad, long[] badCounts) {
        DistributedArray x = vector(comm, 0);
        long[] counts = comm.rank() == bad ? badCounts : BadOperands.balanced(N, comm);
        return Scene.of(() -> x.resplit(counts), x);
    }

    private static Scene assign(Communicator comm, int bad, boolean longer) {
        DistributedArray x = vector(comm, 0);
        NdArray good = x.localArray().copy();
        for (long k = 0; k < good.size(); k++) {
            good.set(k, -good.re(k));
        }
        NdArray value = comm.rank() != bad ? good : longer ? NdArray.zeros(DType.FLOAT64, good.size() + 1) : null;
        return Scene.of(() -> {
            x.assign(value);
            return null;
        }, value).writing(x);
    }

    private static Scene ghosts(Communicator comm, int bad, int badFront, int badBack) {
        DistributedArray x = vector(comm, 0);
        int front = comm.rank() == bad ? badFront : 1;
        int back = comm.rank() == bad ? badBack : 1;
        return Scene.of(() -> {
            x.addGhostCells(front, back);                // each rank's own cells: no result to compare
            return null;
        }, x);
    }

    // ----------------------------------------------------------------------- StackedDistributedArray

    /** The drills of {@link StackedDistributedArray}. */
    public static List<Drill> stacked() {
        Group g = new Group("array/StackedDistributedArray");
        vectorMethods(g, ArrayDrills::stack, List.of(Badness.SIZE, Badness.DTYPE, Badness.SPLIT, Badness.STACKING,
                Badness.NULL), Set.of(Badness.STACKING));
        g.add("norm", "ord", Badness.NAN, (comm, bad) -> stackNorm(comm, bad, Double.NaN));
        g.add("norm", "ord", Badness.DIFFERS, (comm, bad) -> stackNorm(comm, bad, 1));

        // set(i, value): component i takes value's data (collective for the component's agreement)
        g.add("set", "i", Badness.RANGE, (comm, bad) -> set(comm, bad, null, comm.rank() == bad ? 2 : 0));
        for (Badness b : List.of(Badness.SIZE, Badness.STACKING, Badness.NULL)) {
            g.add("set", "value", b, (comm, bad) -> set(comm, bad, b, 0));
        }
        g.add("set_fill", "i", Badness.RANGE, (comm, bad) -> {
            StackedDistributedArray s = StackedDistributedArray.of(vector(comm, 0),
                    DistributedArray.toDist(values(4, 1), comm, Partition.BROADCAST, 0));
            int i = comm.rank() == bad ? 2 : 1;
            return Scene.of(() -> {
                s.set(i, 2, 0);
                return null;
            }).writing(s);
        });
        return g.drills();
    }

    /** The k-th drill stack: two SCATTER float64 components of {@link #N} and 4 elements. Collective. */
    static StackedDistributedArray stack(Communicator comm, int k) {
        return StackedDistributedArray.of(DistributedArray.toDist(values(N, k), comm),
                DistributedArray.toDist(values(4, k + 10), comm));
    }

    /** {@code set(i, value)} on a stack of two components; {@code valueBadness} null for a good value. */
    private static Scene set(Communicator comm, int bad, Badness valueBadness, int i) {
        StackedDistributedArray s = stack(comm, 0);
        DistributedArray value = vector(comm, 5);
        DistributedVector mine = valueBadness == null ? value : BadOperands.operand(valueBadness, value, comm, bad);
        return Scene.of(() -> {
            s.set(i, mine);
            return null;
        }, mine).writing(s);
    }

    private static Scene stackNorm(Communicator comm, int bad, double badOrd) {
        StackedDistributedArray s = stack(comm, 0);
        double ord = comm.rank() == bad ? badOrd : 2;
        return Scene.of(() -> s.norm(ord), s);
    }
}
