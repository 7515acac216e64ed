package cn.wenxin.consult.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlotCalendarTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static SlotCalendar calendar(String zone, JsonArray weekly, JsonArray exceptions) {
    return new SlotCalendar(Availability.fromJson(new JsonObject().put("timeZone", zone).put("slotMinutes", 50)
        .put("bufferMinutes", 10).put("minNoticeMinutes", 120).put("horizonDays", 30).put("dailyCap", 6)
        .put("weekly", weekly).put("exceptions", exceptions)));
  }

  private static JsonArray everyDay(String start, String end) {
    JsonArray a = new JsonArray();
    for (int d = 1; d <= 7; d++) {
      a.add(new JsonObject().put("day", d).put("start", start).put("end", end));
    }
    return a;
  }

  private static List<Instant> starts(SlotCalendar c, String from, String to, Instant now) {
    return c.slots(Instant.parse(from), Instant.parse(to), now, List.of()).stream().map(SlotCalendar.Slot::start)
        .toList();
  }

  private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @DisplayName("A Shanghai morning of 09:00-12:00 gives three 50-minute slots an hour apart, in UTC")
  void shanghaiMorning() {
    SlotCalendar c = calendar("Asia/Shanghai",
        new JsonArray().add(new JsonObject().put("day", 1).put("start", "09:00").put("end", "12:00")), new JsonArray());
    assertThat(starts(c, "2026-12-06T16:00:00Z", "2026-12-07T16:00:00Z", LONG_AGO)).containsExactly(
        Instant.parse("2026-12-07T01:00:00Z"), Instant.parse("2026-12-07T02:00:00Z"),
        Instant.parse("2026-12-07T03:00:00Z"));
  }

  @Test
  @DisplayName("A Berlin viewer of a Shanghai expert sees 04:00 before the October change and 03:00 after it")
  void berlinViewerAcrossAutumnChange() {
    SlotCalendar c = calendar("Asia/Shanghai", everyDay("10:00", "11:00"), new JsonArray());
    List<Instant> s = starts(c, "2026-10-23T20:00:00Z", "2026-10-26T20:00:00Z", LONG_AGO);
    assertThat(s).containsExactly(Instant.parse("2026-10-24T02:00:00Z"), Instant.parse("2026-10-25T02:00:00Z"),
        Instant.parse("2026-10-26T02:00:00Z"));
    assertThat(s.stream().map(i -> i.atZone(BERLIN).toLocalTime()).toList())
        .containsExactly(LocalTime.of(4, 0), LocalTime.of(3, 0), LocalTime.of(3, 0));
  }

  @Test
  @DisplayName("A Berlin expert's 09:00 stays 09:00 local while its UTC instant moves by an hour in October")
  void berlinExpertAcrossAutumnChange() {
    SlotCalendar c = calendar("Europe/Berlin", everyDay("09:00", "10:00"), new JsonArray());
    List<Instant> s = starts(c, "2026-10-24T00:00:00Z", "2026-10-26T23:00:00Z", LONG_AGO);
    assertThat(s).containsExactly(Instant.parse("2026-10-24T07:00:00Z"), Instant.parse("2026-10-25T08:00:00Z"),
        Instant.parse("2026-10-26T08:00:00Z"));
  }

  @Test
  @DisplayName("A New York expert's 09:00 moves from 13:00Z to 14:00Z when daylight saving ends on 1 November")
  void newYorkAcrossAutumnChange() {
    SlotCalendar c = calendar("America/New_York", everyDay("09:00", "10:00"), new JsonArray());
    assertThat(starts(c, "2026-10-31T00:00:00Z", "2026-11-02T23:00:00Z", LONG_AGO)).containsExactly(
        Instant.parse("2026-10-31T13:00:00Z"), Instant.parse("2026-11-01T14:00:00Z"),
        Instant.parse("2026-11-02T14:00:00Z"));
  }

  @Test
  @DisplayName("On the spring-forward night in Berlin, 01:00-04:00 holds only the two real hours of slots")
  void springForwardGap() {
    SlotCalendar c = calendar("Europe/Berlin",
        new JsonArray().add(new JsonObject().put("day", 7).put("start", "01:00").put("end", "04:00")), new JsonArray());
    List<SlotCalendar.Slot> s = c.slots(Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-29T12:00:00Z"),
        LONG_AGO, List.of());
    assertThat(s).extracting(SlotCalendar.Slot::start)
        .containsExactly(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(s).allMatch(x -> x.end().getEpochSecond() - x.start().getEpochSecond() == 50 * 60);
  }

  @Test
  @DisplayName("A whole-day exception removes the day and an extra exception adds hours")
  void exceptions() {
    JsonArray ex = new JsonArray()
        .add(new JsonObject().put("date", "2026-12-07").put("kind", "off"))
        .add(new JsonObject().put("date", "2026-12-08").put("kind", "extra").put("start", "20:00").put("end", "21:00"));
    SlotCalendar c = calendar("Asia/Shanghai", everyDay("09:00", "10:00"), ex);
    assertThat(starts(c, "2026-12-06T16:00:00Z", "2026-12-08T16:00:00Z", LONG_AGO)).containsExactly(
        Instant.parse("2026-12-08T01:00:00Z"), Instant.parse("2026-12-08T12:00:00Z"));
  }

  @Test
  @DisplayName("Past, too soon, too far, off the grid and outside the rules are each told apart")
  void verdicts() {
    SlotCalendar c = calendar("Asia/Shanghai", everyDay("09:00", "12:00"), new JsonArray());
    Instant now = Instant.parse("2026-12-07T00:30:00Z");   // 08:30 in Shanghai
    assertThat(c.check(Instant.parse("2026-12-06T01:00:00Z"), now, List.of())).isEqualTo(SlotCalendar.Verdict.PAST);
    assertThat(c.check(Instant.parse("2026-12-07T01:00:00Z"), now, List.of()))
        .isEqualTo(SlotCalendar.Verdict.TOO_SOON);
    assertThat(c.check(Instant.parse("2027-01-20T01:00:00Z"), now, List.of()))
        .isEqualTo(SlotCalendar.Verdict.TOO_FAR);
    assertThat(c.check(Instant.parse("2026-12-08T01:30:00Z"), now, List.of()))
        .isEqualTo(SlotCalendar.Verdict.OFF_GRID);
    assertThat(c.check(Instant.parse("2026-12-08T08:00:00Z"), now, List.of()))
        .isEqualTo(SlotCalendar.Verdict.OUTSIDE_RULES);
    assertThat(c.check(Instant.parse("2026-12-08T03:00:00Z"), now, List.of())).isEqualTo(SlotCalendar.Verdict.OK);
  }

  @Test
  @DisplayName("A booked slot shows as unavailable and a full day shows every slot as unavailable")
  void busyAndDailyCap() {
    JsonObject rules = new JsonObject().put("timeZone", "Asia/Shanghai").put("slotMinutes", 50).put("bufferMinutes", 10)
        .put("minNoticeMinutes", 0).put("horizonDays", 30).put("dailyCap", 2).put("weekly", everyDay("09:00", "12:00"))
        .put("exceptions", new JsonArray());
    SlotCalendar c = new SlotCalendar(Availability.fromJson(rules));
    Instant t1 = Instant.parse("2026-12-08T01:00:00Z");
    Instant now = t1.minusSeconds(86_400);
    SlotCalendar.Busy one = new SlotCalendar.Busy(t1, t1.plusSeconds(3000));
    List<SlotCalendar.Slot> s = c.slots(t1, t1.plusSeconds(4 * 3600), now, List.of(one));
    assertThat(s).extracting(SlotCalendar.Slot::available).containsExactly(false, true, true);
    SlotCalendar.Busy two = new SlotCalendar.Busy(t1.plusSeconds(3600), t1.plusSeconds(6600));
    assertThat(c.slots(t1, t1.plusSeconds(4 * 3600), now, List.of(one, two)))
        .extracting(SlotCalendar.Slot::available).containsExactly(false, false, false);
  }
  @Test
  @DisplayName("nextFree, found day by day, is always the first available ones of the whole horizon's slot list")
  void nextFreeMatchesWholeList() {
    java.util.Random random = new java.util.Random(13);
    for (String zone : List.of("Asia/Shanghai", "Europe/Berlin", "America/New_York")) {
      SlotCalendar c = calendar(zone, everyDay("08:00", "22:00"), new JsonArray());
      for (int round = 0; round < 20; round++) {
        Instant now = Instant.parse("2026-10-20T00:00:00Z").plus(java.time.Duration.ofMinutes(random.nextInt(20 * 1440)));
        List<SlotCalendar.Busy> busy = new java.util.ArrayList<>();
        int taken = random.nextInt(150);
        for (int i = 0; i < taken; i++) {
          Instant s = now.plus(java.time.Duration.ofMinutes(random.nextInt(12 * 1440)));
          busy.add(new SlotCalendar.Busy(s, s.plus(java.time.Duration.ofMinutes(50 + random.nextInt(120)))));
        }
        int n = 1 + random.nextInt(8);
        Instant to = now.plus(30, java.time.temporal.ChronoUnit.DAYS).plusSeconds(1);
        List<SlotCalendar.Slot> whole = c.slots(now, to, now, busy).stream().filter(SlotCalendar.Slot::available)
            .limit(n).toList();
        assertThat(c.nextFree(now, busy, n)).as("%s from %s, %d busy, n=%d", zone, now, taken, n)
            .containsExactlyElementsOf(whole);
      }
    }
  }
}
