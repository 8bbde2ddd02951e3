package io.peerwall.desktop.audit;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.audit.Verdict;
import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/**
 * The Audit screen: the score and how it is computed, filters, the table (sortable by every
 * column), and the commands: change the selected camera's password, fix all, read again, report.
 * Thin: everything is in {@link AuditViewModel}; the dialogs are {@link ChangePasswordDialog}.
 */
public final class AuditView extends BorderPane {
  private final AuditViewModel model;
  private final TableView<AuditLine> table = new TableView<>();

  /**
   * @param onChange opens the change dialog for a camera (the window knows the stage)
   * @param onFixAll walks Critical and High rows through the dialog
   * @param onReport asks where to write the report
   */
  public AuditView(
      AuditViewModel model,
      Function<AuditLine, Object> onChange,
      Runnable onFixAll,
      Runnable onReport) {
    this.model = model;
    Texts t = model.texts();
    getStyleClass().add("audit");
    setPadding(new Insets(12));

    Label intro = new Label(t.get("audit.intro"));
    intro.setWrapText(true);
    Label score = new Label();
    score.setId("audit-score");
    score.getStyleClass().add("audit-score");
    score.setWrapText(true);
    score.textProperty().bind(model.scoreProperty());

    ComboBox<Verdict> verdicts = new ComboBox<>();
    verdicts.getItems().add(null);
    for (Verdict v : Verdict.values()) {
      verdicts.getItems().add(v);
    }
    verdicts.setButtonCell(verdictCell(t));
    verdicts.setCellFactory(c -> verdictCell(t));
    verdicts.valueProperty().bindBidirectional(model.verdictFilterProperty());
    TextField search = new TextField();
    search.setId("audit-search");
    search.setPromptText(t.get("audit.filter.search"));
    search.textProperty().bindBidirectional(model.searchProperty());
    CheckBox fixOnly = new CheckBox(t.get("audit.filter.needsFix"));
    fixOnly.selectedProperty().bindBidirectional(model.needsFixOnlyProperty());

    Button change = new Button(t.get("audit.change"));
    change.setId("audit-change");
    change.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    change.setOnAction(e -> onChange.apply(table.getSelectionModel().getSelectedItem()));
    Button fixAll = new Button(t.get("audit.fixAll"));
    fixAll.setId("audit-fix-all");
    fixAll.getStyleClass().add("accent");
    fixAll.setOnAction(e -> onFixAll.run());
    Button refresh = new Button(t.get("audit.refresh"));
    refresh.setId("audit-refresh");
    refresh.disableProperty().bind(model.loadingProperty());
    refresh.setOnAction(e -> model.refresh());
    Button report = new Button(t.get("audit.report"));
    report.setId("audit-report");
    report.setOnAction(e -> onReport.run());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    HBox bar = new HBox(8, verdicts, search, fixOnly, spring, change, fixAll, refresh, report);
    bar.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(search, Priority.SOMETIMES);

    table.setId("audit-table");
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    table.setPlaceholder(new Label(t.get("audit.empty")));
    TableColumn<AuditLine, String> verdict =
        text(t.get("audit.col.verdict"), AuditLine::verdictText);
    verdict.setComparator(Comparator.comparing(Verdict::valueOf));
    verdict.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().verdict().name()));
    verdict.setCellFactory(c -> verdictColumnCell(t));
    TableColumn<AuditLine, String> camera = text(t.get("audit.col.camera"), AuditLine::name);
    camera.setPrefWidth(110);
    verdict.setPrefWidth(90);
    TableColumn<AuditLine, String> reason = text(t.get("audit.col.reason"), AuditLine::reason);
    reason.setPrefWidth(420);
    reason.setCellFactory(c -> wrapping(reason));
    TableColumn<AuditLine, String> list = text(t.get("audit.col.blocklist"), AuditLine::blocklist);
    list.setPrefWidth(170);
    TableColumn<AuditLine, AuditLine> failed = new TableColumn<>(t.get("audit.col.failed"));
    failed
        .getColumns()
        .add(
            sorted(
                t.get("audit.col.failed24h"), AuditLine::failed24h, AuditLine::failed24hValue, 82));
    failed
        .getColumns()
        .add(
            sorted(
                t.get("audit.col.failed30d"), AuditLine::failed30d, AuditLine::failed30dValue, 82));
    TableColumn<AuditLine, String> reuse = text(t.get("audit.col.reuse"), AuditLine::reuse);
    reuse.setPrefWidth(72);
    TableColumn<AuditLine, String> id = text(t.get("audit.col.id"), AuditLine::cameraId);
    id.setPrefWidth(330);
    table.getColumns().add(camera);
    table.getColumns().add(verdict);
    table.getColumns().add(reason);
    table
        .getColumns()
        .add(sorted(t.get("audit.col.strength"), AuditLine::strength, l -> l.strengthSort(), 110));
    table.getColumns().add(list);
    table.getColumns().add(failed);
    table
        .getColumns()
        .add(
            sorted(
                t.get("audit.col.lockouts"), AuditLine::lockouts, AuditLine::lockoutsValue, 150));
    table
        .getColumns()
        .add(
            sorted(
                t.get("audit.col.defaults"),
                l -> Long.toString(l.defaultsTried()),
                AuditLine::defaultsTried,
                135));
    table.getColumns().add(reuse);
    table.getColumns().add(sorted(t.get("audit.col.age"), AuditLine::age, AuditLine::ageDays, 60));
    table
        .getColumns()
        .add(
            sorted(
                t.get("audit.col.lastSeen"), AuditLine::lastSeen, AuditLine::lastSeenMillis, 130));
    table.getColumns().add(id);
    SortedList<AuditLine> sorted = new SortedList<>(model.rows());
    sorted.comparatorProperty().bind(table.comparatorProperty());
    table.setItems(sorted);
    table.setRowFactory(
        v -> {
          TableRow<AuditLine> row = new TableRow<>();
          MenuItem item = new MenuItem(t.get("audit.change"));
          item.setOnAction(e -> onChange.apply(row.getItem()));
          row.contextMenuProperty()
              .bind(
                  javafx.beans.binding.Bindings.when(row.emptyProperty())
                      .then((ContextMenu) null)
                      .otherwise(new ContextMenu(item)));
          row.setOnMouseClicked(
              e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                  onChange.apply(row.getItem());
                }
              });
          return row;
        });
    VBox.setVgrow(table, Priority.ALWAYS);

    Label message = new Label();
    message.setId("audit-message");
    message.setWrapText(true);
    message.textProperty().bind(model.messageProperty());
    Label notice = new Label();
    notice.textProperty().bind(model.noticeProperty());
    notice.managedProperty().bind(model.noticeProperty().isNotEmpty());
    VBox top = new VBox(8, intro, score, notice, bar);
    top.setPadding(new Insets(0, 0, 8, 0));
    setTop(top);
    setCenter(table);
    setBottom(message);
    BorderPane.setMargin(message, new Insets(8, 0, 0, 0));
  }

  public AuditViewModel model() {
    return model;
  }

  TableView<AuditLine> table() {
    return table;
  }

  private static TableColumn<AuditLine, String> text(String title, Function<AuditLine, String> f) {
    TableColumn<AuditLine, String> c = new TableColumn<>(title);
    c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(f.apply(v.getValue())));
    return c;
  }

  /** A column that shows text and sorts by a number. */
  private static TableColumn<AuditLine, AuditLine> sorted(
      String title, Function<AuditLine, String> f, ToLongFunction<AuditLine> key, double width) {
    TableColumn<AuditLine, AuditLine> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue()));
    c.setComparator(Comparator.comparingLong(key));
    c.setCellFactory(
        col ->
            new TableCell<>() {
              @Override
              protected void updateItem(AuditLine item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : f.apply(item));
              }
            });
    return c;
  }

  /** Shows the whole text on as many lines as it needs (the row grows). */
  private static TableCell<AuditLine, String> wrapping(TableColumn<AuditLine, String> column) {
    Text text = new Text();
    text.getStyleClass().add("audit-reason");
    text.wrappingWidthProperty().bind(column.widthProperty().subtract(12));
    TableCell<AuditLine, String> cell =
        new TableCell<>() {
          @Override
          protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            text.setText(empty || item == null ? "" : item);
            setGraphic(empty ? null : text);
          }
        };
    cell.setPrefHeight(Control.USE_COMPUTED_SIZE);
    return cell;
  }

  private static TableCell<AuditLine, String> verdictColumnCell(Texts t) {
    return new TableCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().removeIf(s -> s.startsWith("verdict-"));
        if (empty || item == null) {
          setText(null);
          return;
        }
        AuditLine line = getTableRow() == null ? null : getTableRow().getItem();
        setText(line == null ? item : line.verdictText());
        getStyleClass().add("verdict-" + item.toLowerCase(java.util.Locale.ROOT));
      }
    };
  }

  private ListCell<Verdict> verdictCell(Texts t) {
    return new ListCell<>() {
      @Override
      protected void updateItem(Verdict item, boolean empty) {
        super.updateItem(item, empty);
        setText(
            empty ? null : item == null ? t.get("audit.filter.all") : model.words().verdict(item));
      }
    };
  }
}
