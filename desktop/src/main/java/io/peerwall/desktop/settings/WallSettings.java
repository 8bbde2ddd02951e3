package io.peerwall.desktop.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the wall remembers between runs, stored as {@code wall.json} in the config directory.
 * Unknown fields are ignored and missing ones take their defaults, so an older or newer file still
 * loads. Holds no secret.
 *
 * @param layout the layout id ("2x2", "1+5")
 * @param tiles camera ID per tile of the layout; null for an empty tile
 * @param views the named saved views
 * @param lastView the view shown last, or null
 * @param tourSeconds how long the tour shows each view
 * @param window where the window was, or null
 * @param language "en" or "ja", or null for the system's language
 * @param names names the user gave cameras, by camera ID
 * @param groups groups the user put cameras in, by camera ID
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WallSettings(
    String layout,
    List<String> tiles,
    List<View> views,
    String lastView,
    Integer tourSeconds,
    Window window,
    String language,
    Map<String, String> names,
    Map<String, String> groups) {

  public static final int DEFAULT_TOUR_SECONDS = 10;

  public WallSettings {
    tiles = tiles == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tiles));
    views = views == null ? List.of() : List.copyOf(views);
    names = names == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(names));
    groups = groups == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    if (tourSeconds == null || tourSeconds < 2 || tourSeconds > 3600) {
      tourSeconds = DEFAULT_TOUR_SECONDS;
    }
  }

  /** Nothing remembered yet. */
  public static WallSettings empty() {
    return new WallSettings(null, null, null, null, null, null, null, null, null);
  }

  /** A named view: layout and camera ID per tile (null entries for empty tiles). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record View(String name, String layout, List<String> tiles) {
    public View {
      tiles = tiles == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tiles));
    }
  }

  /** Window position and size, in screen coordinates. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Window(double x, double y, double width, double height, boolean maximized) {}

  public WallSettings withWindow(Window w) {
    return new WallSettings(
        layout, tiles, views, lastView, tourSeconds, w, language, names, groups);
  }

  public WallSettings withLanguage(String lang) {
    return new WallSettings(
        layout, tiles, views, lastView, tourSeconds, window, lang, names, groups);
  }
}
