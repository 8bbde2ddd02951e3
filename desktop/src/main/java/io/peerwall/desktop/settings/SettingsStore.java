package io.peerwall.desktop.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves {@link WallSettings} as JSON. Saving never happens on the caller's thread: {@link
 * #update} changes the in-memory copy and hands the write to an I/O executor; bursts of changes
 * (dragging tiles, moving the window) collapse into one write of the newest state. Each write goes
 * to a temporary file that is then renamed over the old one, so a crash leaves either the old or
 * the new file, never half of one.
 */
public final class SettingsStore {
  private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Executor io;
  private final AtomicReference<WallSettings> current;
  private final AtomicReference<WallSettings> unsaved = new AtomicReference<>();
  private volatile Consumer<IOException> onFailure = e -> {};

  private SettingsStore(Path file, Executor io, WallSettings initial) {
    this.file = file;
    this.io = io;
    this.current = new AtomicReference<>(initial);
  }

  /**
   * Reads the settings file; a missing file gives empty settings, a damaged one is logged, kept
   * aside as {@code wall.json.bad} and replaced by empty settings (never fatal: the wall must
   * open). Call before the window opens (it reads the disk).
   */
  public static SettingsStore open(Path file, Executor io) {
    return new SettingsStore(file, io, read(file));
  }

  static WallSettings read(Path file) {
    try {
      return JSON.readValue(Files.readAllBytes(file), WallSettings.class);
    } catch (NoSuchFileException e) {
      return WallSettings.empty();
    } catch (IOException | RuntimeException e) {
      log.warn("settings file {} is unreadable ({}); starting with defaults", file, e.getMessage());
      try {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".bad"),
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ignored) {
        // Keeping the bad copy is a courtesy; the defaults apply either way.
      }
      return WallSettings.empty();
    }
  }

  public Path file() {
    return file;
  }

  public WallSettings current() {
    return current.get();
  }

  /** Called on the I/O thread when a write fails (e.g. to tell the user once). */
  public void onFailure(Consumer<IOException> handler) {
    this.onFailure = handler;
  }

  /** Applies a change now and schedules a write of the newest state. Any thread; never blocks. */
  public void update(UnaryOperator<WallSettings> change) {
    WallSettings next = current.updateAndGet(change);
    if (unsaved.getAndSet(next) == null) {
      io.execute(this::writePending);
    }
  }

  private void writePending() {
    WallSettings toWrite = unsaved.getAndSet(null);
    if (toWrite == null) {
      return;
    }
    try {
      write(file, toWrite);
    } catch (IOException | RuntimeException e) {
      // A task's exception would vanish into the executor's future: said here, and to the user.
      log.warn("cannot save the wall settings to {}: {}", file, e.toString());
      onFailure.accept(e instanceof IOException io ? io : new IOException(e.toString(), e));
    }
  }

  /** Writes synchronously: for the I/O thread and for shutdown (after the executor stopped). */
  public void flush() {
    writePending();
  }

  static void write(Path file, WallSettings settings) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".wall-", ".json.tmp");
    try {
      JSON.writeValue(temp.toFile(), settings);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
