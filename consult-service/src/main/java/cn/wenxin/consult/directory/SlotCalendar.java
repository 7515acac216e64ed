package cn.wenxin.consult.directory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns an expert's rules into bookable slots: pure, no I/O, every instant in UTC. Each day's intervals are built
 * in the expert's zone and converted to instants once (a local time in a DST gap moves forward, in an overlap takes
 * the earlier offset); slots then step through real elapsed time, so a session is always slotMinutes long even on
 * the night the clocks change.
 */
public final class SlotCalendar {

  public record Slot(Instant start, Instant end, boolean available) {
  }

  /** Time already spoken for: a confirmed booking or a waitlist offer's hold. */
  public record Busy(Instant start, Instant end) {
  }

  public enum Verdict { OK, PAST, TOO_SOON, TOO_FAR, OUTSIDE_RULES, OFF_GRID, TAKEN, DAILY_CAP }

  private record Interval(int start, int end) {
  }

  private final Availability rules;

  public SlotCalendar(Availability rules) {
    this.rules = rules;
  }

  public Availability rules() {
    return rules;
  }

  public LocalDate localDate(Instant instant) {
    return instant.atZone(rules.zone()).toLocalDate();
  }

  /**
   * Whether a place on this local day could still open up for someone waiting: the expert works that day at a time
   * that is neither past, nor too soon, nor beyond the horizon. Otherwise a waitlist cannot help.
   */
  public boolean couldOpen(LocalDate day, Instant now) {
    return grid(day).stream().anyMatch(start -> timing(start, now) == Verdict.OK);
  }

