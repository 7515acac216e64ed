package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Named groups of entries (name -> value) where each entry expires by itself unless refreshed: who is in a room
 * across nodes, each connection an entry its node keeps alive, so a dead node's entries disappear on their own.
 * Every operation on one group is atomic, so two nodes taking the same entry get it once between them.
 */
public interface Rosters {

  /** Sets each entry (taken or not) to its value, expiring {@code ttl} from now. */
  Future<Void> put(String group, Map<String, String> entries, Duration ttl);

  /** Moves the expiry of those of the names still present to {@code ttl} from now; absent names stay absent. */
  Future<Void> touch(String group, Collection<String> names, Duration ttl);

  /**
   * Adds the entry unless present (a present one keeps its value) and unless the group already holds {@code cap}
   * live entries. True when the name is in the group afterwards.
   */
  Future<Boolean> join(String group, String name, String value, Duration ttl, int cap);

  /** Removes the entry and answers its value, or null when it was not there: of concurrent takers one gets it. */
  Future<String> take(String group, String name);

  /** How many live entries have this value (counted where the group is, nothing carried back). */
  Future<Long> countValue(String group, String value);

  /** The live entries (expired ones are dropped). */
  Future<Map<String, String>> live(String group);

  /** Adds {@code by} to a counter field of a tally (kept {@code keep} after its last change). */
  Future<Long> count(String tally, String field, long by, Duration keep);

  /** Every counter of a tally. */
  Future<Map<String, Long>> tally(String tally);
}
