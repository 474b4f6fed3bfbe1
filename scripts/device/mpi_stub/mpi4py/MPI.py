"""One-rank mpi4py.MPI stand-in (see the package docstring): COMM_WORLD of size 1."""
import pickle

PROC_NULL = -2
ANY_SOURCE = -1
ANY_TAG = -1
UNDEFINED = -32766
COMM_TYPE_SHARED = 1
IN_PLACE = object()
_typedict = {c: c for c in "?bBhHiIlLqQfdgFDGO"}


class Op:
    def __init__(self, name, fn):
        self.name = name
        self.fn = fn

    def __repr__(self):
        return f"<MPI.Op {self.name} (one-rank stand-in)>"


SUM = Op("SUM", lambda a, b: a + b)
PROD = Op("PROD", lambda a, b: a * b)
MAX = Op("MAX", max)
MIN = Op("MIN", min)
LAND = Op("LAND", lambda a, b: a and b)
LOR = Op("LOR", lambda a, b: a or b)
BAND = Op("BAND", lambda a, b: a & b)
BOR = Op("BOR", lambda a, b: a | b)


class Group:
    def Get_size(self):
        return 1

    def Get_rank(self):
        return 0

    @property
    def size(self):
        return 1

    @property
    def rank(self):
        return 0


def _pickled(obj):
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def _buf(b):
    """The array of a buffer argument: an array, or [array, ...] / (array, counts, displs, type)."""
    return b[0] if isinstance(b, (list, tuple)) else b


def _copy(src, dst):
    s = _buf(src)
    d = _buf(dst)
    if s is IN_PLACE:
        return
    d.reshape(-1)[: s.size] = s.reshape(-1)


class Comm:
    """A communicator of one process."""

    def Get_rank(self):
        return 0

    def Get_size(self):
        return 1

    @property
    def rank(self):
        return 0

    @property
    def size(self):
        return 1

    def Barrier(self):
        pass

    barrier = Barrier

    def Get_group(self):
        return Group()

    def Split(self, color=0, key=0):
        return Comm()

    def Split_type(self, split_type, key=0, info=None):
        return Comm()

    def Dup(self):
        return Comm()

    def Create_group(self, group, tag=0):
        return Comm()

    def Free(self):
        pass

    # object mode: pickled, as mpi4py does
    def allgather(self, obj):
        return [_pickled(obj)]

    def gather(self, obj, root=0):
        return [_pickled(obj)]

    def allreduce(self, obj, op=SUM):
        return _pickled(obj)

    def reduce(self, obj, op=SUM, root=0):
        return _pickled(obj)

    def bcast(self, obj, root=0):
        return _pickled(obj)

    def scatter(self, objs, root=0):
        return _pickled(objs[0])

    def sendrecv(self, sendobj, dest=0, sendtag=0, recvbuf=None, source=ANY_SOURCE, recvtag=ANY_TAG, status=None):
        if dest == PROC_NULL or source == PROC_NULL:
            return None
        return _pickled(sendobj)

    # buffer mode
    def Allreduce(self, sendbuf, recvbuf, op=SUM):
        _copy(sendbuf, recvbuf)

    def Reduce(self, sendbuf, recvbuf, op=SUM, root=0):
        _copy(sendbuf, recvbuf)

    def Allgather(self, sendbuf, recvbuf):
        _copy(sendbuf, recvbuf)

    def Allgatherv(self, sendbuf, recvbuf):
        r = recvbuf
        if isinstance(r, (list, tuple)) and len(r) >= 3:
            displ = int(r[2][0]) if len(r[2]) else 0
            s = _buf(sendbuf).reshape(-1)
            _buf(r).reshape(-1)[displ: displ + s.size] = s
        else:
            _copy(sendbuf, recvbuf)

    def Bcast(self, buf, root=0):
        pass

    def Sendrecv(self, sendbuf, dest=0, sendtag=0, recvbuf=None, source=ANY_SOURCE, recvtag=ANY_TAG, status=None):
        if dest == PROC_NULL or source == PROC_NULL:
            return
        _copy(sendbuf, recvbuf)

    def Send(self, buf, dest, tag=0):
        if dest != PROC_NULL:
            raise RuntimeError("one-rank MPI stand-in: Send to rank %s" % dest)

    def Recv(self, buf, source=ANY_SOURCE, tag=ANY_TAG, status=None):
        if source != PROC_NULL:
            raise RuntimeError("one-rank MPI stand-in: Recv from rank %s" % source)

    def send(self, obj, dest, tag=0):
        if dest != PROC_NULL:
            raise RuntimeError("one-rank MPI stand-in: send to rank %s" % dest)

    def recv(self, buf=None, source=ANY_SOURCE, tag=ANY_TAG, status=None):
        if source != PROC_NULL:
            raise RuntimeError("one-rank MPI stand-in: recv from rank %s" % source)


class Intracomm(Comm):
    pass


COMM_WORLD = Intracomm()
COMM_SELF = Intracomm()


def Get_processor_name():
    return "one-rank-stand-in"


def Wtime():
    import time
    return time.perf_counter()


def Is_initialized():
    return True


def Get_version():
    return (0, 0)
