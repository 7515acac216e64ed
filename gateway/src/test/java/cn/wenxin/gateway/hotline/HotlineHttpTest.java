package cn.wenxin.gateway.hotline;

import cn.wenxin.gateway.testing.TestStack;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static cn.wenxin.gateway.testing.TestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Hotline: talk-now queue, help next, cases, reveals and the audit chain over real HTTP")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotlineHttpTest {

  static TestStack stack;
  static String worker;
  static String expert;
  static String lead;

  @BeforeAll
  static void start() {
    stack = TestStack.withDemo();
    worker = stack.token("hotline01");
    expert = stack.token("hotline02");
    lead = stack.token("hotline03");
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static HttpResponse<Buffer> call(String method, String token, String path, JsonObject body) {
    var req = stack.http().request(io.vertx.core.http.HttpMethod.valueOf(method), "/api/v1" + path)
        .bearerTokenAuthentication(token);
    return await(body == null ? req.send() : req.sendJsonObject(body));
  }

  static JsonObject ok(String method, String token, String path, JsonObject body) {
    HttpResponse<Buffer> r = call(method, token, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.bodyAsString()).isBetween(200, 201);
    return r.bodyAsJsonObject();
  }

  static void drainQueue() {
    for (JsonObject t : items(ok("GET", worker, "/hotline/console", null).getJsonArray("queue"))) {
      // Ended by its student: the queue is empty for the next test.
      call("POST", null, "/hotline/talks/" + t.getString("id") + "/leave", null);
    }
  }

  static List<JsonObject> items(JsonArray a) {
    List<JsonObject> l = new ArrayList<>();
    a.forEach(x -> l.add((JsonObject) x));
    return l;
  }

  static final List<String> OPENINGS = List.of("考试没考好，心里很烦", "我想死，活不下去了", "和同学吵架了",
      "我已经写好了遗书", "睡不着觉", "不想活了");

  @Test
  @Order(1)
  @DisplayName("Concurrent arrivals are ordered by risk from the lexicon, then by waiting time")
  void queueOrder() {
    List<String> students = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      students.add(stack.token(String.format("student%03d", 20 + i)));
    }
    List<Future<HttpResponse<Buffer>>> started = new ArrayList<>();
    for (int i = 0; i < students.size(); i++) {
      started.add(stack.http().post("/api/v1/hotline/talks").bearerTokenAuthentication(students.get(i))
          .sendJsonObject(new JsonObject().put("opening", OPENINGS.get(i % OPENINGS.size()))));
    }
    await(Future.all(started));
    started.forEach(f -> assertThat(f.result().statusCode()).as(f.result().bodyAsString()).isEqualTo(201));

    List<JsonObject> queue = items(ok("GET", worker, "/hotline/console", null).getJsonArray("queue"));
    assertThat(queue).hasSize(12);
    // The two "imminent" openings (遗书) lead, then the four "elevated" ones, the two of concern, then the rest.
    assertThat(queue.stream().map(t -> t.getInteger("risk")).toList())
        .containsExactly(3, 3, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0);
    for (int i = 1; i < queue.size(); i++) {
      JsonObject a = queue.get(i - 1);
      JsonObject b = queue.get(i);
      if (a.getInteger("risk").equals(b.getInteger("risk"))) {
        assertThat(a.getString("enqueuedAt")).isLessThanOrEqualTo(b.getString("enqueuedAt"));
      }
    }
    // The student sees their place and an estimate; the first in line is place 1.
    JsonObject mine = ok("GET", students.get(3), "/hotline/talks/" + started.get(3).result().bodyAsJsonObject()
        .getString("id"), null);
    assertThat(mine.getInteger("position")).isBetween(1, 2);
    assertThat(mine.getInteger("waitMinutes")).isPositive();
  }

  @Test
  @Order(2)
  @DisplayName("Concurrent help next never gives one person to two staff, and stops at each one's chat cap")
  void helpNextConcurrently() {
    List<String> staff = List.of(worker, expert, lead);
    List<Future<HttpResponse<Buffer>>> presses = new ArrayList<>();
    List<Integer> who = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (int s = 0; s < staff.size(); s++) {
        presses.add(stack.http().post("/api/v1/hotline/help-next").bearerTokenAuthentication(staff.get(s)).send());
        who.add(s);
      }
    }
    await(Future.join(presses).recover(e -> Future.succeededFuture()));
    Set<String> taken = new HashSet<>();
    int[] perStaff = new int[3];
    int capped = 0;
    for (int i = 0; i < presses.size(); i++) {
      HttpResponse<Buffer> r = presses.get(i).result();
      if (r.statusCode() == 409) {
        assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("chat_cap_reached");
        capped++;
        continue;
      }
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      String id = r.bodyAsJsonObject().getJsonObject("talk").getString("id");
      assertThat(taken.add(id)).as("talk " + id + " given twice").isTrue();
      perStaff[who.get(i)]++;
    }
    assertThat(perStaff).containsExactly(3, 3, 3);
    assertThat(capped).isEqualTo(6);
    // Nine of twelve were taken, the most urgent first: the three left are the lowest risk.
    List<JsonObject> left = items(ok("GET", worker, "/hotline/console", null).getJsonArray("queue"));
    assertThat(left).hasSize(3).allSatisfy(t -> assertThat(t.getInteger("risk")).isZero());
    for (String s : staff) {
      JsonObject console = ok("GET", s, "/hotline/console", null);
      List<JsonObject> chats = items(console.getJsonArray("chats"));
      assertThat(chats).hasSize(3);
      // Each press's seat became its talk in place: three seats held, none left as a stray token.
      assertThat(console.getJsonObject("me").getInteger("chats")).isEqualTo(3);
      chats.forEach(c -> ok("POST", s, "/hotline/talks/" + c.getString("id") + "/end", null));
      assertThat(ok("GET", s, "/hotline/console", null).getJsonObject("me").getInteger("chats")).isZero();
    }
  }

  @Test
  @Order(3)
  @DisplayName("A risky talk becomes a case: hand-off, referral, dual-control reveal; the audit chain holds and catches an edit")
  void caseFlowAndAuditChain() {
    String student = stack.token("student001");
    JsonObject talk = ok("POST", student, "/hotline/talks", new JsonObject().put("opening", "我攒了很多药，不想活了"));
    String id = talk.getString("id");
    // Leftover low-risk talks are still waiting; this one is first.
    assertThat(items(ok("GET", worker, "/hotline/console", null).getJsonArray("queue")).get(0).getString("id"))
        .isEqualTo(id);
    assertThat(ok("POST", worker, "/hotline/help-next", null).getJsonObject("talk").getString("id")).isEqualTo(id);

    JsonObject c = ok("POST", worker, "/hotline/cases", new JsonObject().put("talkId", id));
    String caseId = c.getString("id");
    assertThat(c.containsKey("studentId")).isFalse();
    c = ok("POST", worker, "/hotline/cases/" + caseId + "/assessment", new JsonObject().put("desire", "active")
        .put("capability", true).put("intent", true).put("plan", true).put("protective", false));
    assertThat(c.getInteger("level")).isEqualTo(4);
    assertThat(c.getString("status")).isEqualTo("assessing");

    JsonObject handed = ok("POST", worker, "/hotline/talks/" + id + "/handoff", null);
    assertThat(handed.getString("to")).isEqualTo("hot-02");
    assertThat(items(ok("GET", expert, "/hotline/console", null).getJsonArray("chats")))
        .anySatisfy(x -> assertThat(x.getString("id")).isEqualTo(id));

    c = ok("POST", expert, "/hotline/cases/" + caseId + "/referral", new JsonObject()
        .put("kind", "hospital_green_channel").put("facility", "温州市第七人民医院"));
    assertThat(c.getString("status")).isEqualTo("referred");
    assertThat(c.getString("assigneeId")).isEqualTo("hot-02");
    assertThat(c.getJsonArray("referrals")).hasSize(1);

    // Dual control: the asker cannot approve; the duty lead can; then only the asker sees the identity.
    JsonObject rv = ok("POST", worker, "/hotline/cases/" + caseId + "/reveals",
        new JsonObject().put("reason", "说已攒药并有计划，需要联系监护人"));
    assertThat(rv.containsKey("identity")).isFalse();
    String rid = rv.getString("id");
    assertThat(ok("GET", worker, "/hotline/reveals/" + rid, null).containsKey("identity")).isFalse();
    HttpResponse<Buffer> self = call("POST", worker, "/hotline/reveals/" + rid + "/approve", null);
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(self.bodyAsJsonObject().getString("code")).isEqualTo("reveal_same_person");
    ok("POST", lead, "/hotline/reveals/" + rid + "/approve", null);
    JsonObject seen = ok("GET", worker, "/hotline/reveals/" + rid, null);
    assertThat(seen.getJsonObject("identity").getBoolean("known")).isTrue();
    assertThat(seen.getJsonObject("identity").getString("school")).isNotBlank();
    assertThat(ok("GET", lead, "/hotline/reveals/" + rid, null).containsKey("identity")).isFalse();
    // The student's own record shows that a reveal happened, signed off by a second person; no staff names.
    JsonObject mine = ok("GET", student, "/hotline/my-reveals", null);
    assertThat(mine.getJsonArray("items")).hasSize(1);
    assertThat(mine.getJsonArray("items").getJsonObject(0).getBoolean("secondPerson")).isTrue();
    assertThat(mine.encode()).doesNotContain("hot-0");
    // The guardian is told the minimum; who, when and what is recorded on the case and in the audit log.
    c = ok("POST", worker, "/hotline/cases/" + caseId + "/contacts", new JsonObject().put("to", "guardian")
        .put("facts", new JsonArray().add("at_risk_now").add("referred_to_hospital")));
    assertThat(c.getJsonArray("contacts").getJsonObject(0).getString("by")).isEqualTo("hot-01");

    MongoClient mongo = Mongo.client(stack.vertx(), WenxinConfig.from(stack.config()));
    List<String> actions = await(mongo.find("audit_log", new JsonObject())).stream()
        .map(e -> e.getString("action")).toList();
    assertThat(actions).contains("hotline.talk.start", "hotline.talk.take", "hotline.case.open",
        "hotline.case.assess", "hotline.talk.handoff", "hotline.case.referral", "hotline.reveal.request",
        "hotline.reveal.approve", "hotline.reveal.view", "hotline.case.contact");

    JsonObject verified = ok("GET", lead, "/audit/verify", null);
    assertThat(verified.getBoolean("ok")).as(verified.encode()).isTrue();
    assertThat(verified.getLong("entries")).isGreaterThan(20);

    // Someone edits one entry in the database: the chain breaks exactly there.
    JsonObject handoff = await(mongo.findOne("audit_log", new JsonObject().put("action", "hotline.talk.handoff"), null));
    await(mongo.updateCollection("audit_log", new JsonObject().put("_id", handoff.getString("_id")),
        new JsonObject().put("$set", new JsonObject().put("actorId", "hot-09"))));
    JsonObject broken = ok("GET", lead, "/audit/verify", null);
    assertThat(broken.getBoolean("ok")).isFalse();
    assertThat(broken.getString("problem")).isEqualTo("edited_entry");
    assertThat(broken.getLong("brokenAt")).isEqualTo(handoff.getLong("seq"));
  }
}
