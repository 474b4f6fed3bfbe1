#!/usr/bin/env bash
# One-time set-up of a machine for JLops-MPI; idempotent, safe to run twice.
#  - selects a JDK >= 25 (JAVA_HOME, then /usr/lib/jvm/*25*), or stops with a clear message;
#  - installs Open MPI (and MPICH, the second MPI ABI) with apt when they are missing (root);
#  - provides mpi.jar for the Open MPI Java bindings backend (scripts/lib/mpijar.sh);
#  - installs OpenBLAS (libopenblas0-pthread, which provides libblas.so.3) when no libblas.so.3 is
#    present (root), so MatrixMult's dgemv/dgemm run natively instead of in netlib's pure Java;
#  - installs FFTW (libfftw3-double3, libfftw3-single3, and libfftw3-dev for the bench's C floor) when
#    missing (root), so the FFT operators can run on FFTW (else JTransforms, pure Java), and
#    python3-mpi4py-fft, which PyLops-MPI's FFT operators need on the bench's peer side.
# Nothing here is needed to build: `mvn package` works without MPI. It is needed to run on MPI.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh

say() { echo "[setup] $*"; }

jlops_select_jdk
say "JDK: $JAVA_HOME ($(java -version 2>&1 | head -n1))"
command -v mvn >/dev/null || { echo "error: Maven (mvn) is not installed: apt-get install maven" >&2; exit 1; }

apt_updated=0
apt_install() {
    if [ "$(id -u)" != 0 ]; then
        say "warning: need root to install $* (skipped; MPI runs will not be possible)"
        return 1
    fi
    if [ $apt_updated = 0 ]; then
        say "apt-get update"
        apt-get update -q >/dev/null
        apt_updated=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

if [ -z "$(jlops_ompi_run)" ] || ! have_lib 'libmpi\.so\.40' || ! command -v mpicc >/dev/null; then
    apt_install openmpi-bin libopenmpi-dev || true
else
    say "Open MPI present: $($(jlops_ompi_run) --version 2>&1 | head -n1)"
fi
if [ -z "$(jlops_mpich_run)" ] || ! have_lib 'libmpich\.so\.12'; then
    apt_install mpich libmpich-dev || true
else
    say "MPICH present: $(command -v "$(jlops_mpich_run)")"
fi

if [ -n "$(jlops_ompi_run)" ]; then
    if jar=$(bash scripts/lib/mpijar.sh | tail -n1) && [ -f "$jar" ]; then
        say "mpi.jar (Open MPI Java bindings): $jar"
    else
        say "warning: mpi.jar could not be provided; the ompi-java backend will be unavailable"
    fi
fi
# Native BLAS for MatrixMult: dev.ludovic.netlib loads libblas.so.3 (else its pure-Java BLAS).
if have_lib 'libblas\.so\.3'; then
    say "BLAS present: libblas.so.3 -> $(readlink -f "$(ldconfig -p | awk '/libblas\.so\.3 /{print $NF; exit}')")"
elif [ "$(id -u)" = 0 ]; then
    apt_install libopenblas0-pthread || say "warning: OpenBLAS could not be installed; MatrixMult will use netlib's pure-Java BLAS"
else
    say "warning: no libblas.so.3 and not root: MatrixMult will use netlib's pure-Java BLAS (apt-get install libopenblas0-pthread)"
fi

# FFTW for the FFT operators (bound through FFM at run time; JTransforms when absent) and for the
# bench's C floor; mpi4py-fft for PyLops-MPI's MPIFFTND on the bench's peer side.
if have_lib 'libfftw3\.so\.3' && have_lib 'libfftw3f\.so\.3' && [ -e /usr/include/fftw3.h ]; then
    say "FFTW present: $(ldconfig -p | awk '/libfftw3\.so\.3 /{print $NF; exit}')"
else
    apt_install libfftw3-double3 libfftw3-single3 libfftw3-dev \
        || say "warning: FFTW could not be installed; the FFT operators will use JTransforms (pure Java)"
fi
if command -v python3 >/dev/null && ! python3 -c 'import mpi4py_fft' 2>/dev/null; then
    apt_install python3-mpi4py-fft || say "warning: python3-mpi4py-fft could not be installed; the bench's PyLops-MPI FFT peers will be skipped"
fi

say "done"
