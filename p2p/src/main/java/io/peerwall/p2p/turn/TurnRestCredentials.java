package io.peerwall.p2p.turn;

import io.peerwall.p2p.ice.TurnServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Time-limited TURN credentials in coturn's shared-secret scheme ({@code use-auth-secret}, the
 * "TURN REST API" of draft-uberti-behave-turn-rest-00 §2.2): {@code username =
 * "<expiry-unix-seconds>:<peer ID>"}, {@code password = base64(HMAC-SHA1(secret, username))}. The
 * TURN server recomputes the password from its copy of the secret and refuses a username whose
 * expiry has passed, so credentials need no database and stations and cameras hold nothing that
 * lasts. coturn checks the expiry when an allocation is made, not while it lives: a relayed session
 * outlives its credentials (coturn/coturn#774); new sessions need fresh ones.
 */
public final class TurnRestCredentials {
  /** coturn's default {@code rest-api-separator}. */
  public static final char SEPARATOR = ':';

  /** Shortest and longest lifetime the rendezvous hands out. */
  public static final Duration MIN_TTL = Duration.ofMinutes(1);

  public static final Duration MAX_TTL = Duration.ofDays(1);

  private TurnRestCredentials() {}

  /**
   * Credentials for {@code peerId} on {@code server}, valid until {@code now + ttl} (whole
   * seconds).
   *
   * @param peerId the ID the peer proved (goes into the username, so the TURN server's logs and
   *     quotas name who relays)
   */
  public static TurnServer issue(
      TurnSecret secret, InetSocketAddress server, String peerId, Instant now, Duration ttl) {
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("TURN credential lifetime must be 1 min .. 24 h");
    }
    if (peerId.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("peer ID must not contain the separator");
    }
    long expiry = now.getEpochSecond() + ttl.toSeconds();
    String username = expiry + String.valueOf(SEPARATOR) + peerId;
    return new TurnServer(
        server, username, password(secret, username), Instant.ofEpochSecond(expiry));
  }

  /** The password coturn expects for {@code username}. */
  public static String password(TurnSecret secret, String username) {
    return Base64.getEncoder()
        .encodeToString(secret.hmacSha1(username.getBytes(StandardCharsets.UTF_8)));
  }
}
