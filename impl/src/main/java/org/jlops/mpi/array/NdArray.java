package org.jlops.mpi.array;

import java.util.Arrays;
import java.util.List;

/**
 * A host n-d array: a {@link DType}, a row-major (C order) shape of {@code long} dimensions and
 * storage of the dtype's own width — a {@code float[]} for FLOAT32/COMPLEX64, a {@code double[]}
 * for FLOAT64/COMPLEX128, complex values interleaved (re, im). It carries data into and out of
 * distributed arrays and to and from NumPy {@code .npy} files ({@code org.jlops.mpi.io.Npy}).
 *
 * <p>The storage is one Java array, so an {@code NdArray} holds at most {@value #MAX_ENTRIES}
 * real entries (half as many complex elements). Global arrays larger than that live only as
 * {@link DistributedArray}s. A 0-d array (empty shape) holds one element.
 *
 * <p>Instances are mutable through {@link #set} and the live storage ({@link #data()}); views made
 * by {@link #reshape} share storage with their source. Not thread-safe.
 */
public final class NdArray {

    /** Largest number of real entries of the storage. */
    public static final int MAX_ENTRIES = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final long[] shape;
    private final long size;
    private final double[] d;
    private final float[] f;

    private NdArray(DType dtype, long[] shape, Object storage) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = Shapes.size(shape);
        this.d = storage instanceof double[] a ? a : null;
        this.f = storage instanceof float[] a ? a : null;
    }

    // ---------------------------------------------------------------------------------------
    // Creation

    /**
     * A zero-filled array.
     *
     * @param dtype the element type
     * @param shape the dimensions; empty for a 0-d array
     * @return the new array
     * @throws IllegalArgumentException if a dimension is negative or the array is too large
     */
    public static NdArray zeros(DType dtype, long... shape) {
        requireDtype(dtype);
        long[] s = checkedShape(shape);
        int entries = entries(dtype, s);
        return new NdArray(dtype, s, dtype.isDoublePrecision() ? new double[entries] : new float[entries]);
    }

    /**
     * Wraps existing storage without copying: writes through either are seen by both.
     *
     * @param dtype   the element type
     * @param storage (Input/Output) a {@code double[]} for FLOAT64/COMPLEX128 or a {@code float[]}
     *                for FLOAT32/COMPLEX64, with exactly {@code size * components} entries
     * @param shape   the dimensions
     * @return the array over {@code storage}
     * @throws IllegalArgumentException if the storage's class or length does not fit
     */
    public static NdArray wrap(DType dtype, Object storage, long... shape) {
        requireDtype(dtype);
        long[] s = checkedShape(shape);
        int entries = entries(dtype, s);
        int length;
        if (dtype.isDoublePrecision() && storage instanceof double[] a) {
            length = a.length;
        } else if (!dtype.isDoublePrecision() && storage instanceof float[] a) {
            length = a.length;
        } else {
            throw new IllegalArgumentException("storage: " + dtype + " is stored in a "
                    + (dtype.isDoublePrecision() ? "double[]" : "float[]") + ", got "
                    + (storage == null ? "null" : storage.getClass().getSimpleName()));
        }
        if (length != entries) {
            throw new IllegalArgumentException("storage: shape " + Shapes.str(s) + " of " + dtype + " needs " + entries
                    + " entries, got " + length);
        }
        return new NdArray(dtype, s, storage);
    }

    /**
     * A FLOAT64 array holding a copy of {@code values}.
     *
     * @param values (Input) the elements in C order. Not modified.
     * @param shape  the dimensions; omitted for a 1-d array of {@code values.length}
     * @return the new array
     */
    public static NdArray ofFloat64(double[] values, long... shape) {
        return wrap(DType.FLOAT64, values.clone(), shape.length == 0 ? new long[] {values.length} : shape);
    }

    /**
     * A FLOAT32 array holding a copy of {@code values} (shape omitted: 1-d).
     *
     * @param values (Input) the elements in C order. Not modified.
     * @param shape  the dimensions
     * @return the new array
     */
    public static NdArray ofFloat32(float[] values, long... shape) {
        return wrap(DType.FLOAT32, values.clone(), shape.length == 0 ? new long[] {values.length} : shape);
    }

    /**
     * A COMPLEX128 array holding a copy of interleaved {@code (re, im)} values (shape omitted: 1-d).
     *
     * @param interleaved (Input) re, im of each element in C order. Not modified.
     * @param shape       the dimensions
     * @return the new array
     */
    public static NdArray ofComplex128(double[] interleaved, long... shape) {
        return wrap(DType.COMPLEX128, interleaved.clone(),
                shape.length == 0 ? new long[] {interleaved.length / 2} : shape);
    }

    /**
     * A COMPLEX64 array holding a copy of interleaved {@code (re, im)} values (shape omitted: 1-d).
     *
     * @param interleaved (Input) re, im of each element in C order. Not modified.
     * @param shape       the dimensions
     * @return the new array
     */
    public static NdArray ofComplex64(float[] interleaved, long... shape) {
        return wrap(DType.COMPLEX64, interleaved.clone(),
                shape.length == 0 ? new long[] {interleaved.length / 2} : shape);
    }

    private static void requireDtype(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
    }

    private static long[] checkedShape(long[] shape) {
        Shapes.checkShape("shape", shape);
        return shape.clone();
    }

    private static int entries(DType dtype, long[] shape) {
        long n = Shapes.size(shape);
        if (n > MAX_ENTRIES / dtype.components()) {
            throw new IllegalArgumentException("shape: " + Shapes.str(shape) + " of " + dtype + " has " + n
                    + " elements, more than one host array holds (" + MAX_ENTRIES / dtype.components() + ")");
        }
        return (int) (n * dtype.components());
    }

    // ---------------------------------------------------------------------------------------
    // Properties

    /**
     * The element type.
     *
     * @return the element type
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * A copy of the shape.
     *
     * @return the dimensions
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Dimension {@code axis} (negative counts from the end).
     *
     * @param axis the axis
     * @return its length
     */
    public long shape(int axis) {
        return shape[Shapes.normaliseAxis("axis", axis, shape.length)];
    }

    /**
     * Number of dimensions.
     *
     * @return the number of dimensions
     */
    public int ndim() {
        return shape.length;
    }

    /**
     * Number of elements.
     *
     * @return the number of elements
     */
    public long size() {
        return size;
    }

    /**
     * The live storage: a {@code double[]} or {@code float[]} (see class doc).
     *
     * @return the storage (not a copy)
     */
    public Object data() {
        return d != null ? d : f;
    }

    /**
     * The live {@code double[]} storage of a FLOAT64 or COMPLEX128 array.
     *
     * @return the storage (not a copy)
     * @throws IllegalStateException for single-precision arrays
     */
    public double[] doubles() {
        if (d == null) {
            throw new IllegalStateException("doubles(): a " + dtype + " array is stored in a float[]; use floats()");
        }
        return d;
    }

    /**
     * The live {@code float[]} storage of a FLOAT32 or COMPLEX64 array.
     *
     * @return the storage (not a copy)
     * @throws IllegalStateException for double-precision arrays
     */
    public float[] floats() {
        if (f == null) {
            throw new IllegalStateException("floats(): a " + dtype + " array is stored in a double[]; use doubles()");
        }
        return f;
    }

    // ---------------------------------------------------------------------------------------
    // Elements

    /**
     * The C-order flat index of a multi-index.
     *
     * @param idx one index per axis
     * @return the flat index
     * @throws IllegalArgumentException if the number of indices or an index is out of range
     */
    public long index(long... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("idx: expected " + shape.length + " indices, got " + idx.length);
        }
        long flat = 0;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) {
                throw new IllegalArgumentException("idx: index " + idx[i] + " is out of range for axis " + i
                        + " of size " + shape[i]);
            }
            flat = flat * shape[i] + idx[i];
        }
        return flat;
    }

    /**
     * The element at a multi-index of a real array ({@code a.get(i, j)}, NumPy's {@code a[i, j]}).
     * Local.
     *
     * @param idx one index per axis
     * @return the value
     * @throws IllegalArgumentException if the number of indices or an index is out of range
     * @throws IllegalStateException    for a complex dtype (use {@link #getComplex})
     */
    public double get(long... idx) {
        if (dtype.isComplex()) {
            throw new IllegalStateException("get: this array is " + dtype + "; getComplex gives both parts");
        }
        return re(index(idx));
    }

    /**
     * The element at a multi-index as a complex number (imaginary part 0 for real dtypes). Local.
     *
     * @param idx one index per axis
     * @return the value
     * @throws IllegalArgumentException if the number of indices or an index is out of range
     */
    public Complex getComplex(long... idx) {
        long flat = index(idx);
        return new Complex(re(flat), im(flat));
    }

    /**
     * A FLOAT64 2-d array holding a copy of {@code rows} ({@code rows.length × rows[0].length}).
     *
     * @param rows (Input) the rows, all of the same length; not modified
     * @return the new array
     * @throws IllegalArgumentException if {@code rows} or a row is null, or the rows differ in length
     */
    public static NdArray of(double[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows: must not be null");
        }
        int cols = rows.length == 0 ? 0 : (rows[0] == null ? -1 : rows[0].length);
        double[] data = new double[Math.multiplyExact(rows.length, Math.max(cols, 0))];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != cols) {
                throw new IllegalArgumentException("rows: row " + i + (rows[i] == null ? " is null"
                        : " has " + rows[i].length + " values, row 0 has " + cols));
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return ofFloat64(data, rows.length, cols);
    }

    /**
     * The values of a real 2-d array as rows (a copy; FLOAT32 widened). Local.
     *
     * @return {@code shape(0)} rows of {@code shape(1)} values
     * @throws IllegalStateException if the array is not 2-d or is complex
     */
    public double[][] toRows() {
        if (shape.length != 2 || dtype.isComplex()) {
            throw new IllegalStateException("toRows: needs a real 2-d array, this one is " + dtype + " of shape "
                    + java.util.Arrays.toString(shape));
        }
        int n = (int) shape[0];
        int m = (int) shape[1];
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                out[i][j] = re((long) i * m + j);
            }
        }
        return out;
    }

    /**
     * Real part of element {@code flat} (C order).
     *
     * @param flat the C-order index
     * @return the real part
     */
    public double re(long flat) {
        int j = entry(flat);
        return d != null ? d[j] : f[j];
    }

    /**
     * Imaginary part of element {@code flat} (0 for real dtypes).
     *
     * @param flat the C-order index
     * @return the imaginary part
     */
    public double im(long flat) {
        int j = entry(flat);
        if (!dtype.isComplex()) {
            return 0;
        }
        return d != null ? d[j + 1] : f[j + 1];
    }

    /**
     * Sets element {@code flat} to the real value {@code re} (imaginary part 0).
     *
     * @param flat the C-order index
     * @param re   the value
     */
    public void set(long flat, double re) {
        set(flat, re, 0);
    }

    /**
     * Sets element {@code flat} to {@code re + i im}; real dtypes drop {@code im}, single precision
     * rounds.
     *
     * @param flat the C-order index
     * @param re   the real part
     * @param im   the imaginary part
     */
    public void set(long flat, double re, double im) {
        int j = entry(flat);
        if (d != null) {
            d[j] = re;
            if (dtype.isComplex()) {
                d[j + 1] = im;
            }
        } else {
            f[j] = (float) re;
            if (dtype.isComplex()) {
                f[j + 1] = (float) im;
            }
        }
    }

    private int entry(long flat) {
        if (flat < 0 || flat >= size) {
            throw new IllegalArgumentException("flat: index " + flat + " is out of range for " + size + " elements");
        }
        return (int) flat * dtype.components();
    }

    // ---------------------------------------------------------------------------------------
    // Shape manipulation and conversion

    /**
     * A view with another shape of the same number of elements (shares storage).
     *
     * @param newShape the new dimensions
     * @return the view
     * @throws IllegalArgumentException if the element counts differ
     */
    public NdArray reshape(long... newShape) {
        long[] s = checkedShape(newShape);
        if (Shapes.size(s) != size) {
            throw new IllegalArgumentException("newShape: cannot reshape " + Shapes.str(shape) + " (" + size
                    + " elements) into " + Shapes.str(s) + " (" + Shapes.size(s) + " elements)");
        }
        return new NdArray(dtype, s, data());
    }

    /**
     * A 1-d view of all elements in C order (shares storage).
     *
     * @return the 1-d view
     */
    public NdArray ravel() {
        return reshape(size);
    }

    /**
     * A deep copy.
     *
     * @return the copy
     */
    public NdArray copy() {
        return new NdArray(dtype, shape.clone(), d != null ? d.clone() : f.clone());
    }

    /**
     * A copy converted to {@code target}, with NumPy's casting: complex to real keeps the real part,
     * double to single precision rounds to nearest.
     *
     * @param target the element type
     * @return the converted array
     */
    public NdArray astype(DType target) {
        requireDtype(target);
        if (target == dtype) {
            return copy();
        }
        NdArray out = zeros(target, shape);
        for (long k = 0; k < size; k++) {
            out.set(k, re(k), im(k));
        }
        return out;
    }

    /**
     * A copy of the slab {@code [from, to)} along {@code axis}.
     *
     * @param axis the axis
     * @param from the first index kept
     * @param to   one past the last index kept
     * @return the new array
     * @throws IllegalArgumentException if the axis or the range is out of bounds
     */
    public NdArray slice(int axis, long from, long to) {
        int a = Shapes.normaliseAxis("axis", axis, shape.length);
        if (from < 0 || to < from || to > shape[a]) {
            throw new IllegalArgumentException("from/to: range [" + from + ", " + to + ") is outside axis " + a
                    + " of length " + shape[a]);
        }
        long outer = Shapes.outer(shape, a);
        long inner = Shapes.inner(shape, a);
        NdArray out = zeros(dtype, Shapes.with(shape, a, to - from));
        int c = dtype.components();
        int row = (int) ((to - from) * inner * c);
        for (long o = 0; o < outer; o++) {
            System.arraycopy(data(), (int) ((o * shape[a] + from) * inner * c), out.data(), (int) (o * row), row);
        }
        return out;
    }

    /**
     * Joins arrays along an existing axis (NumPy's {@code concatenate}).
     *
     * @param axis  the axis
     * @param parts (Input) at least one array; all of one dtype, equal in every dimension but
     *              {@code axis}. Not modified.
     * @return the new array
     * @throws IllegalArgumentException if the parts do not fit together
     */
    public static NdArray concatenate(int axis, List<NdArray> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("parts: need at least one array");
        }
        NdArray first = parts.get(0);
        int a = Shapes.normaliseAxis("axis", axis, first.ndim());
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            NdArray p = parts.get(i);
            if (p.dtype != first.dtype || p.ndim() != first.ndim()
                    || !Arrays.equals(Shapes.with(p.shape, a, 0), Shapes.with(first.shape, a, 0))) {
                throw new IllegalArgumentException("parts: part " + i + " (" + p.dtype + " " + Shapes.str(p.shape)
                        + ") does not fit part 0 (" + first.dtype + " " + Shapes.str(first.shape)
                        + ") along axis " + a);
            }
            total += p.shape[a];
        }
        NdArray out = zeros(first.dtype, Shapes.with(first.shape, a, total));
        long outer = Shapes.outer(first.shape, a);
        long inner = Shapes.inner(first.shape, a);
        int c = first.dtype.components();
        long offset = 0;
        for (NdArray p : parts) {
            int row = (int) (p.shape[a] * inner * c);
            for (long o = 0; o < outer; o++) {
                System.arraycopy(p.data(), (int) (o * row), out.data(), (int) ((o * total + offset) * inner * c), row);
            }
            offset += p.shape[a];
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------

    /** Equal dtype, shape and storage bits ({@code NaN} equals {@code NaN}, {@code -0.0} differs from {@code 0.0}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && dtype == other.dtype && Arrays.equals(shape, other.shape)
                && (d != null ? Arrays.equals(d, other.d) : Arrays.equals(f, other.f));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
                + (d != null ? Arrays.hashCode(d) : Arrays.hashCode(f));
    }

    /** The dtype, the shape and the first elements. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("NdArray[").append(dtype).append(' ').append(Shapes.str(shape)).append("] [");
        long shown = Math.min(size, 8);
        for (long k = 0; k < shown; k++) {
            b.append(k == 0 ? "" : ", ");
            b.append(dtype.isComplex() ? new Complex(re(k), im(k)).toString() : Double.toString(re(k)));
        }
        return b.append(size > shown ? ", ...]" : "]").toString();
    }
}
