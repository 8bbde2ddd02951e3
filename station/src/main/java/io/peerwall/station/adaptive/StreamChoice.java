package io.peerwall.station.adaptive;

/** Which of a camera's streams a tile shows: the full-size main stream or the small sub stream. */
public enum StreamChoice {
  MAIN,
  SUB
}
