package io.peerwall.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TextsTest {
  private static Properties load(String name) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Texts.class.getResourceAsStream(name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void englishAndJapaneseHaveTheSameKeys() throws Exception {
    Properties en = load("messages.properties");
    Properties ja = load("messages_ja.properties");
    assertThat(ja.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
    assertThat(en.stringPropertyNames()).hasSizeGreaterThan(90);
  }

  @Test
  void formatsArgumentsAndFallsBackToEnglish() {
    assertThat(Texts.of(Locale.ENGLISH).get("state.reconnecting", 3)).isEqualTo("reconnecting 3");
    assertThat(Texts.of(Locale.JAPANESE).get("state.reconnecting", 3)).isEqualTo("再接続中 3");
    assertThat(Texts.of(Locale.GERMAN).get("state.live")).isEqualTo("live");
    assertThat(Texts.of(Locale.ENGLISH).get("no.such.key")).isEqualTo("!no.such.key!");
  }

  @Test
  void choosesTheLanguage() {
    assertThat(Texts.choose("ja", Locale.ENGLISH)).isEqualTo(Locale.JAPANESE);
    assertThat(Texts.choose(null, Locale.JAPAN)).isEqualTo(Locale.JAPANESE);
    assertThat(Texts.choose("fr", Locale.FRANCE)).isEqualTo(Locale.ENGLISH);
  }
}
