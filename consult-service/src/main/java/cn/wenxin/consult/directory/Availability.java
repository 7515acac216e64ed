package cn.wenxin.consult.directory;

import cn.wenxin.infra.error.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * An expert's published rules, in the expert's own zone. Times of day are minutes after local midnight (0..1440), so
 * "24:00" is simply 1440. Every default is written here once.
 */
public record Availability(ZoneId zone, int slotMinutes, int bufferMinutes, int minNoticeMinutes, int horizonDays,
                           int dailyCap, List<Weekly> weekly, List<Exception> exceptions) {

  public static final String DEFAULT_ZONE = "Asia/Shanghai";
  public static final int DEFAULT_SLOT_MINUTES = 50;
  public static final int DEFAULT_BUFFER_MINUTES = 10;
  /** Issue 4: minimum notice 2 h. */
  public static final int DEFAULT_MIN_NOTICE_MINUTES = 120;
  /** Issue 4: horizon 30 days. */
  public static final int DEFAULT_HORIZON_DAYS = 30;
  public static final int DEFAULT_DAILY_CAP = 6;

  /** ISO day of week, 1 = Monday. */
  public record Weekly(int day, int start, int end) {
  }

  /** kind "off" without times: the whole day; "off" with times removes that range; "extra" adds a range. */
  public record Exception(LocalDate date, String kind, Integer start, Integer end) {
    public boolean wholeDay() {
      return start == null || end == null;
    }
  }

  /** Nothing published yet: no weekly hours at all, the defaults for everything else. */
  public static Availability empty(ZoneId zone) {
    return new Availability(zone, DEFAULT_SLOT_MINUTES, DEFAULT_BUFFER_MINUTES, DEFAULT_MIN_NOTICE_MINUTES,
        DEFAULT_HORIZON_DAYS, DEFAULT_DAILY_CAP, List.of(), List.of());
  }

  /** Parses and validates; a {@code 422} problem names the first thing wrong. */
  public static Availability fromJson(JsonObject j) {
    ZoneId zone;
    try {
      zone = ZoneId.of(j.getString("timeZone", DEFAULT_ZONE));
    } catch (DateTimeException e) {
      throw ProblemException.unprocessable("Unknown time zone '" + j.getString("timeZone") + "'")
          .withCode("time_zone_unknown");
    }
    List<Weekly> weekly = new ArrayList<>();
    for (Object o : j.getJsonArray("weekly", new JsonArray())) {
      JsonObject w = (JsonObject) o;
      int start = minutes(w.getString("start"));
      int end = minutes(w.getString("end"));
      int day = w.getInteger("day", 0);
      if (day < 1 || day > 7 || start >= end) {
        throw invalid("Weekly rule " + w.encode() + ": day 1..7 and start before end");
      }
      weekly.add(new Weekly(day, start, end));
    }
    List<Exception> exceptions = new ArrayList<>();
    for (Object o : j.getJsonArray("exceptions", new JsonArray())) {
      exceptions.add(exception((JsonObject) o));
    }
    Availability a = new Availability(zone, j.getInteger("slotMinutes", DEFAULT_SLOT_MINUTES),
        j.getInteger("bufferMinutes", DEFAULT_BUFFER_MINUTES),
        j.getInteger("minNoticeMinutes", DEFAULT_MIN_NOTICE_MINUTES),
        j.getInteger("horizonDays", DEFAULT_HORIZON_DAYS), j.getInteger("dailyCap", DEFAULT_DAILY_CAP),
        List.copyOf(weekly), List.copyOf(exceptions));
    if (a.slotMinutes < 5 || a.bufferMinutes < 0 || a.minNoticeMinutes < 0 || a.horizonDays < 1 || a.dailyCap < 1) {
      throw invalid("Slot length, buffer, notice, horizon and daily cap must be positive");
    }
    return a;
  }

  private static Exception exception(JsonObject e) {
    LocalDate date;
    try {
      date = LocalDate.parse(e.getString("date", ""));
    } catch (DateTimeException bad) {
      throw invalid("Exception date '" + e.getString("date") + "' is not YYYY-MM-DD");
    }
    String kind = e.getString("kind", "");
    Integer start = e.getString("start") == null ? null : minutes(e.getString("start"));
    Integer end = e.getString("end") == null ? null : minutes(e.getString("end"));
    if (!kind.equals("off") && !kind.equals("extra")) {
      throw invalid("Exception kind must be off or extra");
    }
    if ((start == null) != (end == null) || (start != null && start >= end)) {
      throw invalid("Exception on " + date + ": give both start and end, start before end");
    }
    if (kind.equals("extra") && start == null) {
      throw invalid("Extra hours on " + date + " need a start and an end");
    }
    return new Exception(date, kind, start, end);
  }

  static int minutes(String hhmm) {
    if (hhmm == null || !hhmm.matches("^([01][0-9]|2[0-4]):[0-5][0-9]$")) {
      throw invalid("Time of day '" + hhmm + "' is not HH:mm");
    }
    int m = Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
    if (m > 1440) {
      throw invalid("Time of day '" + hhmm + "' is after 24:00");
    }
    return m;
  }

  private static ProblemException invalid(String detail) {
    return ProblemException.unprocessable(detail).withCode("availability_invalid");
  }

  static String hhmm(int minutes) {
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  public JsonObject toJson() {
    JsonArray w = new JsonArray();
    weekly.forEach(r -> w.add(new JsonObject().put("day", r.day).put("start", hhmm(r.start)).put("end", hhmm(r.end))));
    JsonArray ex = new JsonArray();
    for (Exception e : exceptions) {
      JsonObject o = new JsonObject().put("date", e.date.toString()).put("kind", e.kind);
      if (!e.wholeDay()) {
        o.put("start", hhmm(e.start)).put("end", hhmm(e.end));
      }
      ex.add(o);
    }
    return new JsonObject().put("timeZone", zone.getId()).put("slotMinutes", slotMinutes)
        .put("bufferMinutes", bufferMinutes).put("minNoticeMinutes", minNoticeMinutes)
        .put("horizonDays", horizonDays).put("dailyCap", dailyCap).put("weekly", w).put("exceptions", ex);
  }
}
