package io.peerwall.station.custody;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.station.StationSetup;
import io.peerwall.station.evidence.EvidenceKey;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code peerwall signing-key}: the station's export signing key, by its fingerprint, which is what
 * a person compares with the one {@code peerwall verify} prints for a file (decision 0085).
 */
@Command(
    name = "signing-key",
    mixinStandardHelpOptions = true,
    description = {
      "Show this station's export signing key: the certificate fingerprint that 'peerwall verify'"
          + " prints for every file this station exported (give it to whoever checks your"
          + " exports: 'peerwall verify --expect FINGERPRINT FILE'), the station it names, and"
          + " where it is kept.",
      "Makes the key the first time (RSA-3072, sealed under the station's identity)."
    })
public final class SigningKeyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  PrintStream out = System.out;

  @Override
  public Integer call() {
    AppDirs dirs = common.prepare();
    StationCredentials station = StationSetup.open(dirs);
    StationSigningKey key = EvidenceKey.load(dirs, station);
    out.println("station      " + key.stationName() + " (ID " + key.stationId() + ")");
    out.println("fingerprint  " + key.fingerprint());
    out.println(
        "certificate  "
            + EvidenceKey.dir(dirs).resolve(StationSigningKey.CERT_FILE)
            + " (public; the private key beside it is sealed under the station's identity)");
    return ExitCode.OK;
  }
}
