package org.jlops.mpi.solvers;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.profile.LogView;

/**
 * The step-wise template shared by {@link CG}, {@link CGLS}, {@link ISTA} and {@link FISTA} (serial
 * PyLops' solver template):
 * {@code setup} (copies the starting point and computes the first residual), {@code step} (one
 * iteration), {@code run} (steps until the stopping rule, calling the {@link IterationListener}
 * after each), {@code finish} (builds the result; PyLops' {@code finalize}, renamed because
 * {@link Object#finalize} exists), and {@code solve} = setup + run + finish.
 *
 * <p>Options are set with chained calls before {@code setup}: {@link #show(boolean)} prints a
 * header, per-iteration lines and a footer on rank 0 only (off by default), {@link #itershow}
 * chooses which iterations are printed, {@link #callback} registers a hook, {@link #out} redirects
 * the log (default {@link System#out}).
 *
 * <p>A solver object is used by one thread (one rank) at a time; every rank builds its own.
 *
 * @param <V> the vectors of the operator
 * @param <S> the concrete solver type (for chained option calls)
 */
@SuppressWarnings("try") // the log-view spans of try-with-resources are closed, not read
public abstract sealed class IterativeSolver<V extends DistributedVector, S extends IterativeSolver<V, S>>
        permits CG, CGLS, ShrinkageSolver {

    /** The operator. */
    protected final DistributedOperator<V> op;
    private boolean show;
    private int[] itershow = {10, 10, 10};
    private IterationListener<? super V> callback;
    private PrintStream out = System.out;
    private long startNanos;
    /** The niter of the current setup. */
    int niter;
    /** Steps done. */
    int iiter;
    /** The cost history (grows by one per step). */
    double[] cost = new double[1];
    /** Whether {@code setup} has run. */
    boolean ready;
    /** The live estimate. */
    V x;
    /** The stopping rule's quantity ({@code kold}): the squared norm of the (normal-equation) residual. */
    double kold;
    /** The tolerance of the current setup. */
    double tol;

    IterativeSolver(DistributedOperator<V> op) {
        if (op == null) {
            throw new IllegalArgumentException("op: must not be null");
        }
        this.op = op;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /**
     * Prints the iteration log on rank 0 ({@code false} by default). Local. Returns this.
     *
     * @param show whether rank 0 prints
     * @return this solver
     */
    public S show(boolean show) {
        this.show = show;
        return self();
    }

    /**
     * Which iterations the log prints: the first {@code first}, the last {@code last}, and every
     * {@code every}-th (PyLops' {@code itershow}, default {@code (10, 10, 10)}). Local. Returns this.
     *
     * @param first the first iterations printed
     * @param last  the last iterations printed
     * @param every the period of the iterations printed in between
     * @return this solver
     * @throws IllegalArgumentException if {@code first} or {@code last} is negative or {@code every} below 1
     */
    public S itershow(int first, int last, int every) {
        if (first < 0 || last < 0 || every < 1) {
            throw new IllegalArgumentException("itershow: (" + first + ", " + last + ", " + every
                    + "), expected first >= 0, last >= 0, every >= 1");
        }
        this.itershow = new int[] {first, last, every};
        return self();
    }

    /**
     * The hook {@code run} calls after every step; null for none. Local. Returns this.
     *
     * @param callback the hook, or null
     * @return this solver
     */
    public S callback(IterationListener<? super V> callback) {
        this.callback = callback;
        return self();
    }

    /**
     * Where rank 0 prints the log (default {@link System#out}); must not be null. Local. Returns this.
     *
     * @param out the stream
     * @return this solver
     */
    public S out(PrintStream out) {
        if (out == null) {
            throw new IllegalArgumentException("out: must not be null");
        }
        this.out = out;
        return self();
    }

    /**
     * The operator. Local.
     *
     * @return the operator
     */
    public DistributedOperator<V> operator() {
        return op;
    }

    /**
     * Steps done since {@code setup}. Local.
     *
     * @return the steps done
     */
    public int iteration() {
        return iiter;
    }

    /**
     * The cost history so far ({@link #iteration()} + 1 entries); a copy. Local.
     *
     * @return a copy of the costs so far
     */
    public double[] costHistory() {
        return Arrays.copyOf(cost, iiter + 1);
    }

    /**
     * A copy of the current estimate. Local.
     *
     * @return the current estimate (not a copy)
     */
    public V x() {
        requireReady();
        return copyOf(x);
    }

    /** A copy of {@code v} (of the operator's vector type). */
    @SuppressWarnings("unchecked")
    static <V extends DistributedVector> V copyOf(V v) {
        return (V) v.copy();
    }

    /** {@code v}, known to be of the operator's vector type {@code V} (it was derived from one). */
    @SuppressWarnings("unchecked")
    static <V extends DistributedVector> V same(DistributedVector v) {
        return (V) v;
    }

    /** One iteration. */
    abstract void doStep();

    /** The log line of the current iteration (without the iteration number). */
    abstract String logLine();

    /** The header's parameter line. */
    abstract String logParameters();

    /** The log's column titles. */
    abstract String logColumns();

    void requireReady() {
        if (!ready) {
            throw new IllegalStateException("setup: must be called before step, run or finish");
        }
    }

    static void checkNiter(int niter) {
        if (niter < 0) {
            throw new IllegalArgumentException("niter: " + niter + ", expected at least 0");
        }
    }

    /** The problem with niter or tol, or null. */
    static String parameters(int niter, double tol) {
        if (niter < 0) {
            return "niter: " + niter + ", expected at least 0";
        }
        if (Double.isNaN(tol)) {
            return "tol: NaN, expected a number";
        }
        return null;
    }

    /** Starts the clock, records niter, resets the history, prints the header. */
    void begin(int niter, double firstCost) {
        startNanos = System.nanoTime();
        this.niter = niter;
        this.iiter = 0;
        this.cost = new double[Math.max(1, Math.min(niter, 1 << 20) + 1)];
        this.cost[0] = firstCost;
        this.ready = true;
        if (logging()) {
            out.println(getClass().getSimpleName() + ": " + op);
            out.println(logParameters());
            out.println(logColumns());
        }
    }

    void appendCost(double c) {
        if (iiter >= cost.length) {
            cost = Arrays.copyOf(cost, 2 * cost.length);
        }
        cost[iiter] = c;
    }

    private boolean logging() {
        return show && op.communicator().rank() == 0;
    }

    /**
     * One iteration. Collective.
     *
     * @return this solver
     * @throws IllegalStateException before {@code setup}
     */
    public S step() {
        requireReady();
        try (LogView.Span span = LogView.span(LogView.Kind.SOLVER, getClass(), "step")) {
            CollectiveChecks.agreed(this::doStep);                       // operands agreed at setup
        }
        if (logging() && printed(iiter)) {
            out.println(String.format(Locale.ROOT, "%6d ", iiter) + logLine());
        }
        return self();
    }

    private boolean printed(int k) {
        return k <= itershow[0] || k > niter - itershow[1] || k % itershow[2] == 0;
    }

    /**
     * Steps while fewer than {@code niter} steps were done and the solver's stopping rule lets it
     * go on ({@code kold > tol} for CG and CGLS; see each solver), calling the callback after
     * each. Collective: one allreduce agrees on {@code niter} (every rank must take the same number
     * of steps), then every rank takes the same branches (the tests use reduced values).
     *
     * @param niter the maximum number of steps counted from setup, at least 0, the same on every rank
     * @return this solver
     * @throws IllegalStateException    before {@code setup}
     * @throws IllegalArgumentException on every rank when {@code niter} is negative on any rank or
     *                                  differs between ranks
     */
    public S run(int niter) {
        requireReady();
        Consensus.on(op.communicator()).same("niter", niter).check(() -> {
            checkNiter(niter);
            return null;
        });
        return steps(niter);
    }

    /**
     * Runs up to the {@code niter} given to setup (agreed there). Collective.
     *
     * @return this solver
     * @throws IllegalStateException before setup
     */
    public S run() {
        requireReady();
        return steps(niter);
    }

    /** The loop of {@link #run(int)}, once {@code niter} is agreed on. Collective. */
    private S steps(int niter) {
        this.niter = niter;
        try (LogView.Span span = LogView.span(LogView.Kind.SOLVER, getClass(), "run")) {
            while (iiter < niter && proceed()) {
                step();
                if (callback != null) {
                    callback.onIteration(new State<>(iteration(), costHistory(), x));
                }
            }
        }
        return self();
    }

    /** Whether {@code run} goes on: the stopping rule ({@code kold > tol} unless a solver says otherwise). */
    boolean proceed() {
        return kold > tol;
    }

    /** Prints the footer (rank 0, when showing) and returns the elapsed seconds since setup. */
    double end() {
        requireReady();
        double seconds = (System.nanoTime() - startNanos) * 1e-9;
        if (logging()) {
            out.println(String.format(Locale.ROOT, "Iterations = %d        Total time (s) = %.2f", iiter, seconds));
        }
        return seconds;
    }

    /** The state given to callbacks. */
    private static final class State<V extends DistributedVector> implements IterationState<V> {
        private final int iteration;
        private final double[] history;
        private final V x;

        State(int iteration, double[] history, V x) {
            this.iteration = iteration;
            this.history = history;
            this.x = x;
        }

        @Override
        public int iteration() {
            return iteration;
        }

        @Override
        public double cost() {
            return history[history.length - 1];
        }

        @Override
        public double[] costHistory() {
            return history.clone();
        }

        @Override
        public V x() {
            return copyOf(x);
        }
    }
}
