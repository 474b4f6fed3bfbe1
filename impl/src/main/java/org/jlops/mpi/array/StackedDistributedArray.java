package org.jlops.mpi.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.engine.Engine;

/**
 * An ordered list of {@link DistributedArray}s, or of nested stacks, treated as one long vector:
 * the concatenation of each component's global data, raveled (PyLops-MPI's
 * {@code StackedDistributedArray}). Solvers use it for problems whose model or data has several
 * parts of different layouts.
 *
 * <p>The component list is held by reference: in-place changes to a component (for example
 * {@link DistributedArray#iadd}) are seen through the stack. Every operation works component by
 * component, recursively for nested stacks; binary operations need operands with the same
 * structure (number of components, component kinds and global shapes).
 *
 * <pre>{@code
 * StackedDistributedArray s = StackedDistributedArray.of(x, y);     // x, y DistributedArrays
 * double n = s.add(s).norm(2);                                       // sqrt(|2x|^2 + |2y|^2)
 * }</pre>
 *
 * <p><b>Differences from PyLops-MPI</b> (numbered as in {@code docs/differences.md}; the
 * components' own differences are listed in {@link DistributedArray}):
 * <ol start="23">
 *   <li>{@link #zerosLike()} and {@link #emptyLike()} work on nested stacks (PyLops-MPI assumes
 *       every component is a DistributedArray).</li>
 *   <li>{@link #dot} returns the sum for components of any dimension (PyLops-MPI returns nothing
 *       when a component is not 1-d).</li>
 *   <li>The component engines are checked when the stack is built; the message names both
 *       engines.</li>
 *   <li>Binary operations check the whole structure recursively (number and kinds of components,
 *       global shapes, each leaf's dtype/partition/local shapes/mask) before anything is computed
 *       or written.</li>
 *   <li>{@link #asArray()} of components with different dtypes joins them in NumPy's common dtype
 *       instead of failing.</li>
 * </ol>
 */
public final class StackedDistributedArray implements DistributedVector {

    private final List<DistributedVector> arrays;

    /**
     * A stack of the given components, by reference. Local.
     *
     * @param arrays (Input) at least one component, each a DistributedArray or a nested stack, all
     *               with the same engine. The list is copied; the components are not.
     * @throws IllegalArgumentException if empty, with a null component, or when engines differ
     *                                  ("Stacked arrays have mismatching engines")
     */
    public StackedDistributedArray(List<? extends DistributedVector> arrays) {
        if (arrays == null || arrays.isEmpty()) {
            throw new IllegalArgumentException("arrays: need at least one component, got "
                    + (arrays == null ? "null" : "an empty list"));
        }
        List<DistributedVector> copy = new ArrayList<>(arrays.size());
        Engine first = null;
        for (int i = 0; i < arrays.size(); i++) {
            DistributedVector a = arrays.get(i);
            if (a == null) {
                throw new IllegalArgumentException("arrays: component " + i + " is null");
            }
            Engine e = engineOf(a);
            if (first == null) {
                first = e;
            } else if (e != first) {
                throw new IllegalArgumentException("arrays: Stacked arrays have mismatching engines: component 0 uses "
                        + first.name() + ", component " + i + " uses " + e.name());
            }
            copy.add(a);
        }
        this.arrays = Collections.unmodifiableList(copy);
    }

    /**
     * A stack of the given components (see {@link #StackedDistributedArray(List)}). Local.
     *
     * @param arrays (Input) the components, kept by reference
     * @return the stack
     */
    public static StackedDistributedArray of(DistributedVector... arrays) {
        return new StackedDistributedArray(arrays == null ? null : Arrays.asList(arrays));
    }

    private static Engine engineOf(DistributedVector v) {
        return switch (v) {
            case DistributedArray a -> a.engine();
            case StackedDistributedArray s -> s.engine();
        };
    }

    // =========================================================================================
    // Properties (local)

    /**
     * Number of components.
     *
     * @return number of components
     */
    public int narrays() {
        return arrays.size();
    }

    /**
     * Component {@code i} (by reference).
     *
     * @param i the index of the component
     * @return the component (not a copy)
     */
    public DistributedVector get(int i) {
        if (i < 0 || i >= arrays.size()) {
            throw new IllegalArgumentException("i: component index " + i + " is out of range for " + arrays.size()
                    + " components");
        }
        return arrays.get(i);
    }

