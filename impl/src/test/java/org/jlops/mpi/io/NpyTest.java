package org.jlops.mpi.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyTest {

    @TempDir
    Path dir;

    private static NdArray random(DType t, long... shape) {
        Random rnd = new Random(42);
        NdArray x = NdArray.zeros(t, shape);
        for (long k = 0; k < x.size(); k++) {
            x.set(k, rnd.nextGaussian(), rnd.nextGaussian());
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsEveryDtypeAndShape(DType t) throws IOException {
        long[][] shapes = {{7}, {3, 4}, {2, 3, 4}, {}, {0}, {2, 0, 3}, {300, 301}};
        for (long[] shape : shapes) {
            NdArray x = random(t, shape);
            Path f = dir.resolve("x.npy");
            Npy.write(f, x);
            assertEquals(0, (Files.size(f) - x.size() * t.itemSize()) % 64, "header padding");
            assertEquals(x, Npy.read(f), t + " " + Arrays.toString(shape));
        }
    }

    /** Files written by NumPy 2.4 ({@code np.save} of {@code arange(6).reshape(2, 3) + 0.5 - 1j * arange(6)}). */
    private static final String[][] NUMPY_FILES = {
        {"FLOAT32", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AADAPwAAIEAAAGBAAACQQAAAsEA="},
        {"FLOAT64", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADgPwAAAAAAAPg/AAAAAAAABEAAAAAAAAAMQAAAAAAAABJAAAAAAAAAFkA="},
        {"COMPLEX64", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGM4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AAAAAAAAwD8AAIC/AAAgQAAAAMAAAGBAAABAwAAAkEAAAIDAAACwQAAAoMA="},
        {"COMPLEX128", "k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCAzKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADgPwAAAAAAAAAAAAAAAAAA+D8AAAAAAADwvwAAAAAAAARAAAAAAAAAAMAAAAAAAAAMQAAAAAAAAAjAAAAAAAAAEkAAAAAAAAAQwAAAAAAAABZAAAAAAAAAFMA="},
    };

    @Test
    void readsAndWritesTheBytesOfNumpy() throws IOException {
        for (String[] f : NUMPY_FILES) {
            DType t = DType.valueOf(f[0]);
            byte[] bytes = java.util.Base64.getDecoder().decode(f[1]);
            NdArray expected = NdArray.zeros(t, 2, 3);
            for (int k = 0; k < 6; k++) {
                expected.set(k, k + 0.5, -k);
            }
            assertEquals(expected, Npy.read(write("np.npy", bytes)), t + ": read a NumPy file");
            Path mine = dir.resolve(t + ".npy");
            Npy.write(mine, expected);
            assertArrayEquals(bytes, Files.readAllBytes(mine), t + ": byte-identical to np.save");
        }
        // big-endian float64 and a 0-d array
        NdArray be = Npy.read(write("be.npy", java.util.Base64.getDecoder().decode("k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/4AAAAAAAAD/4AAAAAAAAQAQAAAAAAABADAAAAAAAAEASAAAAAAAAQBYAAAAAAAA=")));
        assertEquals(5.5, be.re(5));
        byte[] zeroD = java.util.Base64.getDecoder().decode("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAEQA==");
        NdArray s = Npy.read(write("0d.npy", zeroD));
        assertEquals(0, s.ndim());
        assertEquals(2.5, s.re(0));
        Path mine = dir.resolve("0d.npy");
        Npy.write(mine, s);
        assertArrayEquals(zeroD, Files.readAllBytes(mine), "0-d: byte-identical to np.save");
    }

    @Test
    void writesTheHeaderNumpyWrites() throws IOException {
        Path f = dir.resolve("a.npy");
        Npy.write(f, NdArray.ofFloat64(new double[] {1, 2, 3}));
        byte[] b = Files.readAllBytes(f);
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(128 - 10, headerLen, "magic + header padded to 64 bytes, with NumPy's room to grow");
        String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith(dict), header);
        assertTrue(header.endsWith("\n"));
        assertTrue(header.substring(dict.length()).isBlank());
        assertEquals(128 + 24, b.length);
        assertEquals(2.0, ByteBuffer.wrap(b, 128 + 8, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
    }

    @Test
    void readsVersion2BigEndianAndSpacingVariants() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        data.putDouble(1.5).putDouble(-2.5);
        Path f = file(2, "{\"descr\":\">c16\",\"shape\":(1 ,),\"fortran_order\":False}", data.array());
        NdArray x = Npy.read(f);
        assertEquals(DType.COMPLEX128, x.dtype());
        assertArrayEquals(new long[] {1}, x.shape());
        assertEquals(1.5, x.re(0));
        assertEquals(-2.5, x.im(0));
        ByteBuffer f4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).putFloat(4f);
        NdArray y = Npy.read(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }", f4.array()));
        assertEquals(NdArray.ofFloat32(new float[] {3, 4}), y);
    }

    @Test
    void malformedFilesGiveClearErrors() throws IOException {
        byte[] eight = new byte[8];
        assertError("not a .npy file", write("x.npy", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII)));
        assertError("truncated", write("t.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M'}));
        assertError("version 4.0", file(4, "{}", eight));
        assertError("truncated", truncatedHeader());
        assertError("malformed header", file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,}", eight));
        assertError("malformed header", file(1, "['descr', '<f8']", eight));
        assertError("malformed header", file(1, "{'descr': '<f8', 'shape': (1,)}", eight));
        assertError("negative dimension", file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", eight));
        assertError("unsupported dtype '<i4'", file(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,)}", eight));
        assertError("fortran_order", file(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (1,)}", eight));
        assertError("truncated: the header claims 2 FLOAT64", file(1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", eight));
    }

    @Test
    void headersClaimingHugeDataFailWithoutAllocating() throws IOException {
        // 2^62 elements, or more than a long, in a file of a few bytes: an IOException, not an OutOfMemoryError
        assertError("truncated: the header claims 4611686018427387904", file(1,
                "{'descr': '<c16', 'fortran_order': False, 'shape': (4611686018427387904,)}", new byte[16]));
        assertError("overflows", file(1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4)}", new byte[16]));
        assertError("truncated: the header claims 3000000000", file(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3000000000,)}", new byte[16]));
        // a header length beyond the file
        byte[] b = Files.readAllBytes(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", new byte[8]));
        b[8] = (byte) 0xff;
        b[9] = (byte) 0xff;
        assertError("header length 65535", write("h.npy", b));
    }

    /** Issue 14: a valid-size header with a shape nested 10 000 parentheses deep overflowed the stack. */
    @Test
    void deeplyNestedHeadersGiveAnIOExceptionNotAStackOverflow() throws IOException {
        int depth = 10_000;
        String shape = "(".repeat(depth) + "2," + ")".repeat(depth);
        assertError("containers nested more than 16 deep at offset 65", file(1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + "}", new byte[16]));
        // a version 2.0 header may be far longer: half a million brackets
        assertError("containers nested more than 16 deep", file(2,
                "{'descr': '<f8', 'fortran_order': False, 'shape': " + "[".repeat(500_000) + "}", new byte[16]));
        // nesting a valid header never needs: accepted up to the limit, with its own error after parsing
        assertError("shape entries must be integers", file(1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "(".repeat(14) + "2," + ")".repeat(14) + ",)}",
                new byte[16]));
    }

    @Test
    void missingFileIsAnIOException() {
        assertThrows(IOException.class, () -> Npy.read(dir.resolve("nope.npy")));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("n.npy"), null));
    }

    private void assertError(String expected, Path f) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private Path truncatedHeader() throws IOException {
        byte[] b = Files.readAllBytes(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", new byte[0]));
        return write("th.npy", Arrays.copyOf(b, 30));
    }

    private int count;

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(count++ + name);
        Files.write(f, bytes);
        return f;
    }

    /** A .npy file with the given version, header text and data bytes. */
    private Path file(int major, String header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        if (major == 1) {
            out.write(h.length & 0xff);
            out.write(h.length >> 8);
        } else {
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(h.length).array());
        }
        out.write(h);
        out.write(data);
        return write("f.npy", out.toByteArray());
    }
}
