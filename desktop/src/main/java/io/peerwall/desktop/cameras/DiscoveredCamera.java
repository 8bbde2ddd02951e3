package io.peerwall.desktop.cameras;

/** A camera seen on the LAN: its ID (what the user would type) and the name it announces. */
public record DiscoveredCamera(String cameraId, String name) {}
