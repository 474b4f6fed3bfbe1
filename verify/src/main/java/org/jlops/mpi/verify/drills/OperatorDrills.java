package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.verify.catalog.Built;
import org.jlops.mpi.verify.catalog.Layout;
import org.jlops.mpi.verify.catalog.OperatorCase;
import org.jlops.mpi.verify.catalog.OperatorCatalog;
import org.jlops.mpi.verify.catalog.OperatorSubject;
import org.jlops.mpi.verify.harness.Draws;

/**
 * The operator drills, generated from the {@link OperatorCatalog}: for every subject, one case
 * (drawn from its generator with a fixed seed) and its six products — {@code matvec},
 * {@code rmatvec}, {@code matvec(x, out)}, {@code rmatvec(y, out)} and the forms that also return
 * the output's squared norm, {@code matvecNormSquared(x, out)} and
 * {@code rmatvecNormSquared(y, out)} — each with a bad operand on
 * one rank of every kind its layout admits (see {@link BadOperands}): another length, dtype,
 * partition, split (where the layout places SCATTER vectors), stacking (stacked for plain, plain
 * for stacked), mask, or null. In the {@code out} forms the bad operand is {@code out} (the input is
 * good). So a new catalog entry is drilled with no further work.
 *
 * <p>The kinds are read from the layouts of the case built on one in-JVM rank
 * ({@link Layout#partitions()}, {@link Layout#components()}); the victim rank turns through the
 * first, the second and the last rank from one drill to the next.
 */
public final class OperatorDrills {

    /** The size hint of the drawn cases (small: the drills are about the checks, not the sizes). */
    static final int SIZE = 3;
    /** The seed every subject's case is drawn from (with its name). */
    static final long SEED = 0x14_0d_c1L;

    private OperatorDrills() {
    }

    /** The six products drilled on every subject. */
    enum Product {
        MATVEC("matvec", "x", true, false, false),
        RMATVEC("rmatvec", "y", false, false, false),
        MATVEC_OUT("matvec_out", "out", true, true, false),
        RMATVEC_OUT("rmatvec_out", "out", false, true, false),
        MATVEC_NORM("matvecNormSquared", "out", true, true, true),
        RMATVEC_NORM("rmatvecNormSquared", "out", false, true, true);

        final String method;
        final String argument;
        final boolean forward;
        final boolean out;
        /** The product that also returns its output's squared norm (CGLS's fused form). */
        final boolean norm;

        Product(String method, String argument, boolean forward, boolean out, boolean norm) {
            this.method = method;
            this.argument = argument;
            this.forward = forward;
            this.out = out;
            this.norm = norm;
        }

        /** The layout of the bad operand: the input's, or for the out forms the product's. */
        Layout operandLayout(Built b) {
            return forward != out ? b.model() : b.data();
        }
    }

    /** The drills of every subject, in catalog order. */
    public static List<Drill> drills(List<OperatorSubject> subjects) {
        List<Drill> out = new ArrayList<>();
        for (OperatorSubject s : subjects) {
            out.addAll(drills(s));
        }
        return out;
    }

    /**
     * The drills of one subject (group {@code operator/<name>}).
     *
     * @param subject the catalog entry
     * @return its drills
     */
    public static List<Drill> drills(OperatorSubject subject) {
        SplittableRandom r = new SplittableRandom(SEED ^ subject.name().hashCode());
        OperatorCase oc = subject.cases().draw(r, SIZE);
        long buildSeed = r.nextLong();
        long valueSeed = r.nextLong();
        long placeSeed = r.nextLong();
        Built proto = oc.build(LocalCluster.self(), new SplittableRandom(buildSeed));
        String group = "operator/" + subject.name();
        List<Drill> out = new ArrayList<>();
        for (Product p : Product.values()) {
            Layout layout = p.operandLayout(proto);
            int leaf = splitLeaf(layout);
            for (Badness b : kinds(layout)) {
                Drill.Stage stage = (comm, bad) -> stage(oc, buildSeed, valueSeed, placeSeed, p, b,
                        b == Badness.SPLIT ? leaf : 0, comm, bad);
                out.add(new Drill(group, p.method, p.argument, b, "", Victim.values()[out.size() % 3],
                        Status.REJECTED, stage));
            }
        }
        return out;
    }

    /** The kinds of badness an operand of {@code layout} can have. */
    static Set<Badness> kinds(Layout layout) {
        Set<Badness> k = EnumSet.copyOf(BadOperands.VECTOR_KINDS);
        if (splitLeaf(layout) < 0) {
            k.remove(Badness.SPLIT);
        }
        return k;
    }

    /**
     * Where a vector of the layout can be split otherwise: 0 for a plain layout that places SCATTER
     * vectors, the first such component of a stacked one, -1 when none.
     */
    static int splitLeaf(Layout layout) {
        List<Layout> parts = layout.components();
        if (parts.isEmpty()) {
            return layout.partitions().contains(Partition.SCATTER) ? 0 : -1;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).components().isEmpty() && parts.get(i).partitions().contains(Partition.SCATTER)) {
                return i;
            }
        }
        return -1;
    }

    private static Scene stage(OperatorCase oc, long buildSeed, long valueSeed, long placeSeed, Product p, Badness b,
            int leaf, Communicator comm, int bad) {
        Built built = oc.build(comm, new SplittableRandom(buildSeed));
        DistributedOperator<DistributedVector> op = built.op();
        Layout in = p.forward ? built.model() : built.data();
        NdArray values = Draws.values(new SplittableRandom(valueSeed), oc.dtype(), in.length());
        DistributedVector x = in.place(values, comm, new SplittableRandom(placeSeed));
        if (!p.out) {
            DistributedVector mine = BadOperands.operand(b, "", x, comm, bad, leaf);
            return Scene.of(() -> p.forward ? op.matvec(mine) : op.rmatvec(mine), mine);
        }
        DistributedVector good = (p.forward ? op.matvec(x) : op.rmatvec(x)).zerosLike();
        DistributedVector out = BadOperands.operand(b, "", good, comm, bad, leaf);
        if (p.norm) {
            return Scene.of(() -> p.forward ? op.matvecNormSquared(x, out) : op.rmatvecNormSquared(x, out), x)
                    .writing(out);
        }
        return Scene.of(() -> p.forward ? op.matvec(x, out) : op.rmatvec(x, out), x).writing(out);
    }
}
