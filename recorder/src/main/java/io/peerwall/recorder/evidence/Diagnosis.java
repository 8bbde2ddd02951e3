package io.peerwall.recorder.evidence;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains a failed signature by comparing the file with the manifest the signer recorded: which
 * boxes changed, which are missing, which were added, whether the certificate or the export
 * description differ. Only explains: the verdict is already NOT AUTHENTIC.
 */
final class Diagnosis {
  private Diagnosis() {}

  static List<Failure> explain(
      Manifest manifest,
      List<BoxDigest> now,
      byte[] certificateDer,
      byte[] suepBox,
      byte[] cstbBox) {
    List<Failure> failures = new ArrayList<>();
    if (!MessageDigest.isEqual(manifest.certificateSha256(), Pss.sha256(certificateDer))) {
      failures.add(
          new Failure(
              Failure.Reason.CERTIFICATE_REPLACED,
              "the file carries certificate "
                  + StationSigningKey.fingerprintOf(certificateDer)
                  + ", not the one it was signed with ("
                  + StationSigningKey.formatFingerprint(manifest.certificateSha256())
                  + ")"));
    }
    if (suepBox == null || manifest.suepCrc() != ExportSigner.crc32c(suepBox)) {
      failures.add(
          new Failure(
              Failure.Reason.DESCRIPTION_CHANGED,
              "the export description ('suep': station, time, operator, cameras) was edited"));
    }
    if (cstbBox != null && manifest.cstbCrc() != ExportSigner.crc32c(cstbBox)) {
      failures.add(
          new Failure(
              Failure.Reason.DESCRIPTION_CHANGED, "the recorded start time ('cstb') was edited"));
    }
    compareTopLevel(manifest.boxes(), now, failures);
    return failures;
  }

  private static void compareTopLevel(
      List<BoxDigest> signed, List<BoxDigest> now, List<Failure> failures) {
    List<BoxDigest> was = level(signed, 0);
    List<BoxDigest> is = level(now, 0);
    int fragments = count(was, "moof");
    // Walk both lists in order; a box of the signed list with no equal box ahead in the file
    // changed (same type at the same place) or went missing.
    // A greedy diff of the two box lists: equal boxes match in order; at a difference, whichever
    // of "this signed box was removed" and "this box was added" resynchronises sooner wins, and
    // when neither does, the box changed in place. Fragment indexes ('moof') are unique (sequence
    // number, decode time), which anchors the diff even where pictures repeat.
    int i = 0;
    int j = 0;
    int fragment = 0;
    while (i < was.size()) {
      BoxDigest w = was.get(i);
      if (j < is.size() && is.get(j).sameContent(w)) {
        fragment += w.type().equals("moof") ? 1 : 0;
        i++;
        j++;
        continue;
      }
      int removedSpan = j < is.size() ? distance(was, i + 1, is.get(j)) : Integer.MAX_VALUE;
      int addedSpan = distance(is, j + 1, w);
      if (removedSpan == Integer.MAX_VALUE && addedSpan == Integer.MAX_VALUE) {
        fragment += w.type().equals("moof") ? 1 : 0;
        if (j < is.size() && is.get(j).type().equals(w.type())) {
          changed(w, is.get(j), signed, now, fragment, fragments, failures);
          j++;
        } else {
          removed(w, fragment, fragments, failures);
        }
        i++;
      } else if (removedSpan <= addedSpan) {
        fragment += w.type().equals("moof") ? 1 : 0;
        removed(w, fragment, fragments, failures);
        i++;
      } else {
        added(is.get(j), failures);
        j++;
      }
    }
    for (int k = j; k < is.size(); k++) {
      added(is.get(k), failures);
    }
  }

