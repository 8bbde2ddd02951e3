package io.peerwall.station.audit;

import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.signaling.CameraAudit;
import io.peerwall.p2p.signaling.StationSession;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the station's cameras share one site key, so their reuse tags compare (docs/protocol.md
 * §9): the first camera without one anywhere makes it; the station then carries it, sealed, from a
 * camera that holds it to each one that does not, whenever both are online. The station keeps only
 * the key's id. One decision at a time (two cameras connecting together must not both make a key).
 */
final class SiteKeySetup {
  private static final Logger LOG = LoggerFactory.getLogger(SiteKeySetup.class);

  private final FactsHistory history;
  private final Map<String, StationSession> live;
  private final Clock clock;
  private final BiFunction<String, StationSession, FactsReading> read;

  SiteKeySetup(
      FactsHistory history,
      Map<String, StationSession> live,
      Clock clock,
      BiFunction<String, StationSession, FactsReading> read) {
    this.history = history;
    this.live = live;
    this.clock = clock;
    this.read = read;
  }

  /** After reading {@code cameraId}'s facts: give it the key, or give its key to the others. */
  synchronized void afterReading(String cameraId, StationSession session, FactsReading first) {
    FactsReading r = first;
    try {
      // Another camera's set-up may have given this one the key since it was read.
      r = history.latest().getOrDefault(cameraId, first);
    } catch (SQLException e) {
      LOG.warn("site key set-up: cannot read the stored facts: {}", e.getMessage());
    }
    PasswordFacts.Reuse reuse = r.facts() == null ? null : r.facts().reuse();
    if (reuse == null) {
      return; // too old for facts: it has no site key support either
    }
    try {
      Optional<String> site = history.siteKeyId();
      if (reuse.siteKeyId() != null) {
        if (site.isEmpty()) {
          history.adoptSiteKey(reuse.siteKeyId(), clock.millis());
          LOG.info("site key {} adopted from camera {}", reuse.siteKeyId(), cameraId);
          site = Optional.of(reuse.siteKeyId());
        }
        if (site.get().equals(reuse.siteKeyId())) {
          shareWithKeyless(cameraId, session); // this holder may be the first one online
        }
        return;
      }
      if (site.isEmpty()) {
        site = heldByAnyone();
        site.ifPresent(id -> adopt(id));
      }
      if (site.isEmpty()) {
        CameraAudit.createSiteKey(session);
        FactsReading made = read.apply(cameraId, session);
        String id = made == null || made.facts() == null ? null : made.facts().reuse().siteKeyId();
        if (id != null) {
          history.adoptSiteKey(id, clock.millis());
          LOG.info("site key {} made by camera {}", id, cameraId);
          shareWithKeyless(cameraId, session);
        }
        return;
      }
      StationSession holder = onlineHolder(site.get(), cameraId);
      if (holder == null) {
        LOG.info("camera {} gets the site key when a camera holding it is online", cameraId);
        return;
      }
      give(holder, cameraId, session);
    } catch (IOException | SQLException e) {
      LOG.warn("site key set-up for camera {} failed: {}", cameraId, e.getMessage());
    }
  }

  private void adopt(String id) {
    try {
      history.adoptSiteKey(id, clock.millis());
    } catch (SQLException e) {
      LOG.warn("cannot store the site key id: {}", e.getMessage());
    }
  }

  /** The key id some camera reported before (the station's own record was lost). */
  private Optional<String> heldByAnyone() throws SQLException {
    return history.latest().values().stream()
        .map(r -> r.facts() == null ? null : r.facts().reuse())
        .filter(u -> u != null && u.siteKeyId() != null)
        .map(PasswordFacts.Reuse::siteKeyId)
        .findFirst();
  }

  private StationSession onlineHolder(String site, String except) throws SQLException {
    Map<String, FactsReading> latest = history.latest();
    for (Map.Entry<String, StationSession> e : live.entrySet()) {
      FactsReading r = latest.get(e.getKey());
      if (!e.getKey().equals(except)
          && r != null
          && r.facts() != null
          && site.equals(r.facts().reuse().siteKeyId())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Carries the key from {@code holder} to every online camera known to have none. */
  private void shareWithKeyless(String holderId, StationSession holder) throws SQLException {
    Map<String, FactsReading> latest = history.latest();
    for (Map.Entry<String, StationSession> e : live.entrySet()) {
      FactsReading r = latest.get(e.getKey());
      if (!e.getKey().equals(holderId)
          && r != null
          && r.facts() != null
          && r.facts().reuse() != null
          && r.facts().reuse().siteKeyId() == null) {
        give(holder, e.getKey(), e.getValue());
      }
    }
  }

  private void give(StationSession holder, String cameraId, StationSession recipient) {
    try {
      CameraAudit.shareSiteKey(holder, recipient);
      LOG.info("site key carried from camera {} to camera {}", holder.cameraId(), cameraId);
      read.apply(cameraId, recipient);
    } catch (IOException e) {
      LOG.warn(
          "site key not carried from camera {} to camera {}: {}",
          holder.cameraId(),
          cameraId,
          e.getMessage());
    }
  }
}
