package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.ReviewSession;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/**
 * Chooses what to export of the marked range: which cameras (the selected tile's ticked) and the
 * folder. Returns the choice; the export itself runs in the background ({@link ReviewExports}).
 */
final class ExportDialog extends Dialog<ExportDialog.Choice> {
  /** The cameras ticked and the folder. */
  record Choice(List<String> cameraIds, Path directory) {}

  ExportDialog(Window owner, ReviewViewModel review, Path folder) {
    Texts texts = review.texts();
    initOwner(owner);
    setTitle(texts.get("review.export.title"));
    setHeaderText(null);
    getDialogPane().getStyleClass().add("review-export-dialog");
    ReviewExports exports = review.exports();
    Label range =
        new Label(
            texts.get(
                "review.export.range",
                TimeScale.dateTime(exports.markInProperty().get(), review.zone(), texts.locale()),
                TimeScale.dateTime(
                    exports.markOutProperty().get(), review.zone(), texts.locale())));
    range.setWrapText(true);
    VBox cameras = new VBox(4);
    List<CheckBox> boxes = new ArrayList<>();
    int selected = review.selectedProperty().get();
    for (int i = 0; i < review.cameras().size(); i++) {
      ReviewSession.Camera c = review.cameras().get(i);
      CheckBox box = new CheckBox(c.name());
      box.setUserData(c.id());
      box.setSelected(i == selected);
      box.getStyleClass().add("review-export-camera");
      boxes.add(box);
      cameras.getChildren().add(box);
    }
    TextField directory = new TextField(folder.toString());
    directory.getStyleClass().add("review-export-folder");
    HBox.setHgrow(directory, Priority.ALWAYS);
    Button browse = new Button(texts.get("review.export.browse"));
    browse.setOnAction(
        e -> {
          DirectoryChooser chooser = new DirectoryChooser();
          File start = new File(directory.getText());
          if (start.isDirectory()) {
            chooser.setInitialDirectory(start);
          }
          File chosen = chooser.showDialog(getDialogPane().getScene().getWindow());
          if (chosen != null) {
            directory.setText(chosen.getPath());
          }
        });
    VBox content =
        new VBox(
            10,
            range,
            new Label(texts.get("review.export.cameras")),
            cameras,
            new Label(texts.get("review.export.folder")),
            new HBox(6, directory, browse),
            new Label(texts.get("review.export.note")));
    content.setPadding(new Insets(4));
    content.setPrefWidth(460);
    getDialogPane().setContent(content);
    ButtonType export =
        new ButtonType(texts.get("review.export.start"), ButtonBar.ButtonData.OK_DONE);
    getDialogPane().getButtonTypes().addAll(export, ButtonType.CANCEL);
    getDialogPane().lookupButton(export).getStyleClass().add("review-export-start");
    setResultConverter(
        button ->
            button == export
                ? new Choice(
                    boxes.stream()
                        .filter(CheckBox::isSelected)
                        .map(b -> (String) b.getUserData())
                        .toList(),
                    Path.of(directory.getText().strip()))
                : null);
  }
}
