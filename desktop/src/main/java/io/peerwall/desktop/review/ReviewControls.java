package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.PlaybackSpeed;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.shape.SVGPath;
import javafx.util.converter.LocalDateStringConverter;

/**
 * The review's toolbar: the date-and-time picker, jumps to the previous and next motion event and
 * gap, frame steps, play and pause, the speed, live, and the position in local time with the zone.
 * Icons are drawn shapes (no font glyphs, which differ between systems).
 */
final class ReviewControls extends ToolBar {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm[:ss]");

  private final ReviewViewModel review;
  private final Texts texts;
  private final DatePicker date = new DatePicker();
  private final TextField time = new TextField();

  ReviewControls(ReviewViewModel review) {
    this.review = review;
    this.texts = review.texts();
    getStyleClass().add("review-toolbar");

    date.getStyleClass().add("review-date");
    // ISO, as the position is written (and one form in every language: 2026-12-05).
    date.setConverter(
        new LocalDateStringConverter(
            DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.ISO_LOCAL_DATE));
    date.setPrefWidth(150);
    time.getStyleClass().add("review-time");
    time.setPrefColumnCount(6);
    time.setPromptText(texts.get("review.goto.timePrompt"));
    Button go = new Button(texts.get("review.goto.go"));
    go.getStyleClass().add("review-go");
    go.setOnAction(e -> goTo());
    time.setOnAction(e -> goTo());
    showPosition();

    Button previousEvent =
        icon("M2 1h2v12H2z M12 1v12L5 7z", "review.previousEvent", review::previousEvent);
    Button previousGap =
        icon("M1 6h12v2H1z M1 3h2v8H1z", "review.previousGap", review::previousGap);
    Button stepBack = icon("M3 1h2v12H3z M13 1v12L6 7z", "review.stepBack", review::stepBack);
    Button play = icon("M3 1v12l10-6z", "review.play", review::togglePlay);
    play.getStyleClass().add("review-play");
    review
        .speedProperty()
        .addListener(
            (o, was, s) ->
                ((SVGPath) play.getGraphic())
                    .setContent(
                        s.doubleValue() != 0 || review.liveProperty().get()
                            ? "M3 1h3v12H3z M9 1h3v12H9z"
                            : "M3 1v12l10-6z"));
    Button stepForward =
        icon("M1 1v12l7-6z M9 1h2v12H9z", "review.stepForward", review::stepForward);
    Button nextGap = icon("M1 6h12v2H1z M11 3h2v8h-2z", "review.nextGap", review::nextGap);
    Button nextEvent = icon("M2 1v12l7-6z M10 1h2v12h-2z", "review.nextEvent", review::nextEvent);

    MenuButton speed = new MenuButton();
    speed.getStyleClass().add("review-speed");
    speed.textProperty().bind(review.speedTextProperty());
    for (double s : PlaybackSpeed.ALL) {
      String value =
          s == Math.rint(s) ? Long.toString((long) Math.abs(s)) : Double.toString(Math.abs(s));
      MenuItem item =
          new MenuItem(texts.get(s < 0 ? "review.speed.back" : "review.speed.forward", value));
      item.setOnAction(e -> review.play(s));
      speed.getItems().add(item);
    }
    speed.setMinWidth(110);

    Button live = new Button(texts.get("review.live"));
    live.getStyleClass().add("review-live");
    live.setTooltip(new Tooltip(texts.get("review.live.tip")));
    live.setOnAction(e -> review.goLive());
    review
        .liveProperty()
        .addListener(
            (o, was, now) ->
                live.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("on"), now));

    Label position = new Label();
    position.getStyleClass().add("review-position");
    position.textProperty().bind(review.positionTextProperty());
    Label zone = new Label();
    zone.getStyleClass().add("review-zone");
    zone.textProperty().bind(review.zoneTextProperty());
    Pane spring = new Pane();
    HBox.setHgrow(spring, Priority.ALWAYS);
    HBox when = new HBox(6, position, zone);
    when.setAlignment(Pos.CENTER_LEFT);
    getItems()
        .addAll(
            date,
            time,
            go,
            new Separator(),
            previousEvent,
            previousGap,
            stepBack,
            play,
            stepForward,
            nextGap,
            nextEvent,
            speed,
            live,
            spring,
            when);
  }

  private Button icon(String path, String key, Runnable action) {
    SVGPath shape = new SVGPath();
    shape.setContent(path);
    shape.getStyleClass().add("review-icon");
    Button b = new Button(null, shape);
    b.getStyleClass().addAll("review-button", key.replace('.', '-'));
    b.setTooltip(new Tooltip(texts.get(key)));
    b.setFocusTraversable(false);
    b.setOnAction(e -> action.run());
    return b;
  }

  /** Puts the playhead's local date and time in the picker. */
  void showPosition() {
    if (date.isFocused() || time.isFocused() || date.isShowing()) {
      return; // someone is choosing a time
    }
    LocalDateTime local =
        TimeScale.at(review.positionProperty().get(), review.zone()).toLocalDateTime();
    if (!local.toLocalDate().equals(date.getValue())) {
      date.setValue(local.toLocalDate());
    }
    String text = local.toLocalTime().withNano(0).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    if (!text.equals(time.getText())) {
      time.setText(text);
    }
  }

  private void goTo() {
    LocalDate day = date.getValue();
    if (day == null) {
      review.say(texts.get("review.goto.noDate"));
      return;
    }
    try {
      LocalTime at = LocalTime.parse(time.getText().strip().toUpperCase(Locale.ROOT), TIME);
      review.goTo(day.atTime(at));
    } catch (DateTimeParseException e) {
      review.say(texts.get("review.goto.badTime", time.getText().strip()));
    }
  }
}
