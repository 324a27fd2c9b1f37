package org.desi.catalogs.core.match;

import java.util.ArrayList;
import java.util.List;

/** Splits {@code [0, n)} into contiguous runs, one per thread; the caller's thread takes the first. */
final class Parallel {

    /** Work on rows {@code [from, to)} as thread number {@code thread}. */
    @FunctionalInterface
    interface Range {
        void run(int thread, int from, int to);
    }

    private Parallel() {
    }

    static void run(int threads, int n, Range work) {
        int t = Math.max(1, Math.min(threads, Math.max(1, n / 10_000)));
        if (t == 1) {
            work.run(0, 0, n);
            return;
        }
        List<Thread> started = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int i = 1; i < t; i++) {
            int thread = i;
            Thread th = new Thread(() -> work.run(thread, (int) ((long) n * thread / t), (int) ((long) n * (thread + 1) / t)),
                    "match-" + i);
            th.setUncaughtExceptionHandler((x, e) -> failure[0] = e);
            th.start();
            started.add(th);
        }
        work.run(0, 0, (int) ((long) n / t));
        for (Thread th : started) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while matching", e);
            }
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a match thread failed: " + failure[0], failure[0]);
        }
    }
}
