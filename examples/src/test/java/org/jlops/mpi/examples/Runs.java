package org.jlops.mpi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jlops.mpi.comm.local.LocalCluster;

/**
 * The examples run on in-JVM ranks without figures, each (example, rank count) once per test JVM:
 * the tests of this module share the outputs. A run also checks that every rank returned the same
 * output.
 */
final class Runs {

    /** The rank counts the tests run every example at. */
    static final int MAX_NP = 4;

    private static final Map<String, Example.Output> CACHE = new ConcurrentHashMap<>();

    private Runs() {
    }

    /** A new instance of the registered example {@code name}. */
    static Example example(String name) {
        Supplier<Example> s = Examples.byName().get(name);
        assertNotNull(s, "no example '" + name + "' registered in Examples.ALL");
        return s.get();
    }

    /** Example {@code name}'s output on {@code np} in-JVM ranks (default sizes, no figures). */
    static Example.Output output(String name, int np) {
        return CACHE.computeIfAbsent(name + "@" + np, k -> {
            List<Example.Output> outs = LocalCluster.call(np, comm -> example(name).figures(null).run(comm));
            for (int r = 1; r < outs.size(); r++) {
                assertEquals(outs.get(0), outs.get(r), name + " at np=" + np + ": rank " + r + " returned another output");
            }
            return outs.get(0);
        });
    }

    /** {@link #output}'s text, for reading numbers back. */
    static Printed printed(String name, int np) {
        return new Printed(name + " at np=" + np, output(name, np).text());
    }
}
