package org.jlops.mpi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads numbers back from an example's printed text, failing the test with the text when they are missing. */
final class Printed {

    private final String what;
    private final String text;

    Printed(String what, String text) {
        this.what = what;
        this.text = text;
    }

    /** The first group of the first match of {@code regex}, as a double. */
    double number(String regex) {
        return Double.parseDouble(group(regex, 0));
    }

    /** The first group of the {@code k}-th match (from 0) of {@code regex}. */
    String group(String regex, int k) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        for (int i = 0; i <= k; i++) {
            if (!m.find()) {
                fail(what + ": no match " + (k + 1) + " of '" + regex + "' in\n" + text);
            }
        }
        return m.group(1);
    }

    /** Every first group of {@code regex}, as doubles. */
    List<Double> all(String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        List<Double> l = new ArrayList<>();
        while (m.find()) {
            l.add(Double.parseDouble(m.group(1)));
        }
        return l;
    }

    /**
     * The bracketed values after the {@code k}-th occurrence (from 0) of {@code label} — the first
     * {@code [} after it that follows {@code "= "} or {@code ": "} — across wrapped lines.
     */
    double[] vector(String label, int k) {
        int at = -1;
        for (int i = 0; i <= k; i++) {
            at = text.indexOf(label, at + 1);
            if (at < 0) {
                fail(what + ": no occurrence " + (k + 1) + " of '" + label + "' in\n" + text);
            }
        }
        int eq = text.indexOf("= [", at);
        int colon = text.indexOf(": [", at);
        int open = (eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon)) + 2;
        assertTrue(open >= 2, what + ": no values after '" + label + "'");
        int close = text.indexOf(']', open);
        String[] items = text.substring(open + 1, close).trim().split("\\s+");
        double[] v = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            assertTrue(!items[i].equals("..."), what + ": '" + label + "' is elided");
            v[i] = Double.parseDouble(items[i]);
        }
        return v;
    }

    /** The bracketed values after the first occurrence of {@code label}. */
    double[] vector(String label) {
        return vector(label, 0);
    }

    /** Asserts that {@code line} is one of the printed lines. */
    void hasLine(String line) {
        assertTrue(("\n" + text).contains("\n" + line + "\n"), what + ": no line '" + line + "' in\n" + text);
    }

    /** Asserts {@code actual} equals {@code expected} within {@code tol}, naming the quantity. */
    void near(double expected, double actual, double tol, String quantity) {
        assertEquals(expected, actual, tol, what + ": " + quantity);
    }

    /** Asserts element-wise closeness. */
    void near(double[] expected, double[] actual, double tol, String quantity) {
        assertEquals(expected.length, actual.length, what + ": " + quantity + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + ": " + quantity + "[" + i + "]");
        }
    }
}
