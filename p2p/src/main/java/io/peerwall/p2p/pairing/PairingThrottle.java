package io.peerwall.p2p.pairing;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.util.LogLimiter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online-guessing defence on the camera, for every check of the password: pairing (SRP) and the
 * control channel's password change (an Argon2id run against the verifier). Both kinds share every
 * counter below, so guesses cannot be split between them to escape a limit. Four locks, all in
 * front of the expensive work:
 *
 * <ol>
 *   <li>One check at a time, camera-wide: parallel connections or sessions cannot multiply guesses
 *       (nor Argon2id's memory).
 *   <li>An attempt counts as a failure unless the password verified: dropping the connection after
 *       the challenge costs the attacker the same as a wrong password.
 *   <li>Per source address: after n consecutive failures the next attempt waits {@code
 *       perSourceBase · 2^(n-1)}, capped at {@code perSourceMax}.
 *   <li>Global: every failure spaces the next attempt by anyone by {@code globalSpacing}; after
 *       {@code lockoutAfter} consecutive failures (any source) pairing locks for {@code
 *       lockoutDuration} and the lockout counter (persisted, shown in the audit) goes up.
 * </ol>
 *
 * With the defaults (10 failures → 15 min lockout) 1000 wrong guesses take at least 99 lockouts,
 * about 25 hours, from any number of sources. Every failure is logged (source and counters; never
 * anything the station sent). Lockout state survives restarts (it lives in the store).
 */
public final class PairingThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(PairingThrottle.class);
  private static final int MAX_SOURCES = 4096;

  /** Throttle settings. */
  public record Policy(
      Duration perSourceBase,
      Duration perSourceMax,
      Duration globalSpacing,
      int lockoutAfter,
      Duration lockoutDuration) {
    public static final Policy DEFAULT =
        new Policy(
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            10,
            Duration.ofMinutes(15));
  }

  /** Which check of the password an attempt is (for logs and the audit facts). */
  public enum Check {
    PAIRING("pairing attempt"),
    PASSWORD_CHANGE("password change");

    private final String words;

    Check(String words) {
      this.words = words;
    }
  }

  /** Outcome of {@link #begin}: a permit, or a refusal with a wait. */
  public sealed interface Decision permits Permit, Refusal {}

  /** Refused: locked out or throttled. */
  public record Refusal(FailureReason reason, long retryAfterMillis) implements Decision {}

  /** An attempt in flight; finish it exactly once. */
  public final class Permit implements Decision {
    private final String source;
    private final Check check;
    private boolean finished;

    private Permit(String source, Check check) {
      this.source = source;
      this.check = check;
    }

    /** The proof verified. */
    public void succeeded() {
      finish(true, "");
    }

    /** Wrong password, abandoned or broken attempt. {@code why} is logged (no secrets in it). */
    public void failed(String why) {
      finish(false, why);
    }

    private void finish(boolean ok, String why) {
      synchronized (PairingThrottle.this) {
        if (finished) {
          return;
        }
        finished = true;
        inFlight = false;
        onFinished(source, check, ok, why);
      }
    }
  }

  private final Policy policy;
  private final CameraPairingStore store;
  private final LongSupplier clock;
  private final Map<String, long[]> sources = // source → {consecutive failures, not before}
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> e) {
          return size() > MAX_SOURCES;
        }
      };
  // Refusals cost an attacker nothing: one line per source per minute, with the count.
  private final LogLimiter refusalLog;
  private boolean inFlight;
  private int consecutiveFailures;
  private long globalNotBefore;

  public PairingThrottle(Policy policy, CameraPairingStore store, LongSupplier clockMillis) {
    this.policy = policy;
    this.store = store;
    this.clock = clockMillis;
    this.refusalLog =
        new LogLimiter(
            Duration.ofMinutes(1), MAX_SOURCES, () -> clockMillis.getAsLong() * 1_000_000L);
  }

  public PairingThrottle(CameraPairingStore store) {
    this(Policy.DEFAULT, store, System::currentTimeMillis);
  }

  /** Asks to start a pairing attempt from {@code source} (an IP address, or a relay tag). */
  public Decision begin(String source) {
    return begin(source, Check.PAIRING);
  }

  /**
   * Asks to check a password from {@code source}: an IP address or relay tag for pairing, {@code
   * "station <ID>"} for a password change (the station is authenticated; its address may change).
   */
  public synchronized Decision begin(String source, Check check) {
    long now = clock.getAsLong();
    long locked = store.lockedUntil();
    if (locked > now) {
      long times = refusalLog.event(source);
      if (times > 0) {
        LOG.warn(
            "{} from {} refused: password checks are locked out ({} refusal(s) from there since"
                + " the last line)",
            check.words,
            source,
            times);
      }
      return new Refusal(FailureReason.LOCKED_OUT, locked - now);
    }
    long[] s = sources.get(source);
    long wait = Math.max(globalNotBefore - now, s == null ? 0 : s[1] - now);
    if (wait > 0 || inFlight) {
      long times = refusalLog.event(source);
      if (times > 0) {
        LOG.info(
            "{} from {} throttled ({} ms; {} refusal(s) from there since the last line)",
            check.words,
            source,
            Math.max(wait, 1000),
            times);
      }
      return new Refusal(FailureReason.THROTTLED, Math.max(wait, 1000));
    }
    inFlight = true;
    return new Permit(source, check);
  }

  private void onFinished(String source, Check check, boolean ok, String why) {
    long now = clock.getAsLong();
    if (ok) {
      sources.remove(source);
      consecutiveFailures = 0;
      return;
    }
    long[] s = sources.computeIfAbsent(source, k -> new long[2]);
    s[0]++;
    long delay =
        Math.min(
            policy.perSourceMax().toMillis(),
            policy.perSourceBase().toMillis() << Math.min(30, s[0] - 1));
    s[1] = now + delay;
    globalNotBefore = now + policy.globalSpacing().toMillis();
    consecutiveFailures++;
    store.recordFailure(now, check == Check.PASSWORD_CHANGE);
    CameraPairingStore.Audit a = store.audit();
    LOG.warn(
        "{} from {} failed ({}); {} consecutive, {} in total, next from this source in {} ms",
        check.words,
        source,
        why,
        consecutiveFailures,
        a.failedAttempts(),
        delay);
    if (consecutiveFailures >= policy.lockoutAfter()) {
      consecutiveFailures = 0;
      long until = now + policy.lockoutDuration().toMillis();
      store.recordLockout(until);
      LOG.warn(
          "password checks (pairing and password change) locked for {} s after {} consecutive"
              + " failures (lockout #{})",
          policy.lockoutDuration().toSeconds(),
          policy.lockoutAfter(),
          store.audit().lockouts());
    }
  }
}
