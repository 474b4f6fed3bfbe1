package org.jlops.mpi.verify.harness;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A generator of test cases: draws a value from a seeded random source and a size hint. The same
 * random state and size give the same value on every rank and every run, which is what makes a
 * case replayable by its seed and lets every MPI rank build the same case without communication.
 *
 * <p>The size is the shrinking knob: the runner tries small sizes first and, after a failure,
 * smaller sizes again, so generators should make dimensions, block counts and lengths grow with it.
 *
 * @param <T> the generated type
 */
@FunctionalInterface
public interface Gen<T> {

    /**
     * Draws one value.
     *
     * @param r    (Modified) the random source; advanced
     * @param size the size hint, at least 1
     * @return the value
     */
    T draw(SplittableRandom r, int size);

    /**
     * A generator applying {@code f} to this generator's values.
     *
     * @param f the mapping
     * @param <U> the mapped type
     * @return the mapped generator
     */
    default <U> Gen<U> map(Function<? super T, ? extends U> f) {
        return (r, size) -> f.apply(draw(r, size));
    }
}
