package io.peerwall.station.evidence;

import io.peerwall.recorder.Recordings;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The file names of an export: the output itself for one camera; for several, the output's name
 * with each camera's name added before the extension ({@code incident.mp4} → {@code
 * incident-front-door.mp4}, {@code incident-garage.mp4}), made safe for any file system and
 * distinct (the camera ID's start is added when two names clash).
 */
public final class ExportFiles {
  private ExportFiles() {}

  public static List<Path> outputs(Path output, List<Recordings.CameraInfo> cameras) {
    Path absolute = output.toAbsolutePath();
    if (cameras.size() == 1) {
      return List.of(absolute);
    }
    String name = absolute.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : ".mp4";
    List<Path> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Recordings.CameraInfo camera : cameras) {
      String part = slug(camera.name());
      if (part.isEmpty() || !used.add(part)) {
        part = (part.isEmpty() ? "" : part + "-") + slug(camera.cameraId());
        used.add(part);
      }
      out.add(absolute.resolveSibling(stem + "-" + part + extension));
    }
    return out;
  }

  /** Letters and digits of any script kept, lower case; everything else one '-'. */
  static String slug(String text) {
    String plain = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < plain.length(); ) {
      int c = plain.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        b.appendCodePoint(c);
        dash = false;
      } else if (!dash && b.length() > 0) {
        b.append('-');
        dash = true;
      }
    }
    String s = b.toString().replaceAll("-+$", "");
    return s.codePointCount(0, s.length()) > 60 ? s.substring(0, s.offsetByCodePoints(0, 60)) : s;
  }
}
