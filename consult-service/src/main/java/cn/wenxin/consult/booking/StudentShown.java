package cn.wenxin.consult.booking;

import cn.wenxin.consult.account.Pseudonyms;
import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the expert sees the student of a booking, as the student chose when booking: by name, or (the default) by a
 * pseudonym made for this booking. Whatever an expert is answered carries the label, never the account id or, for
 * a pseudonym, the name. Also the booking's way into its session.
 */
final class StudentShown {

  private static final Logger log = LoggerFactory.getLogger(StudentShown.class);
  static final String BY_NAME = "name";
  static final String BY_PSEUDONYM = "pseudonym";

  private StudentShown() {
  }

  /** The fields a new booking gets from the student's choice. */
  static JsonObject chosen(JsonObject body, JsonObject student) {
    boolean byName = BY_NAME.equals(body.getString("anonymity"));
    JsonObject school = student.getJsonObject("student", new JsonObject());
    return new JsonObject().put("anonymity", byName ? BY_NAME : BY_PSEUDONYM)
        .put("studentLabel", byName ? student.getString("displayName") : Pseudonyms.next())
        .put("gradeBand", Alternatives.gradeBand(school.getInteger("grade")));
  }

  static String label(JsonObject booking) {
    String label = booking.getString("studentLabel");
    if (label != null && !label.isBlank()) {
      return label;
    }
    return BY_NAME.equals(booking.getString("anonymity")) ? booking.getString("studentName", "同学") : "同学";
  }

  /** A booking view as {@code me} may see it: an expert gets the label in place of the student. */
  static JsonObject forViewer(Principal me, JsonObject view) {
    if (me == null || !me.is(Role.EXPERT)) {
      return view;
    }
    view.put("studentName", label(view));
    view.remove("studentId");
    view.remove("bookedBy");
    view.remove("cancelledBy");
    return view;
  }

  static JsonArray forExpert(JsonArray views) {
    Principal expert = new Principal("", Role.EXPERT, false, "", "", "", 0);
    views.forEach(v -> forViewer(expert, (JsonObject) v));
    return views;
  }

  /** The web client's page for the booking's session. */
  static String joinPath(String bookingId) {
    return "/session/" + bookingId;
  }

  /** Tells the session service a booking was made or changed; the session also catches up on its own at join. */
  static Future<Void> tellSessions(ServiceClient bus, String bookingId) {
    return bus.ask(Addresses.SESSIONS, "bookingChanged", ServiceRequest.of(null, new JsonObject(),
            new JsonObject().put("bookingId", bookingId))).<Void>mapEmpty()
        .recover(err -> {
          log.info("Session of booking {} not told of the change ({}); it reconciles at join", bookingId,
              err.getMessage());
          return Future.succeededFuture();
        });
  }
}
