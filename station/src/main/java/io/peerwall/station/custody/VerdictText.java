package io.peerwall.station.custody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.recorder.evidence.CameraSignatures;
import io.peerwall.recorder.evidence.Evidence;
import io.peerwall.recorder.evidence.ExportDescription;
import io.peerwall.recorder.evidence.Failure;
import io.peerwall.recorder.evidence.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A verdict in words, for {@code peerwall verify} and the wall's "Verify a file…" dialog: the same
 * lines in both. Times carry their UTC offset, since the reader may be in another time zone than
 * the station.
 */
public final class VerdictText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx", Locale.ROOT);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZoneId zone;

  public VerdictText(ZoneId zone) {
    this.zone = zone;
  }

  /** "AUTHENTIC", "NOT SIGNED" or "NOT AUTHENTIC". */
  public static String word(Verdict verdict) {
    if (verdict instanceof Verdict.Authentic) {
      return "AUTHENTIC";
    }
    return verdict instanceof Verdict.NotSigned ? "NOT SIGNED" : "NOT AUTHENTIC";
  }

  /** The first line: the verdict and what it means for this file. */
  public String headline(Path file, Verdict verdict) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    if (verdict instanceof Verdict.Authentic a) {
      return "AUTHENTIC: "
          + name
          + " is exactly what station \""
          + a.evidence().stationName()
          + "\" signed.";
    }
    if (verdict instanceof Verdict.NotAuthentic n) {
      return "NOT AUTHENTIC: "
          + name
          + " is not what was signed: "
          + n.failures().get(0).reason().headline()
          + ".";
    }
    return "NOT SIGNED: " + name + " carries no export signature.";
  }

  /** A detail line's label, padded so that the values form one column. */
  private static String label(String name) {
    return String.format(Locale.ROOT, "%-19s", name);
  }

  /** The lines after the headline. */
  public List<String> details(Verdict verdict, String expectedFingerprint) {
    List<String> lines = new ArrayList<>();
    if (verdict instanceof Verdict.Authentic a) {
      Evidence e = a.evidence();
      describe(e, lines);
      lines.add(label("fingerprint") + e.fingerprint());
      lines.add(
          label("")
              + (expectedFingerprint != null
                  ? "(the expected one)"
                  : "(compare it with the one the station shows)"));
      lines.add(label("camera signatures") + e.cameraSignatures().summary());
      if (e.cameraSignatures().present()
          && e.cameraSignatures().gopsSigned() < e.cameraSignatures().gops().size()) {
        List<String> unsigned = new ArrayList<>();
        for (CameraSignatures.Gop g : e.cameraSignatures().gops()) {
          if (g.signingSeis() == 0 && unsigned.size() < 10) {
            unsigned.add(
                String.format(Locale.ROOT, "%d (at %.1f s)", g.index() + 1, g.startSeconds()));
          }
        }
        long missing = e.cameraSignatures().gops().size() - e.cameraSignatures().gopsSigned();
        lines.add(
            label("")
                + "GOPs without one: "
                + String.join(", ", unsigned)
                + (missing > unsigned.size() ? ", …" : "")
                + " (the last GOP's may be cut off at the end of the range)");
      }
      lines.add(label("bookmarks") + (e.bookmarks().isEmpty() ? "none" : e.bookmarks().size()));
      for (ExportDescription.Bookmark b : e.bookmarks()) {
        lines.add(
            label("")
                + b.name()
                + (b.note().isBlank() ? "" : ": " + b.note().strip().replace('\n', ' '))
                + "  (by "
                + b.createdBy()
                + ")");
        lines.add(label("") + "  " + time(b.start()) + " to " + time(b.end()));
      }
      if (e.laterSignatures() > 0) {
        lines.add(
            label("later signatures")
                + e.laterSignatures()
                + " added after the station's (not checked)");
      }
    } else if (verdict instanceof Verdict.NotSigned n) {
      lines.add(n.reason() + ".");
      lines.add("Nothing in it says which station made it or whether it was changed.");
    } else if (verdict instanceof Verdict.NotAuthentic n) {
      for (Failure f : n.failures()) {
        lines.add("- " + line(f));
      }
      if (n.claimed().isPresent()) {
        lines.add("The file claims (not to be trusted):");
        List<String> claims = new ArrayList<>();
        describe(n.claimed().get(), claims);
        claims.forEach(l -> lines.add("  " + l));
      }
    }
    return lines;
  }

  /** "headline: detail", without saying the headline twice when the detail starts with it. */
  static String line(Failure f) {
    String headline = f.reason().headline();
    return f.detail().startsWith(headline) ? f.detail() : headline + ": " + f.detail();
  }

  /** Headline and details, each detail indented: what {@code peerwall verify} prints. */
  public String plain(Path file, Verdict verdict, String expectedFingerprint) {
    StringBuilder b = new StringBuilder(headline(file, verdict)).append('\n');
    for (String line : details(verdict, expectedFingerprint)) {
      b.append("  ").append(line).append('\n');
    }
    return b.toString();
  }

  private void describe(Evidence e, List<String> lines) {
    lines.add(label("station") + e.stationName() + " (ID " + e.stationId() + ")");
    lines.add(
        label("exported")
            + time(e.exportTime())
            + (e.operator().isEmpty() ? "" : " by " + e.operator()));
    for (ExportDescription.Track t : e.tracks()) {
      lines.add(
          label("camera")
              + t.cameraName()
              + " (ID "
              + t.cameraId()
              + "), from "
              + time(t.startTime()));
    }
  }

  private String time(Instant t) {
    return TIME.format(t.atZone(zone));
  }

  /** One JSON object: verdict, file, and what the verdict carries. */
  public String json(Path file, Verdict verdict, String expectedFingerprint) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verdict", word(verdict));
    m.put("file", file.toString());
    if (expectedFingerprint != null) {
      m.put("expectedFingerprint", expectedFingerprint);
    }
    if (verdict instanceof Verdict.Authentic a) {
      m.put("evidence", evidence(a.evidence()));
    } else if (verdict instanceof Verdict.NotSigned n) {
      m.put("reason", n.reason());
    } else if (verdict instanceof Verdict.NotAuthentic n) {
      List<Map<String, String>> failures = new ArrayList<>();
      for (Failure f : n.failures()) {
        failures.add(
            Map.of(
                "reason", f.reason().name(),
                "headline", f.reason().headline(),
                "detail", f.detail()));
      }
      m.put("failures", failures);
      n.claimed().ifPresent(e -> m.put("claimed", evidence(e)));
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a verdict always converts to JSON", e);
    }
  }

  private static Map<String, Object> evidence(Evidence e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stationName", e.stationName());
    m.put("stationId", e.stationId());
    m.put("fingerprint", e.fingerprint());
    m.put("certificateSubject", e.certificateSubject());
    m.put("exportTime", e.exportTime().toString());
    m.put("operator", e.operator());
    List<Map<String, Object>> tracks = new ArrayList<>();
    for (ExportDescription.Track t : e.tracks()) {
      tracks.add(
          Map.of(
              "trackId", t.trackId(),
              "cameraName", t.cameraName(),
              "cameraId", t.cameraId(),
              "startTime", t.startTime().toString()));
    }
    m.put("tracks", tracks);
    Map<String, Object> cameras = new LinkedHashMap<>();
    cameras.put("checked", e.cameraSignatures().checked());
    cameras.put("gops", e.cameraSignatures().gops().size());
    cameras.put("gopsSigned", e.cameraSignatures().gopsSigned());
    m.put("cameraSignatures", cameras);
    List<Map<String, Object>> marks = new ArrayList<>();
    for (ExportDescription.Bookmark b : e.bookmarks()) {
      marks.add(
          Map.of(
              "cameraId", b.cameraId(),
              "start", b.start().toString(),
              "end", b.end().toString(),
              "name", b.name(),
              "note", b.note(),
              "createdBy", b.createdBy()));
    }
    m.put("bookmarks", marks);
    m.put("laterSignatures", e.laterSignatures());
    return m;
  }
}
