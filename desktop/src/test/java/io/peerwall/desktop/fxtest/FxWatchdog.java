package io.peerwall.desktop.fxtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which the JavaFX thread was <em>blocked</em> for more than {@link #LIMIT}: on
 * a monitor (another thread holds it, perhaps while it writes a file), waiting (a latch, a future,
 * a sleep, a lock) outside the toolkit's own idle wait, or in a native I/O call (file, socket).
 * Busy is not blocked: a long layout on a loaded machine is not flagged, so the check does not
 * flake with the load.
 *
 * <p>How: a sampler thread ({@code fx-watchdog}) reads the FX thread's state and stack every 2 ms
 * through {@link ThreadMXBean}. Two samples with the thread blocked at the same point in the same
 * blocking episode (for monitors and waits, the JVM's per-thread counts of them did not move) prove
 * it was blocked all the time between them. With contention monitoring on, a monitor wait that
 * began and ended between two samples is caught by the JVM's own accounting of blocked time.
 *
 * <p>Registered for every desktop test (JUnit's extension auto-detection, {@code
 * junit-platform.properties}); idle where no FX thread runs.
 */
public final class FxWatchdog implements BeforeEachCallback, AfterEachCallback {
  /** Longer than this blocked fails the test. */
  public static final Duration LIMIT = Duration.ofMillis(50);

  static final String FX_THREAD = "JavaFX Application Thread";

  private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /**
   * Where the toolkit itself waits for work: an FX thread waiting in one of these methods is idle,
   * not blocked.
   */
  private static final Set<String> IDLE_WAITS =
      Set.of(
          "com.sun.glass.ui.monocle.RunnableQueue.take",
          "com.sun.glass.ui.monocle.RunnableProcessor.runLoop",
          "com.sun.glass.ui.gtk.GtkApplication._runLoop",
          "com.sun.glass.ui.gtk.GtkApplication.enterNestedEventLoopImpl");

  /**
   * Native methods that wait on I/O; an FX thread in one of these is blocked on a file or socket.
   */
  private static final List<String> IO_CLASSES =
      List.of(
          "sun.nio.ch.",
          "java.io.FileOutputStream",
          "java.io.FileInputStream",
          "java.io.RandomAccessFile",
          "java.net.",
          "sun.nio.fs.UnixNativeDispatcher",
          "java.lang.ProcessImpl");

  private final ExtensionContext.Namespace namespace =
      ExtensionContext.Namespace.create(FxWatchdog.class);

  /** For the watchdog's own tests, which block the FX thread on purpose. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Unwatched {}

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!context.getRequiredTestClass().isAnnotationPresent(Unwatched.class)) {
      context.getStore(namespace).put("watch", Watch.start());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Watch watch = context.getStore(namespace).remove("watch", Watch.class);
    if (watch == null) {
      return;
    }
    List<String> blocked = watch.stop();
    if (!blocked.isEmpty()) {
      throw new AssertionError(
          "the JavaFX thread was blocked for more than "
              + LIMIT.toMillis()
              + " ms:\n"
              + String.join("\n", blocked));
    }
  }

  /** One test's watch: started, then stopped for what it saw. */
  public static final class Watch {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final List<String> blocked = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private Watch() {
      if (mx.isThreadContentionMonitoringSupported()) {
        mx.setThreadContentionMonitoringEnabled(true);
      }
      sampler = new Thread(this::sample, "fx-watchdog");
      sampler.setDaemon(true);
      sampler.setPriority(Thread.MAX_PRIORITY);
    }

    public static Watch start() {
      Watch watch = new Watch();
      watch.sampler.start();
      return watch;
    }

    /** Stops watching; what was seen blocked for more than the limit (empty if nothing). */
    public List<String> stop() {
      running = false;
      try {
        sampler.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (blocked) {
        return List.copyOf(blocked);
      }
    }

    private void sample() {
      long fx = -1;
      long lookedForFxAt = 0;
      Episode episode = null;
      ThreadInfo previous = null;
      while (running) {
        long now = System.nanoTime();
        if (fx < 0) {
          if (now - lookedForFxAt > TimeUnit.MILLISECONDS.toNanos(50)) {
            fx = fxThreadId();
            lookedForFxAt = now;
          }
        } else {
          ThreadInfo info = mx.getThreadInfo(fx, 24);
          if (info == null) {
            fx = -1; // the toolkit stopped; a later test may start it again
            episode = null;
            previous = null;
          } else {
            episode = observe(episode, info, now);
            betweenSamples(previous, info);
            previous = info;
          }
        }
        sleepNanos(SAMPLE_NANOS);
      }
    }

    /** The episode the FX thread is in now (null when it runs or idles); reports a long one. */
    private Episode observe(Episode episode, ThreadInfo info, long now) {
      String point = blockingPoint(info);
      if (point == null) {
        return null;
      }
      if (episode == null || !episode.sameAs(point, info)) {
        return new Episode(point, info, now);
      }
      if (!episode.reported && now - episode.since > LIMIT.toNanos()) {
        episode.reported = true;
        report(
            String.format(
                "%s for at least %d ms, at%n%s",
                point, TimeUnit.NANOSECONDS.toMillis(now - episode.since), stack(info)));
      }
      return episode;
    }

    /** A monitor wait that began and ended between two samples (when the JVM accounts for it). */
    private void betweenSamples(ThreadInfo previous, ThreadInfo now) {
      if (previous == null || !mx.isThreadContentionMonitoringEnabled()) {
        return;
      }
      long episodes = now.getBlockedCount() - previous.getBlockedCount();
      long millis = now.getBlockedTime() - previous.getBlockedTime();
      if (episodes == 1
          && millis > LIMIT.toMillis()
          && now.getThreadState() != Thread.State.BLOCKED) {
        report("blocked on a monitor for " + millis + " ms (between two samples)");
      }
    }

    private void report(String what) {
      synchronized (blocked) {
        blocked.add(what);
      }
    }
  }

  /** A stretch of samples blocked at one point. */
  private static final class Episode {
    final String point;
    final long blockedCount;
    final long waitedCount;
    final long since;
    boolean reported;

    Episode(String point, ThreadInfo info, long since) {
      this.point = point;
      this.blockedCount = info.getBlockedCount();
      this.waitedCount = info.getWaitedCount();
      this.since = since;
    }

    /** Still the same wait: same point, and no new monitor block or wait began meanwhile. */
    boolean sameAs(String otherPoint, ThreadInfo info) {
      return point.equals(otherPoint)
          && blockedCount == info.getBlockedCount()
          && waitedCount == info.getWaitedCount();
    }
  }

  /** Where the FX thread is blocked, or null when it runs or waits for work in the toolkit. */
  static String blockingPoint(ThreadInfo info) {
    StackTraceElement[] stack = info.getStackTrace();
    switch (info.getThreadState()) {
      case BLOCKED:
        return "blocked on "
            + info.getLockName()
            + " held by "
            + Objects.requireNonNullElse(info.getLockOwnerName(), "?")
            + " in "
            + top(stack);
      case WAITING:
      case TIMED_WAITING:
        if (Arrays.stream(stack).map(FxWatchdog::method).anyMatch(IDLE_WAITS::contains)
            && !waitsInOurCode(stack)) {
          return null;
        }
        return "waiting on " + info.getLockName() + " in " + top(stack);
      case RUNNABLE:
        if (stack.length > 0
            && stack[0].isNativeMethod()
            && IO_CLASSES.stream().anyMatch(stack[0].getClassName()::startsWith)) {
          return "in native I/O " + method(stack[0]) + " in " + top(stack);
        }
        return null;
      default:
        return null;
    }
  }

  /**
   * Whether a wait is ours even though the toolkit's loop is further down the stack (every FX
   * callback runs inside that loop): some frame above the loop belongs to PeerWall or a test.
   */
  private static boolean waitsInOurCode(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (IDLE_WAITS.contains(method(frame))) {
        return false;
      }
      if (frame.getClassName().startsWith("io.peerwall.")) {
        return true;
      }
    }
    return false;
  }

  /** The first frame of our code, else the top frame. */
  private static String top(StackTraceElement[] stack) {
    return Arrays.stream(stack)
        .filter(f -> f.getClassName().startsWith("io.peerwall."))
        .findFirst()
        .or(() -> Arrays.stream(stack).findFirst())
        .map(StackTraceElement::toString)
        .orElse("?");
  }

  private static String method(StackTraceElement frame) {
    return frame.getClassName() + "." + frame.getMethodName();
  }

  private static String stack(ThreadInfo info) {
    return Arrays.stream(info.getStackTrace())
        .map(f -> "    " + f)
        .collect(Collectors.joining(System.lineSeparator()));
  }

  /** The FX thread's ID, or -1 while there is none; enumerates the thread groups (no stacks). */
  private static long fxThreadId() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      if (FX_THREAD.equals(threads[i].getName()) && threads[i].isAlive()) {
        return threads[i].getId();
      }
    }
    return -1;
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
