package cn.wenxin.live.lesson;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceClient;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Principal;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 温心课堂 catalogue and everyone's progress in it: courses with ordered lessons (student lessons and the parent
 * series by grade stage), enrolment, lessons completed (live attendance from the stream package, or a replay watched
 * to its end), parents' learning credits (once per lesson), and completion per school for admins, as counts only.
 */
public class LessonVerticle extends VerticleBase {

  static final String LESSONS = "lessons";
  static final String COURSES = "courses";
  static final String ENROLMENTS = "enrolments";
  static final String PROGRESS = "lesson_progress";
  static final String CREDITS = "learning_credits";
  /** A replay counts as watched at this share of the lesson's length. */
  private static final double REPLAY_SHARE = 0.8;
  /** A school with fewer people than this is shown as "fewer than 5": no aggregate points at one family. */
  static final int SMALL_COUNT = 5;

  private MongoClient mongo;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    mongo = Mongo.client(vertx, config);
    Future<Void> seeded = config.demo().enabled() ? seed() : Future.succeededFuture();
    return seeded.compose(v -> new ServiceEndpoint(Addresses.LESSONS)
        .on("listLessons", this::list)
        .on("listCourses", this::courses)
        .on("getCourse", this::course)
        .on("enrolCourse", this::enrol)
        .on("recordReplay", this::replay)
        .on("lessonAttended", this::attended)
        .on("myCredits", this::credits)
        .on("lessonCompletion", this::completion)
        .on("enrolledFor", this::enrolledFor)
        .on("lessonBrief", this::brief)
        .bind(vertx));
  }

  private Future<JsonObject> list(ServiceRequest req) {
    Role role = req.caller().role();
    JsonObject query = role == Role.STUDENT ? new JsonObject().put("series", "student") : new JsonObject();
    FindOptions order = new FindOptions().setSort(new JsonObject().put("series", -1).put("order", 1));
    return mongo.findWithOptions(LESSONS, query, order).map(docs -> {
      JsonArray items = new JsonArray();
      docs.forEach(d -> items.add(withId(d)));
      return new JsonObject().put("items", items);
    });
  }

  private static JsonObject withId(JsonObject d) {
    JsonObject item = d.copy();
    item.put("id", item.remove("_id"));
    return item;
  }

  private static boolean sees(Principal me, JsonObject course) {
    return me.role() != Role.STUDENT || "student".equals(course.getString("audience"));
  }

  private Future<JsonObject> courses(ServiceRequest r) {
    Principal me = r.caller();
    return mongo.find(COURSES, new JsonObject()).compose(courses -> mongo.find(ENROLMENTS,
        new JsonObject().put("userId", me.id())).compose(enrolled -> mongo.find(PROGRESS,
        new JsonObject().put("userId", me.id())).compose(done -> mongo.find(LESSONS, new JsonObject()).map(lessons -> {
          JsonArray items = new JsonArray();
          courses.stream().filter(c -> sees(me, c)).forEach(c -> {
            String id = c.getString("_id");
            long total = lessons.stream().filter(l -> id.equals(l.getString("courseId"))).count();
            long completed = done.stream().filter(p -> id.equals(p.getString("courseId"))).count();
            items.add(withId(c).put("lessons", total).put("completed", completed)
                .put("enrolled", enrolled.stream().anyMatch(e -> id.equals(e.getString("courseId"))))
                .put("requiredForMe", c.getBoolean("required", false) && me.role() == Role.PARENT));
          });
          return new JsonObject().put("items", items);
        }))));
  }

  private Future<JsonObject> course(ServiceRequest r) {
    Principal me = r.caller();
    String id = r.requiredParam("id");
    return mongo.findOne(COURSES, new JsonObject().put("_id", id), null).compose(c -> {
      if (c == null || !sees(me, c)) {
        return Future.failedFuture(ProblemException.notFound("No such course").withCode("course_not_found"));
      }
      FindOptions order = new FindOptions().setSort(new JsonObject().put("order", 1));
      return mongo.findWithOptions(LESSONS, new JsonObject().put("courseId", id), order)
          .compose(lessons -> mongo.find(PROGRESS, new JsonObject().put("userId", me.id()).put("courseId", id))
              .compose(done -> mongo.findOne(ENROLMENTS, new JsonObject().put("_id", id + "|" + me.id()), null)
                  .map(enrolment -> {
                    JsonArray items = new JsonArray();
                    lessons.forEach(l -> {
                      JsonObject p = done.stream().filter(d -> l.getString("_id").equals(d.getString("lessonId")))
                          .findFirst().orElse(null);
                      items.add(withId(l).put("completed", p != null).put("completedVia",
                          p == null ? null : p.getString("via")));
                    });
                    return withId(c).put("lessons", items).put("enrolled", enrolment != null)
                        .put("requiredForMe", c.getBoolean("required", false) && me.role() == Role.PARENT);
                  })));
    });
  }

  private Future<JsonObject> enrol(ServiceRequest r) {
    Principal me = r.caller();
    String id = r.requiredParam("id");
    return mongo.findOne(COURSES, new JsonObject().put("_id", id), null).compose(c -> {
      if (c == null || !sees(me, c)) {
        return Future.failedFuture(ProblemException.notFound("No such course").withCode("course_not_found"));
      }
      JsonObject doc = new JsonObject().put("courseId", id).put("userId", me.id()).put("role", me.role().wire())
          .put("at", Instant.now().toString());
      return mongo.updateCollectionWithOptions(ENROLMENTS, new JsonObject().put("_id", id + "|" + me.id()),
          new JsonObject().put("$setOnInsert", doc), new UpdateOptions().setUpsert(true))
          .map(x -> new JsonObject().put("courseId", id).put("enrolled", true));
    });
  }

  /** Internal (the stream package's reminders): who is enrolled in the course a lesson belongs to. */
  private Future<JsonObject> enrolledFor(ServiceRequest r) {
    if (r.principal() != null) {
      return Future.failedFuture(ProblemException.forbidden("Internal action"));
    }
    return mongo.findOne(LESSONS, new JsonObject().put("_id", r.bodyObject().getString("lessonId")), null)
        .compose(l -> l == null ? Future.succeededFuture(List.<JsonObject>of())
            : mongo.find(ENROLMENTS, new JsonObject().put("courseId", l.getString("courseId"))))
        .map(docs -> new JsonObject().put("items", new JsonArray(docs.stream().map(d -> d.getString("userId"))
            .toList())));
  }

  /** Internal (the stream package, scheduling): a lesson's series and course, or {} when there is none. */
  private Future<JsonObject> brief(ServiceRequest r) {
    if (r.principal() != null) {
      return Future.failedFuture(ProblemException.forbidden("Internal action"));
    }
    return mongo.findOne(LESSONS, new JsonObject().put("_id", r.bodyObject().getString("lessonId")), null)
        .map(l -> l == null ? new JsonObject() : new JsonObject().put("id", l.getString("_id"))
            .put("series", l.getString("series")).put("courseId", l.getString("courseId")));
  }

  /** The page reports how far a replay was watched; at 80% of the lesson's length the lesson counts as done. */
  private Future<JsonObject> replay(ServiceRequest r) {
    Principal me = r.caller();
    String lessonId = r.requiredParam("id");
    long seconds = r.bodyObject().getLong("seconds", 0L);
    return lesson(lessonId, me).compose(l -> {
      long needed = (long) (l.getInteger("durationMinutes", 1) * 60 * REPLAY_SHARE);
      // A demo replay is a short loop: watching it to its end counts as the whole lesson.
      boolean whole = r.bodyObject().getBoolean("ended", false);
      if (seconds < needed && !whole) {
        return Future.succeededFuture(new JsonObject().put("lessonId", lessonId).put("completed", false));
      }
      return complete(me, l, "replay");
    });
  }

  /** Told by the stream package when a person's live watch time reached the minimum. */
  private Future<JsonObject> attended(ServiceRequest r) {
    Principal me = r.caller();
    return lesson(r.bodyObject().getString("lessonId"), me).compose(l -> complete(me, l, "live"));
  }

  private Future<JsonObject> lesson(String id, Principal me) {
    return mongo.findOne(LESSONS, new JsonObject().put("_id", id), null).compose(l -> l == null
        || (me.role() == Role.STUDENT && !"student".equals(l.getString("series")))
        ? Future.failedFuture(ProblemException.notFound("No such lesson").withCode("lesson_not_found"))
        : Future.succeededFuture(l));
  }

  /**
   * Progress and credits are each one insert keyed by lesson and person: a second completion (live then replay,
   * two tabs, a retry) finds the key taken and grants nothing more.
   */
  private Future<JsonObject> complete(Principal me, JsonObject l, String via) {
    String key = l.getString("_id") + "|" + me.id();
    return schoolOf(me).compose(school -> {
      JsonObject progress = new JsonObject().put("_id", key).put("userId", me.id()).put("lessonId", l.getString("_id"))
          .put("courseId", l.getString("courseId")).put("series", l.getString("series")).put("via", via)
          .put("role", me.role().wire()).put("school", school).put("at", Instant.now().toString());
      return insertOnce(PROGRESS, progress).compose(firstTime -> {
        int credits = l.getInteger("credits", 0);
        if (me.role() != Role.PARENT || credits <= 0) {
          return Future.succeededFuture(completed(me, l, firstTime, 0));
        }
        JsonObject credit = new JsonObject().put("_id", key).put("userId", me.id()).put("lessonId", l.getString("_id"))
            .put("title", l.getString("title")).put("gradeStage", l.getString("gradeStage")).put("credits", credits)
            .put("via", via).put("at", Instant.now().toString());
        return insertOnce(CREDITS, credit).map(granted -> completed(me, l, firstTime || granted, granted ? credits : 0));
      });
    });
  }

  /**
   * The answer; and when something was recorded just now, a push to the person's inbox, so a credit or lesson page
   * open in any tab fetches its record again (a completion from a stream's end or a left room has no other answer).
   */
  private JsonObject completed(Principal me, JsonObject l, boolean recorded, int credited) {
    JsonObject answer = new JsonObject().put("lessonId", l.getString("_id")).put("completed", true)
        .put("credited", credited);
    if (recorded) {
      vertx.eventBus().publish(Addresses.userInbox(me.id()), answer.copy().put("type", "lesson.completed")
          .put("courseId", l.getString("courseId")));
    }
    return answer;
  }

  private Future<Boolean> insertOnce(String collection, JsonObject doc) {
    return mongo.insert(collection, doc).map(true)
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /** The school for the admin aggregate: the student's own, a parent's first child's; unknown when not given. */
  private Future<String> schoolOf(Principal me) {
    if (me.role() != Role.STUDENT && me.role() != Role.PARENT) {
      return Future.succeededFuture("");
    }
    return new ServiceClient(vertx).<JsonObject>ask(Addresses.ACCOUNTS, "me",
            ServiceRequest.of(me, new JsonObject(), new JsonObject()))
        .map(p -> {
          if (p.getString("school") != null) {
            return p.getString("school");
          }
          JsonArray children = p.getJsonArray("children", new JsonArray());
          return children.isEmpty() ? "" : children.getJsonObject(0).getString("school", "");
        })
        .recover(err -> Future.succeededFuture(""));
  }

  private Future<JsonObject> credits(ServiceRequest r) {
    Principal me = r.caller(Role.PARENT);
    FindOptions order = new FindOptions().setSort(new JsonObject().put("at", -1));
    return mongo.findWithOptions(CREDITS, new JsonObject().put("userId", me.id()), order).map(docs -> {
      JsonArray items = new JsonArray();
      Map<String, Integer> byStage = new TreeMap<>();
      int total = 0;
      for (JsonObject d : docs) {
        items.add(new JsonObject().put("lessonId", d.getString("lessonId")).put("title", d.getString("title"))
            .put("gradeStage", d.getString("gradeStage")).put("credits", d.getInteger("credits"))
            .put("via", d.getString("via")).put("at", d.getString("at")));
        byStage.merge(d.getString("gradeStage"), d.getInteger("credits", 0), Integer::sum);
        total += d.getInteger("credits", 0);
      }
      JsonObject stages = new JsonObject();
      byStage.forEach(stages::put);
      return new JsonObject().put("items", items).put("total", total).put("byGradeStage", stages);
    });
  }

  /** Per school: people who completed at least one lesson and lessons completed; small counts shown as "<5". */
  private Future<JsonObject> completion(ServiceRequest r) {
    r.caller(Role.ADMIN);
    return mongo.find(PROGRESS, new JsonObject()).map(docs -> {
      Map<String, java.util.Set<String>> people = new TreeMap<>();
      Map<String, Integer> lessons = new TreeMap<>();
      for (JsonObject d : docs) {
        String school = d.getString("school", "");
        String key = (school.isEmpty() ? "未填写学校" : school) + "|" + d.getString("series");
        people.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(d.getString("userId"));
        lessons.merge(key, 1, Integer::sum);
      }
      JsonArray items = new JsonArray();
      people.forEach((key, who) -> {
        String[] parts = key.split("\\|", 2);
        boolean small = who.size() < SMALL_COUNT;
        items.add(new JsonObject().put("school", parts[0]).put("series", parts[1])
            .put("people", small ? null : who.size()).put("lessonsCompleted", small ? null : lessons.get(key))
            .put("fewerThan", small ? SMALL_COUNT : null));
      });
      return new JsonObject().put("items", items);
    });
  }

  /** Demo catalogue: upserted by id, so a data directory from before courses existed gains the new fields. */
  private Future<Void> seed() {
    List<Future<?>> writes = new java.util.ArrayList<>();
    for (JsonObject c : LessonCatalog.courses()) {
      writes.add(mongo.replaceDocumentsWithOptions(COURSES, new JsonObject().put("_id", c.getString("_id")), c,
          new UpdateOptions().setUpsert(true)));
    }
    for (JsonObject l : LessonCatalog.demo()) {
      writes.add(mongo.replaceDocumentsWithOptions(LESSONS, new JsonObject().put("_id", l.getString("_id")), l,
          new UpdateOptions().setUpsert(true)));
    }
    return Future.all(writes).mapEmpty();
  }
}
