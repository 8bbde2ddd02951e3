package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.ReviewSession;
import io.peerwall.station.review.Thumbnail;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The motion events beside the tiles: camera, start, duration, strength and a thumbnail; a filter
 * by camera and "not reviewed only"; a click plays the event; the box marks it reviewed. Thin:
 * binds to {@link ReviewEvents}.
 */
final class EventListView extends VBox {
  private static final PixelFormat<ByteBuffer> BGRA = PixelFormat.getByteBgraPreInstance();
  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final ReviewEvents events;
  private final Texts texts;
  private final ZoneId zone;
  private final LongSupplier now;
  private final ListView<EventRow> list = new ListView<>();

  EventListView(ReviewViewModel review) {
    this.events = review.events();
    this.texts = review.texts();
    this.zone = review.zone();
    this.now = review::now;
    getStyleClass().add("review-events");
    Label heading = new Label(texts.get("review.events.heading"));
    heading.getStyleClass().add("review-events-heading");

    ComboBox<String> camera = new ComboBox<>();
    camera.getStyleClass().add("review-events-camera");
    camera.getItems().add(null);
    review.cameras().forEach(c -> camera.getItems().add(c.id()));
    camera.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(String id) {
            if (id == null) {
              return texts.get("review.events.allCameras");
            }
            return review.cameras().stream()
                .filter(c -> c.id().equals(id))
                .map(ReviewSession.Camera::name)
                .findFirst()
                .orElse(id);
          }

          @Override
          public String fromString(String s) {
            return null;
          }
        });
    camera.getSelectionModel().select(0);
    camera.valueProperty().addListener((o, was, id) -> events.setCamera(id));
    camera.setMaxWidth(Double.MAX_VALUE);
    CheckBox unreviewed = new CheckBox(texts.get("review.events.notReviewedOnly"));
    unreviewed.getStyleClass().add("review-events-unreviewed");
    unreviewed.selectedProperty().addListener((o, was, only) -> events.setOnlyNotReviewed(only));
    Label summary = new Label();
    summary.getStyleClass().add("review-events-summary");
    summary.textProperty().bind(events.summaryProperty());

    list.getStyleClass().add("review-events-list");
    list.setItems(events.rows());
    list.setCellFactory(v -> new Cell());
    list.setPlaceholder(new Label(texts.get("review.events.none")));
    VBox.setVgrow(list, Priority.ALWAYS);
    setSpacing(6);
    setPadding(new Insets(8));
    setPrefWidth(300);
    setMinWidth(220);
    getChildren().addAll(heading, camera, unreviewed, summary, list);
  }

  ListView<EventRow> list() {
    return list;
  }

  private static Image image(Thumbnail t) {
    WritableImage image = new WritableImage(t.width(), t.height());
    image.getPixelWriter().setPixels(0, 0, t.width(), t.height(), BGRA, t.bgra(), 0, t.width() * 4);
    return image;
  }

  private final class Cell extends ListCell<EventRow> {
    private final ImageView thumb = new ImageView();
    private final Label camera = new Label();
    private final Label when = new Label();
    private final CheckBox reviewed = new CheckBox();
    private final HBox box;
    private EventRow row;
    private final ChangeListener<Thumbnail> thumbnailArrived =
        (o, was, t) -> thumb.setImage(t == null ? null : image(t));
    private final ChangeListener<Boolean> reviewedChanged = (o, was, r) -> reviewed.setSelected(r);

    Cell() {
      getStyleClass().add("review-event");
      thumb.setFitWidth(96);
      thumb.setFitHeight(54);
      thumb.setPreserveRatio(true);
      Region frame = new Region();
      frame.getStyleClass().add("review-event-thumb");
      frame.setMinSize(96, 54);
      frame.setMaxSize(96, 54);
      javafx.scene.layout.StackPane picture = new javafx.scene.layout.StackPane(frame, thumb);
      camera.getStyleClass().add("review-event-camera");
      when.getStyleClass().add("review-event-when");
      reviewed.setTooltip(new javafx.scene.control.Tooltip(texts.get("review.events.reviewed")));
      reviewed.setOnAction(
          e -> {
            if (row != null) {
              events.setReviewed(row, reviewed.isSelected());
            }
          });
      VBox words = new VBox(2, camera, when);
      HBox.setHgrow(words, Priority.ALWAYS);
      box = new HBox(8, picture, words, reviewed);
      box.setAlignment(Pos.CENTER_LEFT);
      setOnMouseClicked(
          e -> {
            if (row != null && e.getButton() == MouseButton.PRIMARY && e.getTarget() != reviewed) {
              events.play(row);
            }
          });
    }

    @Override
    protected void updateItem(EventRow item, boolean empty) {
      super.updateItem(item, empty);
      if (row != null) {
        row.thumbnailProperty().removeListener(thumbnailArrived);
        row.reviewedProperty().removeListener(reviewedChanged);
      }
      row = empty ? null : item;
      if (row == null) {
        setGraphic(null);
        setText(null);
        return;
      }
      camera.setText(row.cameraName());
      long duration = row.durationMicros(now.getAsLong()) / 1_000_000;
      String length =
          row.event().endMicros().isPresent()
              ? String.format(Locale.ROOT, "%d:%02d", duration / 60, duration % 60)
              : texts.get("review.events.ongoing");
      when.setText(
          texts.get(
              "review.events.when",
              START.format(TimeScale.at(row.event().startMicros(), zone)),
              length,
              Math.round(row.event().score() * 100)));
      reviewed.setSelected(row.reviewedProperty().get());
      Thumbnail t = row.thumbnailProperty().get();
      thumb.setImage(t == null ? null : image(t));
      row.thumbnailProperty().addListener(thumbnailArrived);
      row.reviewedProperty().addListener(reviewedChanged);
      row.requestThumbnail(events.thumbnails(), events.fx());
      setText(null);
      setGraphic(box);
    }
  }
}
