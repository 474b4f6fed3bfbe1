#!/usr/bin/env bash
# The whole test suite: set-up (idempotent), then every module's tests, in-JVM and under mpirun,
# then the consumer recipe of the README (scripts/consumer.sh: a project outside the build, against
# the installed library, under mpirun -np 2).
# Usage: scripts/test.sh [extra maven arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
jlops_select_jdk
# The CUDA kernels: nvcc -ptx of every kernel file, and the shipped PTX equal to its source
# (a clear SKIPPED line where nvcc is absent).
bash scripts/cuda-ptx.sh --check
# Where set-up provided MPI, the mpirun tests must run (not be skipped).
if [ -n "$(jlops_ompi_run)" ]; then export JLOPS_REQUIRE_MPI=1; fi
if [ -n "$(jlops_mpich_run)" ]; then export JLOPS_REQUIRE_MPICH=1; fi
mvn -B -ntp "$@" verify
bash scripts/consumer.sh
