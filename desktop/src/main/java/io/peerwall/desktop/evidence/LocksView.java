package io.peerwall.desktop.evidence;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.station.evidence.Custody;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The evidence locks dialog's view: the locks, what they keep, lock and release (each asking for a
 * reason). The review screen's timeline draws the same locks; this is the list.
 */
public final class LocksView extends VBox {
  private final LocksViewModel model;
  private final Texts texts;

  public LocksView(LocksViewModel model, Texts texts, Runnable onClose) {
    this.model = model;
    this.texts = texts;
    getStyleClass().add("locks-dialog");
    setSpacing(10);
    setPadding(new Insets(16));
    Label intro = new Label(texts.get("locks.intro"));
    intro.setWrapText(true);
    intro.setMinHeight(Region.USE_PREF_SIZE);
    TableView<LocksViewModel.Row> table = new TableView<>(model.rows());
    table.setPlaceholder(new Label(texts.get("locks.none")));
    table.getColumns().add(ExportLogView.column(texts.get("locks.id"), r -> "#" + r.id(), 50));
    table
        .getColumns()
        .add(ExportLogView.column(texts.get("locks.state"), LocksViewModel.Row::stateText, 80));
    table
        .getColumns()
        .add(ExportLogView.column(texts.get("locks.cameras"), LocksViewModel.Row::cameras, 120));
    table
        .getColumns()
        .add(ExportLogView.column(texts.get("locks.range"), LocksViewModel.Row::range, 260));
    table
        .getColumns()
        .add(ExportLogView.column(texts.get("locks.until"), LocksViewModel.Row::until, 160));
    table.getColumns().add(ExportLogView.column(texts.get("locks.by"), LocksViewModel.Row::by, 80));
    table
        .getColumns()
        .add(ExportLogView.column(texts.get("locks.kept"), LocksViewModel.Row::kept, 80));
    TableColumn<LocksViewModel.Row, String> reason =
        ExportLogView.column(texts.get("locks.reason"), LocksViewModel.Row::reason, 320);
    reason.setCellFactory(c -> ExportLogView.fullTextAsTooltip(OverrunStyle.ELLIPSIS));
    reason.setMinWidth(200);
    table.getColumns().add(reason);
    // The reason is what people read: it takes the room the other columns leave.
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    VBox.setVgrow(table, Priority.ALWAYS);

    CheckBox ended = new CheckBox(texts.get("locks.showEnded"));
    ended.selectedProperty().bindBidirectional(model.showEndedProperty());
    Label total = new Label();
    total.textProperty().bind(model.totalProperty());
    Label message = new Label();
    message.getStyleClass().add("locks-message");
    message.setWrapText(true);
    message.setMinHeight(Region.USE_PREF_SIZE);
    message.textProperty().bind(model.messageProperty());

    Button lock = new Button(texts.get("locks.add"));
    lock.getStyleClass().add("accent");
    lock.disableProperty().bind(model.busyProperty());
    lock.setOnAction(e -> askLock());
    Button release = new Button(texts.get("locks.release"));
    release
        .disableProperty()
        .bind(
            model
                .busyProperty()
                .or(
                    javafx.beans.binding.Bindings.createBooleanBinding(
                        () -> {
                          LocksViewModel.Row r = table.getSelectionModel().getSelectedItem();
                          return r == null || r.state() != EvidenceLock.State.ACTIVE;
                        },
                        table.getSelectionModel().selectedItemProperty())));
    release.setOnAction(e -> askRelease(table.getSelectionModel().getSelectedItem()));
    Button close = new Button(texts.get("addCamera.close"));
    close.setCancelButton(true);
    close.setOnAction(e -> onClose.run());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    getChildren()
        .addAll(
            intro,
            table,
            centred(new HBox(16, ended, total)),
            message,
            new HBox(8, spring, lock, release, close));
    setPrefSize(1300, 520);
  }

  private static HBox centred(HBox row) {
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  private void askRelease(LocksViewModel.Row row) {
    if (row == null) {
      return;
    }
    TextInputDialog dialog = new TextInputDialog();
    dialog.setTitle(texts.get("locks.release"));
    dialog.setHeaderText(null);
    dialog.setContentText(texts.get("locks.releaseReason", String.valueOf(row.id())));
    owned(dialog);
    dialog.showAndWait().ifPresent(reason -> model.release(row.id(), reason));
  }

  private void askLock() {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.setTitle(texts.get("locks.addTitle"));
    owned(dialog);
    ListView<Custody.Camera> cameras = new ListView<>(model.cameras());
    cameras.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    cameras.setPrefHeight(140);
    cameras.setCellFactory(
        v ->
            new ListCell<>() {
              @Override
              protected void updateItem(Custody.Camera c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.name());
              }
            });
    TextField from = new TextField();
    from.setPromptText(texts.get("locks.timeHint"));
    TextField to = new TextField("now");
    TextField until = new TextField();
    until.setPromptText(texts.get("locks.untilHint"));
    TextField reason = new TextField();
    GridPane form = new GridPane();
    form.setHgap(10);
    form.setVgap(8);
    form.addRow(0, new Label(texts.get("locks.cameras")), cameras);
    form.addRow(1, new Label(texts.get("locks.from")), from);
    form.addRow(2, new Label(texts.get("locks.to")), to);
    form.addRow(3, new Label(texts.get("locks.until")), until);
    form.addRow(4, new Label(texts.get("locks.reason")), reason);
    dialog.getDialogPane().setContent(form);
    dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    dialog
        .showAndWait()
        .filter(b -> b == ButtonType.OK)
        .ifPresent(
            b -> {
              List<String> ids =
                  cameras.getSelectionModel().getSelectedItems().stream()
                      .map(Custody.Camera::cameraId)
                      .toList();
              model.lock(ids, from.getText(), to.getText(), until.getText(), reason.getText());
            });
  }

  private void owned(Dialog<?> dialog) {
    if (getScene() != null && getScene().getWindow() != null) {
      dialog.initOwner(getScene().getWindow());
      Theme.apply(dialog.getDialogPane().getScene());
    }
  }

  /** Opens the dialog over the wall and reads the locks; does not block. FX thread. */
  public static Stage open(Window owner, LocksViewModel model, Texts texts) {
    Stage stage = new Stage();
    Scene scene = new Scene(new LocksView(model, texts, stage::close));
    Theme.apply(scene);
    stage.setScene(scene);
    stage.setTitle(texts.get("locks.title"));
    stage.initOwner(owner);
    stage.show();
    model.refresh();
    return stage;
  }
}
