package io.peerwall.p2p.blocklist;

import java.nio.CharBuffer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The passwords a camera refuses because they are published: the Mirai botnet's list, the vendor
 * defaults of SecLists and of the DefaultCreds cheat sheet, and PeerWall's common list. Lookups
 * compare {@linkplain #normalise normalised} forms, so "Admin", "ADMIN " and "a d m i n" are all
 * "admin"; a match names the list (and vendor) an audit shows.
 *
 * <p>When a password is on several lists the one named is, in order: the Mirai list; a camera
 * vendor's row (camera-vendors.tsv; SecLists before DefaultCreds); the common list; any other
 * vendor's row. Within one tier the first row of the file wins. Immutable and thread-safe; the
 * standard instance is read once from the resources (about 2 300 distinct entries, see
 * docs/benchmarks.md for its cost).
 */
public final class Blocklist {
  private static final List<BlocklistSource> READ_ORDER =
      List.of(
          BlocklistSource.MIRAI,
          BlocklistSource.SECLISTS,
          BlocklistSource.DEFAULTCREDS,
          BlocklistSource.COMMON);

  private final Map<String, BlocklistMatch> byNormalised;
  private final List<String> verifierScanCandidates;
  private final Map<BlocklistSource, Integer> entriesRead;

  private Blocklist(
      Map<String, BlocklistMatch> byNormalised,
      List<String> verifierScanCandidates,
      Map<BlocklistSource, Integer> entriesRead) {
    this.byNormalised = byNormalised;
    this.verifierScanCandidates = verifierScanCandidates;
    this.entriesRead = entriesRead;
  }

  private static final class Holder {
    static final Blocklist STANDARD = load();
  }

  /** The blocklist built from the files shipped with PeerWall (read on first use). */
  public static Blocklist standard() {
    return Holder.STANDARD;
  }

  static Blocklist load() {
    CameraVendors cameras = CameraVendors.load();
    Map<String, BlocklistMatch> best = new HashMap<>();
    Map<String, Integer> bestTier = new HashMap<>();
    Set<String> scan = new LinkedHashSet<>();
    List<String> cameraRows = new ArrayList<>();
    List<String> commonRows = new ArrayList<>();
    Map<BlocklistSource, Integer> read = new EnumMap<>(BlocklistSource.class);
    for (BlocklistSource list : READ_ORDER) {
      List<DefaultCredential> entries = DefaultCredentialLists.read(list);
      read.put(list, entries.size());
      for (DefaultCredential e : entries) {
        String shown = cameras.shownAs(list, e.vendor());
        boolean camera = shown != null;
        String vendor = camera ? shown : displayVendor(list, e.vendor());
        int tier = tier(list, camera);
        String key = normalise(e.password());
        if (key.isEmpty()) {
          continue;
        }
        Integer had = bestTier.get(key);
        if (had == null || tier < had) {
          best.put(key, new BlocklistMatch(list, vendor, camera));
          bestTier.put(key, tier);
        }
        if (list == BlocklistSource.MIRAI) {
          scan.add(e.password());
        } else if (camera) {
          cameraRows.add(e.password());
        } else if (list == BlocklistSource.COMMON) {
          commonRows.add(e.password());
        }
      }
    }
    // Mirai first (the commonest factory passwords), then the camera vendors' own, then the common
    // list: the order an older agent's verifier is tried in.
    scan.addAll(cameraRows);
    scan.addAll(commonRows);
    return new Blocklist(Map.copyOf(best), List.copyOf(scan), Collections.unmodifiableMap(read));
  }

  private static int tier(BlocklistSource list, boolean camera) {
    return switch (list) {
      case MIRAI -> 0;
      case SECLISTS, DEFAULTCREDS -> camera ? (list == BlocklistSource.SECLISTS ? 1 : 2) : 4;
      case COMMON -> 3;
    };
  }

  /** DefaultCreds writes "hikvision (ssh)": the protocol is not part of the vendor's name. */
  private static String displayVendor(BlocklistSource list, String vendor) {
    if (vendor == null) {
      return null;
    }
    if (list == BlocklistSource.DEFAULTCREDS && vendor.endsWith(")")) {
      int open = vendor.lastIndexOf(" (");
      if (open > 0) {
        return vendor.substring(0, open).strip();
      }
    }
    return vendor;
  }

  /**
   * The form passwords are compared in: Unicode NFKC (full-width and compatibility characters
   * folded), lower case (root locale), every whitespace character removed. Case and spacing do not
   * make a factory password any less known; NFKC stops look-alike full-width digits.
   */
  public static String normalise(CharSequence password) {
    String nfkc = Normalizer.normalize(password, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(nfkc.length());
    for (int i = 0; i < nfkc.length(); i++) {
      char c = nfkc.charAt(i);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The list that names this password, if any. */
  public Optional<BlocklistMatch> match(CharSequence password) {
    return Optional.ofNullable(byNormalised.get(normalise(password)));
  }

  /** {@link #match(CharSequence)} for a password held in a char array (not copied further). */
  public Optional<BlocklistMatch> match(char[] password) {
    return match(CharBuffer.wrap(password));
  }

  /**
   * The passwords, exactly as listed, that a camera tries against a verifier it did not set itself
   * (written by an older agent, which may have taken a factory password): the Mirai list, the
   * camera vendors' rows, the common list, without repeats.
   */
  public List<String> verifierScanCandidates() {
    return verifierScanCandidates;
  }

  /** Distinct normalised passwords. */
  public int size() {
    return byNormalised.size();
  }

  /** Passwords read from each list (before removing repeats), for the documentation and tests. */
  public Map<BlocklistSource, Integer> entriesRead() {
    return entriesRead;
  }
}
