package org.jlops.mpi.comm.local;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state shared by the ranks of one in-JVM communicator: a reusable barrier, one deposit slot
 * per rank for collectives, and one mailbox per rank for point-to-point messages.
 */
final class LocalGroup {

    /** A buffered point-to-point message. */
    record Message(int source, int tag, MemorySegment data) {
    }

    final LocalCluster cluster;
    final int[] worldRanks;
    final int size;
    final Object[] slots;
    final ConcurrentHashMap<String, LocalGroup> pendingSplits = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Message>[] mailboxes;
    private int arrived;
    private long generation;

    @SuppressWarnings("unchecked")
    LocalGroup(LocalCluster cluster, int[] worldRanks) {
        this.cluster = cluster;
        this.worldRanks = worldRanks.clone();
        this.size = worldRanks.length;
        this.slots = new Object[size];
        this.mailboxes = new ArrayDeque[size];
        for (int i = 0; i < size; i++) {
            mailboxes[i] = new ArrayDeque<>();
        }
    }

    /** Blocks until every rank of the group has arrived; fails promptly if the cluster fails. */
    void await(int rank, String what) {
        if (size == 1) {
            return;
        }
        lock.lock();
        try {
            long gen = generation;
            if (++arrived == size) {
                arrived = 0;
                generation++;
                changed.signalAll();
                return;
            }
            while (gen == generation) {
                try {
                    cluster.checkAlive(this, worldRanks[rank], what, -1);
                } catch (RuntimeException e) {
                    arrived--;
                    throw e;
                }
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues a copy of {@code data} for {@code dest}. */
    void post(int dest, Message m) {
        lock.lock();
        try {
            mailboxes[dest].addLast(m);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest message from {@code source} with {@code tag} for {@code rank}, waiting for it. */
    Message take(int rank, int source, int tag) {
        lock.lock();
        try {
            while (true) {
                Iterator<Message> it = mailboxes[rank].iterator();
                while (it.hasNext()) {
                    Message m = it.next();
                    if (m.source() == source && m.tag() == tag) {
                        it.remove();
                        return m;
                    }
                }
                cluster.checkAlive(this, worldRanks[rank], "recv from rank " + source + " (tag " + tag + ")",
                        worldRanks[source]);
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitChange() {
        try {
            // A bounded wait: wake-ups on failure are signalled, the timeout is a safety net.
            changed.await(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.jlops.mpi.comm.CollectiveException("interrupted while waiting", e);
        }
    }

    /** Wakes every waiter so that it re-checks the cluster's state. */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
