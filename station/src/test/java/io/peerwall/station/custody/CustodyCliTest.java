package io.peerwall.station.custody;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.ExitCode;
import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.station.recordings.ExportCommandAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The evidence commands in process, on a real recording: {@code bookmarks}, {@code export} (signed,
 * carrying the bookmarks, logged), {@code verify} (each verdict and its exit code), {@code exports
 * list} and {@code lock}. The same commands as child processes of the real entry point, on a second
 * data directory, are in app's EvidenceEndToEndTest.
 */
@Timeout(180)
class CustodyCliTest {
  static final long T0 = 1_763_900_000_000_000L; // 2025-11-23T12:13:20Z
  static final long S = 1_000_000;

  @TempDir static Path dataDir;
  @TempDir static Path otherDir;
  @TempDir Path work;

  /** 30 s of "Front door" and of "Garage". */
  @BeforeAll
  static void record() throws Exception {
    EncodedClip clip =
        SyntheticClipEncoder.encode(
            SyntheticClipSpec.defaults("CLI").withSize(320, 180).withBitrate(300_000));
    try (Recorder recorder =
        Recorder.open(
            dataDir,
            RecorderConfig.defaults()
                .withSegmentLength(Duration.ofSeconds(10))
                .withMotionFromMainStream(false))) {
      RecorderInput front = recorder.camera("cam-front", "Front door");
      RecorderInput garage = recorder.camera("cam-garage", "Garage");
      for (int n = 0; n < 30 * 15; n++) {
        AccessUnit u = clip.units().get(n % clip.frameCount());
        long pts = n * S / clip.fps();
        front.accept(new AccessUnit(u.codec(), u.data(), pts, T0 + pts, u.keyframe()));
        garage.accept(new AccessUnit(u.codec(), u.data(), pts, T0 + pts, u.keyframe()));
      }
    }
  }

  record Run(int exit, String out, String err) {}

