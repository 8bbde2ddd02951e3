package io.peerwall.desktop.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * The user interface's words, from the resource bundle {@code io.peerwall.desktop.ui.messages} in
 * English and Japanese. Every string a person sees goes through here; nothing in the views is
 * hard-coded. Plain Java (no JavaFX), so view-models and their tests use it too.
 */
public final class Texts {
  static final String BUNDLE = "io.peerwall.desktop.ui.messages";

  /** The languages the interface speaks, in menu order. */
  public static final Locale[] LANGUAGES = {Locale.ENGLISH, Locale.JAPANESE};

  private final Locale locale;
  private final ResourceBundle bundle;

  private Texts(Locale locale) {
    this.locale = locale;
    this.bundle =
        ResourceBundle.getBundle(
            BUNDLE,
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /** The texts for {@code locale}; a language without its own bundle gets English. */
  public static Texts of(Locale locale) {
    return new Texts(Objects.requireNonNull(locale, "locale"));
  }

  /**
   * The language to use: {@code preferred} if it names one PeerWall speaks (e.g. "ja"), else the
   * system's if it is one of them, else English.
   */
  public static Locale choose(String preferred, Locale system) {
    for (Locale candidate : LANGUAGES) {
      if (candidate.getLanguage().equals(preferred)) {
        return candidate;
      }
    }
    for (Locale candidate : LANGUAGES) {
      if (candidate.getLanguage().equals(system.getLanguage())) {
        return candidate;
      }
    }
    return Locale.ENGLISH;
  }

  public Locale locale() {
    return locale;
  }

  /** The text for {@code key}, with {@code args} filled in MessageFormat-style ({0}, {1}...). */
  public String get(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return "!" + key + "!"; // visible in the UI and in tests, never a crash
    }
    if (args.length == 0) {
      return pattern;
    }
    return new MessageFormat(pattern, locale).format(args);
  }

  /** Whether the bundle has {@code key} (tests check that both languages have every key). */
  public boolean has(String key) {
    return bundle.containsKey(key);
  }
}