  /** Every slot starting in [from, to), with whether it can still be booked at {@code now}. */
  public List<Slot> slots(Instant from, Instant to, Instant now, List<Busy> busy) {
    List<Slot> out = new ArrayList<>();
    LocalDate first = localDate(from).minusDays(1);
    LocalDate last = localDate(to);
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      addDay(out, d, from, to, now, busy, false);
    }
    out.sort(Comparator.comparing(Slot::start));
    return out;
  }

  private void addDay(List<Slot> out, LocalDate d, Instant from, Instant to, Instant now, List<Busy> busy,
                      boolean onlyAvailable) {
    long dayCount = busyOn(d, busy);
    for (Instant start : grid(d)) {
      if (start.isBefore(from) || !start.isBefore(to)) {
        continue;
      }
      Instant end = start.plus(slotLength());
      boolean ok = timing(start, now) == Verdict.OK && !overlaps(start, end, busy) && dayCount < rules.dailyCap();
      if (ok || !onlyAvailable) {
        out.add(new Slot(start, end, ok));
      }
    }
  }

  /**
   * The first {@code n} bookable slots from {@code now} to the horizon: the first of {@link #slots}' available ones,
   * found day by day. Every slot of a local day starts before every slot two days later, so once {@code n} are found
   * by day D, days after D + 1 cannot hold an earlier one (a directory search asks this of every expert; building
   * the whole horizon's list for it was most of the search's work).
   */
  public List<Slot> nextFree(Instant now, List<Busy> busy, int n) {
    Instant to = now.plus(rules.horizonDays(), ChronoUnit.DAYS).plusSeconds(1);
    List<Slot> found = new ArrayList<>();
    LocalDate last = localDate(to);
    LocalDate stopAfter = null;
    for (LocalDate d = localDate(now).minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
      if (stopAfter != null && d.isAfter(stopAfter)) {
        break;
      }
      addDay(found, d, now, to, now, busy, true);
      if (stopAfter == null && found.size() >= n) {
        stopAfter = d.plusDays(1);
      }
    }
    found.sort(Comparator.comparing(Slot::start));
    return found.size() <= n ? found : List.copyOf(found.subList(0, n));
  }

  /**
   * Why a start can or cannot be booked under the rules alone. Whether it is taken is for the unique claims to say,
   * so {@code busy} is consulted only when given (for display).
   */
  public Verdict check(Instant start, Instant now, List<Busy> busy) {
    Verdict timing = timing(start, now);
    if (timing != Verdict.OK) {
      return timing;
    }
    LocalDate day = localDate(start);
    if (!grid(day).contains(start)) {
      return covered(day, start) ? Verdict.OFF_GRID : Verdict.OUTSIDE_RULES;
    }
    if (overlaps(start, start.plus(slotLength()), busy)) {
      return Verdict.TAKEN;
    }
    return busyOn(day, busy) >= rules.dailyCap() ? Verdict.DAILY_CAP : Verdict.OK;
  }

  public Duration slotLength() {
    return Duration.ofMinutes(rules.slotMinutes());
  }

  private Verdict timing(Instant start, Instant now) {
    if (!start.isAfter(now)) {
      return Verdict.PAST;
    }
    if (start.isBefore(now.plus(Duration.ofMinutes(rules.minNoticeMinutes())))) {
      return Verdict.TOO_SOON;
    }
    if (start.isAfter(now.plus(rules.horizonDays(), ChronoUnit.DAYS))) {
      return Verdict.TOO_FAR;
    }
    return Verdict.OK;
  }

  /** Slot starts of one local day. */
  List<Instant> grid(LocalDate day) {
    List<Instant> starts = new ArrayList<>();
    Duration step = Duration.ofMinutes(rules.slotMinutes() + rules.bufferMinutes());
    for (Interval i : intervals(day)) {
      Instant end = at(day, i.end);
      for (Instant s = at(day, i.start); !s.plus(slotLength()).isAfter(end); s = s.plus(step)) {
        starts.add(s);
      }
    }
    return starts;
  }

  private boolean covered(LocalDate day, Instant t) {
    return intervals(day).stream().anyMatch(i -> !t.isBefore(at(day, i.start)) && t.isBefore(at(day, i.end)));
  }

  private List<Interval> intervals(LocalDate day) {
    List<Interval> list = new ArrayList<>();
    boolean dayOff = false;
    for (Availability.Exception e : rules.exceptions()) {
      dayOff |= e.date().equals(day) && e.kind().equals("off") && e.wholeDay();
    }
    if (!dayOff) {
      rules.weekly().stream().filter(w -> w.day() == day.getDayOfWeek().getValue())
          .forEach(w -> list.add(new Interval(w.start(), w.end())));
    }
    for (Availability.Exception e : rules.exceptions()) {
      if (e.date().equals(day) && e.kind().equals("off") && !e.wholeDay()) {
        subtract(list, e.start(), e.end());
      }
    }
    for (Availability.Exception e : rules.exceptions()) {
      if (e.date().equals(day) && e.kind().equals("extra")) {
        subtract(list, e.start(), e.end());   // extra hours never duplicate slots already there
        list.add(new Interval(e.start(), e.end()));
      }
    }
    list.sort(Comparator.comparingInt(Interval::start));
    return list;
  }

  private static void subtract(List<Interval> list, int start, int end) {
    List<Interval> out = new ArrayList<>();
    for (Interval i : list) {
      if (i.end <= start || i.start >= end) {
        out.add(i);
        continue;
      }
      if (i.start < start) {
        out.add(new Interval(i.start, start));
      }
      if (i.end > end) {
        out.add(new Interval(end, i.end));
      }
    }
    list.clear();
    list.addAll(out);
  }

  private Instant at(LocalDate day, int minutes) {
    LocalDate d = minutes == 1440 ? day.plusDays(1) : day;
    LocalTime t = minutes == 1440 ? LocalTime.MIDNIGHT : LocalTime.of(minutes / 60, minutes % 60);
    return ZonedDateTime.of(d, t, rules.zone()).toInstant();
  }

  private long busyOn(LocalDate day, List<Busy> busy) {
    return busy.stream().filter(b -> localDate(b.start()).equals(day)).count();
  }

  private static boolean overlaps(Instant start, Instant end, List<Busy> busy) {
    return busy.stream().anyMatch(b -> b.start().isBefore(end) && start.isBefore(b.end()));
  }
}