    /**
     * The components, by reference, in an unmodifiable list.
     *
     * @return the components, by reference, in an unmodifiable list
     */
    public List<DistributedVector> arrays() {
        return arrays;
    }

    /**
     * The engine of the first component (all components share it).
     *
     * @return the engine of the first component (all components share it)
     */
    public Engine engine() {
        return engineOf(arrays.get(0));
    }

    @Override
    public Communicator communicator() {
        return arrays.get(0).communicator();
    }

    /**
     * This rank in the first component's communicator.
     *
     * @return this rank in the first component's communicator
     */
    public int rank() {
        return communicator().rank();
    }

    /**
     * Size of the first component's communicator.
     *
     * @return size of the first component's communicator
     */
    public int size() {
        return communicator().size();
    }

    /**
     * The element-wise sum of the components' global shapes, as PyLops-MPI defines it (two (500,
     * 501) components give (1000, 1002)); for 1-d components, the total length.
     *
     * @return the element-wise sum of the components' global shapes
     * @throws IllegalStateException if components have different numbers of dimensions
     */
    public long[] globalShape() {
        long[] sum = null;
        for (DistributedVector v : arrays) {
            long[] s = v instanceof DistributedArray a ? a.globalShape() : ((StackedDistributedArray) v).globalShape();
            if (sum == null) {
                sum = s;
            } else if (s.length != sum.length) {
                throw new IllegalStateException("globalShape: components have " + sum.length + " and " + s.length
                        + " dimensions; use globalSize()");
            } else {
                for (int k = 0; k < s.length; k++) {
                    sum[k] += s[k];
                }
            }
        }
        return sum;
    }

    /** The common dtype of the leaves ({@link DType#promote}); the leaves keep their own. Local. */
    @Override
    public DType dtype() {
        DType common = arrays.get(0).dtype();
        for (DistributedVector v : arrays) {
            common = DType.promote(common, v.dtype());
        }
        return common;
    }

