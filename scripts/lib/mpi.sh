# shellcheck shell=bash
# Sourced by the scripts: how to launch MPI jobs on this machine.

# Open MPI's launcher (explicitly Open MPI's when both Open MPI and MPICH are installed).
jlops_ompi_run() {
    if command -v mpirun.openmpi >/dev/null 2>&1; then echo mpirun.openmpi
    elif command -v mpirun >/dev/null 2>&1 && mpirun --version 2>&1 | grep -q "Open MPI"; then echo mpirun
    fi
}

# MPICH's launcher (Hydra).
jlops_mpich_run() {
    if command -v mpiexec.hydra >/dev/null 2>&1; then echo mpiexec.hydra
    elif command -v mpirun.mpich >/dev/null 2>&1; then echo mpirun.mpich
    fi
}

# Flags Open MPI needs here: root, and more ranks than cores.
jlops_ompi_flags() {
    local np="$1" flags=""
    [ "$(id -u)" = 0 ] && flags="--allow-run-as-root"
    if [ "$np" -gt "$(nproc)" ]; then flags="$flags --oversubscribe"; fi
    echo "$flags"
}

# The directory holding libmpi_java.so (for -Djava.library.path), if any.
jlops_mpi_java_libdir() {
    local lib
    lib=$(ldconfig -p 2>/dev/null | awk '/libmpi_java\.so / {print $NF; exit}')
    [ -n "$lib" ] && dirname "$lib"
}
