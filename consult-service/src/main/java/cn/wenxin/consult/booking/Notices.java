package cn.wenxin.consult.booking;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The in-app messages bookings send. Each has a {@code type} and {@code data} (booking id, start instant, expert
 * name...) so that the web client can show it in the viewer's language and zone; title and body are Chinese, with
 * times in the service's zone.
 */
final class Notices {

  private static final DateTimeFormatter ZH = DateTimeFormatter.ofPattern("M月d日 HH:mm");

  private final ZoneId zone;

  Notices(ZoneId zone) {
    this.zone = zone;
  }

  JsonObject of(String userId, String type, JsonObject booking) {
    String when = ZH.format(Instant.parse(booking.getString("start")).atZone(zone));
    String expert = booking.getString("expertName", "");
    // The expert reads the student only as the student chose to be shown.
    String student = userId.equals(booking.getString("expertId")) ? StudentShown.label(booking)
        : booking.getString("studentName", "");
    String[] text = switch (type) {
      case "booking_created" -> new String[] {"预约成功", "您已预约" + expert + "老师，时间 " + when + "。"};
      case "booking_received" -> new String[] {"新的预约", student + " 预约了 " + when + " 的咨询。"};
      case "booking_cancelled" -> new String[] {"预约已取消", when + " 与" + expert + "老师的咨询已取消。"};
      case "booking_cancelled_by_expert" -> new String[] {"老师取消了预约",
          expert + "老师取消了 " + when + " 的咨询，我们为您推荐了其他时间。"};
      case "booking_rescheduled" -> new String[] {"预约已改期", "咨询已改到 " + when + "。"};
      case "guardian_consent_needed" -> new String[] {"需要监护人同意",
          student + " 已预约 " + when + " 的咨询。孩子未满14周岁，首次咨询前请在“监护人同意”页面确认。"};
      case "reminder_24h" -> new String[] {"明天有咨询", "提醒：" + when + " 与" + expert + "老师的咨询。"};
      case "reminder_15m" -> new String[] {"咨询即将开始", "15分钟后（" + when + "）开始与" + expert + "老师的咨询。"};
      case "waitlist_offer" -> new String[] {"候补有空位了", expert + "老师 " + when + " 有空位，为您保留10分钟。"};
      case "no_show" -> new String[] {"未出席", when + " 的咨询已记录为未出席。"};
      default -> new String[] {"预约通知", when};
    };
    JsonObject data = new JsonObject().put("bookingId", booking.getString("_id", booking.getString("id")))
        .put("start", booking.getString("start")).put("end", booking.getString("end"))
        .put("expertId", booking.getString("expertId")).put("expertName", expert).put("studentName", student)
        .put("joinPath", StudentShown.joinPath(booking.getString("_id", booking.getString("id"))));
    return new JsonObject().put("userId", userId).put("type", type).put("title", text[0]).put("body", text[1])
        .put("data", data);
  }

  /** The same notice to several people. */
  JsonArray toAll(Iterable<String> userIds, String type, JsonObject booking) {
    JsonArray a = new JsonArray();
    userIds.forEach(u -> a.add(of(u, type, booking)));
    return a;
  }
}
