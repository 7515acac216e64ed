package cn.wenxin.gateway.realtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One session a connection has joined. Live frames are held back until the backlog has been sent; chat messages
 * then go out strictly in sequence, each once: one that arrives ahead of a missing one waits, and the gap is
 * fetched from the session's log. Frames addressed to the other party ({@code to}) are not passed on, and the
 * student's copy of a message never carries the risk the expert sees.
 */
final class JoinedSession {

  private static final long REFILL_RETRY_MS = 500;

  private final Vertx vertx;
  private final String sessionId;
  private final Consumer<JsonObject> out;
  private final BiFunction<String, Long, Future<JsonObject>> backlog;
  private final TreeMap<Long, JsonObject> ahead = new TreeMap<>();
  private List<JsonObject> held = new ArrayList<>();
  private MessageConsumer<JsonObject> consumer;
  private String side;
  private long last;
  private boolean filling;
  private boolean closed;

  JoinedSession(Vertx vertx, String sessionId, Consumer<JsonObject> out,
                BiFunction<String, Long, Future<JsonObject>> backlog) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.out = out;
    this.backlog = backlog;
  }

  Future<Void> open(String address) {
    consumer = vertx.eventBus().consumer(address, m -> onLive(m.body()));
    return consumer.completion();
  }

  /** The backlog answered: say so, send it, then what was held back meanwhile. */
  void ready(JsonObject reply, long after) {
    side = reply.getString("side");
    last = after;
    out.accept(new JsonObject().put("type", "chat.joined").put("sessionId", sessionId).put("side", side)
        .put("state", reply.getString("state")));
    reply.getJsonArray("items").forEach(m -> message((JsonObject) m));
    List<JsonObject> waiting = held;
    held = null;
    waiting.forEach(this::onLive);
    if (reply.getBoolean("more", false)) {
      refill();
    }
  }

  private void onLive(JsonObject frame) {
    if (closed) {
      return;
    }
    if (held != null) {
      held.add(frame);
      return;
    }
    String to = frame.getString("to");
    if (to != null && !to.equals(side)) {
      return;
    }
    if ("chat.msg".equals(frame.getString("type"))) {
      message(frame);
    } else {
      out.accept(frame);
    }
  }

  private void message(JsonObject m) {
    long seq = m.getLong("seq", 0L);
    if (seq <= last) {
      return;
    }
    if (!"expert".equals(side)) {
      m = m.copy();
      m.remove("risk");
    }
    ahead.put(seq, m);
    while (!ahead.isEmpty() && ahead.firstKey() == last + 1) {
      out.accept(ahead.pollFirstEntry().getValue());
      last++;
    }
    if (!ahead.isEmpty()) {
      refill();
    }
  }

  /** A message is missing before ones already here: read the log from the last one sent. */
  private void refill() {
    if (filling || closed) {
      return;
    }
    filling = true;
    backlog.apply(sessionId, last).onComplete(r -> {
      filling = false;
      if (r.succeeded()) {
        r.result().getJsonArray("items").forEach(m -> message((JsonObject) m));
        if (r.result().getBoolean("more", false)) {
          refill();
          return;
        }
      }
      if (!ahead.isEmpty() && !closed) {
        vertx.setTimer(REFILL_RETRY_MS, t -> refill());
      }
    });
  }

  void close() {
    closed = true;
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
