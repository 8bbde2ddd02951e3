package io.peerwall.station.review;

/**
 * A player's counters since it started.
 *
 * @param published pictures handed to the screen
 * @param replacedBeforeShown pictures replaced by a newer one before the screen took them
 * @param commandsReplaced commands dropped because a newer one came first (scrub moves)
 * @param keyframesDue keyframes the clock passed while playing keyframes only
 * @param keyframesShown of those, the ones decoded and published
 * @param decodeErrors damaged frames the decoder refused
 */
public record PlayerStats(
    long published,
    long replacedBeforeShown,
    long commandsReplaced,
    long keyframesDue,
    long keyframesShown,
    long decodeErrors) {}
