package io.peerwall.station.custody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.recorder.custody.Operator;
import io.peerwall.recorder.review.Bookmark;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.station.recordings.Formats;
import io.peerwall.station.recordings.TimeArgument;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall bookmarks add|list|search|edit|delete}: a name and a note on a time range of a
 * camera. Signed exports carry the bookmarks that overlap them (decision 0087).
 */
@Command(
    name = "bookmarks",
    mixinStandardHelpOptions = true,
    description =
        "Bookmarks: a name and a note on a time range of a camera (at most 24 hours), searchable;"
            + " a signed export carries the bookmarks that overlap it.",
    subcommands = {
      BookmarksCommand.Add.class,
      BookmarksCommand.ListBookmarks.class,
      BookmarksCommand.Search.class,
      BookmarksCommand.Edit.class,
      BookmarksCommand.Delete.class
    })
public final class BookmarksCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a subcommand is needed: 'bookmarks add', 'list', 'search', 'edit' or 'delete'");
  }

  static String describe(Bookmark b, Map<String, String> names, ZoneId zone) {
    return "#"
        + b.id()
        + "  "
        + names.getOrDefault(b.cameraId(), b.cameraId())
        + "  "
        + Formats.time(b.startMicros(), zone)
        + " to "
        + Formats.time(b.endMicros(), zone)
        + "  "
        + b.name()
        + (b.note().isBlank() ? "" : ": " + b.note().strip().replace('\n', ' '))
        + "  (by "
        + b.createdBy()
        + (b.updatedAtMicros() != b.createdAtMicros() ? ", edited by " + b.updatedBy() : "")
        + ")";
  }

  static void print(
      PrintStream out, List<Bookmark> found, Map<String, String> names, ZoneId zone, boolean json) {
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Bookmark b : found) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("cameraId", b.cameraId());
        m.put("cameraName", names.getOrDefault(b.cameraId(), b.cameraId()));
        m.put("startMicros", b.startMicros());
        m.put("endMicros", b.endMicros());
        m.put("name", b.name());
        m.put("note", b.note());
        m.put("createdBy", b.createdBy());
        m.put("createdAtMicros", b.createdAtMicros());
        m.put("updatedBy", b.updatedBy());
        m.put("updatedAtMicros", b.updatedAtMicros());
        list.add(m);
      }
      try {
        out.println(new ObjectMapper().writeValueAsString(Map.of("bookmarks", list)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("bookmarks always convert to JSON", e);
      }
      return;
    }
    if (found.isEmpty()) {
      out.println("No bookmarks.");
    }
    for (Bookmark b : found) {
      out.println(describe(b, names, zone));
    }
  }

  /** Runs an action on the index; bad input becomes a usage error naming it. */
  static <T> T withIndex(AppDirs dirs, Clock clock, java.util.function.Function<ReviewIndex, T> f) {
    try (ReviewIndex index = ReviewIndex.open(dirs.data(), clock)) {
      return f.apply(index);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    }
  }

  /** {@code bookmarks add}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a bookmark.")
  public static final class Add implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--camera",
        paramLabel = "C",
        required = true,
        description = "Camera ID or name.")
    String camera;

    @Option(
        names = "--from",
        paramLabel = "T",
        required = true,
        converter = TimeArgument.class,
        description = "Start: 2025-11-24 13:05, 13:05, -2h, now, or 2025-11-24T12:05:00Z.")
    long from;

    @Option(
        names = "--to",
        paramLabel = "T",
        converter = TimeArgument.class,
        description = "End (default: the start: a moment).")
    Long to;

    @Option(names = "--name", required = true, description = "A short name.")
    String name;

    @Option(names = "--note", defaultValue = "", description = "A note (optional).")
    String note;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      String id = CameraArguments.ids(dirs.data(), List.of(camera)).get(0);
      Bookmark b =
          withIndex(
              dirs,
              clock,
              index ->
                  index.createBookmark(
                      id, from, to == null ? from : to, name, note, Operator.current()));
      out.println("added " + describe(b, CameraArguments.names(dirs.data()), zone));
      return ExitCode.OK;
    }
  }

  /** {@code bookmarks list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "The bookmarks that overlap --from .. --to (default: the last 7 days), by camera and"
              + " time.")
  public static final class ListBookmarks implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--camera", paramLabel = "C", description = "Camera ID or name; repeatable.")
    List<String> cameras = new ArrayList<>();

    @Option(
        names = "--from",
        paramLabel = "T",
        converter = TimeArgument.class,
        description = "Start.")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = TimeArgument.class, description = "End.")
    Long to;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      long end = to != null ? to : clock.millis() * 1000 + 1;
      long start = from != null ? from : end - 7L * 86_400_000_000L;
      if (end <= start) {
        throw new UserFacingException(ExitCode.USAGE, "--to must be after --from");
      }
      List<String> ids = cameras.isEmpty() ? null : CameraArguments.ids(dirs.data(), cameras);
      List<Bookmark> found =
          withIndex(
              dirs,
              clock,
              index -> index.bookmarks(ids == null ? index.cameraIds() : ids, start, end));
      print(out, found, CameraArguments.names(dirs.data()), zone, json);
      return ExitCode.OK;
    }
  }

  /** {@code bookmarks search TEXT}. */
  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description =
          "Bookmarks whose name or note holds every word of TEXT (case and full/half width"
              + " ignored), newest first.")
  public static final class Search implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "TEXT", description = "Words to find.")
    String text;

    @Option(names = "--camera", paramLabel = "C", description = "Camera ID or name; repeatable.")
    List<String> cameras = new ArrayList<>();

    @Option(names = "--limit", defaultValue = "100", description = "At most this many (100).")
    int limit;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      List<String> ids = cameras.isEmpty() ? List.of() : CameraArguments.ids(dirs.data(), cameras);
      List<Bookmark> found =
          withIndex(dirs, clock, index -> index.searchBookmarks(text, ids, limit));
      print(out, found, CameraArguments.names(dirs.data()), zone, json);
      return ExitCode.OK;
    }
  }

  /** {@code bookmarks edit ID}. */
  @Command(
      name = "edit",
      mixinStandardHelpOptions = true,
      description = "Change a bookmark's range, name or note (what is not given stays).")
  public static final class Edit implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "The bookmark's number.")
    long id;

    @Option(
        names = "--from",
        paramLabel = "T",
        converter = TimeArgument.class,
        description = "Start.")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = TimeArgument.class, description = "End.")
    Long to;

    @Option(names = "--name", description = "New name.")
    String name;

    @Option(names = "--note", description = "New note.")
    String note;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      Bookmark b =
          withIndex(
              dirs,
              clock,
              index -> {
                Bookmark old =
                    index
                        .bookmark(id)
                        .orElseThrow(
                            () -> new IllegalArgumentException("there is no bookmark " + id));
                return index.editBookmark(
                    id,
                    from != null ? from : old.startMicros(),
                    to != null ? to : old.endMicros(),
                    name != null ? name : old.name(),
                    note != null ? note : old.note(),
                    Operator.current());
              });
      out.println("saved " + describe(b, CameraArguments.names(dirs.data()), zone));
      return ExitCode.OK;
    }
  }

  /** {@code bookmarks delete ID}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a bookmark.")
  public static final class Delete implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "The bookmark's number.")
    long id;

    PrintStream out = System.out;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      boolean deleted = withIndex(dirs, clock, index -> index.deleteBookmark(id));
      if (!deleted) {
        throw new UserFacingException(ExitCode.USAGE, "there is no bookmark " + id);
      }
      out.println("deleted bookmark #" + id);
      return ExitCode.OK;
    }
  }
}