  private static void changed(
      BoxDigest was,
      BoxDigest is,
      List<BoxDigest> signed,
      List<BoxDigest> now,
      int fragment,
      int fragments,
      List<Failure> failures) {
    String where = " (bytes " + is.offset() + " to " + (is.offset() + is.size()) + ")";
    switch (was.type()) {
      case "mdat" ->
          failures.add(
              new Failure(
                  Failure.Reason.MEDIA_CHANGED,
                  (fragments > 0
                          ? "the pictures of fragment " + fragment + " of " + fragments
                          : "the pictures")
                      + " differ from what was signed"
                      + (was.size() != is.size()
                          ? ", and their size changed from "
                              + was.size()
                              + " to "
                              + is.size()
                              + " bytes"
                          : "")
                      + where));
      case "moov" ->
          failures.add(
              new Failure(Failure.Reason.MOVIE_HEADER_CHANGED, movieChanges(signed, now) + where));
      case "moof" ->
          failures.add(
              new Failure(
                  Failure.Reason.FRAGMENT_CHANGED,
                  "the index of fragment "
                      + fragment
                      + " of "
                      + fragments
                      + " (timing, sizes of its"
                      + " pictures) was edited"
                      + where));
      default ->
          failures.add(
              new Failure(
                  Failure.Reason.CONTENT_ADDED_OR_REMOVED,
                  "box '" + was.type() + "' was edited" + where));
    }
  }

  private static String movieChanges(List<BoxDigest> signed, List<BoxDigest> now) {
    List<BoxDigest> was = level(signed, 1);
    List<BoxDigest> is = level(now, 1);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < was.size(); i++) {
      BoxDigest w = was.get(i);
      if (i >= is.size()) {
        parts.add("'" + w.type() + "' is missing");
      } else if (!w.sameContent(is.get(i))) {
        parts.add(describe(w.type()) + " was edited");
      }
    }
    for (int i = was.size(); i < is.size(); i++) {
      parts.add("'" + is.get(i).type() + "' was added");
    }
    return parts.isEmpty() ? "the movie box ('moov') was edited" : String.join("; ", parts);
  }

  private static String describe(String type) {
    return switch (type) {
      case "mvhd" -> "the movie header ('mvhd': creation time, time scale, duration)";
      case "trak" -> "a track ('trak': its header, codec or sample tables)";
      case "mvex" -> "the fragment defaults ('mvex')";
      case "udta" -> "the user data ('udta': title)";
      default -> "'" + type + "'";
    };
  }

  private static void removed(BoxDigest w, int fragment, int fragments, List<Failure> failures) {
    if (w.type().equals("moof")) {
      failures.add(
          new Failure(
              Failure.Reason.FRAGMENT_REMOVED,
              "fragment "
                  + fragment
                  + " of "
                  + fragments
                  + " (its index and pictures, "
                  + "signed at bytes "
                  + w.offset()
                  + " onwards) is missing"));
    } else if (w.type().equals("mdat") && fragments > 0) {
      // The pictures of a removed fragment: reported with its 'moof'.
      if (failures.stream().noneMatch(f -> f.reason() == Failure.Reason.FRAGMENT_REMOVED)) {
        failures.add(
            new Failure(
                Failure.Reason.FRAGMENT_REMOVED,
                "the pictures of fragment " + fragment + " of " + fragments + " are missing"));
      }
    } else {
      failures.add(
          new Failure(
              Failure.Reason.CONTENT_ADDED_OR_REMOVED,
              "box '" + w.type() + "' (" + w.size() + " bytes at " + w.offset() + ") is missing"));
    }
  }

  private static void added(BoxDigest b, List<Failure> failures) {
    failures.add(
        new Failure(
            Failure.Reason.CONTENT_ADDED_OR_REMOVED,
            "box '"
                + b.type()
                + "' ("
                + b.size()
                + " bytes at "
                + b.offset()
                + ") was not there when the file was signed"));
  }

  /**
   * How far ahead of {@code from} an equal box comes, or MAX_VALUE. Only fragment indexes are
   * looked for further than the next box: they are unique, while media boxes repeat whenever the
   * pictures do (a still scene, a looping test clip) and would match a far-away twin.
   */
  private static int distance(List<BoxDigest> list, int from, BoxDigest b) {
    int last = b.type().equals("moof") ? list.size() : Math.min(list.size(), from + 1);
    for (int k = from; k < last; k++) {
      if (list.get(k).sameContent(b)) {
        return k - from;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static List<BoxDigest> level(List<BoxDigest> boxes, int depth) {
    return boxes.stream().filter(b -> b.depth() == depth).toList();
  }

  private static int count(List<BoxDigest> boxes, String type) {
    return (int) boxes.stream().filter(b -> b.type().equals(type)).count();
  }
}
