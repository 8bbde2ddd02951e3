package io.peerwall.p2p.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small JSON state files: read whole (bounded), written atomically with owner-only permissions. */
final class JsonFiles {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long MAX_BYTES = 1 << 20;

  private JsonFiles() {}

  static JsonNode read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(file + " is larger than 1 MiB; refusing to read it");
    }
    try {
      return MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
  }

  static void write(Path file, JsonNode content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Identity.restrict(dir, true);
    }
    Identity.writeOwnerOnly(
        file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
  }
}
