package io.peerwall.station.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One camera's figures as written to the stats file. {@code fps} is the decoded rate of live video
 * and {@code latencyMs.decoded*} the capture-to-decoded latency of live frames: both leave out each
 * stream's join burst (the camera's cached GOP, sent at once when a session starts or switches
 * streams; see {@code FeedStats}). {@code kbps} is the average since the feed first went live.
 * {@code framesDroppedBeforeDisplay} counts decoded frames replaced by a newer one before the wall
 * showed them; it is absent when headless (nothing displays). {@code stream} is the stream on
 * screen ("main" or "sub"), {@code streamsCarried} what the camera sends on the session (a
 * recording feed with a small tile: main and sub). {@code path} is how media travels (LAN, direct,
 * relay), {@code pathType} the candidate types, {@code via} how signaling reached the camera (LAN,
 * address, rendezvous); {@code problem} and {@code fix} say why a camera that is not live is not,
 * and what to do (empty when live).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "id",
  "name",
  "state",
  "everLive",
  "path",
  "pathType",
  "via",
  "millisToFirstLive",
  "millisToFirstFrame",
  "reconnects",
  "problem",
  "fix",
  "framesSent",
  "framesReceived",
  "framesDecoded",
  "framesDisplayed",
  "fps",
  "kbps",
  "framesDroppedBeforeDisplay",
  "decodeErrors",
  "keyframeRequests",
  "stream",
  "streamsCarried",
  "latencyMs"
})
public record FeedReport(
    String id,
    String name,
    String state,
    boolean everLive,
    String path,
    String pathType,
    String via,
    long millisToFirstLive,
    long millisToFirstFrame,
    int reconnects,
    String problem,
    String fix,
    Long framesSent,
    long framesReceived,
    long framesDecoded,
    long framesDisplayed,
    Long framesDroppedBeforeDisplay,
    long decodeErrors,
    long keyframeRequests,
    double fps,
    double kbps,
    String stream,
    List<String> streamsCarried,
    Latency latencyMs) {

  /**
   * End-to-end latency in milliseconds from capture at the camera: to decoded at the station, and
   * to shown on the wall (only with a window). {@code null} fields were not measured.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Latency(
      Double decodedP50, Double decodedP95, Double displayedP50, Double displayedP95) {}
}