    @Override
    public boolean sameLayout(DistributedVector other) {
        if (!(other instanceof StackedDistributedArray s) || s.narrays() != narrays()) {
            return false;
        }
        for (int i = 0; i < narrays(); i++) {
            if (!arrays.get(i).sameLayout(s.arrays.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String layout() {
        StringBuilder s = new StringBuilder("StackedDistributedArray[");
        for (int i = 0; i < arrays.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(arrays.get(i).layout());
        }
        return s.append(']').toString();
    }

    @Override
    public long layoutFingerprint() {
        long[] leaves = new long[arrays.size() + 1];
        leaves[0] = arrays.size();
        for (int i = 0; i < arrays.size(); i++) {
            leaves[i + 1] = arrays.get(i).layoutFingerprint();
        }
        return CollectiveChecks.fingerprint(new long[][] {{1}, leaves});
    }

    @Override
    public boolean livesOn(Communicator comm) {
        for (DistributedVector v : arrays) {
            if (!v.livesOn(comm)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long globalSize() {
        long n = 0;
        for (DistributedVector v : arrays) {
            n += v.globalSize();
        }
        return n;
    }

    // =========================================================================================
    // Assignment

    /**
     * Writes {@code value} into component {@code i} ({@code stack[i] = value}): a nested target takes
     * the components of a stack value one by one; a DistributedArray target takes a copy of a
     * DistributedArray value's local block (through {@link DistributedArray#assign}, so
     * BROADCAST targets broadcast rank 0's block). Collective: one allreduce agrees on every rank's
     * checks, on {@code i} and on {@code value}'s layout being the same everywhere, before anything
     * is written.
     *
     * @param i     the component, the same on every rank
     * @param value (Input) a vector with the target's structure and, leaf by leaf, its global and
     *              local shapes (the dtype is converted). Not modified.
     * @throws IllegalArgumentException on every rank, naming {@code i} or {@code value}, when on any
     *                                  rank {@code i} is out of range or the structures or shapes do
     *                                  not match, or when {@code i} or {@code value}'s layout differ
     *                                  between ranks; nothing is written then
     */
    public void set(int i, DistributedVector value) {
        DistributedVector target = Consensus.on(communicator()).same("i", i)
                .same("value (its layout)", value == null ? null : value.layout()).check(() -> {
                    DistributedVector t = get(i);
                    checkAssignable(t, value, "value");
                    return t;
                });
        CollectiveChecks.agreed(() -> assignInto(target, value));
    }

    /** Checks that {@code value} can be written into {@code target} ({@link #set}). Local, on metadata every rank holds. */
    private static void checkAssignable(DistributedVector target, DistributedVector value, String name) {
        if (target instanceof StackedDistributedArray t) {
            if (!(value instanceof StackedDistributedArray v) || v.narrays() != t.narrays()) {
                throw new IllegalArgumentException(name + ": a nested component of " + t.narrays()
                        + " components needs a stack of as many, got " + describe(value));
            }
            for (int j = 0; j < t.narrays(); j++) {
                checkAssignable(t.arrays.get(j), v.arrays.get(j), name + "[" + j + "]");
            }
        } else if (value instanceof DistributedArray v) {
            DistributedArray a = (DistributedArray) target;
            if (!Arrays.equals(v.globalShape(), a.globalShape()) || !Shapes.equal(v.localShapes(), a.localShapes())) {
                throw new IllegalArgumentException(name + ": global shape " + Shapes.str(v.globalShape())
                        + " with local shapes " + Shapes.str(v.localShapes()) + " differs from the component's "
                        + Shapes.str(a.globalShape()) + " with " + Shapes.str(a.localShapes()));
            }
        } else {
            throw new IllegalArgumentException(name + ": a DistributedArray component needs a DistributedArray, got "
                    + describe(value));
        }
    }

    /** Writes {@code value} into {@code target}, once {@link #checkAssignable} passed on every rank. */
    private static void assignInto(DistributedVector target, DistributedVector value) {
        if (target instanceof StackedDistributedArray t) {
            StackedDistributedArray v = (StackedDistributedArray) value;
            for (int j = 0; j < t.narrays(); j++) {
                assignInto(t.arrays.get(j), v.arrays.get(j));
            }
        } else {
            DistributedArray t = (DistributedArray) target;
            DistributedArray v = (DistributedArray) value;
            if (v.localBuffer().isHost()) {
                t.assign(v.localArray());
            } else {                                                      // on the engine: no trip through the host
                v.astype(t.dtype(), false).copyTo(t);
            }
        }
    }

    /**
     * Fills component {@code i} (every leaf of a nested one) with {@code re + i im} (BROADCAST leaves
     * take rank 0's value, see {@link DistributedArray#fill}). Collective: one allreduce agrees on
     * {@code i}.
     *
     * @param i  the flat index over the stack
     * @param re the real part
     * @param im the imaginary part
     * @throws IllegalArgumentException on every rank, naming {@code i}, when it is out of range on any
     *                                  rank or differs between ranks
     */
    public void set(int i, double re, double im) {
        DistributedVector target = Consensus.on(communicator()).same("i", i).check(() -> get(i));
        CollectiveChecks.agreed(() -> fillAll(target, re, im));
    }

    private static void fillAll(DistributedVector v, double re, double im) {
        if (v instanceof DistributedArray a) {
            a.fill(re, im);
        } else {
            for (DistributedVector c : ((StackedDistributedArray) v).arrays) {
                fillAll(c, re, im);
            }
        }
    }

    // =========================================================================================
    // Gathering

    /** The components' global arrays raveled and joined into one 1-d array, on every rank. Collective. */
    @Override
    public NdArray asArray() {
        List<NdArray> parts = new ArrayList<>(arrays.size());
        for (DistributedVector v : arrays) {
            parts.add(v.asArray().ravel());
        }
        DType common = dtype();
        for (int k = 0; k < parts.size(); k++) {
            if (parts.get(k).dtype() != common) {
                parts.set(k, parts.get(k).astype(common));
            }
        }
        return NdArray.concatenate(0, parts);
    }

    // =========================================================================================
    // Arithmetic: component by component, after one agreement on the operands over the base
    // communicator (the components' own checks then run locally, in an agreed scope)

    private StackedDistributedArray map(UnaryOperator<DistributedVector> f) {
        List<DistributedVector> out = new ArrayList<>(arrays.size());
        for (DistributedVector v : arrays) {
            out.add(f.apply(v));
        }
        return new StackedDistributedArray(out);
    }

    private StackedDistributedArray zip(DistributedVector other, BinaryOperator<DistributedVector> f) {
        StackedDistributedArray o = operand(other, "other");
        return CollectiveChecks.agreed(() -> {
            List<DistributedVector> out = new ArrayList<>(arrays.size());
            for (int i = 0; i < arrays.size(); i++) {
                out.add(f.apply(arrays.get(i), o.arrays.get(i)));
            }
            return new StackedDistributedArray(out);
        });
    }

    /**
     * {@code other} once every rank has agreed that it is a stack of this one's structure with
     * matching leaves (one allreduce; none in an agreed scope): a bad operand on one rank gives the
     * same exception on every rank, before any component is touched. Collective.
     */
    private StackedDistributedArray operand(DistributedVector other, String name) {
        String problem = null;
        try {
            checkLeaves(this, checkStackedSize(other, name), name);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        CollectiveChecks.agree(communicator(), problem);
        return (StackedDistributedArray) other;
    }

    /** {@link #operand} for a second operand and an output, in one agreement. Collective. */
    private StackedDistributedArray[] operands(DistributedVector other, String name, DistributedVector out) {
        String problem = null;
        try {
            if (other != null || name != null) {
                checkLeaves(this, checkStackedSize(other, name), name);
            }
            checkOut(out);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        CollectiveChecks.agree(communicator(), problem);
        return new StackedDistributedArray[] {(StackedDistributedArray) other, (StackedDistributedArray) out};
    }

    /**
     * Checks that {@code other} is a stack of the same structure: as many components, of the same
     * kinds and global shapes (recursively). Every rank reaches the same verdict.
     */
    private StackedDistributedArray checkStackedSize(DistributedVector other) {
        return checkStackedSize(other, "other");
    }

    private StackedDistributedArray checkStackedSize(DistributedVector other, String name) {
        if (!(other instanceof StackedDistributedArray o)) {
            throw new IllegalArgumentException(name + ": expected a StackedDistributedArray, got " + describe(other));
        }
        checkStructure(this, o, name);
        return o;
    }

    private static void checkStructure(StackedDistributedArray a, StackedDistributedArray b, String name) {
        if (a.narrays() != b.narrays()) {
            throw new IllegalArgumentException(name + ": has " + b.narrays() + " components, this stack has "
                    + a.narrays());
        }
        for (int i = 0; i < a.narrays(); i++) {
            DistributedVector x = a.arrays.get(i), y = b.arrays.get(i);
            if (x instanceof StackedDistributedArray xs && y instanceof StackedDistributedArray ys) {
                checkStructure(xs, ys, name + "[" + i + "]");
            } else if (x instanceof DistributedArray xa && y instanceof DistributedArray ya) {
                if (!Arrays.equals(xa.globalShape(), ya.globalShape())) {
                    throw new IllegalArgumentException(name + "[" + i + "]: global shape "
                            + Shapes.str(ya.globalShape()) + " differs from this stack's " + Shapes.str(xa.globalShape()));
                }
            } else {
                throw new IllegalArgumentException(name + "[" + i + "]: is a " + describe(y)
                        + " where this stack has a " + describe(x));
            }
        }
    }

    private static String describe(DistributedVector v) {
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    @Override
    public StackedDistributedArray negate() {
        return map(DistributedVector::negate);
    }

    @Override
    public StackedDistributedArray add(DistributedVector other) {
        return zip(other, DistributedVector::add);
    }

    @Override
    public StackedDistributedArray subtract(DistributedVector other) {
        return zip(other, DistributedVector::subtract);
    }

    @Override
    public StackedDistributedArray multiply(DistributedVector other) {
        return zip(other, DistributedVector::multiply);
    }

    @Override
    public StackedDistributedArray multiply(double s) {
        return map(v -> v.multiply(s));
    }

    @Override
    public StackedDistributedArray multiply(double re, double im) {
        return map(v -> v.multiply(re, im));
    }

    /**
     * {@code this += other}, component by component. The whole structure is checked first, so a
     * mismatch leaves every component unchanged.
     */
    @Override
    public StackedDistributedArray iadd(DistributedVector other) {
        StackedDistributedArray o = operand(other, "other");
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).iadd(o.arrays.get(i));
            }
        });
        return this;
    }

    /** {@code this -= other}, component by component (checked first, see {@link #iadd}). */
    @Override
    public StackedDistributedArray isub(DistributedVector other) {
        StackedDistributedArray o = operand(other, "other");
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).isub(o.arrays.get(i));
            }
        });
        return this;
    }

    private static void checkLeaves(StackedDistributedArray a, StackedDistributedArray b, String name) {
        for (int i = 0; i < a.narrays(); i++) {
            DistributedVector x = a.arrays.get(i), y = b.arrays.get(i);
            if (x instanceof StackedDistributedArray xs) {
                checkLeaves(xs, (StackedDistributedArray) y, name + "[" + i + "]");
            } else {
                ((DistributedArray) x).compatible(y, name + "[" + i + "]");
            }
        }
    }

    /** {@code out = this + other} component by component, without allocating (checked first). Local. */
    @Override
    public StackedDistributedArray add(DistributedVector other, DistributedVector out) {
        StackedDistributedArray[] or = operands(other, "other", out);
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).add(or[0].arrays.get(i), or[1].arrays.get(i));
            }
        });
        return or[1];
    }

    /** {@code out = this - other} component by component, without allocating (checked first). Local. */
    @Override
    public StackedDistributedArray subtract(DistributedVector other, DistributedVector out) {
        StackedDistributedArray[] or = operands(other, "other", out);
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).subtract(or[0].arrays.get(i), or[1].arrays.get(i));
            }
        });
        return or[1];
    }

    /** {@code out = (re + i im) * this} component by component, without allocating. Local. */
    @Override
    public StackedDistributedArray multiply(double re, double im, DistributedVector out) {
        StackedDistributedArray r = operands(null, null, out)[1];
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).multiply(re, im, r.arrays.get(i));
            }
        });
        return r;
    }

    /** {@code out = this} component by component, without allocating (checked first). Local. */
    @Override
    public StackedDistributedArray copyTo(DistributedVector out) {
        StackedDistributedArray r = operands(null, null, out)[1];
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).copyTo(r.arrays.get(i));
            }
        });
        return r;
    }

    /** {@code this *= (re + i im)} in place. Local. */
    @Override
    public StackedDistributedArray imultiply(double re, double im) {
        for (DistributedVector v : arrays) {
            v.imultiply(re, im);
        }
        return this;
    }

    /** {@code this += (re + i im) * x} component by component (checked first). Local. */
    @Override
    public StackedDistributedArray iaxpy(double re, double im, DistributedVector x) {
        StackedDistributedArray o = operand(x, "x");
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).iaxpy(re, im, o.arrays.get(i));
            }
        });
        return this;
    }

    /** {@code this = x + (re + i im) * this} component by component (checked first). Local. */
    @Override
    public StackedDistributedArray iaypx(double re, double im, DistributedVector x) {
        StackedDistributedArray o = operand(x, "x");
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).iaypx(re, im, o.arrays.get(i));
            }
        });
        return this;
    }

    /** {@code y += a * this; this = x + b * this} component by component (checked first). Local. */
    @Override
    public StackedDistributedArray iaxpyAypx(double a, DistributedVector y, double b, DistributedVector x) {
        String problem = y == this || y == x ? "y: must be another stack than this one and x" : null;
        CollectiveChecks.agree(communicator(), problem);
        StackedDistributedArray u = operand(y, "y");
        StackedDistributedArray o = operand(x, "x");
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).iaxpyAypx(a, u.arrays.get(i), b, o.arrays.get(i));
            }
        });
        return this;
    }

    /**
     * The shrinkage step ({@link DistributedVector#ishrinkStep}) component by component, after one
     * agreement on every operand. Local.
     */
    @Override
    public StackedDistributedArray ishrinkStep(ElementMaps.Shrink kind, double t, double alpha,
            DistributedVector z, DistributedVector x, DistributedVector d, boolean extrapolate, double omega) {
        CollectiveChecks.agree(communicator(), shrinkStepProblem(kind, t, z, x, d, extrapolate));   // one verdict
        StackedDistributedArray zs = (StackedDistributedArray) z;
        StackedDistributedArray xs = (StackedDistributedArray) x;
        StackedDistributedArray ds = (StackedDistributedArray) d;
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).ishrinkStep(kind, t, alpha, zs.arrays.get(i), xs.arrays.get(i), ds.arrays.get(i),
                        extrapolate, omega);
            }
        });
        return this;
    }

    /** What makes the operands of {@link #ishrinkStep} unfit on this rank, or null. Local. */
    private String shrinkStepProblem(ElementMaps.Shrink kind, double t, DistributedVector z, DistributedVector x,
            DistributedVector d, boolean extrapolate) {
        String problem = ElementMaps.shrinkStepProblem(this, kind, t, z, x, d, extrapolate);
        try {
            if (problem == null) {
                checkLeaves(this, checkStackedSize(z, "z"), "z");
                checkLeaves(this, checkStackedSize(x, "x"), "x");
                checkLeaves(this, checkStackedSize(d, "d"), "d");
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        return problem;
    }

    /**
     * {@link #ishrinkStep} with the norms {@code ‖d‖₂} and {@code ‖x⁺‖₁} made component by component
     * on the way where a component can ({@link DistributedArray#ishrinkStepNorms}), for
     * {@link Reductions#shrinkStep}, after one agreement on every operand.
     */
    Reductions.ShrinkNorms ishrinkStepNorms(ElementMaps.Shrink kind, double t, double alpha, DistributedVector z,
            DistributedVector x, DistributedVector d, boolean extrapolate, double omega) {
        CollectiveChecks.agree(communicator(), shrinkStepProblem(kind, t, z, x, d, extrapolate));   // one verdict
        StackedDistributedArray zs = (StackedDistributedArray) z;
        StackedDistributedArray xs = (StackedDistributedArray) x;
        StackedDistributedArray ds = (StackedDistributedArray) d;
        Reductions.ShrinkNorms[] components = new Reductions.ShrinkNorms[arrays.size()];
        CollectiveChecks.agreed(() -> {
            for (int i = 0; i < components.length; i++) {
                components[i] = Reductions.shrinkStep(arrays.get(i), kind, t, alpha, zs.arrays.get(i),
                        xs.arrays.get(i), ds.arrays.get(i), extrapolate, omega);
            }
        });
        return Reductions.ShrinkNorms.stacked(d, this, components);
    }

    /** Checks an output stack: same structure and matching leaves. */
    private StackedDistributedArray checkOut(DistributedVector out) {
        if (!(out instanceof StackedDistributedArray r)) {
            throw new IllegalArgumentException("out: expected a StackedDistributedArray, got " + describe(out));
        }
        checkStructure(this, r, "out");
        checkLeaves(this, r, "out");
        return r;
    }

    @Override
    public StackedDistributedArray conj() {
        return map(DistributedVector::conj);
    }

    @Override
    public StackedDistributedArray copy() {
        return map(DistributedVector::copy);
    }

    @Override
    public StackedDistributedArray zerosLike() {
        return map(DistributedVector::zerosLike);
    }

    @Override
    public StackedDistributedArray emptyLike() {
        return map(DistributedVector::emptyLike);
    }

    // =========================================================================================
    // Reductions (collective: one per component)

    /** The sum of the components' dot products (each one collective). Collective. */
    @Override
    public Complex dot(DistributedVector other, boolean vdot) {
        StackedDistributedArray o = operand(other, "other");
        return CollectiveChecks.agreed(() -> {
            Complex sum = Complex.ZERO;
            for (int i = 0; i < arrays.size(); i++) {
                sum = sum.plus(arrays.get(i).dot(o.arrays.get(i), vdot));
            }
            return sum;
        });
    }

    /**
     * The norm of the whole stack from the components' norms {@code n_i}: ord 0 sums them, +inf
     * takes the largest, -inf the smallest, any other p gives {@code (sum n_i^p)^(1/p)}. Collective.
     *
     * @throws IllegalArgumentException for a NaN ord
     */
    @Override
    public double norm(double ord) {
        Consensus.on(communicator()).same("ord", ord).check(() -> {
            if (Double.isNaN(ord)) {
                throw new IllegalArgumentException("ord: must be a number (0, 1, 2, +-inf or any other p), got NaN");
            }
            return null;
        });
        return CollectiveChecks.agreed(() -> combinedNorm(ord));
    }

    /** The norm of the stack from its components' norms, once {@code ord} is agreed on. Collective. */
    private double combinedNorm(double ord) {
        double[] norms = new double[arrays.size()];
        for (int i = 0; i < norms.length; i++) {
            norms[i] = arrays.get(i).norm(ord);
        }
        return combine(ord, norms);
    }

    /** The norm of a stack whose components have the norms {@code norms} (see {@link #norm(double)}). Local. */
    static double combine(double ord, double[] norms) {
        double acc = ord == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : 0;
        for (double n : norms) {
            if (ord == 0) {
                acc += n;
            } else if (ord == Double.POSITIVE_INFINITY) {
                acc = Math.max(acc, n);
            } else if (ord == Double.NEGATIVE_INFINITY) {
                acc = Math.min(acc, n);
            } else {
                acc += Math.pow(n, ord);
            }
        }
        return ord == 0 || Double.isInfinite(ord) ? acc : Math.pow(acc, 1.0 / ord);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<StackedDistributedArray with ").append(arrays.size()).append(" components:");
        for (DistributedVector v : arrays) {
            b.append("\n  ").append(v.toString().replace("\n", "\n  "));
        }
        return b.append('>').toString();
    }
}
