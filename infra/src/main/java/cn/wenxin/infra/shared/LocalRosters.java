package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** In-process fallback for one node: each group a map under its own lock. */
final class LocalRosters implements Rosters {

  private record Entry(String value, long until) {
  }

  private final ConcurrentHashMap<String, Map<String, Entry>> groups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Map<String, Long>> tallies = new ConcurrentHashMap<>();

  private Map<String, Entry> group(String name) {
    return groups.computeIfAbsent(name, k -> new HashMap<>());
  }

  private static void prune(Map<String, Entry> g, long now) {
    g.values().removeIf(e -> e.until <= now);
  }

  @Override
  public Future<Void> put(String group, Map<String, String> entries, Duration ttl) {
    long until = System.currentTimeMillis() + ttl.toMillis();
    Map<String, Entry> g = group(group);
    synchronized (g) {
      entries.forEach((k, v) -> g.put(k, new Entry(v, until)));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> touch(String group, Collection<String> names, Duration ttl) {
    long now = System.currentTimeMillis();
    Map<String, Entry> g = group(group);
    synchronized (g) {
      prune(g, now);
      names.forEach(n -> g.computeIfPresent(n, (k, e) -> new Entry(e.value, now + ttl.toMillis())));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> join(String group, String name, String value, Duration ttl, int cap) {
    long now = System.currentTimeMillis();
    Map<String, Entry> g = group(group);
    synchronized (g) {
      prune(g, now);
      if (g.containsKey(name)) {
        return Future.succeededFuture(true);
      }
      if (g.size() >= cap) {
        return Future.succeededFuture(false);
      }
      g.put(name, new Entry(value, now + ttl.toMillis()));
      return Future.succeededFuture(true);
    }
  }

  @Override
  public Future<String> take(String group, String name) {
    Map<String, Entry> g = group(group);
    synchronized (g) {
      Entry e = g.remove(name);
      return Future.succeededFuture(e == null ? null : e.value);
    }
  }

  @Override
  public Future<Long> countValue(String group, String value) {
    long now = System.currentTimeMillis();
    Map<String, Entry> g = group(group);
    synchronized (g) {
      prune(g, now);
      return Future.succeededFuture(g.values().stream().filter(e -> e.value.equals(value)).count());
    }
  }

  @Override
  public Future<Map<String, String>> live(String group) {
    long now = System.currentTimeMillis();
    Map<String, Entry> g = group(group);
    Map<String, String> out = new HashMap<>();
    synchronized (g) {
      prune(g, now);
      g.forEach((k, e) -> out.put(k, e.value));
    }
    return Future.succeededFuture(out);
  }

  @Override
  public Future<Long> count(String tally, String field, long by, Duration keep) {
    Map<String, Long> t = tallies.computeIfAbsent(tally, k -> new TreeMap<>());
    synchronized (t) {
      return Future.succeededFuture(t.merge(field, by, Long::sum));
    }
  }

  @Override
  public Future<Map<String, Long>> tally(String tally) {
    Map<String, Long> t = tallies.computeIfAbsent(tally, k -> new TreeMap<>());
    synchronized (t) {
      return Future.succeededFuture(new TreeMap<>(t));
    }
  }
}
