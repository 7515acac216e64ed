package cn.wenxin.consult.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The directory's filters, sort and paging over profiles already loaded: pure, so it is tested without Mongo. */
public record ExpertSearch(String topic, String gradeBand, String gender, String language, String mode, String q,
                           Instant freeFrom, Instant freeTo, int page, int size) {

  public static final int DEFAULT_PAGE_SIZE = 20;

  /** One profile with its next free slot start (null: nothing free within the horizon). */
  public record Candidate(JsonObject expert, Instant nextFree, boolean freeInWindow) {
  }

  public boolean matches(JsonObject e) {
    return contains(e, "specialties", topic) && contains(e, "gradeBands", gradeBand)
        && (gender == null || gender.equals(e.getString("gender"))) && contains(e, "languages", language)
        && contains(e, "modes", mode) && text(e);
  }

  public boolean wantsWindow() {
    return freeFrom != null || freeTo != null;
  }

  public JsonObject page(List<Candidate> candidates) {
    List<Candidate> kept = candidates.stream()
        .filter(c -> !wantsWindow() || c.freeInWindow())
        .sorted(Comparator.comparing(Candidate::nextFree, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(c -> c.expert().getString("_id")))
        .toList();
    JsonArray items = new JsonArray();
    kept.stream().skip((long) (page - 1) * size).limit(size).forEach(c -> items.add(
        ExpertStore.view(c.expert()).put("nextFree", c.nextFree() == null ? null : Times.iso(c.nextFree()))));
    return new JsonObject().put("items", items).put("total", kept.size()).put("page", page).put("size", size);
  }

  private boolean text(JsonObject e) {
    if (q == null || q.isBlank()) {
      return true;
    }
    String needle = q.toLowerCase(Locale.ROOT);
    return java.util.stream.Stream.of("name", "title", "bio")
        .anyMatch(k -> e.getString(k, "").toLowerCase(Locale.ROOT).contains(needle));
  }

  private static boolean contains(JsonObject e, String field, String value) {
    return value == null || e.getJsonArray(field, new JsonArray()).contains(value);
  }
}
