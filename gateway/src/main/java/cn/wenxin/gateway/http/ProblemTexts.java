package cn.wenxin.gateway.http;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A problem's {@code detail} in the reader's language, by its stable code ({@code problems/*.properties}). An
 * English reader gets the service's own detail (specific, and already written for a person); a Chinese reader gets the
 * text for the code, or for the status when the code has none, so no English reaches the Chinese UI.
 */
public final class ProblemTexts {

  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");
  private static final Properties EN = load("problems/en.properties");
  private static final Properties ZH = load("problems/zh-CN.properties");

  private ProblemTexts() {
  }

  /** True when the reader's first acceptable language is Chinese. */
  public static boolean wantsChinese(List<String> acceptableLanguages) {
    return !acceptableLanguages.isEmpty()
        && acceptableLanguages.get(0).toLowerCase(Locale.ROOT).startsWith("zh");
  }

  /** The detail to send: the text for the code in the reader's language, parameters filled from the extensions. */
  public static String detail(boolean chinese, String code, String fallbackCode, String serviceDetail,
      JsonObject extensions) {
    if (!chinese && serviceDetail != null && !serviceDetail.isBlank()) {
      return serviceDetail;
    }
    Properties texts = chinese ? ZH : EN;
    String text = texts.getProperty(code, texts.getProperty(fallbackCode, texts.getProperty("internal")));
    return fill(text, extensions);
  }

  /** The English text for a code (for problems the gateway makes itself, such as a failed validation). */
  public static String english(String code) {
    return EN.getProperty(code, code);
  }

  static boolean known(String code) {
    return EN.containsKey(code) && ZH.containsKey(code);
  }

  private static String fill(String text, JsonObject extensions) {
    Matcher m = PARAM.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object v = extensions.getValue(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v.toString()));
    }
    return m.appendTail(out).toString();
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    var in = ProblemTexts.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("Missing " + resource);
    }
    try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
