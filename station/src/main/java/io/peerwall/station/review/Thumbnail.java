package io.peerwall.station.review;

/**
 * A small picture of a camera at a time (the keyframe at or before it): BGRA, premultiplied
 * (opaque), rows of width * 4 bytes.
 *
 * @param frameMicros the time of the keyframe shown
 */
public record Thumbnail(String cameraId, long frameMicros, int width, int height, byte[] bgra) {}
