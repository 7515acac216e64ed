package cn.wenxin.consult.booking;

import io.vertx.core.json.JsonObject;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * RFC 5545 calendars built with ical4j. UID is stable per booking ({@code <bookingId>@wenxin}), SEQUENCE grows with
 * each reschedule, DTSTART/DTEND are UTC. Summaries carry no names: a feed URL may end up in a calendar app.
 */
final class BookingCalendar {

  static final String CONTENT_TYPE = "text/calendar; charset=utf-8";
  private static final String PROD_ID = "-//Wenxin//温心有约//ZH";

  private BookingCalendar() {
  }

  static String of(List<JsonObject> bookings, String publicUrl) {
    Calendar cal = new Calendar();
    cal.add(new net.fortuna.ical4j.model.property.ProdId(PROD_ID));
    cal.add(ImmutableVersion.VERSION_2_0);
    cal.add(ImmutableCalScale.GREGORIAN);
    for (JsonObject b : bookings) {
      cal.add(event(b, publicUrl));
    }
    return cal.toString();
  }

  private static VEvent event(JsonObject b, String publicUrl) {
    String id = b.getString("_id", b.getString("id"));
    VEvent e = new VEvent(Instant.parse(b.getString("start")), Instant.parse(b.getString("end")),
        "温心有约 心理咨询（" + ("video".equals(b.getString("mode")) ? "视频" : "文字") + "）");
    e.add(new Uid(id + "@wenxin"));
    e.add(new DtStamp(Instant.parse(b.getString("updatedAt", b.getString("createdAt")))));
    e.add(new Sequence(b.getInteger("sequence", 0)));
    // The way in: the session page of this booking (it asks the viewer to sign in; the link alone opens nothing).
    String joinUrl = publicUrl + StudentShown.joinPath(id);
    e.add(new Url(URI.create(joinUrl)));
    e.add(new Location(joinUrl));
    e.add("confirmed".equals(b.getString("status")) ? ImmutableStatus.VEVENT_CONFIRMED
        : ImmutableStatus.VEVENT_CANCELLED);
    return e;
  }
}
