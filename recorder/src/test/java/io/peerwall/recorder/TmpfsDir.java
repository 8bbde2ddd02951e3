package io.peerwall.recorder;

import io.peerwall.testsupport.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted by the test (needs root): a real file system that really fills up. The test
 * is skipped, with the reason, where mounting is not permitted.
 */
public final class TmpfsDir implements AutoCloseable {
  public final Path dir;

  private TmpfsDir(Path dir) {
    this.dir = dir;
  }

  public static TmpfsDir mount(Path parent, int megabytes)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(parent.resolve("tmpfs"));
    Process mount =
        new ProcessBuilder(
                "mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(mount.getInputStream().readAllBytes());
    boolean done = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Environment.require(
        done, "cannot mount a tmpfs here (needs root and mount permission): " + out.trim());
    return new TmpfsDir(dir);
  }

  public long usable() throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Process umount = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
    umount.getInputStream().readAllBytes();
    umount.waitFor(20, TimeUnit.SECONDS);
    if (umount.exitValue() != 0) {
      new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
