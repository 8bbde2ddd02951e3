package io.peerwall.p2p.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The blocklist built from the shipped public lists: what matches, what it is called. */
class BlocklistTest {
  private final Blocklist lists = Blocklist.standard();

  private String label(String password) {
    return lists.match(password).map(BlocklistMatch::label).orElse(null);
  }

  @Test
  void everyListIsReadWhole() {
    // Mirai: 60 pairs, two of them with no password ("(none)").
    assertThat(lists.entriesRead().get(BlocklistSource.MIRAI)).isEqualTo(58);
    assertThat(lists.entriesRead().get(BlocklistSource.SECLISTS)).isGreaterThan(2000);
    assertThat(lists.entriesRead().get(BlocklistSource.DEFAULTCREDS)).isGreaterThan(2000);
    assertThat(lists.entriesRead().get(BlocklistSource.COMMON)).isEqualTo(60);
    assertThat(lists.size()).isBetween(1200, 4000);
  }

  @Test
  void aMatchNamesTheListAnAuditShows() {
    assertThat(label("xmhdipc")).isEqualTo("Mirai botnet default");
    assertThat(label("7ujMko0admin")).isEqualTo("Mirai botnet default");
    // Camera vendors' rows are named before the common list and before other vendors.
    assertThat(label("admin256")).isEqualTo("SecLists vendor default (Exacq)");
    assertThat(label("camera")).isEqualTo("DefaultCreds vendor default (Canon)");
    assertThat(label("icatch99")).isEqualTo("DefaultCreds vendor default (iCatch)");
    assertThat(label("4321")).isEqualTo("DefaultCreds vendor default (Samsung)");
    assertThat(label("live")).isEqualTo("SecLists vendor default (Bosch)");
    // Common list, then other vendors (the protocol suffix dropped).
    assertThat(label("hikvision")).isEqualTo("common password");
    assertThat(label("TENmanUFactOryPOWER")).isEqualTo("SecLists vendor default (APC)");
    assertThat(label("V4in$ight")).isEqualTo("DefaultCreds vendor default (Video Insight)");
    assertThat(lists.match("xmhdipc").orElseThrow().cameraVendor()).isFalse();
    assertThat(lists.match("admin256").orElseThrow().cameraVendor()).isTrue();
  }

  @Test
  void caseSpacesAndFullWidthFormsMatchAlike() {
    for (String s : List.of("XMHDIPC", " xmhdipc\t", "x m h d i p c", "ｘｍｈｄｉｐｃ", "Xm\u00a0Hdipc")) {
      assertThat(label(s)).as(s).isEqualTo("Mirai botnet default");
    }
    assertThat(lists.match("correct horse battery staple".toCharArray())).isEmpty();
    assertThat(lists.match("xmhdipc2")).isEmpty();
  }

  @Test
  void placeholdersAreNotPasswords() {
    for (String p :
        List.of("", "<BLANK>", "<N/A>", "(none)", "None", "(serial number)", "<SEE COMMENT>")) {
      assertThat(DefaultCredentialLists.isPlaceholder(p)).as(p).isTrue();
    }
    assertThat(lists.match("<blank>")).isEmpty();
    assertThat(lists.match("(serial number)")).isEmpty();
    assertThat(DefaultCredentialLists.isPlaceholder("12345")).isFalse();
  }

  @Test
  void everyCameraVendorLineNamesRowsOfItsList() {
    Map<BlocklistSource, Set<String>> vendors = new HashMap<>();
    for (BlocklistSource s : List.of(BlocklistSource.SECLISTS, BlocklistSource.DEFAULTCREDS)) {
      Set<String> v = new HashSet<>();
      DefaultCredentialLists.read(s).forEach(e -> v.add(e.vendor()));
      vendors.put(s, v);
    }
    Map<CameraVendors.Key, String> selected = CameraVendors.load().all();
    assertThat(selected).hasSizeGreaterThan(40);
    for (CameraVendors.Key k : selected.keySet()) {
      assertThat(vendors.get(k.list())).as(k.toString()).contains(k.vendor());
    }
  }

  @Test
  void theVerifierScanTriesMiraiFirstThenCameraVendorsThenTheCommonList() {
    List<String> c = lists.verifierScanCandidates();
    assertThat(c.get(0)).isEqualTo("xc3511");
    assertThat(c).doesNotHaveDuplicates().contains("meinsm", "icatch99", "admin256", "hikvision");
    assertThat(c.indexOf("icatch99")).isLessThan(c.indexOf("hikvision"));
    assertThat(c).doesNotContain("TENmanUFactOryPOWER"); // not a camera vendor
    assertThat(c).hasSizeBetween(60, 200);
  }

  /**
   * DefaultCreds copied most of the SecLists file without its comments (its rows from "360 Systems"
   * to "zoom"): there, every password is SecLists' for the same vendor. This checks the two
   * transcriptions against each other.
   */
  @Test
  void theTwoVendorListsAgreeWhereOneCopiedTheOther() {
    Map<String, Set<String>> sec = new HashMap<>();
    for (DefaultCredential e : DefaultCredentialLists.read(BlocklistSource.SECLISTS)) {
      sec.computeIfAbsent(e.vendor(), k -> new HashSet<>()).add(e.password());
    }
    int compared = 0;
    List<String> addedInTheCopy = new java.util.ArrayList<>();
    boolean inCopy = false;
    for (DefaultCredential e : DefaultCredentialLists.read(BlocklistSource.DEFAULTCREDS)) {
      inCopy |= e.vendor().equals("360 Systems");
      if (!inCopy) {
        continue;
      }
      Set<String> same = sec.get(e.vendor());
      if (same == null) {
        addedInTheCopy.add(e.vendor());
        continue;
      }
      compared++;
      assertThat(same).as(e.vendor() + " in SecLists").contains(e.password());
      if (e.vendor().equals("zoom")) {
        break;
      }
    }
    assertThat(compared).isGreaterThan(1500);
    assertThat(addedInTheCopy).containsExactly("NevisIDM");
  }
}
