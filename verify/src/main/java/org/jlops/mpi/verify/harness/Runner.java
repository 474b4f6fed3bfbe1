package org.jlops.mpi.verify.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a {@link Check} on many generated cases and shrinks the first failure.
 *
 * <p><b>Cases.</b> Case {@code i} of {@code tries} has size {@code 1 + i * maxSize / tries} (small
 * cases first) and a seed drawn from a random stream keyed by the run seed and the check's name;
 * its rank count is the fixed one of the {@link Ranks}, or drawn from {@code 1..maxNp}. So a run is
 * a pure function of (seed, tries, maxSize, rank setting): every MPI rank computes the same list.
 *
 * <p><b>Shrinking.</b> After the first failure the runner tries, in order, a few cases of every
 * smaller size (seeds derived from the failing one), then the failing seed at smaller rank counts
 * (in one JVM only), and reports the first (smallest) one that still fails. Every verdict is agreed
 * on by all ranks ({@link Probe#agree}), so under MPI all ranks shrink along the same path.
 *
 * <p><b>Replay.</b> {@link #replay} runs one case from its {@code SEED:SIZE} key and rank count, as
 * printed in the failure report.
 */
public final class Runner {

    /** Cases tried per smaller size while shrinking. */
    static final int SHRINK_SEEDS_PER_SIZE = 3;

    private final Ranks ranks;
    private final int maxSize;

    /**
     * A runner.
     *
     * @param ranks   where cases run
     * @param maxSize the largest size hint, at least 1
     */
    public Runner(Ranks ranks, int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize: must be at least 1, got " + maxSize);
        }
        this.ranks = ranks;
        this.maxSize = maxSize;
    }

    /**
     * The cases a run draws, in order (deterministic).
     *
     * @param check the check (its name keys the stream)
     * @param seed  the run seed
     * @param tries the number of cases
     * @return the cases
     */
    public List<Case> cases(Check check, long seed, int tries) {
        SplittableRandom stream = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L
                * (check.property() + "/" + check.subject()).hashCode()));
        List<Case> out = new ArrayList<>(tries);
        for (int i = 0; i < tries; i++) {
            long caseSeed = stream.nextLong();
            int np = ranks.fixedNp() > 0 ? ranks.fixedNp() : 1 + stream.nextInt(ranks.maxNp());
            int size = 1 + (int) ((long) i * maxSize / Math.max(tries, 1));
            out.add(new Case(caseSeed, size, np));
        }
        return out;
    }

    /**
     * Runs {@code tries} cases of {@code check}, stopping at the first failure, which it shrinks.
     * Collective when the ranks are a communicator.
     *
     * @param check the check
     * @param seed  the run seed
     * @param tries the number of cases, at least 1
     * @return the report
     */
    public Report run(Check check, long seed, int tries) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries: must be at least 1, got " + tries);
        }
        long t0 = System.nanoTime();
        double maxErr = 0;
        int ran = 0;
        for (Case c : cases(check, seed, tries)) {
            Outcome o = replay(check, c);
            ran++;
            if (Double.isFinite(o.maxRelErr())) {
                maxErr = Math.max(maxErr, o.maxRelErr());
            }
            if (!o.passed()) {
                Shrunk s = shrink(check, c, o);
                return new Report(check.property(), check.subject(), ran, seed, false, maxErr, c, s.smallest,
                        s.outcome, s.attempts, (System.nanoTime() - t0) / 1e9);
            }
        }
        return new Report(check.property(), check.subject(), ran, seed, true, maxErr, null, null, null, 0,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Runs one case.
     *
     * @param check the check
     * @param c     the case (its rank count must suit the ranks)
     * @return the agreed outcome
     */
    public Outcome replay(Check check, Case c) {
        return ranks.run(c.np(), comm -> check.run(comm, c));
    }

    private record Shrunk(Case smallest, Outcome outcome, int attempts) {
    }

    private Shrunk shrink(Check check, Case failing, Outcome outcome) {
        int attempts = 0;
        Case best = failing;
        Outcome bestOutcome = outcome;
        search:
        for (int size = 1; size < failing.size(); size++) {
            SplittableRandom r = new SplittableRandom(failing.seed() * 31 + size);
            for (int k = 0; k < SHRINK_SEEDS_PER_SIZE; k++) {
                Case c = new Case(r.nextLong(), size, failing.np());
                attempts++;
                Outcome o = replay(check, c);
                if (!o.passed()) {
                    best = c;
                    bestOutcome = o;
                    break search;
                }
            }
        }
        if (ranks.fixedNp() == 0) {
            for (int np = 1; np < best.np(); np++) {
                Case c = new Case(best.seed(), best.size(), np);
                attempts++;
                Outcome o = replay(check, c);
                if (!o.passed()) {
                    best = c;
                    bestOutcome = o;
                    break;
                }
            }
        }
        return new Shrunk(best, bestOutcome, attempts);
    }
}
