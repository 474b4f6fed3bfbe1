package org.jlops.mpi.verify.harness;

/**
 * One case of a property: everything needed to rebuild it, on any machine, by seed. The case's
 * parameters (dimensions, dtype, parameters, splits) are drawn from {@code seed} and {@code size};
 * {@code np} is the rank count it runs on (drawn per case in one JVM, the world size under MPI).
 *
 * @param seed the case seed
 * @param size the size hint given to the generators (1 = smallest)
 * @param np   the number of ranks
 */
public record Case(long seed, int size, int np) {

    /** Validates the fields. */
    public Case {
        if (size < 1) {
            throw new IllegalArgumentException("size: must be at least 1, got " + size);
        }
        if (np < 1) {
            throw new IllegalArgumentException("np: must be at least 1, got " + np);
        }
    }

    /**
     * Parses the {@code SEED:SIZE} form printed in failure reports (the seed in hexadecimal with
     * {@code 0x}, or decimal).
     *
     * @param text the text, e.g. {@code 0x1f3a:4}
     * @param np   the rank count to run it on
     * @return the case
     * @throws IllegalArgumentException naming the text when it does not have that form
     */
    public static Case parse(String text, int np) {
        String[] parts = text == null ? new String[0] : text.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("case: expected SEED:SIZE, got '" + text + "'");
        }
        try {
            long seed = parts[0].startsWith("0x") ? Long.parseUnsignedLong(parts[0].substring(2), 16)
                    : Long.parseLong(parts[0]);
            return new Case(seed, Integer.parseInt(parts[1]), np);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("case: expected SEED:SIZE, got '" + text + "'", e);
        }
    }

    /** The {@code SEED:SIZE} form accepted by {@link #parse}. */
    public String key() {
        return "0x" + Long.toHexString(seed) + ":" + size;
    }

    @Override
    public String toString() {
        return "case " + key() + " np=" + np;
    }
}
