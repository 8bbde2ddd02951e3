package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.SavedSource;
import io.peerwall.cli.ExitCode;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.CameraPairingStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code camera source set|show|clear} and {@code camera serve} with the saved source. */
@Timeout(120)
class CameraSourceCommandTest {
  private static final String STRONG = "orchid-lantern-seventy-drifts";
  private static final String RTSP_PASSWORD = "Hunter2-Sesame-91";
  @TempDir Path data;

  private Path dir() {
    return data.resolve("camera/porch");
  }

  private CameraCli.Result cli(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = data.toString();
    all[args.length + 2] = "--name";
    all[args.length + 3] = "Porch";
    return CameraCli.run("", all);
  }

  private Path specFile(String spec) throws Exception {
    Path f = data.resolve("spec.txt");
    Files.writeString(f, spec + "\n");
    return f;
  }

  @BeforeEach
  void init() {
    CameraCli.Result r =
        CameraCli.run(
            STRONG + "\n" + STRONG + "\n",
            "init",
            "--data-dir",
            data.toString(),
            "--name",
            "Porch");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void setShowClearNeverShowOrStoreThePassword() throws Exception {
    String url = "rtsp://admin:" + RTSP_PASSWORD + "@192.0.2.7:554/Streaming/101";
    CameraCli.Result set =
        cli(
            "source",
            "set",
            "--from-file",
            specFile(url).toString(),
            "--sub",
            "testpattern:160x90@5");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out())
        .contains("Saved source: rtsp://***@192.0.2.7:554/Streaming/101")
        .contains("stored encrypted")
        .doesNotContain("process list");
    Files.delete(data.resolve("spec.txt"));

    CameraCli.Result show = cli("source", "show");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("source: rtsp://***@192.0.2.7:554/Streaming/101  (credentials stored encrypted)")
        .contains("sub source: testpattern:160x90@5");
    String status = cli("status").out() + cli("status", "--json").out();
    for (String out : new String[] {set.out(), set.err(), show.out(), show.err(), status}) {
      assertThat(out).doesNotContain(RTSP_PASSWORD);
    }
    try (var files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(RTSP_PASSWORD);
      }
    }

    // On the command line it works too, with a word about the process list.
    CameraCli.Result direct = cli("source", "set", url);
    assertThat(direct.exitCode()).isZero();
    assertThat(direct.out()).contains("process list").doesNotContain(RTSP_PASSWORD);

    assertThat(cli("source", "clear").out()).contains("removed");
    assertThat(cli("source", "show").out()).contains("No source is saved");
    assertThat(cli("source", "clear").out()).contains("nothing to remove");
  }

  @Test
  void aBadSpecIsRefusedBeforeAnythingIsSaved() throws Exception {
    CameraCli.Result r = cli("source", "set", "--from-file", specFile("rtsp://u:p4ss@").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).doesNotContain("p4ss");
    assertThat(dir().resolve(SavedSource.FILE)).doesNotExist();
  }

  @Test
  void serveUsesTheSavedSourceWithItsDecryptedCredentials() throws Exception {
    try (ServerSocket rtsp = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> authorization = new CompletableFuture<>();
      Thread camera = new Thread(() -> fakeCamera(rtsp, authorization), "test-rtsp-camera");
      camera.setDaemon(true);
      camera.start();
      String where = "127.0.0.1:" + rtsp.getLocalPort() + "/cam";
      String url = "rtsp://admin:" + RTSP_PASSWORD + "@" + where;
      assertThat(cli("source", "set", "--from-file", specFile(url).toString()).exitCode()).isZero();
      Files.delete(data.resolve("spec.txt"));

      CameraCli.Result r = cli("serve", "--port", "0", "--duration", "6s");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("is serving rtsp://***@" + where);
      assertThat(r.out() + r.err()).doesNotContain(RTSP_PASSWORD);
      // The saved credentials reached the camera: FFmpeg answered its 401 with them.
      assertThat(authorization.get(30, TimeUnit.SECONDS))
          .isEqualTo(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(("admin:" + RTSP_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aTamperedSavedSourceIsExit9AndLeavesIdentityAndVerifierAlone() throws Exception {
    String url = "rtsp://admin:" + RTSP_PASSWORD + "@192.0.2.7/cam";
    assertThat(cli("source", "set", "--from-file", specFile(url).toString()).exitCode()).isZero();
    Path file = dir().resolve(SavedSource.FILE);
    String json = Files.readString(file);
    String sealed = json.replaceAll("(?s).*\"sealed\" : \"([^\"]+)\".*", "$1");
    byte[] ct = Base64.getDecoder().decode(sealed);
    ct[ct.length - 1] ^= 0x40;
    Files.writeString(file, json.replace(sealed, Base64.getEncoder().encodeToString(ct)));
    byte[] key = Files.readAllBytes(dir().resolve(Identity.KEY_FILE));
    byte[] pairing = Files.readAllBytes(dir().resolve(CameraPairingStore.FILE));

    CameraCli.Result show = cli("source", "show");
    assertThat(show.exitCode()).isEqualTo(ExitCode.SAVED_SOURCE);
    assertThat(show.err()).contains("source.json").contains("cannot be decrypted");
    CameraCli.Result serve = cli("serve", "--port", "0", "--duration", "1s");
    assertThat(serve.exitCode()).isEqualTo(ExitCode.SAVED_SOURCE);
    assertThat(serve.err()).contains("camera source set");

    assertThat(Files.readAllBytes(dir().resolve(Identity.KEY_FILE))).isEqualTo(key);
    assertThat(Files.readAllBytes(dir().resolve(CameraPairingStore.FILE))).isEqualTo(pairing);
    // Setting it again repairs it.
    assertThat(cli("source", "set", "testpattern").exitCode()).isZero();
    assertThat(cli("source", "show").out()).contains("source: testpattern");
  }

  /** Answers every RTSP request 401 (Basic) and reports the first Authorization header. */
  private static void fakeCamera(ServerSocket server, CompletableFuture<String> authorization) {
    while (!server.isClosed() && !authorization.isDone()) {
      try (Socket s = server.accept()) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        String cseq = "1";
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.regionMatches(true, 0, "CSeq:", 0, 5)) {
            cseq = line.substring(5).strip();
          } else if (line.regionMatches(true, 0, "Authorization:", 0, 14)) {
            authorization.complete(line.substring(14).strip());
          } else if (line.isEmpty()) {
            out.write(
                ("RTSP/1.0 401 Unauthorized\r\nCSeq: "
                        + cseq
                        + "\r\nWWW-Authenticate: Basic realm=\"cam\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        }
      } catch (java.io.IOException e) {
        // closed at the end of the test, or the client hung up: accept the next one
      }
    }
  }
}
