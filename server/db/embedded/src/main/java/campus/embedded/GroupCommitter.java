package campus.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.h2.mvstore.MVStore;

/**
 * Makes writes durable before they are acknowledged. A write, once applied in memory, asks
 * for a commit; one thread commits the store and fsyncs the file, then releases every write
 * that asked before that commit began. Writes arriving during a commit wait for the next one,
 * so one fsync covers all the writes of a burst (group commit).
 *
 * A write command touches several H2 maps (the documents, each index); a commit must not
 * catch one half-done, or a crash could leave a document its unique index does not know.
 * Write commands run under the shared side of a lock, commits under the exclusive side; the
 * store's own background commits are off (see Main).
 */
final class GroupCommitter {

    /** Called once per waiting write: null after a durable commit, else the failure. */
    interface Waiter extends Consumer<Throwable> {}

    /** Compacting rewrites sparse chunks; without H2's background thread, we do it when quiet. */
    private static final long COMPACT_EVERY_NANOS = 60_000_000_000L;

    private final MVStore store;
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
    private long lastCompact = System.nanoTime();
    private long lastWrite = System.nanoTime();
    private final Thread thread;
    private List<Waiter> pending = new ArrayList<>();
    private boolean running = true;
    /** -Dcampus.commitStats=true: every 5 s, how long commits and fsyncs took (stderr; diagnosis only). */
    private final CommitStats stats = Boolean.getBoolean("campus.commitStats") ? new CommitStats() : null;

    GroupCommitter(MVStore store) {
        this.store = store;
        this.thread = new Thread(this::loop, "group-commit");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Runs a write command so that no commit sees it half-done. */
    <T> T write(Supplier<T> command) {
        commitLock.readLock().lock();
        try {
            return command.get();
        } finally {
            commitLock.readLock().unlock();
        }
    }

    /** Runs {@code waiter} once everything applied before this call is on disk (or failed to get there). */
    void afterCommit(Waiter waiter) {
        synchronized (this) {
            if (running) {
                pending.add(waiter);
                notifyAll();
                return;
            }
        }
        waiter.accept(new IllegalStateException("the database is shutting down"));
    }

    void stop() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Compacting rewrites sparse chunks under the exclusive lock, which holds up writes for a
     * while: done only after a second without writes, at most once a minute (and at close).
     */
    private void compactWhenQuiet() {
        long now = System.nanoTime();
        if (now - lastCompact < COMPACT_EVERY_NANOS || now - lastWrite < 1_000_000_000L) return;
        lastCompact = now;
        commitLock.writeLock().lock();
        try {
            store.compact(80, 8 * 1024 * 1024);
            store.commit();
        } catch (RuntimeException e) {
            System.err.println("embedded-db: compaction failed: " + e);
        } finally {
            commitLock.writeLock().unlock();
        }
    }

    private void loop() {
        while (true) {
            List<Waiter> batch;
            synchronized (this) {
                while (pending.isEmpty() && running) {
                    try {
                        wait(1_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (pending.isEmpty() && running) compactWhenQuiet();
                }
                if (pending.isEmpty()) return;
                batch = pending;
                pending = new ArrayList<>();
            }
            Throwable failure = null;
            long t0 = System.nanoTime();
            long locked = t0, committed = t0;
            try {
                commitLock.writeLock().lock();
                try {
                    locked = System.nanoTime();
                    store.commit();
                    committed = System.nanoTime();
                    lastWrite = t0;
                } finally {
                    commitLock.writeLock().unlock();
                }
                store.sync();
            } catch (Throwable t) {
                failure = t;
            }
            if (stats != null) stats.add(batch.size(), locked - t0, committed - locked, System.nanoTime() - committed);
            for (Waiter w : batch) w.accept(failure);
            if (failure != null && store.isClosed()) {
                // H2 closes a store after an I/O failure (e.g. disk full); nothing more can be
                // stored by this process. Exit so the supervisor starts a fresh one, which
                // reopens the file at its last complete commit.
                System.err.println("embedded-db: the store failed and closed: " + failure);
                Runtime.getRuntime().halt(75);
            }
        }
    }

    /**
     * Commit timings for diagnosis: waiters per commit, and lock wait, commit and fsync times (ms);
     * a commit slower than 30 ms is printed at once with its wall-clock time, to lay beside
     * request timings.
     */
    private static final class CommitStats {
        private final List<long[]> samples = new ArrayList<>();
        private long since = System.nanoTime();

        void add(int waiters, long lockNanos, long commitNanos, long syncNanos) {
            samples.add(new long[] {waiters, lockNanos, commitNanos, syncNanos});
            if (lockNanos + commitNanos + syncNanos > 30_000_000L) {
                System.err.printf("embedded-db: slow commit at %d: waiters=%d lockMs=%.1f commitMs=%.1f syncMs=%.1f%n",
                    System.currentTimeMillis(), waiters, lockNanos / 1e6, commitNanos / 1e6, syncNanos / 1e6);
            }
            if (System.nanoTime() - since < 5_000_000_000L) return;
            StringBuilder line = new StringBuilder("embedded-db: commits=" + samples.size());
            String[] names = {"waiters", "lockMs", "commitMs", "syncMs"};
            for (int f = 0; f < names.length; f++) {
                final int field = f;
                long[] values = samples.stream().mapToLong(s -> s[field]).sorted().toArray();
                double scale = f == 0 ? 1 : 1e6;
                line.append(String.format(" %s p50=%.1f p99=%.1f max=%.1f", names[f], values[values.length / 2] / scale, values[values.length * 99 / 100] / scale, values[values.length - 1] / scale));
            }
            System.err.println(line);
            samples.clear();
            since = System.nanoTime();
        }
    }
}
