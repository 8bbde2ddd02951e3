package io.peerwall.desktop.wall;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.desktop.ui.Texts;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Saves what a tile shows as a PNG file. The caller's thread (the FX thread, which owns the frame
 * on screen) only copies the pixels; encoding and writing happen on the I/O executor, and the
 * result is reported back on the {@code fx} executor.
 */
public final class SnapshotWriter {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path directory;
  private final Executor io;
  private final Executor fx;
  private final Clock clock;
  private final ZoneId zone;

  public SnapshotWriter(Path directory, Executor io, Executor fx, Clock clock, ZoneId zone) {
    this.directory = directory;
    this.io = io;
    this.fx = fx;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Copies {@code frame} now and writes it in the background.
   *
   * @param done gets the file, or the failure (exactly one is non-null), on the fx executor
   */
  public void write(String cameraName, FrameBuffer frame, BiConsumer<Path, Exception> done) {
    int width = frame.width();
    int height = frame.height();
    ByteBuffer source = frame.pixels().duplicate();
    source.clear();
    byte[] bgra = new byte[width * height * 4];
    source.get(bgra);
    String name =
        cameraName.replaceAll("[^\\p{L}\\p{N}_-]+", "_")
            + "-"
            + STAMP.format(clock.instant().atZone(zone))
            + ".png";
    io.execute(
        () -> {
          try {
            Path file = encode(directory.resolve(name), bgra, width, height);
            fx.execute(() -> done.accept(file, null));
          } catch (IOException | RuntimeException e) {
            fx.execute(() -> done.accept(null, e));
          }
        });
  }

  /**
   * Saves what {@code tile} shows now; FX thread (it owns the frame on screen). Tells {@code
   * events} when the file is written, or why not.
   *
   * @param writer null when snapshots are not available
   */
  static void snapshot(
      SnapshotWriter writer, TileViewModel tile, Texts texts, Consumer<WallEvent> events) {
    String name = tile.titleProperty().get();
    FrameBuffer frame = tile.feed().frames().lastTaken();
    // Something must have been shown: the frame the FX thread took last is the one on screen.
    boolean shown = tile.feed().stats().snapshot().framesDisplayed() > 0;
    if (writer == null || frame == null || !shown) {
      events.accept(
          new WallEvent(WallEvent.Kind.SNAPSHOT, name, texts.get("notify.snapshotNone", name)));
      return;
    }
    writer.write(
        name,
        frame,
        (file, error) ->
            events.accept(
                new WallEvent(
                    WallEvent.Kind.SNAPSHOT,
                    name,
                    error == null
                        ? texts.get("notify.snapshotSaved", name, file.toString())
                        : texts.get("notify.snapshotFailed", name, error.getMessage()))));
  }

  static Path encode(Path file, byte[] bgra, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[width * height];
    for (int i = 0; i < rgb.length; i++) {
      int b = bgra[i * 4] & 0xff;
      int g = bgra[i * 4 + 1] & 0xff;
      int r = bgra[i * 4 + 2] & 0xff;
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    image.setRGB(0, 0, width, height, rgb, 0, width);
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    if (!ImageIO.write(image, "png", temp.toFile())) {
      throw new IOException("no PNG writer in this Java runtime");
    }
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }
}
