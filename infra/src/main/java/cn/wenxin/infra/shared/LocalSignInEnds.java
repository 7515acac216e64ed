package cn.wenxin.infra.shared;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** In-process fallback for one node: a numbered list, trimmed of entries whose tokens have expired. */
final class LocalSignInEnds implements SignInEnds {

  private record Numbered(long seq, Ended ended) {
  }

  private final Deque<Numbered> log = new ArrayDeque<>();
  private long last;

  @Override
  public synchronized Future<Void> add(String sessionId, Duration refuseFor) {
    long now = System.currentTimeMillis();
    while (!log.isEmpty() && log.peekFirst().ended().refuseUntilMillis() <= now) {
      log.pollFirst();
    }
    log.addLast(new Numbered(++last, new Ended(sessionId, now + Math.max(1, refuseFor.toMillis()))));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Page> after(String cursor, int max) {
    long from = cursor == null ? 0 : Long.parseLong(cursor);
    List<Ended> page = new ArrayList<>();
    long at = from;
    for (Numbered n : log) {
      if (n.seq() > from && page.size() < max) {
        page.add(n.ended());
        at = n.seq();
      }
    }
    return Future.succeededFuture(new Page(page, Long.toString(at)));
  }
}