  static Run run(Object command, Consumer<PrintStream> setOut, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    setOut.accept(out);
    ErrorPolicy policy = new ErrorPolicy();
    CommandLine cl =
        new CommandLine(command)
            .setExecutionExceptionHandler(policy)
            .setParameterExceptionHandler(policy);
    cl.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));
    int exit = cl.execute(args);
    return new Run(
        exit, bytes.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
  }

  static Run verify(String... args) {
    VerifyExportCommand c = new VerifyExportCommand();
    c.zone = ZoneOffset.UTC;
    return run(c, o -> c.out = o, args);
  }

  static Run export(String... args) {
    return ExportCommandAccess.run(CustodyCliTest::run, args);
  }

  @Test
  void aSignedExportCarriesItsBookmarksIsLoggedAndVerifies() throws Exception {
    String data = dataDir.toString();
    BookmarksCommand.Add add = new BookmarksCommand.Add();
    add.zone = ZoneOffset.UTC;
    Run added =
        run(
            add,
            o -> add.out = o,
            "--data-dir",
            data,
            "--camera",
            "front door",
            "--from",
            "2025-11-23T12:13:25Z",
            "--to",
            "2025-11-23T12:13:27Z",
            "--name",
            "Van stops",
            "--note",
            "white van");
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out()).contains("Van stops: white van", "Front door");

    Path mp4 = work.resolve("clip.mp4");
    Run exported =
        export(
            "--data-dir",
            data,
            "--camera",
            "cam-front",
            "--from",
            "2025-11-23T12:13:22Z",
            "--to",
            "2025-11-23T12:13:40Z",
            "-o",
            mp4.toString());
    assertThat(exported.exit()).as(exported.out() + exported.err()).isZero();
    assertThat(exported.out()).contains("signed by", "carries 1 bookmark(s)", "logged as export #");
    String sha = HexFormat.of().formatHex(io.peerwall.recorder.custody.ExportLog.sha256(mp4));
    assertThat(exported.out()).contains("SHA-256 " + sha);

    SigningKeyCommand key = new SigningKeyCommand();
    Run shown = run(key, o -> key.out = o, "--data-dir", data);
    assertThat(shown.exit()).isZero();
    String fingerprint =
        shown.out().lines().filter(l -> l.startsWith("fingerprint")).findFirst().orElseThrow();
    fingerprint = fingerprint.substring("fingerprint".length()).strip();
    assertThat(exported.out()).contains(fingerprint);

    // Verified from a directory that never saw the station.
    Run ok = verify("--data-dir", otherDir.toString(), mp4.toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isEqualTo(ExitCode.OK);
    assertThat(ok.out())
        .startsWith("AUTHENTIC: clip.mp4 is exactly what station")
        .contains(
            "camera             Front door (ID cam-front), from 2025-11-23 12:13:22.000 +00:00")
        .contains(fingerprint)
        .contains("Van stops: white van");
    Run expected =
        verify("--data-dir", otherDir.toString(), "--expect", fingerprint, mp4.toString());
    assertThat(expected.exit()).isEqualTo(ExitCode.OK);
    assertThat(expected.out()).contains("(the expected one)");
    Run json = verify("--data-dir", otherDir.toString(), "--json", mp4.toString());
    assertThat(json.out()).startsWith("{\"verdict\":\"AUTHENTIC\"").contains("\"Van stops\"");

    ExportsCommand.ListExports list = new ExportsCommand.ListExports();
    list.zone = ZoneOffset.UTC;
    Run logged = run(list, o -> list.out = o, "--data-dir", data);
    assertThat(logged.exit()).isZero();
    assertThat(logged.out())
        .contains("Front door", "signed", "SHA-256 " + sha, mp4.toString())
        .contains("export log: hash chain intact over");
  }

  @Test
  void everyBadFileGetsAPlainVerdictAndItsExitCode() throws Exception {
    Path mp4 = work.resolve("evidence.mp4");
    Run exported =
        export(
            "--data-dir",
            dataDir.toString(),
            "--camera",
            "garage",
            "--from",
            "2025-11-23T12:13:21Z",
            "--to",
            "2025-11-23T12:13:30Z",
            "-o",
            mp4.toString());
    assertThat(exported.exit()).as(exported.out() + exported.err()).isZero();
    String other = otherDir.toString();

    Path changed = work.resolve("changed.mp4");
    byte[] bytes = Files.readAllBytes(mp4);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(changed, bytes);
    Run notAuthentic = verify("--data-dir", other, changed.toString());
    assertThat(notAuthentic.exit()).isEqualTo(ExitCode.NOT_AUTHENTIC);
    assertThat(notAuthentic.out())
        .startsWith("NOT AUTHENTIC: changed.mp4 is not what was signed: the video data changed")
        .contains("The file claims (not to be trusted):", "Garage");

    Path truncated = work.resolve("truncated.mp4");
    Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(mp4), bytes.length - 1000));
    Run cut = verify("--data-dir", other, truncated.toString());
    assertThat(cut.exit()).isEqualTo(ExitCode.NOT_AUTHENTIC);
    assertThat(cut.out()).contains("cut short");

    Path text = work.resolve("notes.mp4");
    Files.writeString(text, "not a video at all\n");
    Run notMp4 = verify("--data-dir", other, text.toString());
    assertThat(notMp4.exit()).isEqualTo(ExitCode.NOT_AUTHENTIC);
    assertThat(notMp4.out()).contains("not an MP4 file");

    Path plain = work.resolve("plain.mp4");
    Run unsigned =
        export(
            "--data-dir",
            dataDir.toString(),
            "--camera",
            "garage",
            "--from",
            "2025-11-23T12:13:21Z",
            "--to",
            "2025-11-23T12:13:30Z",
            "--unsigned",
            "-o",
            plain.toString());
    assertThat(unsigned.out()).contains("NOT signed (--unsigned)");
    Run notSigned = verify("--data-dir", other, plain.toString());
    assertThat(notSigned.exit()).isEqualTo(ExitCode.NOT_SIGNED);
    assertThat(notSigned.out()).startsWith("NOT SIGNED: plain.mp4 carries no export signature.");

    Run wrongKey = verify("--data-dir", other, "--expect", "00".repeat(32), mp4.toString());
    assertThat(wrongKey.exit()).isEqualTo(ExitCode.NOT_AUTHENTIC);
    assertThat(wrongKey.out()).contains("signed by another station");

    Run missing = verify("--data-dir", other, work.resolve("gone.mp4").toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.UNREADABLE_FILE);
    assertThat(missing.err()).contains("there is no file").doesNotContain("Exception");

    Run badExpect = verify("--data-dir", other, "--expect", "C007", mp4.toString());
    assertThat(badExpect.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void locksAreAddedListedAndReleasedWithReasons() {
    String data = dataDir.toString();
    LockCommand.Add add = new LockCommand.Add();
    add.zone = ZoneOffset.UTC;
    Run locked =
        run(
            add,
            o -> add.out = o,
            "--data-dir",
            data,
            "--camera",
            "Front door",
            "--camera",
            "cam-garage",
            "--from",
            "2025-11-23T12:13:20Z",
            "--to",
            "2025-11-23T12:13:40Z",
            "--forever",
            "--reason",
            "break-in, case 4411");
    assertThat(locked.exit()).as(locked.err()).isZero();
    assertThat(locked.out())
        .contains("(active): Front door, Garage", "until released", "break-in, case 4411")
        .containsPattern("keeps [1-9]\\d* segment\\(s\\)");
    long id = Long.parseLong(locked.out().replaceAll("(?s)^lock #(\\d+).*", "$1"));

    LockCommand.ListLocks list = new LockCommand.ListLocks();
    list.zone = ZoneOffset.UTC;
    Run listed = run(list, o -> list.out = o, "--data-dir", data);
    assertThat(listed.out()).contains("lock #" + id + " (active)", "under active evidence locks");

    Run noReason = run(new LockCommand.Release(), o -> {}, "--data-dir", data, String.valueOf(id));
    assertThat(noReason.exit()).isEqualTo(ExitCode.USAGE);
    LockCommand.Release release = new LockCommand.Release();
    release.zone = ZoneOffset.UTC;
    Run released =
        run(
            release,
            o -> release.out = o,
            "--data-dir",
            data,
            String.valueOf(id),
            "--reason",
            "handed to the police");
    assertThat(released.exit()).isZero();
    assertThat(released.out()).contains("lock #" + id + " (released)");
    Run again =
        run(
            new LockCommand.Release(),
            o -> {},
            "--data-dir",
            data,
            String.valueOf(id),
            "--reason",
            "x");
    assertThat(again.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(again.err()).contains("released already");

    LockCommand.ListLocks all = new LockCommand.ListLocks();
    all.zone = ZoneOffset.UTC;
    Run history = run(all, o -> all.out = o, "--data-dir", data, "--all");
    assertThat(history.out()).contains("handed to the police");

    Run both =
        run(
            new LockCommand.Add(),
            o -> {},
            "--data-dir",
            data,
            "--camera",
            "garage",
            "--from",
            "-1h",
            "--to",
            "now",
            "--forever",
            "--until",
            "2099-01-01",
            "--reason",
            "x");
    assertThat(both.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void bookmarksAreSearchedEditedAndDeleted() {
    String data = dataDir.toString();
    BookmarksCommand.Add add = new BookmarksCommand.Add();
    add.zone = ZoneOffset.UTC;
    Run added =
        run(
            add,
            o -> add.out = o,
            "--data-dir",
            data,
            "--camera",
            "garage",
            "--from",
            "2025-11-23T12:13:30Z",
            "--name",
            "配達 Delivery",
            "--note",
            "ＡＢＣ parcel");
    assertThat(added.exit()).as(added.err()).isZero();
    long id = Long.parseLong(added.out().replaceAll("(?s)^added #(\\d+).*", "$1"));

    BookmarksCommand.Search search = new BookmarksCommand.Search();
    search.zone = ZoneOffset.UTC;
    Run found = run(search, o -> search.out = o, "--data-dir", data, "abc delivery");
    assertThat(found.out()).contains("#" + id, "Garage", "配達 Delivery");

    BookmarksCommand.Edit edit = new BookmarksCommand.Edit();
    edit.zone = ZoneOffset.UTC;
    Run edited =
        run(
            edit,
            o -> edit.out = o,
            "--data-dir",
            data,
            String.valueOf(id),
            "--note",
            "two parcels");
    assertThat(edited.exit()).isZero();
    assertThat(edited.out()).contains("two parcels", "配達 Delivery");

    BookmarksCommand.ListBookmarks list = new BookmarksCommand.ListBookmarks();
    list.zone = ZoneOffset.UTC;
    Run listed =
        run(
            list,
            o -> list.out = o,
            "--data-dir",
            data,
            "--camera",
            "garage",
            "--from",
            "2025-11-23T12:00:00Z",
            "--to",
            "2025-11-23T13:00:00Z",
            "--json");
    assertThat(listed.out()).contains("\"note\":\"two parcels\"");

    BookmarksCommand.Delete delete = new BookmarksCommand.Delete();
    Run deleted = run(delete, o -> delete.out = o, "--data-dir", data, String.valueOf(id));
    assertThat(deleted.exit()).isZero();
    Run gone = run(new BookmarksCommand.Delete(), o -> {}, "--data-dir", data, String.valueOf(id));
    assertThat(gone.exit()).isEqualTo(ExitCode.USAGE);

    Run tooLong =
        run(
            new BookmarksCommand.Add(),
            o -> {},
            "--data-dir",
            data,
            "--camera",
            "garage",
            "--from",
            "2025-11-20T00:00:00Z",
            "--to",
            "2025-11-23T00:00:00Z",
            "--name",
            "x");
    assertThat(tooLong.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(tooLong.err()).contains("at most 24 hours");
  }
}
