package org.jlops.mpi.ops.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.RandomVectors;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.testkit.DenseOp;

/** Shared helpers of the block-operator tests: random data, dense references, dot-tests. */
final class StackTesting {

    private StackTesting() {
    }

    /** The comparison tolerance of SPEC/DESIGN: 1e-12 double precision, 1e-5 single precision. */
    static double rtol(DType dtype) {
        return dtype.isDoublePrecision() ? 1e-12 : 1e-5;
    }

    /** The dot-test tolerance (sums of many products in both orders). */
    static double dotRtol(DType dtype) {
        return dtype.isDoublePrecision() ? 1e-10 : 1e-4;
    }

    /** A 1-d array of {@code n} entries uniform in [-1, 1) (imaginary parts too for complex dtypes). */
    static NdArray random(DType dtype, long seed, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        Random rnd = new Random(seed);
        NdArray x = NdArray.zeros(dtype, n);
        for (long k = 0; k < n; k++) {
            x.set(k, 2 * rnd.nextDouble() - 1, 2 * rnd.nextDouble() - 1);
        }
        return x;
    }

    /** {@code p} non-negative counts summing to {@code n}, about a third of them zero. */
    static long[] randomCounts(Random rnd, long n, int p) {
        long[] c = new long[p];
        long left = n;
        for (int r = 0; r < p - 1; r++) {
            c[r] = rnd.nextInt(3) == 0 ? 0 : (long) (rnd.nextDouble() * (left + 1));
            left -= c[r];
        }
        c[p - 1] = left;
        return c;
    }

