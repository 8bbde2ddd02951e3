package io.peerwall.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks recordings against the index (docs/storage.md section 8), for {@code peerwall recordings
 * verify}: every segment file exists, has the recorded size, hashes to the recorded SHA-256 (closed
 * segments), holds the recorded number of frames with the recorded keyframes; and every segment
 * file in the recordings has a row. Changes nothing.
 */
public final class Verifier {
  /** What is wrong with one file. */
  public record Problem(String cameraId, Path file, Kind kind, String detail) {
    @Override
    public String toString() {
      return kind.label + ": " + file + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /** Kinds of problems, worst first. */
  public enum Kind {
    MISSING("missing"),
    ALTERED("hash mismatch, altered"),
    SIZE("size differs from the index"),
    FRAMES("frames differ from the index"),
    UNINDEXED("not in the index"),
    RECOVERED("recovered after a crash"),
    DAMAGED("marked damaged");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The outcome; {@link #ok()} unless a file is missing, altered, cut or unindexed. */
  public record Report(long segments, long bytes, List<Problem> problems) {
    public boolean ok() {
      return problems.stream()
          .allMatch(p -> p.kind() == Kind.RECOVERED || p.kind() == Kind.DAMAGED);
    }
  }

  private Verifier() {}

  /**
   * Verifies every camera (or only {@code cameraId} if not null).
   *
   * @param hashes also read every file to check its SHA-256 and frames (slower: reads everything)
   * @param progress told about each segment checked (for a progress line); may be a no-op
   */
  public static Report verify(
      Recordings recordings, String cameraId, boolean hashes, Consumer<SegmentInfo> progress)
      throws IOException {
    List<Problem> problems = new ArrayList<>();
    long count = 0;
    long bytes = 0;
    for (Recordings.CameraInfo camera : recordings.cameras()) {
      if (cameraId != null && !camera.cameraId().equals(cameraId)) {
        continue;
      }
      Set<Path> indexed = new HashSet<>();
      for (SegmentInfo s :
          recordings.segments(camera.cameraId(), Long.MIN_VALUE / 4, Long.MAX_VALUE)) {
        count++;
        bytes += s.bytes();
        indexed.add(s.file());
        progress.accept(s);
        check(camera.cameraId(), s, hashes, problems);
      }
      Path streamDir = recordings.recordingsDir().resolve(camera.dir());
      if (Files.isDirectory(streamDir)) {
        try (Stream<Path> walk = Files.walk(streamDir)) {
          walk.filter(p -> p.toString().endsWith(".ts") && !indexed.contains(p))
              .sorted()
              .forEach(p -> problems.add(new Problem(camera.cameraId(), p, Kind.UNINDEXED, "")));
        }
      }
    }
    return new Report(count, bytes, List.copyOf(problems));
  }

  /** Same keyframes at the same frames and bytes (times may differ by a 90 kHz tick). */
  private static boolean sameKeyframes(byte[] a, byte[] b) {
    List<KeyframeIndex.Keyframe> x = KeyframeIndex.decode(a);
    List<KeyframeIndex.Keyframe> y = KeyframeIndex.decode(b);
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (x.get(i).frame() != y.get(i).frame() || x.get(i).offset() != y.get(i).offset()) {
        return false;
      }
    }
    return true;
  }

  private static void check(String camera, SegmentInfo s, boolean hashes, List<Problem> problems)
      throws IOException {
    Path file = s.file();
    if (s.recovered()) {
      problems.add(new Problem(camera, file, Kind.RECOVERED, "the last second before a crash"));
    }
    if (s.damaged()) {
      problems.add(new Problem(camera, file, Kind.DAMAGED, "shorter than when it was recorded"));
    }
    if (!Files.exists(file)) {
      problems.add(new Problem(camera, file, Kind.MISSING, ""));
      return;
    }
    long size = Files.size(file);
    if (s.closed() ? size != s.bytes() : size < s.bytes()) {
      problems.add(new Problem(camera, file, Kind.SIZE, size + " bytes, index says " + s.bytes()));
    }
    if (!hashes || !s.closed()) {
      return;
    }
    if (s.sha256() != null && !Arrays.equals(SegmentFiles.sha256(file, size), s.sha256())) {
      problems.add(new Problem(camera, file, Kind.ALTERED, ""));
    }
    SegmentFiles.FileScan scan = SegmentFiles.scan(file, true);
    if (scan.frames() != s.frames() || !sameKeyframes(scan.keyframes(), s.keyframes())) {
      problems.add(
          new Problem(
              camera,
              file,
              Kind.FRAMES,
              scan.frames() + " frames readable, index says " + s.frames()));
    }
  }
}
