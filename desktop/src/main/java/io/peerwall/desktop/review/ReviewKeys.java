package io.peerwall.desktop.review;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The review's keyboard shortcuts in one place (the help lists the same):
 *
 * <ul>
 *   <li>Space: play / pause; J, L: slower (backwards) / faster; K: pause
 *   <li>← →: one frame back / forward; Shift+← →: move the timeline a tenth
 *   <li>+ −: zoom in / out; End: live
 *   <li>Page Up / Page Down: previous / next motion event; Ctrl+Page Up / Page Down: previous /
 *       next gap
 *   <li>I, O: mark in / out; E: export the marked range
 * </ul>
 */
final class ReviewKeys {
  private ReviewKeys() {}

  /** Applies a key press; returns whether it was a shortcut. */
  static boolean handle(KeyEvent e, ReviewViewModel review, Runnable export) {
    KeyCode code = e.getCode();
    boolean shortcut = e.isShortcutDown();
    switch (code) {
      case SPACE, K -> {
        if (code == KeyCode.K) {
          review.pause();
        } else {
          review.togglePlay();
        }
      }
      case J -> review.slower();
      case L -> review.faster();
      case LEFT -> {
        if (e.isShiftDown()) {
          review.pan(-review.windowProperty().get().span() / 10);
        } else {
          review.stepBack();
        }
      }
      case RIGHT -> {
        if (e.isShiftDown()) {
          review.pan(review.windowProperty().get().span() / 10);
        } else {
          review.stepForward();
        }
      }
      case PLUS, EQUALS, ADD -> review.zoomIn();
      case MINUS, SUBTRACT -> review.zoomOut();
      case END -> review.goLive();
      case PAGE_UP -> {
        if (shortcut) {
          review.previousGap();
        } else {
          review.previousEvent();
        }
      }
      case PAGE_DOWN -> {
        if (shortcut) {
          review.nextGap();
        } else {
          review.nextEvent();
        }
      }
      case I -> review.exports().markIn();
      case O -> review.exports().markOut();
      case E -> export.run();
      default -> {
        return false;
      }
    }
    return true;
  }
}
