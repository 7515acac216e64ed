package cn.wenxin.infra.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One JSON object per line ({@code WENXIN_LOG_FORMAT=json}): time, level, logger, thread, message, the request id of
 * the Vert.x context the line was logged on (the same id on the gateway and on the service behind the event bus),
 * this node's name and, if any, the exception with its stack. Logback's own JsonEncoder has neither the request
 * id (a Vert.x context local, not the thread's MDC) nor short field names, hence this.
 */
public class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonObject line = new JsonObject()
        .put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString())
        .put("level", event.getLevel().toString())
        .put("logger", event.getLoggerName())
        .put("thread", event.getThreadName())
        .put("message", event.getFormattedMessage());
    String requestId = RequestContext.forLog();
    if (requestId != null) {
      line.put("requestId", requestId);
    }
    line.put("node", NodeName.get());
    if (event.getThrowableProxy() != null) {
      line.put("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
