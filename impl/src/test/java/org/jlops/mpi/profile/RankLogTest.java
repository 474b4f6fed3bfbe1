package org.jlops.mpi.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/** The rank tag of the library's loggers. */
class RankLogTest {

    /** Keeps what reaches it at INFO and above. */
    private static final class Capture implements System.Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + java.text.MessageFormat.format(format, params));
        }
    }

    @Test
    void messagesCarryTheTagAndHonourTheLevel() {
        Capture sink = new Capture();
        System.Logger log = RankLog.tagged(sink, () -> "[rank 1/4] ");
        log.log(System.Logger.Level.INFO, "wrote {0}", "x.csv");
        log.log(System.Logger.Level.WARNING, () -> "slow");
        log.log(System.Logger.Level.DEBUG, () -> "not shown");
        assertEquals(List.of("INFO [rank 1/4] wrote x.csv", "WARNING [rank 1/4] slow"), sink.lines);
        assertEquals("capture", log.getName());
    }

    @Test
    void inJvmRanksAreTaggedPerThread() {
        List<String> tags = LocalCluster.call(3, comm -> RankLog.tag());
        assertEquals(List.of("[local rank 0/3] ", "[local rank 1/3] ", "[local rank 2/3] "), tags);
    }
}
