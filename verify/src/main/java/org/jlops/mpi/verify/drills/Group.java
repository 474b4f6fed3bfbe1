package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;

/**
 * The drills of one group as a generator writes them: {@link #drill} makes a drill expecting
 * rejection with the victim turning through the first, second and last rank from one drill to the
 * next, {@link #add} keeps it (after any {@code variant}, {@code on} or {@code accepted}).
 */
final class Group {

    private final String name;
    private final List<Drill> drills = new ArrayList<>();

    Group(String name) {
        this.name = name;
    }

    /** A drill of this group expecting rejection, on the next victim in turn (not yet added). */
    Drill drill(String method, String argument, Badness badness, Drill.Stage stage) {
        return new Drill(name, method, argument, badness, "", Victim.values()[drills.size() % Victim.values().length],
                Status.REJECTED, stage);
    }

    /** Adds a drill. */
    void add(Drill d) {
        drills.add(d);
    }

    /** {@code add(drill(method, argument, badness, stage))}. */
    void add(String method, String argument, Badness badness, Drill.Stage stage) {
        add(drill(method, argument, badness, stage));
    }

    /** The drills added, in order. */
    List<Drill> drills() {
        return List.copyOf(drills);
    }
}
