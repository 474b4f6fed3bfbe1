package org.jlops.mpi.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) holding float32,
 * float64, complex64 or complex128 arrays in C order, so that results can be exchanged with
 * Python ({@code np.load} / {@code np.save}).
 *
 * <p>Reading never trusts the header: the header length, the shape and the data size are checked
 * against the file's size before anything is allocated, so a malformed or truncated file — or a
 * header claiming more data than the file holds — gives an {@link IOException} with a message
 * saying what is wrong, never an {@link OutOfMemoryError}. Both byte orders are read; files are
 * written little-endian, version 1.0 (2.0 when the header needs it).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Largest header accepted (NumPy itself limits headers to far less). */
    private static final int MAX_HEADER = 1 << 20;
    /** Bytes moved per read or write call. */
    private static final int CHUNK = 1 << 20;

    private Npy() {
    }

    /**
     * Reads an array.
     *
     * @param path the {@code .npy} file
     * @return a new array with the file's dtype and shape
     * @throws IOException if the file cannot be read, is not a {@code .npy} file, is malformed or
     *                     truncated, has an unsupported dtype or Fortran order, or holds more
     *                     elements than one host array ({@link NdArray#MAX_ENTRIES} entries)
     */
    public static NdArray read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 2).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, prefix, path, "the magic string and version");
            for (int i = 0; i < MAGIC.length; i++) {
                if (prefix.get(i) != MAGIC[i]) {
                    throw new IOException(path + ": not a .npy file (bad magic string)");
                }
            }
            int major = prefix.get(6) & 0xff;
            int minor = prefix.get(7) & 0xff;
            if (major < 1 || major > 3 || minor != 0) {
                throw new IOException(path + ": unsupported .npy format version " + major + "." + minor
                        + " (expected 1.0, 2.0 or 3.0)");
            }
            int lenBytes = major == 1 ? 2 : 4;
            ByteBuffer lenBuf = ByteBuffer.allocate(lenBytes).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, path, "the header length");
            long headerLen = major == 1 ? (lenBuf.getShort(0) & 0xffffL) : (lenBuf.getInt(0) & 0xffffffffL);
            long dataStart = MAGIC.length + 2 + lenBytes + headerLen;
            if (headerLen > MAX_HEADER || dataStart > fileSize) {
                throw new IOException(path + ": truncated or malformed: header length " + headerLen + " but the file has "
                        + fileSize + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, path, "the header");
            String header = new String(headerBuf.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(header, path);
            long count = 1;
            for (long d : h.shape) {
                if (d < 0) {
                    throw new IOException(path + ": malformed header: negative dimension in shape " + shapeText(h.shape));
                }
                if (d != 0 && count > Long.MAX_VALUE / d) {
                    throw new IOException(path + ": malformed header: shape " + shapeText(h.shape) + " overflows");
                }
                count *= d;
            }
            long available = fileSize - dataStart;
            if (count > available / h.dtype.itemSize()) {
                throw new IOException(path + ": truncated: the header claims " + count + " " + h.dtype
                        + " elements (" + (count > Long.MAX_VALUE / h.dtype.itemSize() ? "more than 2^63"
                        : Long.toString(count * h.dtype.itemSize())) + " bytes) but only " + available
                        + " bytes follow the header");
            }
            if (count > NdArray.MAX_ENTRIES / h.dtype.components()) {
                throw new IOException(path + ": " + count + " " + h.dtype + " elements are more than one host array"
                        + " holds (" + NdArray.MAX_ENTRIES / h.dtype.components() + ")");
            }
            NdArray out = NdArray.zeros(h.dtype, h.shape);
            ByteOrder order = h.bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            int entries = (int) (count * h.dtype.components());
            int width = h.dtype.isDoublePrecision() ? 8 : 4;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max((long) entries * width, 1))).order(order);
            int done = 0;
            while (done < entries) {
                int n = Math.min(buf.capacity() / width, entries - done);
                buf.clear().limit(n * width);
                readFully(ch, buf, path, "the data");
                buf.flip();
                if (width == 8) {
                    buf.asDoubleBuffer().get(out.doubles(), done, n);
                } else {
                    buf.asFloatBuffer().get(out.floats(), done, n);
                }
                done += n;
            }
            return out;
        }
    }

    /**
     * Writes an array (little-endian, C order), replacing the file.
     *
     * @param path  the file to write
     * @param array (Input) the array. Not modified.
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code array} is null
     */
    public static void write(Path path, NdArray array) throws IOException {
        if (array == null) {
            throw new IllegalArgumentException("array: must not be null");
        }
        String dict = "{'descr': '" + array.dtype().numpyDescr() + "', 'fortran_order': False, 'shape': "
                + shapeText(array.shape()) + ", }";
        // like NumPy (1.24+), leave room for the first dimension to grow to 21 digits in place
        if (array.ndim() > 0) {
            dict += " ".repeat(Math.max(0, 21 - Long.toString(array.shape()[0]).length()));
        }
        int major = 1;
        int prefix = MAGIC.length + 2 + 2;
        int total = prefix + dict.length() + 1;
        if ((total + 63) / 64 * 64 - prefix > 0xffff) {
            major = 2;
            prefix += 2;
            total += 2;
        }
        int padded = (total + 63) / 64 * 64;
        StringBuilder h = new StringBuilder(dict);
        while (prefix + h.length() + 1 < padded) {
            h.append(' ');
        }
        h.append('\n');
        byte[] headerBytes = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer head = ByteBuffer.allocate(prefix + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            head.putShort((short) headerBytes.length);
        } else {
            head.putInt(headerBytes.length);
        }
        head.put(headerBytes).flip();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, head);
            int entries = (int) (array.size() * array.dtype().components());
            int width = array.dtype().isDoublePrecision() ? 8 : 4;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max((long) entries * width, 1)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            while (done < entries) {
                int n = Math.min(buf.capacity() / width, entries - done);
                buf.clear();
                if (width == 8) {
                    buf.asDoubleBuffer().put(array.doubles(), done, n);
                } else {
                    buf.asFloatBuffer().put(array.floats(), done, n);
                }
                buf.limit(n * width);
                writeFully(ch, buf);
                done += n;
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    private record Header(DType dtype, boolean bigEndian, long[] shape) {
    }

    private static Header parseHeader(String text, Path path) throws IOException {
        Map<String, Object> dict;
        try {
            Object v = new Literal(text).parseTop();
            if (!(v instanceof Map<?, ?> m)) {
                throw new IOException("the header is not a dictionary");
            }
            dict = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                dict.put(String.valueOf(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new IOException(path + ": malformed header: " + e.getMessage() + " in " + quote(text), e);
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String d) || !(fortran instanceof Boolean f) || !(shape instanceof List<?> s)) {
            throw new IOException(path + ": malformed header: needs 'descr' (a string), 'fortran_order' (a bool) and "
                    + "'shape' (a tuple), got " + quote(text));
        }
        if (f) {
            throw new IOException(path + ": fortran_order True is not supported; save a C-ordered array "
                    + "(np.ascontiguousarray)");
        }
        if (d.length() < 2 || "<>=|".indexOf(d.charAt(0)) < 0) {
            throw new IOException(path + ": unsupported dtype '" + d + "' (expected <f4, <f8, <c8 or <c16)");
        }
        DType dtype = switch (d.substring(1)) {
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "c8" -> DType.COMPLEX64;
            case "c16" -> DType.COMPLEX128;
            default -> throw new IOException(path + ": unsupported dtype '" + d + "' (expected float32, float64, "
                    + "complex64 or complex128: <f4, <f8, <c8 or <c16)");
        };
        boolean big = d.charAt(0) == '>' || (d.charAt(0) == '=' && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN);
        long[] dims = new long[s.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(s.get(i) instanceof Long l)) {
                throw new IOException(path + ": malformed header: shape entries must be integers, got " + quote(text));
            }
            dims[i] = l;
        }
        return new Header(dtype, big, dims);
    }

    /**
     * A parser for the Python literals of a .npy header: dicts, tuples, strings, ints, booleans.
     * Containers nest at most {@value #MAX_DEPTH} levels (a .npy header needs two: the dictionary
     * and the shape tuple), so the parser's recursion depth is bounded whatever the input holds.
     */
    private static final class Literal {
        /** Deepest nesting of containers accepted. */
        private static final int MAX_DEPTH = 16;

        private final String s;
        private int i;

        Literal(String s) {
            this.s = s;
        }

        Object parseTop() throws IOException {
            Object v = value(0);
            skip();
            if (i != s.length()) {
                throw new IOException("unexpected text after the dictionary at offset " + i);
            }
            return v;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        /** The value at the current offset, inside {@code depth} containers. */
        private Object value(int depth) throws IOException {
            skip();
            if (i >= s.length()) {
                throw new IOException("unexpected end of header");
            }
            char c = s.charAt(i);
            if ((c == '{' || c == '(' || c == '[') && depth >= MAX_DEPTH) {
                throw new IOException("containers nested more than " + MAX_DEPTH + " deep at offset " + i
                        + " (a .npy header is a dictionary holding one shape tuple)");
            }
            if (c == '{') {
                i++;
                Map<Object, Object> m = new LinkedHashMap<>();
                while (true) {
                    skip();
                    if (peek('}')) {
                        i++;
                        return m;
                    }
                    Object k = value(depth + 1);
                    skip();
                    expect(':');
                    m.put(k, value(depth + 1));
                    skip();
                    if (peek(',')) {
                        i++;
                    } else if (!peek('}')) {
                        throw new IOException("expected ',' or '}' at offset " + i);
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                i++;
                List<Object> l = new ArrayList<>();
                while (true) {
                    skip();
                    if (peek(close)) {
                        i++;
                        return l;
                    }
                    l.add(value(depth + 1));
                    skip();
                    if (peek(',')) {
                        i++;
                    } else if (!peek(close)) {
                        throw new IOException("expected ',' or '" + close + "' at offset " + i);
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IOException("unterminated string at offset " + i);
                }
                String v = s.substring(i + 1, end);
                i = end + 1;
                return v;
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (c == '-' || Character.isDigit(c)) {
                int start = i;
                i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                String digits = s.substring(start, i);
                if (i < s.length() && s.charAt(i) == 'L') {
                    i++;
                }
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw new IOException("bad integer '" + digits + "' at offset " + start);
                }
            }
            throw new IOException("unexpected character '" + c + "' at offset " + i);
        }

        private boolean peek(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        private void expect(char c) throws IOException {
            if (!peek(c)) {
                throw new IOException("expected '" + c + "' at offset " + i);
            }
            i++;
        }
    }

    private static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int k = 0; k < shape.length; k++) {
            b.append(k == 0 ? "" : ", ").append(shape[k]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String quote(String header) {
        String t = header.strip();
        return "\"" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "\"";
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, Path path, String what) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException(path + ": truncated: end of file while reading " + what);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
