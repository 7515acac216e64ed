package cn.wenxin.infra.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Logback {@code <define>}: which appender the root logger writes to. {@code WENXIN_LOG_FORMAT=json} (a logger
 * context property, else the environment) picks "JSON", one object per line; anything else the readable "TEXT".
 */
public class LogFormat extends PropertyDefinerBase {

  @Override
  public String getPropertyValue() {
    String format = getContext() == null ? null : getContext().getProperty("WENXIN_LOG_FORMAT");
    if (format == null) {
      format = System.getenv("WENXIN_LOG_FORMAT");
    }
    return "json".equalsIgnoreCase(format == null ? "" : format.trim()) ? "JSON" : "TEXT";
  }
}
