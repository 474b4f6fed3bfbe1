package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One rank's staging of a {@link Drill}: the call to make and the operands it touches.
 *
 * @param inputs  the operands the call must leave unchanged in every case: vectors, host arrays
 *                ({@code NdArray}) or nulls
 * @param outputs the operands the call may overwrite when it succeeds, but must leave unchanged when
 *                it rejects its arguments (an {@code out} vector, the receiver of {@code iadd})
 * @param call    the call, made once on every rank
 */
public record Scene(List<Object> inputs, List<Object> outputs, Call call) {

    /** The call of a scene: returns its result (compared between ranks when every rank returns). */
    @FunctionalInterface
    public interface Call {
        /**
         * Makes the call on this rank. Collective.
         *
         * @return the result, or null
         */
        Object run();
    }

    /** Copies the operand lists (which may hold nulls). */
    public Scene {
        inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
        outputs = Collections.unmodifiableList(new ArrayList<>(outputs));
    }

    /**
     * A scene whose operands are all inputs.
     *
     * @param call   the call
     * @param inputs the operands it must not change (nulls allowed)
     * @return the scene
     */
    public static Scene of(Call call, Object... inputs) {
        return new Scene(java.util.Arrays.asList(inputs), List.of(), call);
    }

    /**
     * This scene with {@code outputs} as the operands the call may overwrite on success.
     *
     * @param outputs the outputs (nulls allowed)
     * @return a new scene
     */
    public Scene writing(Object... outputs) {
        return new Scene(inputs, java.util.Arrays.asList(outputs), call);
    }
}
