package cn.wenxin.live.stream;

import cn.wenxin.infra.security.Principal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is in one livestream's room on this service node: connections (one per tab that joined, named by the
 * gateway) and, per person, since when they have been watching live. Held in memory; the watch time itself is
 * written to {@code live_attendance} whenever a person's last connection leaves or the stream ends.
 */
final class Room {

  /** connection -> person. */
  final Map<String, Principal> connections = new HashMap<>();
  /** person -> epoch ms since which they have been in the room while it was live (absent: not counting). */
  final Map<String, Long> watchingSince = new HashMap<>();
  /** Reactions since the room opened, by kind; published in aggregate at most once a second. */
  final Map<String, Long> reactions = new TreeMap<>();
  boolean countChanged;
  boolean reactionsChanged;
  int lastPublishedCount = -1;
  /** Viewer connections that get the host's camera peer to peer (no Jitsi). */
  final java.util.List<String> p2pSeats = new java.util.ArrayList<>();

  int watching() {
    return (int) connections.values().stream().map(Principal::id).distinct().count();
  }

  boolean present(String userId) {
    return connections.values().stream().anyMatch(p -> p.id().equals(userId));
  }
}
