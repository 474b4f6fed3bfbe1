package org.jlops.mpi.verify.properties;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.verify.harness.Probe;

/** Helpers of the properties: layouts copied from a vector, local snapshots, values on interleaved arrays. */
final class Vectors {

    private Vectors() {
    }

    /** A vector holding {@code global} in exactly the layout of {@code template} (partition, split, mask). Collective. */
    static DistributedVector like(DistributedVector template, NdArray global, Communicator comm) {
        if (template instanceof DistributedArray a) {
            return DistributedArray.toDist(global.reshape(global.size()), comm, a.partition(), 0, a.localShapes(),
                    a.mask());
        }
        StackedDistributedArray s = (StackedDistributedArray) template;
        List<DistributedVector> comps = new ArrayList<>();
        long off = 0;
        NdArray flat = global.reshape(global.size());
        for (DistributedVector c : s.arrays()) {
            comps.add(like(c, flat.slice(0, off, off + c.globalSize()), comm));
            off += c.globalSize();
        }
        return new StackedDistributedArray(comps);
    }

    /** Copies of this rank's local arrays (one per component). Local. */
    static List<NdArray> locals(DistributedVector v) {
        List<NdArray> out = new ArrayList<>();
        if (v instanceof DistributedArray a) {
            out.add(a.localArray().copy());
        } else {
            for (DistributedVector c : ((StackedDistributedArray) v).arrays()) {
                out.addAll(locals(c));
            }
        }
        return out;
    }

    /** Whether two lists of arrays are bit-identical. */
    static boolean identical(List<NdArray> a, List<NdArray> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            double[] x = Probe.interleaved(a.get(i));
            double[] y = Probe.interleaved(b.get(i));
            if (x.length != y.length) {
                return false;
            }
            for (int k = 0; k < x.length; k++) {
                if (Double.doubleToRawLongBits(x[k]) != Double.doubleToRawLongBits(y[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Interleaved values of the gathered vector. Collective. */
    static double[] gather(DistributedVector v) {
        return Probe.interleaved(v.asArray());
    }

    /** {@code s * v} on interleaved values. */
    static double[] scale(double[] v, Complex s) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k += 2) {
            out[k] = s.re() * v[k] - s.im() * v[k + 1];
            out[k + 1] = s.re() * v[k + 1] + s.im() * v[k];
        }
        return out;
    }

    /** {@code a + b} on interleaved values. */
    static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k] + b[k];
        }
        return out;
    }

    /** Complex conjugate of interleaved values. */
    static double[] conj(double[] v) {
        double[] out = v.clone();
        for (int k = 1; k < v.length; k += 2) {
            out[k] = -out[k];
        }
        return out;
    }
}
