package org.jlops.mpi.comm.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.junit.jupiter.api.Test;

class MpiAbiTest {

    @Test
    void environmentOfOpenMpiLauncherMeansOpenMpi() {
        assertEquals(Optional.of(MpiAbi.OPENMPI),
                MpiAbi.detect(Map.of("OMPI_COMM_WORLD_SIZE", "4", "PMIX_RANK", "0")));
    }

    @Test
    void environmentOfHydraMeansMpich() {
        assertEquals(Optional.of(MpiAbi.MPICH), MpiAbi.detect(Map.of("PMI_RANK", "0", "PMI_SIZE", "3")));
        assertEquals(Optional.of(MpiAbi.MPICH), MpiAbi.detect(Map.of("HYDRA_CONTROL_FD", "5")));
        assertEquals(Optional.of(MpiAbi.MPICH), MpiAbi.detect(Map.of("MPI_LOCALNRANKS", "2")));
    }

    @Test
    void environmentWithoutLauncherNamesNoFamily() {
        assertEquals(Optional.empty(), MpiAbi.detect(Map.of("HOME", "/", "PATH", "/bin")));
    }

    @Test
    void propertyAcceptsBothFamiliesAndRejectsOthersByName() {
        assertEquals(Optional.of(MpiAbi.OPENMPI), MpiAbi.parse(" OpenMPI "));
        assertEquals(Optional.of(MpiAbi.MPICH), MpiAbi.parse("mpich"));
        assertEquals(Optional.empty(), MpiAbi.parse(null));
        assertEquals(Optional.empty(), MpiAbi.parse(" "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MpiAbi.parse("lam"));
        assertTrue(e.getMessage().startsWith(MpiAbi.ABI_PROPERTY + ": unknown MPI ABI 'lam'"), e.getMessage());
    }

    @Test
    void librariesAreTriedPerFamilyOpenMpiFirstWhenUnknown() {
        assertEquals(List.of("libmpi.so.40", "libmpi.so"), MpiAbi.libraryCandidates(Optional.of(MpiAbi.OPENMPI)));
        assertEquals(List.of("libmpich.so.12", "libmpich.so"), MpiAbi.libraryCandidates(Optional.of(MpiAbi.MPICH)));
        assertEquals(List.of("libmpi.so.40", "libmpi.so", "libmpich.so.12", "libmpich.so"),
                MpiAbi.libraryCandidates(Optional.empty()));
    }

    @Test
    void mpichHandlesAreThoseOfMpiH() {
        MpichAbi abi = new MpichAbi();
        assertEquals(0x44000000L, abi.commWorld());
        assertEquals(0x04000000L, abi.commNull());
        assertEquals(0x54000001L, abi.errorsReturn());
        assertEquals(0x4c000405L, abi.datatype(Datatype.INT32));
        assertEquals(0x4c00083aL, abi.datatype(Datatype.INT64));
        assertEquals(0x4c00040aL, abi.datatype(Datatype.FLOAT32));
        assertEquals(0x4c00080bL, abi.datatype(Datatype.FLOAT64));
        assertEquals(0x4c000840L, abi.datatype(Datatype.COMPLEX64));
        assertEquals(0x4c001041L, abi.datatype(Datatype.COMPLEX128));
        assertEquals(0x58000003L, abi.op(ReduceOp.SUM));
        assertEquals(0x58000001L, abi.op(ReduceOp.MAX));
        assertEquals(0x58000002L, abi.op(ReduceOp.MIN));
        assertEquals(-1L, abi.inPlace());
        assertEquals(-1, abi.procNull());
    }

    @Test
    void mpichDatatypeHandlesEncodeTheElementSize() {
        MpichAbi abi = new MpichAbi();
        for (Datatype t : Datatype.values()) {
            assertEquals(t.byteSize(), (abi.datatype(t) >> 8) & 0xff, t.name());
        }
    }

    @Test
    void openMpiHandlesAreTheAddressesOfItsGlobals() {
        Map<String, Long> fake = new HashMap<>();
        OpenMpiAbi abi = new OpenMpiAbi(name -> {
            long address = 0x1000L * (fake.size() + 1);
            fake.putIfAbsent(name, address);
            return Optional.of(MemorySegment.ofAddress(fake.get(name)));
        });
        assertEquals(fake.get("ompi_mpi_comm_world"), abi.commWorld());
        assertEquals(fake.get("ompi_mpi_comm_null"), abi.commNull());
        assertEquals(fake.get("ompi_mpi_errors_return"), abi.errorsReturn());
        assertEquals(fake.get("ompi_mpi_double"), abi.datatype(Datatype.FLOAT64));
        assertEquals(fake.get("ompi_mpi_float"), abi.datatype(Datatype.FLOAT32));
        assertEquals(fake.get("ompi_mpi_int"), abi.datatype(Datatype.INT32));
        assertEquals(fake.get("ompi_mpi_int64_t"), abi.datatype(Datatype.INT64));
        assertEquals(fake.get("ompi_mpi_c_float_complex"), abi.datatype(Datatype.COMPLEX64));
        assertEquals(fake.get("ompi_mpi_c_double_complex"), abi.datatype(Datatype.COMPLEX128));
        assertEquals(fake.get("ompi_mpi_op_sum"), abi.op(ReduceOp.SUM));
        assertEquals(fake.get("ompi_mpi_op_max"), abi.op(ReduceOp.MAX));
        assertEquals(fake.get("ompi_mpi_op_min"), abi.op(ReduceOp.MIN));
        assertEquals(1L, abi.inPlace());
        assertEquals(-2, abi.procNull());
    }

    @Test
    void openMpiTableNamesAMissingSymbol() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OpenMpiAbi(
                name -> name.equals("ompi_mpi_op_min") ? Optional.empty() : Optional.of(MemorySegment.ofAddress(8))));
        assertTrue(e.getMessage().endsWith("has no symbol ompi_mpi_op_min"), e.getMessage());
    }

    @Test
    void handlesRoundTripThroughOutArguments() {
        MpiAbi[] abis = {new MpichAbi(), new OpenMpiAbi(name -> Optional.of(MemorySegment.ofAddress(16)))};
        long[] handles = {0x44000001L, 0x7f12_3456_7890L};
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < abis.length; i++) {
                MemorySegment out = arena.allocate(abis[i].handleLayout());
                abis[i].writeHandle(out, handles[i]);
                assertEquals(handles[i], abis[i].readHandle(out), abis[i].name());
            }
        }
    }

    @Test
    void handleAdaptersProduceTheCArgumentType() throws Throwable {
        assertEquals(0x4c00080b, (int) new MpichAbi().handleToNative().invokeExact(0x4c00080bL));
        MpiAbi openMpi = new OpenMpiAbi(name -> Optional.of(MemorySegment.ofAddress(16)));
        MemorySegment p = (MemorySegment) openMpi.handleToNative().invokeExact(0x1234L);
        assertEquals(0x1234L, p.address());
    }

    @Test
    void installedLibrariesAreRecognisedByTheirSymbols() {
        int found = 0;
        for (String[] lib : new String[][] {{"libmpi.so.40", MpiAbi.OPENMPI}, {"libmpich.so.12", MpiAbi.MPICH}}) {
            Optional<NativeLibrary> opened = MpiLibrary.open(lib[0]).library();
            if (opened.isEmpty()) {
                continue;
            }
            found++;
            MpiAbi abi = MpiAbi.of(Optional.empty(), opened.get());
            assertEquals(lib[1], abi.name(), lib[0]);
            Set<Long> distinct = new HashSet<>();
            for (Datatype t : Datatype.values()) {
                distinct.add(abi.datatype(t));
            }
            assertEquals(Datatype.values().length, distinct.size(), "distinct datatype handles in " + lib[0]);
            assertNotEquals(abi.commWorld(), abi.commNull());
            String other = lib[1].equals(MpiAbi.OPENMPI) ? MpiAbi.MPICH : MpiAbi.OPENMPI;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> MpiAbi.of(Optional.of(other), opened.get()));
            assertTrue(e.getMessage().startsWith(MpiAbi.ABI_PROPERTY + "=" + other), e.getMessage());
        }
        assumeTrue(found > 0, "no MPI library installed");
    }

    @Test
    void missingLibraryIsReportedWithTheLoaderMessage() {
        NativeLibrary.Opened opened = NativeLibrary.open("libjlops-no-such-library.so");
        assertTrue(opened.library().isEmpty());
        assertTrue(opened.error().contains("libjlops-no-such-library.so"), opened.error());
    }

    @Test
    void unloadableLibraryFailsWithInstallHint() {
        String before = System.getProperty(MpiAbi.LIBRARY_PROPERTY);
        System.setProperty(MpiAbi.LIBRARY_PROPERTY, "libjlops-no-such-mpi.so");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, MpiLibrary::get);
            assertTrue(e.getMessage().contains("tried libjlops-no-such-mpi.so ("), e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install openmpi-bin libopenmpi-dev"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e);
        } finally {
            if (before == null) {
                System.clearProperty(MpiAbi.LIBRARY_PROPERTY);
            } else {
                System.setProperty(MpiAbi.LIBRARY_PROPERTY, before);
            }
        }
    }

    @Test
    void threadLevelDefaultsToSingleAndNamesTheBadValue() {
        assertEquals(0, MpiAbi.threadLevel(null));
        assertEquals(0, MpiAbi.threadLevel(" "));
        assertEquals(1, MpiAbi.threadLevel("funneled"));
        assertEquals(2, MpiAbi.threadLevel("Serialized"));
        assertEquals(3, MpiAbi.threadLevel("multiple"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MpiAbi.threadLevel("many"));
        assertTrue(e.getMessage().contains("jlops.mpi.threadLevel") && e.getMessage().contains("'many'"), e.getMessage());
    }
}
