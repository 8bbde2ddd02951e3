package io.peerwall.decoder.mux;

import java.nio.file.Path;

/**
 * What an export wrote.
 *
 * @param file the MP4 file
 * @param frames pictures in it
 * @param durationMicros its playing time
 * @param bytes its size
 * @param startEpochMicros wall-clock time of its first picture (the keyframe at or before the
 *     requested start)
 * @param segmentsUsed segment files that contributed pictures
 * @param bytesWritten bytes the muxer wrote, a rewritten byte counted each time: twice the media
 *     for faststart (the whole file is rewritten), a few box size fields more than {@code bytes}
 *     for a fragmented export
 */
public record ExportResult(
    Path file,
    long frames,
    long durationMicros,
    long bytes,
    long startEpochMicros,
    int segmentsUsed,
    long bytesWritten) {}
