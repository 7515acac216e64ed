package cn.wenxin.consult.booking;

import io.vertx.core.json.JsonObject;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.validate.ValidationResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Calendar files follow RFC 5545")
class BookingCalendarTest {

  private static JsonObject booking(String id, String status, int sequence) {
    return new JsonObject().put("_id", id).put("status", status).put("mode", "video").put("sequence", sequence)
        .put("start", "2030-03-04T01:00:00Z").put("end", "2030-03-04T01:50:00Z")
        .put("createdAt", "2030-03-01T08:00:00Z").put("updatedAt", "2030-03-02T09:30:00Z");
  }

  @Test
  @DisplayName("a feed with a confirmed and a cancelled, rescheduled booking passes ical4j's validator, one DTSTAMP each")
  void validates() throws Exception {
    String ics = BookingCalendar.of(List.of(booking("b1", "confirmed", 0), booking("b2", "cancelled", 2)),
        "https://wenxin.example");
    Calendar parsed = new CalendarBuilder().build(new StringReader(ics));
    ValidationResult result = parsed.validate(true);
    assertThat(result.hasErrors()).as(result.toString()).isFalse();
    List<VEvent> events = parsed.getComponents(net.fortuna.ical4j.model.Component.VEVENT);
    assertThat(events).hasSize(2);
    for (VEvent e : events) {
      assertThat(e.getProperties(Property.DTSTAMP)).hasSize(1);
      assertThat(e.getProperty(Property.DTSTAMP).orElseThrow().getValue()).isEqualTo("20300302T093000Z");
      assertThat(e.getProperty(Property.URL).orElseThrow().getValue()).startsWith("https://wenxin.example/");
    }
  }
}
