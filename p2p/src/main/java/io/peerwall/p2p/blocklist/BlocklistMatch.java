package io.peerwall.p2p.blocklist;

import java.util.Objects;

/**
 * Which list a password was found on: what the audit shows ("SecLists vendor default (Hikvision)").
 * Never the password itself.
 *
 * @param list the list
 * @param vendor the vendor whose default it is (vendor lists only; null otherwise)
 * @param cameraVendor whether the vendor row is one of the camera/IoT subset (camera-vendors.tsv)
 */
public record BlocklistMatch(BlocklistSource list, String vendor, boolean cameraVendor) {
  public BlocklistMatch {
    Objects.requireNonNull(list);
  }

  /** "Mirai botnet default", "SecLists vendor default (Hikvision)". */
  public String label() {
    return vendor == null || vendor.isEmpty() ? list.label() : list.label() + " (" + vendor + ")";
  }
}
