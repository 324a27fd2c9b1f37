package org.desi.catalogs.service.warmup;

import io.quarkus.runtime.ImageMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The startup warm-ups running now: a pod takes traffic once the JIT has compiled its hot loops
 * ({@link WarmUpCheck} keeps readiness down meanwhile), so a user's first request neither shares the
 * cores with a warm-up nor pays for the compilation itself (a pod's first job is the common case). A
 * warm-up yields to a job its replica claims from the shared queue meanwhile, and ends (in a {@code
 * finally}) whatever happens.
 */
@ApplicationScoped
public class WarmUps {

    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Whether a JIT warm-up does anything here: a GraalVM native executable has nothing to compile. */
    public static boolean worthRunning() {
        return ImageMode.current() != ImageMode.NATIVE_RUN;
    }

    /** Runs {@code work} as warm-up {@code name} on a low-priority daemon thread; running until it returns. */
    public void start(String name, String threadName, Runnable work) {
        LateClasses.load();   // before anything is compiled: their loading later would undo the warm-up
        running.add(name);
        Thread t = new Thread(() -> {
            try {
                work.run();
            } finally {
                running.remove(name);
            }
        }, threadName);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The warm-ups still running (empty once all ended). */
    public List<String> running() {
        return List.copyOf(running);
    }
}
