package cn.wenxin.consult.session;

import cn.wenxin.consult.booking.BookingStore;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What the two people do with a session over HTTP: open it from the booking, join (the student enters the waiting
 * room), admit (the expert lets them in), end, and leave feedback. The booking stays the truth about times and
 * cancellation: a session follows it ({@link #reconcile}) before every join.
 */
final class SessionActions {

  private final SessionStore store;
  private final BookingStore bookings;
  private final SessionLifecycle lifecycle;
  private final SessionSeams seams;
  private final ChatDesk chat;
  private final WenxinConfig.Sessions config;

  SessionActions(SessionStore store, BookingStore bookings, SessionLifecycle lifecycle, SessionSeams seams,
                 ChatDesk chat, WenxinConfig.Sessions config) {
    this.store = store;
    this.bookings = bookings;
    this.lifecycle = lifecycle;
    this.seams = seams;
    this.chat = chat;
    this.config = config;
  }

  /** The booking's session, made on first use; only the booking's student and expert may open it. */
  Future<JsonObject> openByBooking(Principal me, String bookingId) {
    return bookings.find(bookingId).compose(b -> {
      boolean mine = b != null && !me.anonymous()
          && (me.id().equals(b.getString("studentId")) || me.id().equals(b.getString("expertId")));
      if (!mine || BookingStore.OFFERED.equals(b.getString("status"))
          || BookingStore.EXPIRED.equals(b.getString("status"))) {
        return Future.failedFuture(ProblemException.notFound("No booking " + bookingId));
      }
      return store.ensure(SessionViews.fromBooking(b, config.joinEarly(), config.grace()))
          .compose(s -> reconcile(s, b))
          .map(s -> SessionViews.view(s, Side.of(me, s)));
    });
  }

  Future<JsonObject> get(Principal me, String id) {
    return chat.party(me, id).map(p -> SessionViews.view(p.session(), p.side()));
  }

  /** The student enters the waiting room (after the consent check); the expert's join just answers the session. */
  Future<JsonObject> join(Principal me, String id) {
    return chat.party(me, id).compose(p -> bookings.find(p.session().getString("bookingId"))
        .compose(b -> reconcile(p.session(), b))
        .compose(s -> {
          SessionState state = SessionViews.state(s);
          if (state.terminal()) {
            return Future.failedFuture(SessionLifecycle.notNow(state));
          }
          if (!SessionViews.inWindow(s, Instant.now())) {
            return Future.failedFuture(new ProblemException(422, "Unprocessable", "The session opens at "
                + s.getString("opensAt"), new JsonObject().put("reason", "too_early").put("opensAt",
                s.getString("opensAt"))));
          }
          if (p.side() == Side.EXPERT || state != SessionState.SCHEDULED) {
            return Future.succeededFuture(s);
          }
          return seams.joinCheck(s).compose(verdict -> verdict.getBoolean("allowed", false)
              ? lifecycle.move(s, SessionState.WAITING, "student", "joined")
              : Future.failedFuture(new ProblemException(403, "Forbidden", "Joining needs consent first",
                  new JsonObject().put("reason", verdict.getString("reason", "consent_required")))));
        })
        .map(s -> SessionViews.view(s, p.side())));
  }

  Future<JsonObject> admit(Principal me, String id) {
    return chat.party(me, id).compose(p -> p.side() != Side.EXPERT
        ? Future.failedFuture(ProblemException.forbidden("Only the expert admits"))
        : lifecycle.move(p.session(), SessionState.ACTIVE, "expert", "admitted")
            .compose(s -> expect(s, SessionState.ACTIVE))
            .map(s -> SessionViews.view(s, p.side())));
  }

  Future<JsonObject> end(Principal me, String id) {
    return chat.party(me, id).compose(p -> {
      SessionState state = SessionViews.state(p.session());
      if (state != SessionState.WAITING && state != SessionState.ACTIVE) {
        return Future.failedFuture(SessionLifecycle.notNow(state));
      }
      return lifecycle.move(p.session(), SessionState.ENDED, p.side().wire(), "left")
          .compose(s -> expect(s, SessionState.ENDED))
          .map(s -> SessionViews.view(s, p.side()));
    });
  }

  /** 1-5 stars and optional words, once, from the student of an ended session. */
  Future<JsonObject> feedback(Principal me, String id, JsonObject body) {
    return chat.party(me, id).compose(p -> {
      if (p.side() != Side.STUDENT) {
        return Future.failedFuture(ProblemException.forbidden("Feedback is the student's"));
      }
      if (SessionViews.state(p.session()) != SessionState.ENDED) {
        return Future.failedFuture(SessionLifecycle.notNow(SessionViews.state(p.session())));
      }
      JsonObject fb = new JsonObject().put("stars", body.getInteger("stars"))
          .put("words", body.getString("words", "")).put("at", Instant.now().toString());
      return store.feedback(id, fb).compose(stored -> stored ? Future.succeededFuture(new JsonObject()
          .put("stored", true)) : Future.failedFuture(ProblemException.conflict("Feedback was already given")));
    });
  }

  /** The booking changed (cancelled, moved, marked no-show, gone): the session follows. */
  Future<JsonObject> reconcile(JsonObject s, JsonObject booking) {
    SessionState state = SessionViews.state(s);
    if (state.terminal()) {
      return Future.succeededFuture(s);
    }
    String status = booking == null ? null : booking.getString("status");
    if (status == null || BookingStore.EXPIRED.equals(status) || BookingStore.OFFERED.equals(status)) {
      return lifecycle.move(s, SessionState.ABORTED, "booking", "booking_gone");
    }
    if (BookingStore.CANCELLED.equals(status) && state.canBecome(SessionState.CANCELLED)) {
      return lifecycle.move(s, SessionState.CANCELLED, "booking", "booking_cancelled");
    }
    if (BookingStore.NO_SHOW.equals(status) && state.canBecome(SessionState.NO_SHOW)) {
      return lifecycle.move(s, SessionState.NO_SHOW, "booking", "marked_no_show");
    }
    if (state == SessionState.SCHEDULED && !booking.getString("start").equals(s.getString("startsAt"))) {
      return store.setIf(s.getString("_id"), state, SessionViews.times(Instant.parse(booking.getString("start")),
              Instant.parse(booking.getString("end")), config.joinEarly(), config.grace()))
          .compose(moved -> moved == null ? store.find(s.getString("_id")) : Future.succeededFuture(moved));
    }
    return Future.succeededFuture(s);
  }

  Future<JsonObject> bookingChanged(String bookingId) {
    return store.byBooking(bookingId).compose(s -> s == null ? Future.succeededFuture(new JsonObject())
        : bookings.find(bookingId).compose(b -> reconcile(s, b))
            .map(done -> new JsonObject().put("state", done.getString("state"))));
  }

  private static Future<JsonObject> expect(JsonObject s, SessionState wanted) {
    SessionState now = SessionViews.state(s);
    return now == wanted ? Future.succeededFuture(s) : Future.failedFuture(SessionLifecycle.notNow(now));
  }
}
