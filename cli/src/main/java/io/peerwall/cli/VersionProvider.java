package io.peerwall.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "development build" when run from classes). */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "PeerWall " + (version != null ? version : "0.1.0-SNAPSHOT (development build)"),
      "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"
    };
  }
}
