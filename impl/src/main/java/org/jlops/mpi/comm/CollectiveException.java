package org.jlops.mpi.comm;

/**
 * Thrown by a collective or point-to-point call that could not complete because another rank
 * failed, left the communicator, or the backend reported an error. The cause, when known, is the
 * original failure of the other rank.
 */
public class CollectiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and an optional cause (may be null).
     *
     * @param message the message
     * @param cause   the failure behind it
     */
    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception with a message.
     *
     * @param message the message
     */
    public CollectiveException(String message) {
        super(message);
    }
}
