package cn.wenxin.consult.booking;

import cn.wenxin.consult.consent.Guardianship;
import cn.wenxin.infra.config.WenxinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail copies of notices, only when WENXIN_SMTP_HOST is set (off by default) and the person has an e-mail
 * address on their account. A mail failure never fails the notice: the in-app inbox is the record.
 */
public final class Mailer {

  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private final MailClient client;
  private final String from;
  private final Guardianship people;

  private Mailer(MailClient client, String from, Guardianship people) {
    this.client = client;
    this.from = from;
    this.people = people;
  }

  public static Mailer create(Vertx vertx, WenxinConfig config, Guardianship people) {
    WenxinConfig.Service s = config.service();
    MailClient client = s.emailEnabled()
        ? MailClient.createShared(vertx, new MailConfig().setHostname(s.smtpHost()).setPort(s.smtpPort()), "wenxin-mail")
        : null;
    return new Mailer(client, s.smtpFrom(), people);
  }

  Future<Void> send(JsonObject notice) {
    if (client == null) {
      return Future.succeededFuture();
    }
    return people.account(notice.getString("userId")).compose(account -> {
      String to = account == null ? null : account.getString("email");
      if (to == null) {
        return Future.succeededFuture();
      }
      MailMessage m = new MailMessage().setFrom(from).setTo(to).setSubject("温心有约：" + notice.getString("title"))
          .setText(notice.getString("body"));
      return client.sendMail(m).<Void>mapEmpty();
    }).recover(err -> {
      log.warn("E-mail copy of a {} notice not sent: {}", notice.getString("type"), err.getMessage());
      return Future.succeededFuture();
    });
  }
}
