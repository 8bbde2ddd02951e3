package io.peerwall.desktop.evidence;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The export log dialog's view: a table of exports and the chain check; logic in the model. */
public final class ExportLogView extends VBox {
  private static final PseudoClass BROKEN = PseudoClass.getPseudoClass("broken");

  public ExportLogView(ExportLogViewModel model, Texts texts, Runnable onClose) {
    getStyleClass().add("export-log");
    setSpacing(10);
    setPadding(new Insets(16));
    TableView<ExportLogViewModel.Row> table = new TableView<>(model.rows());
    table.setPlaceholder(new Label(texts.get("exports.none")));
    table.getColumns().add(column(texts.get("exports.id"), r -> "#" + r.id(), 44));
    table.getColumns().add(column(texts.get("exports.when"), ExportLogViewModel.Row::when, 170));
    table.getColumns().add(column(texts.get("exports.by"), ExportLogViewModel.Row::by, 70));
    table
        .getColumns()
        .add(column(texts.get("exports.cameras"), ExportLogViewModel.Row::cameras, 100));
    table.getColumns().add(column(texts.get("exports.range"), ExportLogViewModel.Row::range, 290));
    table
        .getColumns()
        .add(
            column(
                texts.get("exports.signed"),
                r -> texts.get(r.signed() ? "exports.yes" : "exports.unsigned"),
                70));
    TableColumn<ExportLogViewModel.Row, String> hash =
        column(texts.get("exports.sha256"), ExportLogViewModel.Row::sha256, 450);
    hash.getStyleClass().add("hash-column"); // monospaced: people compare it with sha256sum
    table.getColumns().add(hash);
    TableColumn<ExportLogViewModel.Row, String> file =
        column(texts.get("exports.file"), ExportLogViewModel.Row::file, 200);
    file.setCellFactory(
        c ->
            fullTextAsTooltip(
                OverrunStyle.LEADING_ELLIPSIS)); // the file's name is the end of its path
    file.setMinWidth(120);
    table.getColumns().add(file);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    VBox.setVgrow(table, Priority.ALWAYS);

    Label chain = new Label();
    chain.getStyleClass().add("export-log-chain");
    chain.setWrapText(true);
    chain.setMinHeight(Region.USE_PREF_SIZE);
    chain.textProperty().bind(model.chainProperty());
    model
        .chainIntactProperty()
        .addListener((obs, was, intact) -> chain.pseudoClassStateChanged(BROKEN, !intact));

    Button refresh = new Button(texts.get("exports.refresh"));
    refresh.disableProperty().bind(model.busyProperty());
    refresh.setOnAction(e -> model.refresh());
    Button close = new Button(texts.get("addCamera.close"));
    close.setCancelButton(true);
    close.setOnAction(e -> onClose.run());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    getChildren().addAll(table, chain, new HBox(8, spring, refresh, close));
    setPrefSize(1440, 520);
  }

  static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
    TableColumn<R, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    c.setPrefWidth(width);
    // Under the constrained policy only the last column (file, reason) gives way; the others
    // keep what their text needs.
    c.setMinWidth(width);
    return c;
  }

  /** A cell that cuts long text as {@code overrun} says, and shows all of it as a tooltip. */
  static <R> TableCell<R, String> fullTextAsTooltip(OverrunStyle overrun) {
    TableCell<R, String> cell =
        new TableCell<>() {
          @Override
          protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
            setTooltip(empty || item == null ? null : new Tooltip(item));
          }
        };
    cell.setTextOverrun(overrun);
    return cell;
  }

  /** Opens the dialog over the wall and reads the log; does not block. FX thread. */
  public static Stage open(Window owner, ExportLogViewModel model, Texts texts) {
    Stage stage = new Stage();
    Scene scene = new Scene(new ExportLogView(model, texts, stage::close));
    Theme.apply(scene);
    stage.setScene(scene);
    stage.setTitle(texts.get("exports.title"));
    stage.initOwner(owner);
    stage.show();
    model.refresh();
    return stage;
  }
}
