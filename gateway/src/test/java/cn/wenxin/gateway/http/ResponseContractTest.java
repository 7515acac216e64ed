package cn.wenxin.gateway.http;

import cn.wenxin.gateway.testing.DemoStackTest;
import cn.wenxin.gateway.testing.SessionBookings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real answers of (nearly) every operation, each checked against its response schema in openapi.yaml by the stack's
 * {@code ContractCheck} (vertx-openapi's response validator): one walk through the service as its people use it.
 * The operations that need a state this walk cannot reach cheaply are named in {@link #NOT_REACHED}, and are still
 * called, so their problem answers are checked too.
 */
@DisplayName("Every operation answers what openapi.yaml says")
class ResponseContractTest extends DemoStackTest {

  /** Success needs a kept transcript (chat over the WebSocket first) or a waitlist offer (a cancellation first). */
  static final Set<String> NOT_REACHED = Set.of("getTranscript", "deleteTranscript", "acceptWaitlistOffer");

  private final Set<String> succeeded = new TreeSet<>();

  private HttpResponse<Buffer> call(String operation, String token, HttpMethod method, String path, Object body) {
    HttpRequest<Buffer> req = stack.http().request(method, "/api/v1" + path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    HttpResponse<Buffer> r = await(body instanceof JsonObject o ? req.sendJsonObject(o) : req.send());
    if (r.statusCode() < 300) {
      succeeded.add(operation);
    }
    return r;
  }

  private JsonObject ok(String operation, String token, HttpMethod method, String path, Object body) {
    HttpResponse<Buffer> r = call(operation, token, method, path, body);
    assertThat(r.statusCode()).as(operation + ": " + r.bodyAsString()).isBetween(200, 299);
    return r.body() == null || r.body().length() == 0 || !r.getHeader("Content-Type").startsWith("application/json")
        ? null : r.bodyAsJsonObject();
  }

  @Test
  @DisplayName("a walk through every role's operations: each answer matches its schema")
  void everyOperation() {
    ok("publicConfig", null, HttpMethod.GET, "/config/public", null);
    JsonObject tokens = ok("login", null, HttpMethod.POST, "/auth/login",
        new JsonObject().put("username", "student040").put("password", "wenxin-demo-2026"));
    tokens = ok("refresh", null, HttpMethod.POST, "/auth/refresh",
        new JsonObject().put("refreshToken", tokens.getString("refreshToken")));
    ok("logout", tokens.getString("accessToken"), HttpMethod.POST, "/auth/logout",
        new JsonObject().put("refreshToken", tokens.getString("refreshToken")));
    ok("anonymous", null, HttpMethod.POST, "/auth/anonymous", null);

    String student = stack.token("student040");
    String expert = stack.token("expert005");
    String admin = stack.token("admin01");
    ok("me", student, HttpMethod.GET, "/me", null);
    ok("setFamilySharing", student, HttpMethod.PUT, "/me/family-sharing",
        new JsonObject().put("shareBookingsWithParents", false));
    ok("setDisplayName", student, HttpMethod.PUT, "/me/display-name", new JsonObject().put("displayName", ""));

    // the directory and a booking's life
    ok("searchExperts", student, HttpMethod.GET, "/experts?topic=emotions&size=3", null);
    ok("getExpert", student, HttpMethod.GET, "/experts/exp-005", null);
    ok("expertAvatar", null, HttpMethod.GET, "/experts/exp-005/avatar.svg", null);
    String from = Instant.now().toString();
    String to = Instant.now().plus(Duration.ofDays(14)).toString();
    JsonArray slots = ok("expertSlots", student, HttpMethod.GET, "/experts/exp-005/slots?from=" + from + "&to=" + to,
        null).getJsonArray("items");
    JsonArray free = new JsonArray(slots.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("available")
        && Instant.parse(s.getString("start")).isAfter(Instant.now().plus(Duration.ofHours(4)))).toList());
    assertThat(free.size()).as("free slots of exp-005").isGreaterThanOrEqualTo(2);
    JsonObject booking = ok("createBooking", student, HttpMethod.POST, "/bookings", new JsonObject()
        .put("expertId", "exp-005").put("start", free.getJsonObject(0).getString("start")).put("mode", "chat")
        .put("topic", "emotions").put("note", "考试前睡不着"));
    String id = booking.getString("id");
    ok("listBookings", student, HttpMethod.GET, "/bookings?scope=upcoming", null);
    ok("getBooking", student, HttpMethod.GET, "/bookings/" + id, null);
    ok("bookingCalendar", student, HttpMethod.GET, "/bookings/" + id + "/calendar.ics", null);
    ok("getConsentNotice", student, HttpMethod.GET, "/consent-notices/transcript?locale=zh-CN", null);
    ok("getTranscriptConsent", student, HttpMethod.GET, "/bookings/" + id + "/transcript-consent", null);
    JsonObject notice = ok("getConsentNotice", student, HttpMethod.GET, "/consent-notices/transcript", null);
    ok("decideTranscriptConsent", student, HttpMethod.PUT, "/bookings/" + id + "/transcript-consent",
        new JsonObject().put("keep", true).put("policyVersion", notice.getString("policyVersion"))
            .put("textHash", notice.getString("textHash")).put("locale", notice.getString("locale")));
    ok("mySchedule", expert, HttpMethod.GET, "/me/schedule?from=" + from + "&to=" + to, null);
    ok("getSessionNote", expert, HttpMethod.GET, "/bookings/" + id + "/note", null);
    ok("putSessionNote", expert, HttpMethod.PUT, "/bookings/" + id + "/note", new JsonObject().put("text", "睡眠"));
    ok("rescheduleBooking", student, HttpMethod.POST, "/bookings/" + id + "/reschedule",
        new JsonObject().put("start", free.getJsonObject(1).getString("start")));
    ok("cancelBooking", expert, HttpMethod.POST, "/bookings/" + id + "/cancel",
        new JsonObject().put("reason", "临时有会"));
    ok("bookingAlternatives", student, HttpMethod.GET, "/bookings/" + id + "/alternatives", null);
    ok("listNotifications", student, HttpMethod.GET, "/notifications", null);
    String notification = ok("listNotifications", student, HttpMethod.GET, "/notifications", null)
        .getJsonArray("items").getJsonObject(0).getString("id");
    ok("markNotificationRead", student, HttpMethod.POST, "/notifications/" + notification + "/read", null);

    // the waitlist (an offer needs a cancellation on a full day: its success is not reached here)
    JsonObject entry = ok("joinWaitlist", student, HttpMethod.POST, "/experts/exp-005/waitlist",
        new JsonObject().put("date", free.getJsonObject(0).getString("start").substring(0, 10)));
    ok("listWaitlist", student, HttpMethod.GET, "/waitlist", null);
    call("acceptWaitlistOffer", student, HttpMethod.POST, "/waitlist/" + entry.getString("id") + "/accept",
        new JsonObject().put("mode", "chat").put("topic", "emotions"));
    ok("leaveWaitlist", student, HttpMethod.DELETE, "/waitlist/" + entry.getString("id"), null);

    // the expert's own pages
    JsonObject availability = ok("getMyAvailability", expert, HttpMethod.GET, "/me/availability", null);
    ok("putMyAvailability", expert, HttpMethod.PUT, "/me/availability", availability);
    ok("myCalendarFeed", expert, HttpMethod.GET, "/me/calendar-feed", null);
    String url = ok("newCalendarFeed", expert, HttpMethod.POST, "/me/calendar-feed", null).getString("url");
    ok("expertCalendarFeed", null, HttpMethod.GET, url.substring(url.indexOf("/api/v1") + 7), null);

    // a session from waiting room to feedback, and a no-show
    String st = stack.token("student034");
    String ex = stack.token("expert006");
    JsonObject soon = SessionBookings.open(stack, "stu-034", "exp-006", Duration.ofMinutes(2), "video", "pseudonym");
    String sessionId = ok("bookingSession", st, HttpMethod.GET, "/bookings/" + soon.getString("_id") + "/session",
        null).getString("id");
    ok("getSession", ex, HttpMethod.GET, "/sessions/" + sessionId, null);
    ok("joinSession", st, HttpMethod.POST, "/sessions/" + sessionId + "/join", null);
    ok("admitSession", ex, HttpMethod.POST, "/sessions/" + sessionId + "/admit", null);
    ok("sessionVideo", st, HttpMethod.POST, "/sessions/" + sessionId + "/video", null);
    ok("endSession", ex, HttpMethod.POST, "/sessions/" + sessionId + "/end", null);
    ok("sessionFeedback", st, HttpMethod.POST, "/sessions/" + sessionId + "/feedback",
        new JsonObject().put("stars", 5).put("words", "谢谢"));
    JsonObject missed = SessionBookings.open(stack, "stu-034", "exp-006", Duration.ofMinutes(-40), "chat", "pseudonym");
    ok("markNoShow", ex, HttpMethod.POST, "/bookings/" + missed.getString("_id") + "/no-show", null);
    JsonArray kept = ok("listTranscripts", st, HttpMethod.GET, "/transcripts", null).getJsonArray("items");
    call("getTranscript", st, HttpMethod.GET, "/transcripts/" + (kept.isEmpty() ? "none" : kept.getJsonObject(0)
        .getString("id")), null);
    call("deleteTranscript", st, HttpMethod.DELETE, "/transcripts/none", null);

    // a parent's consent for a child under 14
    String parent = stack.token("parent005");
    JsonObject child = ok("me", parent, HttpMethod.GET, "/me", null).getJsonArray("children").stream()
        .map(JsonObject.class::cast).filter(c -> c.getBoolean("under14")).findFirst().orElseThrow();
    JsonObject guardianNotice = ok("getConsentNotice", parent, HttpMethod.GET, "/consent-notices/guardian", null);
    ok("listConsents", parent, HttpMethod.GET, "/consents", null);
    String consent = ok("grantConsent", parent, HttpMethod.POST, "/consents", new JsonObject()
        .put("subjectId", child.getString("id")).put("kind", "guardian")
        .put("policyVersion", guardianNotice.getString("policyVersion"))
        .put("textHash", guardianNotice.getString("textHash"))).getString("id");
    ok("withdrawConsent", parent, HttpMethod.DELETE, "/consents/" + consent, null);

    ok("listLessons", student, HttpMethod.GET, "/lessons", null);

    // the admin's pages
    ok("adminOverview", admin, HttpMethod.GET, "/admin/overview", null);
    ok("adminListExperts", admin, HttpMethod.GET, "/admin/experts", null);
    JsonObject made = ok("adminCreateExpert", admin, HttpMethod.POST, "/admin/experts", new JsonObject()
        .put("name", "测试老师").put("title", "心理咨询师").put("gender", "female").put("bio", "契约测试")
        .put("specialties", new JsonArray().add("sleep")).put("modes", new JsonArray().add("chat"))
        .put("languages", new JsonArray().add("zh")).put("gradeBands", new JsonArray().add("junior")));
    ok("adminUpdateExpert", admin, HttpMethod.PUT, "/admin/experts/" + made.getString("id"),
        new JsonObject().put("active", false));
    ok("adminResetPassword", admin, HttpMethod.POST, "/admin/password-resets",
        new JsonObject().put("username", "student199"));

    assertThat(stack.contractViolations()).isEmpty();
    Set<String> all = new TreeSet<>();
    await(OpenAPIContract.from(stack.vertx(), "openapi.yaml")).operations()
        .forEach(op -> all.add(op.getOperationId()));
    Set<String> missing = new TreeSet<>(all);
    missing.removeAll(succeeded);
    // Operations added after this walk was written are not failed here (their own tests' answers are validated by
    // the same ContractCheck); they are listed for whoever extends the walk.
    assertThat(succeeded).hasSizeGreaterThanOrEqualTo(53);
    assertThat(missing).containsAll(NOT_REACHED);
    try {
      java.nio.file.Files.write(java.nio.file.Path.of("target", "contract-not-walked.txt"), missing);
    } catch (java.io.IOException e) {
      // a report for people only
    }
  }
}
