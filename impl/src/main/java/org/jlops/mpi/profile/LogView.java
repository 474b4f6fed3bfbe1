package org.jlops.mpi.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log view of a run, like PETSc's {@code -log_view}: where the time of this rank went, per
 * operator class, array operation, solver and collective kind, in nested spans (solver &rarr;
 * operator &rarr; collective), with calls, time (inclusive and self), bytes and messages sent,
 * and flops where the library knows them. PyLops-MPI's {@code benchmark} decorator and
 * {@code mark} are {@link #span(String)} (a span around any code of the user) and
 * {@link #mark(String)}.
 *
 * <p><b>Switching it on.</b> {@code -D}{@value #PROPERTY}{@code =true}, or {@link #enable()}
 * before the work to count. Off (the default), every recording point is one read of a static
 * field and a shared no-op span: nothing is allocated and nothing is timed.
 *
 * <p><b>Reading it.</b> {@code Communicators.logView(comm)} (collective) gathers every rank's
 * record into one {@link Report}: per span path, the largest call count, the largest and smallest
 * time over the ranks and their ratio (the imbalance), the largest self time (the span less the
 * spans inside it), the share of the run, and the totals over the ranks of messages, bytes and
 * flops; below it one line per collective kind. Under MPI, with the property set, rank 0 prints it
 * when the process ends (before {@code MPI_Finalize}) and, with {@code -D}{@value #CSV_PROPERTY}
 * {@code =FILE}, writes it as CSV.
 *
 * <p><b>What is recorded.</b> Spans are per thread: under MPI a rank is a process, in the in-JVM
 * backend a rank is a thread, so in both cases a rank's spans are its own. <i>Bytes</i> are the
 * bytes this rank sends (a collective's contribution: its send count; {@code recv} counts none);
 * <i>messages</i> are point-to-point messages sent ({@code send}, {@code sendrecv}, one per
 * non-empty peer of {@code alltoallv}) and one per collective call. <i>Flops</i> are counted for
 * dot products and norms (2 per real element, 8 per complex one) and for the products of the
 * operators that know theirs (dense products, Fredholm, diagonals, the first and second
 * derivatives, the block operators whose blocks all know theirs: one multiply-add is 2 real or 8
 * complex flops); the others report none.
 * Each span costs about a microsecond of bookkeeping when the view is on.
 */
public final class LogView {

    /** System property that switches the log view on ({@code true}). */
    public static final String PROPERTY = "jlops.logView";
    /** System property naming a CSV file the report at the end of an MPI run is also written to. */
    public static final String CSV_PROPERTY = "jlops.logView.csv";

    /** What a span times. */
    public enum Kind {
        /** A solver's run or step. */
        SOLVER,
        /** A distributed operator's product. */
        OPERATOR,
        /** An operation of a distributed array. */
        ARRAY,
        /** A communicator call. */
        COMM,
        /** A span of the user's ({@link #span(String)}, {@link #mark(String)}). */
        USER
    }

    private static volatile boolean enabled = Boolean.getBoolean(PROPERTY);
    /** Every thread's recorder, for the record of a whole process (an MPI rank). */
    private static final java.util.Queue<Recorder> ALL = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final ThreadLocal<Recorder> RECORDER = ThreadLocal.withInitial(() -> {
        Recorder r = new Recorder();
        ALL.add(r);
        return r;
    });
    private static final ClassValue<Map<String, String>> NAMES = new ClassValue<>() {
        @Override
        protected Map<String, String> computeValue(Class<?> type) {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }
    };

    private LogView() {
    }

    /**
     * Whether spans are recorded. Local.
     *
     * @return whether spans are recorded
     */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * Starts recording (on every thread); call it on every rank before the work to count, as the
     * property does at start-up. Local.
     */
    public static void enable() {
        enabled = true;
    }

    /** Stops recording; what was recorded stays until {@link #reset()}. Local. */
    public static void disable() {
        enabled = false;
    }

    /** Forgets what this thread (this rank) recorded and restarts its clock. Local. */
    public static void reset() {
        ALL.remove(RECORDER.get());
        RECORDER.remove();
    }

    /**
     * A span of the user's code (PyLops-MPI's {@code benchmark}), nested in the span open on this
     * thread; close it (try-with-resources) where the code ends. Local.
     *
     * @param name the name, shown in the table under the enclosing span
     * @return the span; a shared no-op when the view is off
     */
    public static Span span(String name) {
        return span(Kind.USER, name);
    }

    /**
     * A span of the library's own kinds (operators, arrays, solvers and communicators record
     * themselves; this is for code that wants to be counted as one of them). Local.
     *
     * @param kind what it times
     * @param name the name
     * @return the span; a shared no-op when the view is off
     */
    public static Span span(Kind kind, String name) {
        if (!enabled) {
            return Span.NONE;
        }
        Recorder r = RECORDER.get();
        return r.suspended ? Span.NONE : r.open(kind, name);
    }

    /**
     * A span named after a class and an action ({@code MPIFirstDerivative.matvec}); the name is
     * built once per class and action. Local.
     *
     * @param kind   what it times
     * @param type   the class, its simple name (or its name's last part) heads the span's name
     * @param action the action
     * @return the span; a shared no-op when the view is off
     */
    public static Span span(Kind kind, Class<?> type, String action) {
        if (!enabled) {
            return Span.NONE;
        }
        Recorder r = RECORDER.get();
        if (r.suspended) {
            return Span.NONE;
        }
        return r.open(kind, NAMES.get(type).computeIfAbsent(action, a -> shortName(type) + "." + a));
    }

    /**
     * A mark (PyLops-MPI's {@code mark}): the time since the previous mark of this thread, or since
     * the first span or reset, becomes a call of the span {@code label} under the span open now.
     * Local.
     *
     * @param label the name of the interval that ends here
     */
    public static void mark(String label) {
        if (!enabled) {
            return;
        }
        RECORDER.get().mark(label);
    }

    /**
     * Runs {@code work} with this thread's recording paused (the log view's own exchange between
     * ranks). Local.
     *
     * @param <T>  the result type
     * @param work the work
     * @return its result
     */
    public static <T> T unrecorded(java.util.function.Supplier<T> work) {
        Recorder r = RECORDER.get();
        boolean was = r.suspended;
        r.suspended = true;
        try {
            return work.get();
        } finally {
            r.suspended = was;
        }
    }

    /**
     * What this thread (this rank) recorded so far, encoded for the exchange between ranks. Local.
     *
     * @return the record, with this rank's elapsed time since its first span or reset
     */
    public static String localRecord() {
        return RECORDER.get().encode();
    }

    /**
     * What every thread of this process recorded, merged by span path (calls, times and counts
     * summed), for backends where a rank is a process. Local; call it when the other threads have
     * finished their spans.
     *
     * @return the record, with the longest elapsed time of the threads
     */
    public static String processRecord() {
        Recorder merged = new Recorder();
        long wall = 0;
        long now = System.nanoTime();
        for (Recorder r : ALL) {
            wall = Math.max(wall, now - r.startNanos);
            for (Event e : r.events.values()) {
                Event m = merged.events.computeIfAbsent(e.path, k -> new Event(e.path, e.name, e.depth, e.kind));
                m.calls += e.calls;
                m.nanos += e.nanos;
                m.selfNanos += e.selfNanos;
                m.bytes += e.bytes;
                m.messages += e.messages;
                m.flops += e.flops;
            }
        }
        String record = merged.encode();
        return wall + record.substring(record.indexOf('\n'));
    }

    private static String shortName(Class<?> type) {
        String s = type.getSimpleName();
        if (s.isEmpty()) {
            s = type.getName().substring(type.getName().lastIndexOf('.') + 1);
        }
        return s;
    }

    /**
     * An open span: close it where the timed code ends (try-with-resources). Spans close in the
     * reverse order of opening on each thread. Local.
     */
    public static class Span implements AutoCloseable {

        static final Span NONE = new Span(null, null, null);

        private final Recorder recorder;
        private final Event event;
        private final Span parent;
        private final long start;
        private long childNanos;

        Span(Recorder recorder, Event event, Span parent) {
            this.recorder = recorder;
            this.event = event;
            this.parent = parent;
            this.start = recorder == null ? 0 : System.nanoTime();
        }

        /**
         * Adds bytes this rank sends in the span.
         *
         * @param bytes the count
         * @return this span
         */
        public Span bytes(long bytes) {
            if (event != null) {
                event.bytes += bytes;
            }
            return this;
        }

        /**
         * Adds messages this rank sends in the span.
         *
         * @param messages the count
         * @return this span
         */
        public Span messages(long messages) {
            if (event != null) {
                event.messages += messages;
            }
            return this;
        }

        /**
         * Adds floating-point operations done in the span.
         *
         * @param flops the count
         * @return this span
         */
        public Span flops(long flops) {
            if (event != null) {
                event.flops += flops;
            }
            return this;
        }

        /**
         * Whether this span records (the view is on and this thread is not suspended): callers
         * that must compute a count before passing it ({@link #flops}) skip the work otherwise.
         *
         * @return whether this span records
         */
        public boolean active() {
            return event != null;
        }

        /** Ends the span: its time counts for its path and for the enclosing span's children. */
        @Override
        public void close() {
            if (recorder == null) {
                return;
            }
            long elapsed = System.nanoTime() - start;
            event.calls++;
            event.nanos += elapsed;
            event.selfNanos += elapsed - childNanos;
            if (parent != null) {
                parent.childNanos += elapsed;
            }
            recorder.top = parent;
        }
    }

    /** One span path's totals on one rank. */
    static final class Event {
        final String path;
        final String name;
        final int depth;
        final Kind kind;
        long calls;
        long nanos;
        long selfNanos;
        long bytes;
        long messages;
        long flops;

        Event(String path, String name, int depth, Kind kind) {
            this.path = path;
            this.name = name;
            this.depth = depth;
            this.kind = kind;
        }
    }

    /** One thread's spans. */
    static final class Recorder {
        final long startNanos = System.nanoTime();
        final Map<String, Event> events = new LinkedHashMap<>();
        Span top;
        long lastMark = startNanos;
        boolean suspended;

        Span open(Kind kind, String name) {
            Event e = event(kind, name);
            Span s = new Span(this, e, top);
            top = s;
            return s;
        }

        private Event event(Kind kind, String name) {
            String parentPath = top == null ? "" : top.event.path;
            String path = parentPath.isEmpty() ? name : parentPath + " > " + name;
            Event e = events.get(path);
            if (e == null) {
                e = new Event(path, name, top == null ? 0 : top.event.depth + 1, kind);
                events.put(path, e);
            }
            return e;
        }

        void mark(String label) {
            long now = System.nanoTime();
            Event e = event(Kind.USER, label);
            long elapsed = now - lastMark;
            e.calls++;
            e.nanos += elapsed;
            e.selfNanos += elapsed;
            if (top != null) {
                top.childNanos += elapsed;
            }
            lastMark = now;
        }

        String encode() {
            StringBuilder s = new StringBuilder();
            s.append(System.nanoTime() - startNanos).append('\n');
            for (Event e : events.values()) {
                s.append(e.path.replace('\t', ' ').replace('\n', ' ')).append('\t').append(e.name.replace('\t', ' ')
                        .replace('\n', ' ')).append('\t').append(e.depth).append('\t').append(e.kind).append('\t')
                        .append(e.calls).append('\t').append(e.nanos).append('\t').append(e.selfNanos).append('\t')
                        .append(e.bytes).append('\t').append(e.messages).append('\t').append(e.flops).append('\n');
            }
            return s.toString();
        }
    }

    /**
     * One row of the report: one span path over all ranks.
     *
     * @param path        the span's path ({@code CGLS.step > MPIFirstDerivative.matvec > allreduce})
     * @param name        its last part
     * @param depth       how many spans enclose it
     * @param kind        what it times
     * @param ranks       how many ranks recorded it
     * @param callsMax    the largest call count over the ranks
     * @param timeMaxS    the largest time over the ranks, in seconds (inclusive of nested spans)
     * @param timeMinS    the smallest time over all ranks (0 on a rank that did not record it)
     * @param selfMaxS    the largest self time (the span less the spans inside it)
     * @param messages    messages sent, summed over the ranks
     * @param bytes       bytes sent, summed over the ranks
     * @param flops       flops, summed over the ranks
     */
    public record Row(String path, String name, int depth, Kind kind, int ranks, long callsMax, double timeMaxS,
            double timeMinS, double selfMaxS, long messages, long bytes, long flops) {

        /**
         * The imbalance: largest over smallest time ({@code +inf} when a rank spent none).
         *
         * @return the imbalance: largest over smallest time ({@code +inf} when a rank spent none)
         */
        public double ratio() {
            return timeMinS > 0 ? timeMaxS / timeMinS : (timeMaxS > 0 ? Double.POSITIVE_INFINITY : 1);
        }
    }

    /**
     * The log view of all ranks: one {@link Row} per span path, and the run's length per rank.
     *
     * @param size      the number of ranks
     * @param backend   the communicator's backend
     * @param wallMaxS  the longest time since the first span (or reset) over the ranks, in seconds
     * @param wallMinS  the shortest
     * @param rows      the span paths, in the order of first appearance (rank 0's first)
     */
    public record Report(int size, String backend, double wallMaxS, double wallMinS, List<Row> rows) {

        /**
         * Combines the ranks' records (each from {@link #localRecord()}). Local.
         *
         * @param backend the backend's name
         * @param records (Input) one record per rank, in rank order; not modified
         * @return the report
         */
        public static Report of(String backend, List<String> records) {
            Map<String, long[]> totals = new LinkedHashMap<>();   // path -> ranks, calls max, max, min, self max, msgs, bytes, flops
            Map<String, String[]> meta = new LinkedHashMap<>();
            double wallMax = 0;
            double wallMin = Double.POSITIVE_INFINITY;
            int n = records.size();
            for (String record : records) {
                String[] lines = record.split("\n");
                double wall = Long.parseLong(lines[0].strip()) * 1e-9;
                wallMax = Math.max(wallMax, wall);
                wallMin = Math.min(wallMin, wall);
                for (int i = 1; i < lines.length; i++) {
                    if (lines[i].isEmpty()) {
                        continue;
                    }
                    String[] f = lines[i].split("\t");
                    meta.putIfAbsent(f[0], new String[] {f[1], f[2], f[3]});
                    long[] t = totals.computeIfAbsent(f[0], k -> new long[] {0, 0, 0, Long.MAX_VALUE, 0, 0, 0, 0});
                    long nanos = Long.parseLong(f[5]);
                    t[0]++;
                    t[1] = Math.max(t[1], Long.parseLong(f[4]));
                    t[2] = Math.max(t[2], nanos);
                    t[3] = Math.min(t[3], nanos);
                    t[4] = Math.max(t[4], Long.parseLong(f[6]));
                    t[5] += Long.parseLong(f[8]);
                    t[6] += Long.parseLong(f[7]);
                    t[7] += Long.parseLong(f[9]);
                }
            }
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<String, long[]> e : totals.entrySet()) {
                long[] t = e.getValue();
                String[] m = meta.get(e.getKey());
                long min = t[0] < n ? 0 : t[3];
                rows.add(new Row(e.getKey(), m[0], Integer.parseInt(m[1]), Kind.valueOf(m[2]), (int) t[0], t[1],
                        t[2] * 1e-9, min * 1e-9, t[4] * 1e-9, t[5], t[6], t[7]));
            }
            return new Report(n, backend, wallMax, n == 0 ? 0 : wallMin, List.copyOf(rows));
        }

        /**
         * The table: one line per span path, indented by depth, then one line per collective kind
         * (summed over the paths it appears under). Local.
         *
         * @return the text, lines ending in {@code \n}
         */
        public String format() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "JLops-MPI log view: %d rank%s (%s), wall time max %.4f s, min %.4f s%n",
                    size, size == 1 ? "" : "s", backend, wallMaxS, wallMinS));
            int width = 30;
            for (Row r : rows) {
                width = Math.max(width, 2 * r.depth() + r.name().length());
            }
            width = Math.min(width, 70);
            String head = "%-" + width + "s %8s %11s %7s %11s %6s %9s %11s %11s%n";
            String line = "%-" + width + "s %8d %11.4e %7s %11.4e %5.1f%% %9s %11s %11s%n";
            s.append(String.format(Locale.ROOT, head, "Span (nested)", "Calls", "Time max", "Ratio", "Self max", "%T",
                    "Messages", "Bytes", "Flops"));
            s.append("-".repeat(width + 86)).append('\n');
            for (Row r : rows) {
                String name = "  ".repeat(r.depth()) + r.name();
                if (name.length() > width) {
                    name = name.substring(0, width - 1) + "…";
                }
                s.append(String.format(Locale.ROOT, line, name, r.callsMax(), r.timeMaxS(), ratio(r.ratio()),
                        r.selfMaxS(), wallMaxS > 0 ? 100 * r.timeMaxS() / wallMaxS : 0.0, count(r.messages()),
                        count(r.bytes()), count(r.flops())));
            }
            Map<String, long[]> kinds = new TreeMap<>();
            Map<String, double[]> times = new TreeMap<>();
            for (Row r : rows) {
                if (r.kind() == Kind.COMM) {
                    long[] k = kinds.computeIfAbsent(r.name(), x -> new long[3]);
                    k[0] += r.callsMax();
                    k[1] += r.messages();
                    k[2] += r.bytes();
                    times.computeIfAbsent(r.name(), x -> new double[2]);
                    times.get(r.name())[0] += r.timeMaxS();
                    times.get(r.name())[1] += r.timeMinS();
                }
            }
            if (!kinds.isEmpty()) {
                s.append(String.format(Locale.ROOT, "%nCollectives (every path): %-12s %8s %11s %11s %9s %11s%n", "kind",
                        "Calls", "Time max", "Time min", "Messages", "Bytes"));
                for (Map.Entry<String, long[]> e : kinds.entrySet()) {
                    long[] k = e.getValue();
                    double[] t = times.get(e.getKey());
                    s.append(String.format(Locale.ROOT, "%26s %-12s %8d %11.4e %11.4e %9s %11s%n", "", e.getKey(), k[0],
                            t[0], t[1], count(k[1]), count(k[2])));
                }
            }
            s.append("(Calls: most on one rank; Time: inclusive of nested spans, max and min over the ranks; Ratio: max/min;")
                    .append(" Self: less the nested spans; %T: of the longest wall time; Messages, Bytes sent and Flops:")
                    .append(" totals over the ranks)\n");
            return s.toString();
        }

        /**
         * The rows as CSV (header {@code path,depth,kind,ranks,calls_max,time_max_s,time_min_s,ratio,
         * self_max_s,messages,bytes,flops}).
         *
         * @return the text
         */
        public String csv() {
            StringBuilder s = new StringBuilder(
                    "path,depth,kind,ranks,calls_max,time_max_s,time_min_s,ratio,self_max_s,messages,bytes,flops\n");
            for (Row r : rows) {
                s.append('"').append(r.path().replace("\"", "\"\"")).append('"').append(',').append(r.depth()).append(',')
                        .append(r.kind()).append(',').append(r.ranks()).append(',').append(r.callsMax()).append(',')
                        .append(String.format(Locale.ROOT, "%.9f,%.9f,%s,%.9f", r.timeMaxS(), r.timeMinS(),
                                Double.isInfinite(r.ratio()) ? "inf" : String.format(Locale.ROOT, "%.4f", r.ratio()),
                                r.selfMaxS()))
                        .append(',').append(r.messages()).append(',').append(r.bytes()).append(',').append(r.flops())
                        .append('\n');
            }
            return s.toString();
        }

        /**
         * Writes {@link #csv()} to a file.
         *
         * @param file the file, created or replaced
         * @throws UncheckedIOException if it cannot be written
         */
        public void writeCsv(Path file) {
            try {
                Files.writeString(file, csv(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("log view: cannot write " + file, e);
            }
        }

        /**
         * The row of a span path, or null.
         *
         * @param path the path
         * @return the row, or null when no rank recorded it
         */
        public Row row(String path) {
            for (Row r : rows) {
                if (r.path().equals(path)) {
                    return r;
                }
            }
            return null;
        }

        private static String ratio(double r) {
            return Double.isInfinite(r) ? "inf" : String.format(Locale.ROOT, "%.2f", r);
        }

        private static String count(long v) {
            if (v < 100_000) {
                return Long.toString(v);
            }
            return String.format(Locale.ROOT, "%.3e", (double) v);
        }
    }
}
