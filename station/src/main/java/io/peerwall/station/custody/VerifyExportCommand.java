package io.peerwall.station.custody;

import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.recorder.evidence.ExportVerifier;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.recorder.evidence.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code peerwall verify FILE.mp4}: whether an exported clip is exactly what a station signed.
 * Needs only the file: no station data, no network (docs/evidence.md section 3). Exit codes: 0
 * AUTHENTIC, {@value ExitCode#NOT_AUTHENTIC} NOT AUTHENTIC, {@value ExitCode#NOT_SIGNED} NOT
 * SIGNED, {@value ExitCode#UNREADABLE_FILE} the file cannot be read (decision 0086).
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check an exported clip's signature (ONVIF export file format): AUTHENTIC (which station"
          + " signed it, its certificate fingerprint, the cameras, times and operator), NOT SIGNED,"
          + " or NOT AUTHENTIC with what failed. Needs only the file: it works on any machine.",
      "Compare the fingerprint with the one the exporting station shows ('peerwall signing-key'"
          + " there), or give it with --expect.",
      "Exit codes: 0 AUTHENTIC, 20 NOT AUTHENTIC, 21 NOT SIGNED, 22 the file cannot be read."
    })
public final class VerifyExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FILE", description = "The exported MP4.")
  Path file;

  @Option(
      names = "--expect",
      paramLabel = "FINGERPRINT",
      description =
          "The station's certificate fingerprint (64 hex digits; spaces and colons are ignored):"
              + " a file signed by any other key is NOT AUTHENTIC.")
  String expect;

  @Option(names = "--json", description = "Print the verdict as one JSON object.")
  boolean json;

  PrintStream out = System.out;
  ZoneId zone = ZoneId.systemDefault();

  @Override
  public Integer call() {
    common.prepare();
    String expected = expect == null ? null : checkFingerprint(expect);
    if (Files.isDirectory(file)) {
      throw new UserFacingException(
          ExitCode.UNREADABLE_FILE, file + " is a folder: give the exported MP4 file");
    }
    Verdict verdict;
    try {
      verdict = ExportVerifier.verify(file, expected);
    } catch (NoSuchFileException e) {
      throw new UserFacingException(ExitCode.UNREADABLE_FILE, "there is no file " + file, e);
    } catch (AccessDeniedException e) {
      throw new UserFacingException(
          ExitCode.UNREADABLE_FILE, "cannot read " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.UNREADABLE_FILE, "cannot read " + file + ": " + e.getMessage(), e);
    }
    VerdictText text = new VerdictText(zone);
    out.print(
        json ? text.json(file, verdict, expected) + "\n" : text.plain(file, verdict, expected));
    return exitCode(verdict);
  }

  /** The exit code of a verdict (README's table). */
  public static int exitCode(Verdict verdict) {
    if (verdict instanceof Verdict.Authentic) {
      return ExitCode.OK;
    }
    return verdict instanceof Verdict.NotSigned ? ExitCode.NOT_SIGNED : ExitCode.NOT_AUTHENTIC;
  }

  /** A fingerprint as people copy it: 64 hex digits, with or without spaces or colons. */
  static String checkFingerprint(String given) {
    String hex = given.replaceAll("[\\s:]", "");
    if (!hex.matches("(?i)[0-9a-f]{64}")) {
      throw new UserFacingException(
          ExitCode.USAGE,
          "--expect needs the certificate's SHA-256 fingerprint: 64 hex digits, as 'peerwall"
              + " signing-key' prints it (spaces and colons may stay)");
    }
    return StationSigningKey.formatFingerprint(java.util.HexFormat.of().parseHex(hex));
  }
}
