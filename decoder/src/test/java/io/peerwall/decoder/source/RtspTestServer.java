package io.peerwall.decoder.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server for tests: GStreamer's gst-rtsp-server (Debian packages python3-gi,
 * gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good) run by
 * src/test/resources/rtsp/serve.py, serving an MP4 file on 127.0.0.1 only.
 */
final class RtspTestServer implements AutoCloseable {

  static final String PYTHON = "/usr/bin/python3";

  /** What to install when the server cannot run here. */
  static final String PACKAGES =
      "python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good";

  private final int port;
  private final Path media;
  private final String user;
  private final String password;
  private Process process;

  RtspTestServer(int port, Path media, String user, String password) {
    this.port = port;
    this.media = media;
    this.user = user;
    this.password = password;
  }

  /** Whether GStreamer's RTSP server and its Python bindings are installed. */
  static boolean available() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      Process probe =
          new ProcessBuilder(
                  PYTHON,
                  "-c",
                  "import gi; gi.require_version('GstRtspServer', '1.0');"
                      + " gi.require_version('Gst', '1.0');"
                      + " from gi.repository import Gst, GstRtspServer; Gst.init(None);"
                      + " assert Gst.ElementFactory.find('qtdemux');"
                      + " assert Gst.ElementFactory.find('rtph264pay')")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String credentials) {
    return "rtsp://"
        + (credentials == null ? "" : credentials + "@")
        + "127.0.0.1:"
        + port
        + "/cam";
  }

  /** Starts the server and waits until it listens. */
  RtspTestServer start() throws IOException, InterruptedException {
    Path script;
    try {
      script = Path.of(RtspTestServer.class.getResource("/rtsp/serve.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> command =
        new ArrayList<>(
            List.of(PYTHON, script.toString(), Integer.toString(port), "cam", media.toString()));
    if (user != null) {
      command.add(user);
      command.add(password);
    }
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null) {
                  if (line.equals("READY")) {
                    return "READY";
                  }
                  seen.append(line).append('\n');
                }
                return seen.toString();
              } catch (IOException e) {
                return e.toString();
              }
            });
    String result;
    try {
      result = ready.get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      close();
      throw new IllegalStateException("the RTSP test server did not start", e);
    }
    if (!result.equals("READY")) {
      close();
      throw new IllegalStateException("the RTSP test server did not start:\n" + result);
    }
    // Keep draining its output so that it never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                out.transferTo(java.io.Writer.nullWriter());
              } catch (IOException e) {
                // The server was stopped; nothing more to read.
              }
            },
            "rtsp-test-server-output");
    drain.setDaemon(true);
    drain.start();
    return this;
  }

  /** Kills the server abruptly, as a camera that loses power. */
  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }
}
