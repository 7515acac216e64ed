package cn.wenxin.consult.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The directory's filters, sort and paging over profiles already loaded: pure, so it is tested without Mongo. Words
 * ({@code q}) match names, titles and bios, and through {@link SearchWords} the topics they mean; with words, the
 * best matches come first.
 */
public record ExpertSearch(String topic, String gradeBand, String gender, String language, String mode, String q,
                           Instant freeFrom, Instant freeTo, int page, int size) {

  public static final int DEFAULT_PAGE_SIZE = 20;

  /** One profile with its next free slot start (null: nothing free within the horizon). */
  public record Candidate(JsonObject expert, Instant nextFree, boolean freeInWindow) {
  }

  public boolean matches(JsonObject e) {
    return contains(e, "specialties", topic) && contains(e, "gradeBands", gradeBand)
        && (gender == null || gender.equals(e.getString("gender"))) && contains(e, "languages", language)
        && contains(e, "modes", mode) && (!hasWords() || relevance(e) > 0);
  }

  public boolean hasWords() {
    return q != null && !q.isBlank();
  }

  /** The topics the words point to, shown back to the person ("焦虑" found 情绪困扰). */
  public Set<String> wordTopics() {
    return SearchWords.topics(q);
  }

  /** How well a profile matches the words: a name counts most, then a topic the words mean, then title and bio. */
  int relevance(JsonObject e) {
    return hasWords() ? relevance(e, wordTopics(), SearchWords.terms(q)) : 0;
  }

  private static int relevance(JsonObject e, Set<String> topics, Set<String> terms) {
    int score = 0;
    for (Object s : e.getJsonArray("specialties", new JsonArray())) {
      score += topics.contains(s.toString()) ? 4 : 0;
    }
    for (String term : terms) {
      score += lower(e, "name").contains(term) ? 10 : 0;
      score += lower(e, "title").contains(term) ? 2 : 0;
      score += lower(e, "bio").contains(term) ? 1 : 0;
    }
    return score;
  }

  public boolean wantsWindow() {
    return freeFrom != null || freeTo != null;
  }

  public JsonObject page(List<Candidate> candidates) {
    Set<String> topics = wordTopics();
    Set<String> terms = SearchWords.terms(q);
    Map<String, Integer> score = new HashMap<>();
    candidates.forEach(c -> score.put(c.expert().getString("_id"), relevance(c.expert(), topics, terms)));
    List<Candidate> kept = candidates.stream()
        .filter(c -> !wantsWindow() || c.freeInWindow())
        .sorted(Comparator.comparing((Candidate c) -> -score.get(c.expert().getString("_id")))
            .thenComparing(Candidate::nextFree, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(c -> c.expert().getString("_id")))
        .toList();
    JsonArray items = new JsonArray();
    kept.stream().skip((long) (page - 1) * size).limit(size).forEach(c -> items.add(
        ExpertStore.view(c.expert()).put("nextFree", c.nextFree() == null ? null : Times.iso(c.nextFree()))));
    JsonObject out = new JsonObject().put("items", items).put("total", kept.size()).put("page", page)
        .put("size", size);
    return hasWords() ? out.put("matchedTopics", new JsonArray(List.copyOf(wordTopics()))) : out;
  }

  private static String lower(JsonObject e, String field) {
    return e.getString(field, "").toLowerCase(Locale.ROOT);
  }

  private static boolean contains(JsonObject e, String field, String value) {
    return value == null || e.getJsonArray(field, new JsonArray()).contains(value);
  }
}
