package io.peerwall.p2p.pairing;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.sitekey.SiteKey;
import io.peerwall.p2p.sitekey.SiteKeyEnvelope;
import io.peerwall.p2p.sitekey.SiteKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a camera needs to pair and to authenticate sessions: its identity, its pairing store
 * (verifier, pinned stations, audit), its guessing throttle, and what the station's audit reads
 * about the password ({@link #passwordFacts()}: set-time strength and length, the reuse tag under
 * the site key, blocklist matches). One instance per camera agent.
 */
public final class CameraCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(CameraCredentials.class);

  /** How {@link #setPassword(char[], List, PolicyOverride)} treats the password policy. */
  public enum PolicyOverride {
    /** The product: the policy decides. The only mode the CLI and the control channel use. */
    NONE,
    /**
     * Test seam, never behind a CLI flag: write the verifier as an agent from before the blocklist
     * (or a factory image) would have, without the policy, set-time facts or reuse tag, so that a
     * test can build a camera that carries a factory password through the product's own init path.
     * The camera then finds out only by trying the factory lists against the verifier ({@link
     * #scanVerifier}).
     */
    WRITE_AS_OLDER_AGENT
  }

  private final Identity identity;
  private final CameraPairingStore store;
  private final PairingThrottle throttle;
  private final Argon2Params argon;
  private final PasswordFactsStore facts;
  private final SiteKeyStore siteKeys;
  // Argon2id runs of this class (set, tag, scan) one at a time: each takes 64 MiB by default.
  private final Object argonWork = new Object();

  /** Password facts and site key in memory only. */
  public CameraCredentials(
      Identity identity, CameraPairingStore store, PairingThrottle throttle, Argon2Params argon) {
    this(
        identity,
        store,
        throttle,
        argon,
        PasswordFactsStore.inMemory(),
        SiteKeyStore.inMemory(identity));
  }

  private CameraCredentials(
      Identity identity,
      CameraPairingStore store,
      PairingThrottle throttle,
      Argon2Params argon,
      PasswordFactsStore facts,
      SiteKeyStore siteKeys) {
    this.identity = Objects.requireNonNull(identity);
    this.store = Objects.requireNonNull(store);
    this.throttle = Objects.requireNonNull(throttle);
    this.argon = Objects.requireNonNull(argon);
    this.facts = facts;
    this.siteKeys = siteKeys;
  }

  /** Identity and pairing state kept in {@code dir} (made on first use, owner-only). */
  public static CameraCredentials open(Path dir) throws IOException {
    return open(dir, Argon2Params.DEFAULT);
  }

  /** {@link #open(Path)} with other Argon2id settings for new verifiers (tests keep them cheap). */
  public static CameraCredentials open(Path dir, Argon2Params argon) throws IOException {
    Identity id = Identity.loadOrCreate(dir);
    CameraPairingStore store = CameraPairingStore.open(dir);
    return new CameraCredentials(
        id,
        store,
        new PairingThrottle(store),
        argon,
        PasswordFactsStore.open(dir),
        SiteKeyStore.open(dir, id));
  }

  /** A fresh in-memory camera (tests, the demo's simulated cameras). */
  public static CameraCredentials ephemeral() {
    CameraPairingStore store = CameraPairingStore.inMemory();
    return new CameraCredentials(
        Identity.generate(), store, new PairingThrottle(store), Argon2Params.DEFAULT);
  }

  /**
   * A fresh in-memory camera with this password already set (demo cameras, in-process setups).
   *
   * @throws IllegalArgumentException if the policy refuses the password
   */
  public static CameraCredentials ephemeral(char[] password, List<String> contextWords) {
    return inMemory(Identity.generate(), password, contextWords);
  }

  /**
   * A camera with a kept identity but its password and pairings in memory only (the demo's
   * simulated cameras keep their IDs between runs, so the wall's saved tiles still match them).
   *
   * @throws IllegalArgumentException if the policy refuses the password
   */
  public static CameraCredentials inMemory(
      Identity identity, char[] password, List<String> contextWords) {
    CameraPairingStore store = CameraPairingStore.inMemory();
    CameraCredentials c =
        new CameraCredentials(identity, store, new PairingThrottle(store), Argon2Params.DEFAULT);
    try {
      c.setPassword(password, contextWords);
    } catch (WeakPasswordException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return c;
  }

  public Identity identity() {
    return identity;
  }

  public String cameraId() {
    return identity.id();
  }

  public CameraPairingStore store() {
    return store;
  }

  public PairingThrottle throttle() {
    return throttle;
  }

  public Argon2Params argon() {
    return argon;
  }

  /** Whether a password is set (without one the camera cannot be paired). */
  public boolean pairable() {
    return store.verifier() != null;
  }

  /**
   * Sets (or replaces) the camera password after the strength check; stations already paired stay
   * paired. Takes one Argon2id run, and a second one for the reuse tag when the camera has a site
   * key. A blocklisted password is refused and counted in the audit ({@link
   * CameraPairingStore.Audit#blocklistedAttempts()}; date, count and the list's name only).
   *
   * @param contextWords words a guesser would try first: camera name, site, ...
   * @throws WeakPasswordException with the reasons, if the policy refuses it
   */
  public PasswordPolicy.Verdict setPassword(char[] password, List<String> contextWords)
      throws WeakPasswordException {
    return setPassword(password, contextWords, PolicyOverride.NONE);
  }

  /**
   * {@link #setPassword(char[], List)} with the test seam {@link PolicyOverride}; {@code NONE} is
   * the product.
   */
  public PasswordPolicy.Verdict setPassword(
      char[] password, List<String> contextWords, PolicyOverride override)
      throws WeakPasswordException {
    if (override == PolicyOverride.WRITE_AS_OLDER_AGENT) {
      return writeAsOlderAgent(password, withCameraId(contextWords));
    }
    PasswordPolicy.Verdict v = checkNewPassword(password, contextWords);
    if (!v.acceptable()) {
      throw new WeakPasswordException(v);
    }
    install(password, v);
    return v;
  }

  /**
   * The policy's verdict on a would-be new password, with the camera's ID added to the context
   * words. Cheap (no Argon2id). A blocklisted one is counted in the audit: whoever offers a new
   * password either owns the camera (local data directory) or holds a paired station's key, and a
   * factory default tried that way is worth knowing about either way.
   */
  public PasswordPolicy.Verdict checkNewPassword(char[] password, List<String> contextWords) {
    PasswordPolicy.Verdict v = PasswordPolicy.check(password, withCameraId(contextWords));
    if (v.blocklisted()) {
      long now = System.currentTimeMillis();
      try {
        store.recordBlocklistedAttempt(now);
      } catch (UncheckedIOException e) {
        LOG.warn("could not store the blocklisted-password audit fact: {}", e.getMessage());
      }
      facts.recordRefused(new PasswordFactsStore.Refused(v.blocklistMatch(), now));
    }
    return v;
  }

  private List<String> withCameraId(List<String> contextWords) {
    List<String> ctx = new ArrayList<>(contextWords);
    ctx.add(cameraId());
    ctx.add(cameraId().replace("-", ""));
    return ctx;
  }

  /**
   * Stores the verifier of a password the policy accepted ({@code v}) and its audit facts: one
   * Argon2id run, and a second one for the reuse tag when the camera has a site key.
   */
  void install(char[] password, PasswordPolicy.Verdict v) {
    long now = System.currentTimeMillis();
    synchronized (argonWork) {
      PasswordVerifier verifier = PasswordVerifier.create(cameraId(), password, argon, v, now);
      SiteKey site = siteKeys.key();
      String tag = site == null ? null : ReuseTags.tag(site, password);
      store.setVerifier(verifier);
      try {
        facts.recordSet(
            new PasswordFactsStore.SetFacts(
                PasswordFactsStore.fingerprint(verifier),
                v.score(),
                v.length(),
                site == null ? null : site.id(),
                tag));
      } catch (UncheckedIOException e) {
        // The password is set; only its audit facts are missing (it reads as legacy).
        LOG.warn("password set, but its audit facts could not be stored: {}", e.getMessage());
      }
    }
  }

  private PasswordPolicy.Verdict writeAsOlderAgent(char[] password, List<String> ctx) {
    PasswordPolicy.Verdict zxcvbnOnly = PasswordPolicy.strengthOnly(password, ctx);
    synchronized (argonWork) {
      store.setVerifier(
          PasswordVerifier.create(
              cameraId(), password, argon, zxcvbnOnly, System.currentTimeMillis()));
    }
    LOG.warn("camera password written as an older agent would have (test seam): not checked");
    return zxcvbnOnly;
  }

  /** The password facts for the station's audit, as of now. */
  public PasswordAuditFacts passwordFacts() {
    return AuditFactsView.of(store.verifier(), facts, siteKeys.key());
  }

  /**
   * Whether the current verifier was set elsewhere (an older agent, a factory image) and has not
   * been tried against the current factory lists yet: the agent then runs {@link #scanVerifier}.
   */
  public boolean needsVerifierScan() {
    return passwordFacts().scan() == PasswordAuditFacts.Scan.PENDING;
  }

  /**
   * Tries the factory lists ({@link io.peerwall.p2p.blocklist.Blocklist#verifierScanCandidates})
   * against a verifier this agent did not set, one Argon2id run per candidate (about 76; ~25 s at
   * the default settings), and keeps the result for the audit. Local work on the camera's own
   * verifier, so no throttle applies. Stops early, keeping nothing, when {@code keepGoing} turns
   * false or the verifier is replaced meanwhile.
   *
   * @return the scan's outcome ({@code PENDING} if it stopped early or nothing needed scanning)
   */
  public PasswordAuditFacts.Scan scanVerifier(BooleanSupplier keepGoing) {
    return VerifierScan.run(this, keepGoing);
  }

  Object argonWork() {
    return argonWork;
  }

  PasswordFactsStore facts() {
    return facts;
  }

  /** The site key this camera holds, or null. */
  public SiteKey siteKey() {
    return siteKeys.key();
  }

  /**
   * The site key, made now if the camera has none (the first camera of a site), with this camera's
   * Argon2id settings as the site's.
   */
  public SiteKey createSiteKey() {
    SiteKey k = siteKeys.key();
    if (k != null) {
      return k;
    }
    SiteKey made =
        SiteKey.generate(
            argon.memoryKiB(), argon.iterations(), argon.parallelism(), System.currentTimeMillis());
    try {
      siteKeys.install(made);
    } catch (SiteKeyStore.AlreadyHasKeyException e) {
      return siteKeys.key(); // made concurrently by another request: that one stands
    }
    LOG.info("made site key {} for reuse tags", made.id());
    return made;
  }

  /**
   * The site key sealed to another camera's identity key, for the station to carry there. Counted
   * and dated with the recipient and requester in the password facts: a station that is still
   * paired can name any key as "another camera", so exports are what an audit of another station
   * checks against its list of cameras (docs/protocol.md, "Reuse tags").
   *
   * @param requestedBy who asked (a station ID), for the record
   * @throws IllegalStateException if this camera has no site key
   * @throws IllegalArgumentException if {@code recipient} is this camera or a paired station
   */
  public String exportSiteKey(PublicIdentity recipient, String requestedBy) {
    SiteKey k = siteKeys.key();
    if (k == null) {
      throw new IllegalStateException("this camera has no site key");
    }
    if (store.station(recipient.id()) != null) {
      throw new IllegalArgumentException(
          "that key is a paired station's, not a camera's: the site key goes to cameras only");
    }
    String envelope = SiteKeyEnvelope.seal(k, identity, recipient);
    facts.recordExport(recipient.id(), requestedBy, System.currentTimeMillis());
    return envelope;
  }

  /**
   * Takes the site key another camera sealed to this one. The current password stays untagged
   * (reuse "pending") until it is next changed: the camera does not keep the password.
   *
   * @throws IllegalArgumentException if the envelope is not sealed to this camera by {@code
   *     sender}, or its Argon2id settings are out of bounds
   * @throws SiteKeyStore.AlreadyHasKeyException if the camera holds another site key
   */
  public SiteKey importSiteKey(PublicIdentity sender, String envelope)
      throws SiteKeyStore.AlreadyHasKeyException {
    SiteKey k = SiteKeyEnvelope.open(envelope, identity, sender);
    ReuseTags.stretchSettings(k); // refuses settings a hostile sender could use to exhaust memory
    siteKeys.install(k);
    LOG.info("took site key {} from camera {}", k.id(), sender.id());
    return k;
  }

  /** Forgets the site key (the owner's reset, locally); passwords read "no site key" after. */
  public void clearSiteKey() throws IOException {
    siteKeys.clear();
  }
}
