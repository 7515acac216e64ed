package cn.wenxin.consult.directory;

import cn.wenxin.infra.bus.Addresses;
import cn.wenxin.infra.bus.ServiceEndpoint;
import cn.wenxin.infra.bus.ServiceReply;
import cn.wenxin.infra.bus.ServiceRequest;
import cn.wenxin.infra.config.WenxinConfig;
import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.mongo.Mongo;
import cn.wenxin.infra.security.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The expert directory: search, profiles, slots, avatars, and each expert's own availability rules. */
public class DirectoryVerticle extends VerticleBase {

  /** Widest window one slots request may ask for. */
  static final Duration MAX_SLOT_WINDOW = Duration.ofDays(31);
  static final int PROFILE_NEXT_SLOTS = 5;
  /** How far ahead a search loads everyone's busy times; beyond it only for experts with nothing free sooner. */
  static final Duration NEAR_BUSY = Duration.ofDays(14);

  private ExpertStore experts;
  private AvailabilityStore availability;
  private BusyTimes busy;
  private ExpertAdmin admin;
  private DirectorySnapshot snapshot;
  private java.time.ZoneId defaultZone;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    experts = new ExpertStore(mongo);
    availability = new AvailabilityStore(mongo, config.service().defaultZone());
    busy = new BusyTimes(mongo);
    admin = new ExpertAdmin(mongo);
    snapshot = DirectorySnapshot.of(vertx);
    defaultZone = config.service().defaultZone();
    return new ServiceEndpoint(Addresses.DIRECTORY)
        .on("searchExperts", this::search)
        .on("getExpert", this::getExpert)
        .on("expertSlots", this::slots)
        .on("expertAvatar", this::avatar)
        .on("getMyAvailability", r -> availability.get(r.caller(Role.EXPERT).id()).map(Availability::toJson))
        .on("putMyAvailability", r -> changing(() -> putAvailability(r)))
        .on("adminListExperts", admin::list)
        .on("adminCreateExpert", r -> changing(() -> admin.create(r)))
        .on("adminUpdateExpert", r -> changing(() -> admin.update(r)))
        .bind(vertx);
  }

  private Future<JsonObject> search(ServiceRequest r) {
    ExpertSearch s = new ExpertSearch(r.param("topic"), r.param("gradeBand"), r.param("gender"), r.param("language"),
        r.param("mode"), r.param("q"), freeParam(r, "freeFrom"), freeParam(r, "freeTo"),
        intParam(r, "page", 1), intParam(r, "size", ExpertSearch.DEFAULT_PAGE_SIZE));
    Instant now = Instant.now();
    Instant windowTo = s.freeTo() != null ? s.freeTo() : now.plus(MAX_SLOT_WINDOW);
    // Busy times of the next two weeks (and the asked window) for everyone; the far horizon only for the few
    // experts with nothing free that soon, so a query stays cheap as bookings pile up.
    Instant nearTo = Collections.max(List.of(windowTo, now.plus(NEAR_BUSY)));
    Future<DirectorySnapshot.View> directory = directory();
    Future<Map<String, List<SlotCalendar.Busy>>> near = busy.all(now, nearTo);
    return Future.all(directory, near).compose(v -> {
      List<Future<ExpertSearch.Candidate>> candidates = new ArrayList<>();
      for (JsonObject e : directory.result().experts()) {
        if (s.matches(e)) {
          String id = e.getString("_id");
          Availability a = directory.result().rules().getOrDefault(id, Availability.empty(defaultZone));
          candidates.add(candidate(s, e, a, near.result().getOrDefault(id, List.of()), now, windowTo, nearTo));
        }
      }
      return Future.all(candidates).map(all -> s.page(all.list()));
    });
  }

  private Future<ExpertSearch.Candidate> candidate(ExpertSearch s, JsonObject expert, Availability rules,
      List<SlotCalendar.Busy> near, Instant now, Instant windowTo, Instant nearTo) {
    SlotCalendar cal = new SlotCalendar(rules);
    boolean inWindow = s.wantsWindow() && cal.slots(s.freeFrom() == null ? now : s.freeFrom(), windowTo, now, near)
        .stream().anyMatch(SlotCalendar.Slot::available);
    List<SlotCalendar.Slot> next = cal.nextFree(now, near, 1);
    if (!next.isEmpty() && next.get(0).start().isBefore(nearTo)) {
      return Future.succeededFuture(new ExpertSearch.Candidate(expert, next.get(0).start(), inWindow));
    }
    Instant horizon = now.plus(rules.horizonDays(), ChronoUnit.DAYS);
    if (!horizon.isAfter(nearTo)) {
      return Future.succeededFuture(new ExpertSearch.Candidate(expert, null, inWindow));
    }
    return busy.of(expert.getString("_id"), now, horizon).map(all -> {
      List<SlotCalendar.Slot> later = cal.nextFree(now, all, 1);
      return new ExpertSearch.Candidate(expert, later.isEmpty() ? null : later.get(0).start(), inWindow);
    });
  }

  private Future<JsonObject> getExpert(ServiceRequest r) {
    String id = r.requiredParam("id");
    Instant now = Instant.now();
    Future<JsonObject> profile = expert(id);
    Future<Availability> rules = availability.get(id);
    return Future.all(profile, rules)
        .compose(v -> busy.of(id, now, now.plus(rules.result().horizonDays(), ChronoUnit.DAYS)))
        .map(b -> {
          JsonArray next = new JsonArray();
          new SlotCalendar(rules.result()).nextFree(now, b, PROFILE_NEXT_SLOTS).forEach(s -> next.add(slotJson(s)));
          return ExpertStore.view(profile.result()).put("timeZone", rules.result().zone().getId())
              .put("slotMinutes", rules.result().slotMinutes()).put("nextFreeSlots", next);
        });
  }

  /** The expert's slots in the window, as {items} like every list. */
  private Future<JsonObject> slots(ServiceRequest r) {
    String id = r.requiredParam("id");
    Instant now = Instant.now();
    Instant from = Times.parseOr(r.param("from"), now, "from");
    Instant to = Times.parseOr(r.param("to"), from.plus(Duration.ofDays(7)), "to");
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_SLOT_WINDOW) > 0) {
      return Future.failedFuture(ProblemException.unprocessable("'to' must be after 'from', at most 31 days later"));
    }
    return rulesOf(id).compose(rules -> busy.of(id, from, to).map(b -> {
      SlotCalendar cal = new SlotCalendar(rules);
      List<SlotCalendar.Slot> slots = cal.slots(from, to, now, b);
      JsonArray out = new JsonArray();
      slots.forEach(s -> out.add(slotJson(s)));
      return new JsonObject().put("items", out).put("waitlistDates", waitlistDates(cal, slots, from, to, now));
    }));
  }

  /** Days (the expert's dates) that are full now but where a place could still open: where a waitlist helps. */
  private static JsonArray waitlistDates(SlotCalendar cal, List<SlotCalendar.Slot> slots, Instant from, Instant to,
      Instant now) {
    JsonArray out = new JsonArray();
    for (var day = cal.localDate(from); !day.isAfter(cal.localDate(to.minusSeconds(1))); day = day.plusDays(1)) {
      var d = day;
      boolean free = slots.stream().anyMatch(s -> s.available() && cal.localDate(s.start()).equals(d));
      if (!free && cal.couldOpen(day, now)) {
        out.add(day.toString());
      }
    }
    return out;
  }

  private Future<ServiceReply> avatar(ServiceRequest r) {
    String id = r.requiredParam("id");
    return expert(id).map(e -> ServiceReply.text("image/svg+xml", Avatar.svg(id, e.getString("name"))));
  }

  /** A write to profiles or rules: the directory snapshot is forgotten before it is sent and when it is answered. */
  private <T> Future<T> changing(java.util.function.Supplier<Future<T>> write) {
    snapshot.changed();
    return write.get().onComplete(r -> snapshot.changed());
  }

  private Future<JsonObject> putAvailability(ServiceRequest r) {
    String expertId = r.caller(Role.EXPERT).id();
    Availability rules = Availability.fromJson(r.bodyObject());
    return availability.put(expertId, rules).map(Availability::toJson);
  }

  /** Active experts and their rules, as read at most {@link DirectorySnapshot#REMEMBER} ago (or changed here). */
  private Future<DirectorySnapshot.View> directory() {
    return snapshot.get(() -> Future.all(experts.active(), availability.all())
        .map(both -> new DirectorySnapshot.View(both.resultAt(0), both.resultAt(1))));
  }

  /**
   * An expert's rules for a slot listing: from the directory snapshot when they are an active expert with rules
   * there (two reads saved per listing), else read, with a 404 for no such expert. Busy times are always read.
   */
  private Future<Availability> rulesOf(String id) {
    return directory().compose(d -> {
      Availability kept = d.rules().get(id);
      boolean active = kept != null && d.experts().stream().anyMatch(e -> id.equals(e.getString("_id")));
      return active ? Future.succeededFuture(kept) : expert(id).compose(e -> availability.get(id));
    });
  }

  private Future<JsonObject> expert(String id) {
    return experts.find(id).compose(e -> e == null
        ? Future.failedFuture(ProblemException.notFound("No expert " + id))
        : Future.succeededFuture(e));
  }

  static JsonObject slotJson(SlotCalendar.Slot s) {
    return new JsonObject().put("start", Times.iso(s.start())).put("end", Times.iso(s.end()))
        .put("available", s.available());
  }

  private static Instant freeParam(ServiceRequest r, String name) {
    return r.param(name) == null ? null : Times.parse(r.param(name), name);
  }

  private static int intParam(ServiceRequest r, String name, int def) {
    String v = r.param(name);
    try {
      return v == null ? def : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("'" + name + "' must be a whole number");
    }
  }
}
