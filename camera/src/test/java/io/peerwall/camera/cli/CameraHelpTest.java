package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The camera tree (the launcher's JavaFX-free entry point) answers --help like the full tree. */
class CameraHelpTest {
  @Test
  void everyCameraCommandHasHelp() {
    for (String command : new String[] {"init", "serve", "status", "passwd", "unpair"}) {
      CameraCli.Result r = CameraCli.run("", command, "--help");
      assertThat(r.exitCode()).as(command + ": " + r.err()).isZero();
      assertThat(r.out()).contains("Usage: peerwall camera " + command).contains("--data-dir");
    }
    CameraCli.Result serve = CameraCli.run("", "serve", "--help");
    assertThat(serve.out()).contains("--source-file").contains("--bind");
  }

  @Test
  void theCameraCommandItselfHasHelpAndVersion() {
    CameraCli.Result help = CameraCli.run("", "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).contains("serve").contains("init");
    CameraCli.Result version = CameraCli.run("", "-V");
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).contains("PeerWall ");
  }
}
