package io.peerwall.recorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the index for the recorder; when it is damaged ({@code SQLITE_CORRUPT}, not a database),
 * moves it aside and rebuilds a new one from the recordings (docs/storage.md section 4): cameras
 * from each camera directory's {@code camera.txt}, streams from their directories, segments from
 * the files (start-up recovery then indexes them as unindexed files).
 */
final class IndexOpener {
  private static final Logger log = LoggerFactory.getLogger(IndexOpener.class);

  /** Indexes up to this size get a full {@code PRAGMA quick_check} at every start. */
  static final long QUICK_CHECK_LIMIT = 256L << 20;

  private IndexOpener() {}

  /** Opens or rebuilds; {@code messages} receives a line for the user when it rebuilt. */
  static RecordingIndex open(Path dataDir, Path recordings, List<String> messages) {
    try {
      RecordingIndex index = RecordingIndex.open(dataDir);
      try {
        check(index, dataDir.resolve(RecordingIndex.FILE_NAME));
        return index;
      } catch (IndexException e) {
        index.close();
        throw e;
      }
    } catch (IndexException e) {
      if (!RecordingIndex.isCorruption(e)) {
        throw e;
      }
      String aside = quarantine(dataDir);
      String message =
          "the index was damaged ("
              + e.getMessage()
              + "); it was moved to "
              + aside
              + " and a new one is being rebuilt from the recordings";
      log.error(message);
      messages.add(message);
      RecordingIndex fresh = RecordingIndex.open(dataDir);
      registerFromDirectories(fresh, recordings);
      return fresh;
    }
  }

  private static void check(RecordingIndex index, Path file) {
    try {
      if (Files.size(file) > QUICK_CHECK_LIMIT) {
        return;
      }
      try (Statement s = index.connection().createStatement();
          ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
        String result = rs.next() ? rs.getString(1) : "no answer";
        if (!"ok".equalsIgnoreCase(result)) {
          throw new IndexException(
              "the index " + file + " is damaged: " + result,
              new SQLException(result, "corrupt", 11));
        }
      }
    } catch (SQLException e) {
      throw new IndexException("cannot check the index " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IndexException("cannot read the index " + file + ": " + e.getMessage(), null);
    }
  }

  private static String quarantine(Path dataDir) {
    String suffix = ".corrupt-" + Instant.now().toString().replace(':', '-');
    Path main = dataDir.resolve(RecordingIndex.FILE_NAME);
    for (String extension : new String[] {"", "-wal", "-shm"}) {
      Path file = dataDir.resolve(RecordingIndex.FILE_NAME + extension);
      try {
        if (Files.exists(file)) {
          Files.move(
              file,
              dataDir.resolve(RecordingIndex.FILE_NAME + suffix + extension),
              StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new IndexException("cannot move the damaged index " + file + " aside", null);
      }
    }
    return main + suffix;
  }

  /** Cameras and streams from the recordings' directories; segments follow in recovery. */
  static void registerFromDirectories(RecordingIndex index, Path recordings) {
    if (!Files.isDirectory(recordings)) {
      return;
    }
    List<Path> cameraDirs = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(recordings)) {
      dirs.filter(Files::isDirectory).sorted().forEach(cameraDirs::add);
    } catch (IOException e) {
      throw new IndexException("cannot list " + recordings + ": " + e, null);
    }
    for (Path cameraDir : cameraDirs) {
      Properties camera = readCameraFile(cameraDir);
      String dirName = cameraDir.getFileName().toString();
      String cameraId = camera.getProperty("camera_id", dirName);
      String name = camera.getProperty("name", dirName);
      long row = index.upsertCamera(cameraId, name, Instant.now().toEpochMilli() * 1000);
      for (String kind : new String[] {"main", "sub"}) {
        if (Files.isDirectory(cameraDir.resolve(kind))) {
          index.ensureStream(row, kind, dirName + "/" + kind);
        }
      }
    }
  }

  static Properties readCameraFile(Path cameraDir) {
    Properties properties = new Properties();
    Path file = cameraDir.resolve(SegmentPaths.CAMERA_FILE);
    if (Files.exists(file)) {
      try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        log.warn("cannot read {}: {}", file, e.toString());
      }
    }
    return properties;
  }

  /** Writes {@code camera.txt} (camera ID and name) into a camera directory, atomically. */
  static void writeCameraFile(Path cameraDir, String cameraId, String name) throws IOException {
    Files.createDirectories(cameraDir);
    Properties properties = new Properties();
    properties.setProperty("camera_id", cameraId);
    properties.setProperty("name", name);
    Path file = cameraDir.resolve(SegmentPaths.CAMERA_FILE);
    Path temporary = cameraDir.resolve(SegmentPaths.CAMERA_FILE + ".tmp");
    try (var writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      properties.store(writer, "PeerWall camera (the index can be rebuilt from this)");
    }
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
