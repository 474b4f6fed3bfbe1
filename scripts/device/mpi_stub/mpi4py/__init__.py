"""A one-rank stand-in for mpi4py, used by scripts/device/pylops_mpi_gpu_bench.py only where the
installed mpi4py cannot load an MPI library (the GPU machines carry mpi4py but no MPI). It is not
mpi4py: it knows one process, COMM_WORLD of size 1, and the calls PyLops-MPI makes on it. The
object-mode collectives (allgather, allreduce, bcast, gather) pickle their payload as mpi4py does,
so a CuPy array still crosses to the host and back as it would through a real MPI at one rank."""
__version__ = "0+one-rank-stand-in"
