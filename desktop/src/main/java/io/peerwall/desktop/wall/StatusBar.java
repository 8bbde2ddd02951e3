package io.peerwall.desktop.wall;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line: cameras live, CPU, bandwidth, disk use, the view on screen and the tour. */
final class StatusBar extends HBox {
  StatusBar(WallViewModel model) {
    getStyleClass().add("status-bar");
    setAlignment(Pos.CENTER_LEFT);
    setSpacing(18);
    Label live = new Label();
    live.getStyleClass().add("status-live");
    live.textProperty().bind(model.status().liveSummaryProperty());
    Label cpu = new Label();
    cpu.getStyleClass().add("status-cpu");
    cpu.textProperty().bind(model.status().cpuProperty());
    Label bandwidth = new Label();
    bandwidth.getStyleClass().add("status-bandwidth");
    bandwidth.textProperty().bind(model.status().bandwidthProperty());
    Label disk = new Label();
    disk.getStyleClass().add("status-disk");
    disk.textProperty().bind(model.status().diskProperty());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    Label view = new Label();
    view.getStyleClass().add("status-view");
    WallViews views = model.views();
    view.textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () -> {
                  String name = views.currentProperty().get();
                  String tour =
                      views.touringProperty().get()
                          ? model.texts().get("status.touring", views.tourSeconds())
                          : "";
                  String shown = name.isEmpty() ? "" : model.texts().get("status.view", name);
                  return (shown + "  " + tour).strip();
                },
                views.currentProperty(),
                views.touringProperty()));
    getChildren().addAll(live, cpu, bandwidth, disk, spring, view);
  }
}
