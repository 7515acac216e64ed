package cn.wenxin.consult.consent;

import cn.wenxin.infra.error.ProblemException;
import cn.wenxin.infra.security.Secrets;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The exact words people consent to, versioned, in one place ({@code consent/notices.json}). The page shows the text
 * it is given; a consent names the SHA-256 of that text, so a record proves which words were on the screen.
 */
public final class ConsentTexts {

  public static final String TRANSCRIPT = "transcript";
  public static final String DEFAULT_LOCALE = "zh-CN";

  private final JsonObject versions;
  private final String currentVersion;
  private final long retentionDays;

  private ConsentTexts(JsonObject versions, String currentVersion, long retentionDays) {
    this.versions = versions;
    this.currentVersion = currentVersion;
    this.retentionDays = retentionDays;
  }

  /** Fails at start-up when the configured policy version has no transcript notice: no consent without words. */
  public static ConsentTexts load(String currentVersion, long retentionDays) {
    try (InputStream in = ConsentTexts.class.getResourceAsStream("/consent/notices.json")) {
      ConsentTexts texts = new ConsentTexts(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)),
          currentVersion, retentionDays);
      texts.notice(TRANSCRIPT, DEFAULT_LOCALE);
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ProblemException e) {
      throw new IllegalStateException("No transcript notice for policy version " + currentVersion, e);
    }
  }

  public String version() {
    return currentVersion;
  }

  /** {scope, policyVersion, locale, text, textHash, retentionDays}; an unknown locale gets the Chinese text. */
  public JsonObject notice(String scope, String locale) {
    JsonObject byScope = versions.getJsonObject(currentVersion, new JsonObject()).getJsonObject(scope);
    if (byScope == null) {
      throw ProblemException.notFound("No notice '" + scope + "'");
    }
    String lang = byScope.containsKey(locale) ? locale : DEFAULT_LOCALE;
    String text = byScope.getString(lang).replace("{retentionDays}", Long.toString(retentionDays));
    return new JsonObject().put("scope", scope).put("policyVersion", currentVersion).put("locale", lang)
        .put("text", text).put("textHash", Secrets.sha256(text)).put("retentionDays", retentionDays);
  }
}
