package dev.rexd.core.process;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that block on children: output pumps, stdin feeders, reapers, late exits. Every
 * task blocks for as long as its child lives, so the pool has no bound, but a thread that finished
 * one is reused for the next instead of a new thread per task (a thread start costs more than a
 * short child's whole run). Daemons; one idle for {@value #IDLE_SECONDS} s ends. While it runs a
 * task a thread carries the task's name, idle it is {@code rexd-proc-idle-N}.
 *
 * <pre>{@code
 * ProcessThreads.run("rexd-proc-p_7-stdout", pump);
 * }</pre>
 */
final class ProcessThreads {
  static final long IDLE_SECONDS = 60;
  private static final String IDLE = "rexd-proc-idle-";
  private static final AtomicInteger NUMBER = new AtomicInteger();
  private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
      TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
        Thread t = new Thread(task, IDLE + NUMBER.incrementAndGet());
        t.setDaemon(true);
        return t;
      });

  private ProcessThreads() {}

  /** Runs {@code task} on a pooled thread named {@code name} while it runs; never rejects. */
  static void run(String name, Runnable task) {
    POOL.execute(() -> {
      Thread self = Thread.currentThread();
      String idle = self.getName();
      self.setName(name);
      try {
        task.run();
      } finally {
        Thread.interrupted();   // a task's interrupt must not reach the next one
        self.setName(idle);
      }
    });
  }
}
