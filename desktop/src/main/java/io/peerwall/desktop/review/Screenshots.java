package io.peerwall.desktop.review;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** PNG pictures of a scene, for the docs (made under Xvfb by {@code bench review}). */
final class Screenshots {
  private Screenshots() {}

  /** Snapshots the scene on the FX thread and writes it here (off the FX thread). */
  static void save(Scene scene, Path png) throws Exception {
    CompletableFuture<WritableImage> shot = new CompletableFuture<>();
    Platform.runLater(() -> shot.complete(scene.snapshot(null)));
    WritableImage image = shot.get(20, TimeUnit.SECONDS);
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    PixelReader pixels = image.getPixelReader();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, pixels.getArgb(x, y));
      }
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(out, "png", png.toFile());
  }
}
