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
import java.util.List;

/** The expert directory: search, profiles, slots, avatars, and each expert's own availability rules. */
public class DirectoryVerticle extends VerticleBase {

  /** Widest window one slots request may ask for. */
  static final Duration MAX_SLOT_WINDOW = Duration.ofDays(31);
  static final int PROFILE_NEXT_SLOTS = 5;

  private ExpertStore experts;
  private AvailabilityStore availability;
  private BusyTimes busy;
  private java.time.ZoneId defaultZone;

  @Override
  public Future<?> start() {
    WenxinConfig config = WenxinConfig.from(config());
    MongoClient mongo = Mongo.client(vertx, config);
    experts = new ExpertStore(mongo);
    availability = new AvailabilityStore(mongo, config.service().defaultZone());
    busy = new BusyTimes(mongo);
    defaultZone = config.service().defaultZone();
    return new ServiceEndpoint(Addresses.DIRECTORY)
        .on("searchExperts", this::search)
        .on("getExpert", this::getExpert)
        .on("expertSlots", this::slots)
        .on("expertAvatar", this::avatar)
        .on("getMyAvailability", r -> availability.get(r.caller(Role.EXPERT).id()).map(Availability::toJson))
        .on("putMyAvailability", this::putAvailability)
        .bind(vertx);
  }

  private Future<JsonObject> search(ServiceRequest r) {
    ExpertSearch s = new ExpertSearch(r.param("topic"), r.param("gradeBand"), r.param("gender"), r.param("language"),
        r.param("mode"), r.param("q"), freeParam(r, "freeFrom"), freeParam(r, "freeTo"),
        intParam(r, "page", 1), intParam(r, "size", ExpertSearch.DEFAULT_PAGE_SIZE));
    Instant now = Instant.now();
    Instant windowTo = s.freeTo() != null ? s.freeTo() : now.plus(MAX_SLOT_WINDOW);
    return experts.active().compose(list -> availability.all().compose(rules ->
        busy.all(now, windowTo.isAfter(now.plus(90, ChronoUnit.DAYS)) ? windowTo : now.plus(90, ChronoUnit.DAYS))
            .map(busyByExpert -> {
              List<ExpertSearch.Candidate> candidates = new ArrayList<>();
              for (JsonObject e : list) {
                if (!s.matches(e)) {
                  continue;
                }
                String id = e.getString("_id");
                SlotCalendar cal = new SlotCalendar(rules.getOrDefault(id, Availability.empty(defaultZone)));
                List<SlotCalendar.Busy> b = busyByExpert.getOrDefault(id, List.of());
                List<SlotCalendar.Slot> next = cal.nextFree(now, b, 1);
                boolean inWindow = s.wantsWindow() && cal.slots(s.freeFrom() == null ? now : s.freeFrom(),
                    windowTo, now, b).stream().anyMatch(SlotCalendar.Slot::available);
                candidates.add(new ExpertSearch.Candidate(e, next.isEmpty() ? null : next.get(0).start(), inWindow));
              }
              return s.page(candidates);
            })));
  }

  private Future<JsonObject> getExpert(ServiceRequest r) {
    String id = r.requiredParam("id");
    Instant now = Instant.now();
    return expert(id).compose(e -> availability.get(id).compose(rules ->
        busy.of(id, now, now.plus(rules.horizonDays(), ChronoUnit.DAYS)).map(b -> {
          JsonArray next = new JsonArray();
          new SlotCalendar(rules).nextFree(now, b, PROFILE_NEXT_SLOTS).forEach(s -> next.add(slotJson(s)));
          return ExpertStore.view(e).put("timeZone", rules.zone().getId()).put("slotMinutes", rules.slotMinutes())
              .put("nextFreeSlots", next);
        })));
  }

  private Future<JsonArray> slots(ServiceRequest r) {
    String id = r.requiredParam("id");
    Instant now = Instant.now();
    Instant from = Times.parseOr(r.param("from"), now, "from");
    Instant to = Times.parseOr(r.param("to"), from.plus(Duration.ofDays(7)), "to");
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_SLOT_WINDOW) > 0) {
      return Future.failedFuture(ProblemException.unprocessable("'to' must be after 'from', at most 31 days later"));
    }
    return expert(id).compose(e -> availability.get(id)).compose(rules -> busy.of(id, from, to).map(b -> {
      JsonArray out = new JsonArray();
      new SlotCalendar(rules).slots(from, to, now, b).forEach(s -> out.add(slotJson(s)));
      return out;
    }));
  }

  private Future<ServiceReply> avatar(ServiceRequest r) {
    String id = r.requiredParam("id");
    return expert(id).map(e -> ServiceReply.text("image/svg+xml", Avatar.svg(id, e.getString("name"))));
  }

  private Future<JsonObject> putAvailability(ServiceRequest r) {
    String expertId = r.caller(Role.EXPERT).id();
    Availability rules = Availability.fromJson(r.bodyObject());
    return availability.put(expertId, rules).map(Availability::toJson);
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