    /** A SCATTER 1-d array holding {@code global} split by {@code counts}. Collective. */
    static DistributedArray scatter(Communicator comm, NdArray global, long[] counts) {
        long[][] shapes = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            shapes[r] = new long[] {counts[r]};
        }
        long off = Arrays.stream(counts).limit(comm.rank()).sum();
        return DistributedArray.builder(comm, global.size()).localShapes(shapes)
                .localArray(global.slice(0, off, off + counts[comm.rank()])).build();
    }

    /** A replicated 1-d array holding {@code global} on every rank. Collective. */
    static DistributedArray replicated(Communicator comm, NdArray global, Partition partition) {
        return DistributedArray.builder(comm, global.size()).partition(partition).localArray(global.copy()).build();
    }

    /**
     * A vector of {@code like}'s layout filled with random entries: per-rank streams for SCATTER
     * blocks, one stream for replicated ones. Local.
     */
    static DistributedVector randomLike(DistributedVector like, long seed) {
        return RandomVectors.like(like, seed, (a, s) -> random(a.dtype(),
                a.partition() == Partition.SCATTER ? s * 1009 + a.rank() : s, a.localSize()));
    }

    /**
     * The dot-test with distributed dots: {@code <A u, v> = <u, A^H v>} (vdot conjugating the left
     * operand), to relative accuracy {@code rtol}, for a random {@code v} of the layout of
     * {@code A u}. {@code u} must have the layout of {@code A^H v}'s output. Collective.
     */
    static void dottest(DistributedOperator<?> op, DistributedVector u, long vSeed, double rtol) {
        DistributedVector au = DistributedOperator.general(op).matvec(u);
        DistributedVector v = randomLike(au, vSeed);
        DistributedVector ahv = DistributedOperator.general(op).rmatvec(v);
        Complex left = au.dot(v, true);
        Complex right = u.dot(ahv, true);
        double scale = Math.max(Math.hypot(left.re(), left.im()), Math.hypot(right.re(), right.im()));
        double diff = Math.hypot(left.re() - right.re(), left.im() - right.im());
        assertTrue(diff <= rtol * scale + 1e-300, "dot-test of " + op + ": <Au, v> = " + left + " but <u, A^H v> = "
                + right);
    }

    /**
     * Norm-wise comparison {@code ||actual - expected|| <= rtol ||expected||} (exact when
     * expected is zero) plus equal sizes.
     */
    static void assertClose(NdArray expected, NdArray actual, double rtol, String what) {
        assertEquals(expected.size(), actual.size(), what + ": size");
        double num = 0;
        double den = 0;
        for (long k = 0; k < expected.size(); k++) {
            double dr = actual.re(k) - expected.re(k);
            double di = actual.im(k) - expected.im(k);
            num += dr * dr + di * di;
            den += expected.re(k) * expected.re(k) + expected.im(k) * expected.im(k);
        }
        assertTrue(Math.sqrt(num) <= rtol * Math.sqrt(den), what + ": relative error " + Math.sqrt(num / den)
                + " above " + rtol);
    }

    /** A dense complex matrix in double precision: the serial reference of the tests. */
    static final class Dense {
        final int rows;
        final int cols;
        final double[] re;
        final double[] im;

        Dense(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            this.re = new double[rows * cols];
            this.im = new double[rows * cols];
        }

        static Dense of(DenseOp op) {
            Dense d = new Dense((int) op.rows(), (int) op.cols());
            for (int k = 0; k < d.re.length; k++) {
                d.re[k] = op.matrix().re(k);
                d.im[k] = op.matrix().im(k);
            }
            return d;
        }

        private void put(Dense block, int r0, int c0) {
            for (int i = 0; i < block.rows; i++) {
                for (int j = 0; j < block.cols; j++) {
                    re[(r0 + i) * cols + c0 + j] = block.re[i * block.cols + j];
                    im[(r0 + i) * cols + c0 + j] = block.im[i * block.cols + j];
                }
            }
        }

        static Dense blockDiag(List<Dense> blocks) {
            Dense d = new Dense(blocks.stream().mapToInt(b -> b.rows).sum(), blocks.stream().mapToInt(b -> b.cols).sum());
            int r = 0;
            int c = 0;
            for (Dense b : blocks) {
                d.put(b, r, c);
                r += b.rows;
                c += b.cols;
            }
            return d;
        }

        static Dense vstack(List<Dense> blocks, int cols) {
            Dense d = new Dense(blocks.stream().mapToInt(b -> b.rows).sum(), cols);
            int r = 0;
            for (Dense b : blocks) {
                d.put(b, r, 0);
                r += b.rows;
            }
            return d;
        }

        static Dense hstack(List<Dense> blocks, int rows) {
            return vstack(blocks.stream().map(Dense::adjoint).toList(), rows).adjoint();
        }

        Dense adjoint() {
            return transpose().conj();
        }

        Dense transpose() {
            Dense d = new Dense(cols, rows);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d.re[j * rows + i] = re[i * cols + j];
                    d.im[j * rows + i] = im[i * cols + j];
                }
            }
            return d;
        }

        Dense conj() {
            Dense d = new Dense(rows, cols);
            for (int k = 0; k < re.length; k++) {
                d.re[k] = re[k];
                d.im[k] = -im[k];
            }
            return d;
        }

        Dense scaled(double sr, double si) {
            Dense d = new Dense(rows, cols);
            for (int k = 0; k < re.length; k++) {
                d.re[k] = sr * re[k] - si * im[k];
                d.im[k] = sr * im[k] + si * re[k];
            }
            return d;
        }

        Dense plus(Dense o) {
            Dense d = new Dense(rows, cols);
            for (int k = 0; k < re.length; k++) {
                d.re[k] = re[k] + o.re[k];
                d.im[k] = im[k] + o.im[k];
            }
            return d;
        }

        Dense times(Dense o) {
            Dense d = new Dense(rows, o.cols);
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < cols; k++) {
                    double ar = re[i * cols + k];
                    double ai = im[i * cols + k];
                    for (int j = 0; j < o.cols; j++) {
                        d.re[i * o.cols + j] += ar * o.re[k * o.cols + j] - ai * o.im[k * o.cols + j];
                        d.im[i * o.cols + j] += ar * o.im[k * o.cols + j] + ai * o.re[k * o.cols + j];
                    }
                }
            }
            return d;
        }

        /** {@code A x} in complex double precision. */
        NdArray matvec(NdArray x) {
            assertEquals(cols, x.size(), "reference: input length");
            NdArray y = NdArray.zeros(DType.COMPLEX128, rows);
            for (int i = 0; i < rows; i++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < cols; j++) {
                    double xr = x.re(j);
                    double xi = x.im(j);
                    sr += re[i * cols + j] * xr - im[i * cols + j] * xi;
                    si += re[i * cols + j] * xi + im[i * cols + j] * xr;
                }
                y.set(i, sr, si);
            }
            return y;
        }

        /** {@code A^H y} in complex double precision. */
        NdArray rmatvec(NdArray y) {
            return adjoint().matvec(y);
        }
    }
}
