package io.peerwall.station.custody;

import io.peerwall.recorder.Recordings;
import io.peerwall.station.recordings.RecordingsCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cameras given on the command line by ID or name, resolved against the recorded ones. */
final class CameraArguments {
  private CameraArguments() {}

  /** IDs of the given cameras, in order, each once; a clear error for an unknown one. */
  static List<String> ids(Path dataDir, List<String> given) {
    try (Recordings recordings = Recordings.open(dataDir)) {
      List<String> ids = new ArrayList<>();
      for (String wanted : given) {
        String id = RecordingsCommand.camera(recordings, wanted).cameraId();
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
      return ids;
    }
  }

  /** Every recorded camera's name by ID, for printing. */
  static Map<String, String> names(Path dataDir) {
    Map<String, String> names = new LinkedHashMap<>();
    try (Recordings recordings = Recordings.open(dataDir)) {
      for (Recordings.CameraInfo c : recordings.cameras()) {
        names.put(c.cameraId(), c.name());
      }
    }
    return names;
  }
}
