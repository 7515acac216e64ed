package cn.wenxin.consult.risk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The crisis lexicon: one Aho-Corasick automaton over every term, negator, filler and benign phrase of
 * {@code risk/lexicon.json}, so a message is read once whatever the size of the lexicon. A term counts unless a
 * negator stands right before it (only fillers such as 会/去/really between, no clause break) or a benign phrase
 * ("想死你", "跳楼价") covers it. An ideation term with a plan marker (今晚, 药, tonight) is graded imminent.
 * It errs towards raising attention: what it cannot read as negated counts.
 */
public final class RiskLexicon {

  public static final int NONE = 0;
  public static final int ELEVATED = 2;
  public static final int IMMINENT = 3;

  enum Kind { TERM, NEGATOR, NOT_NEGATOR, FILLER, BENIGN, PLAN }

  record Entry(Kind kind, int level) {
  }

  private final PayloadTrie<Entry> trie;
  private final List<String> fillers;
  private final String version;

  private RiskLexicon(PayloadTrie<Entry> trie, List<String> fillers, String version) {
    this.trie = trie;
    this.fillers = fillers;
    this.version = version;
  }

  /** The lexicon shipped with the service. */
  public static RiskLexicon standard() {
    try (InputStream in = RiskLexicon.class.getResourceAsStream("/risk/lexicon.json")) {
      if (in == null) {
        throw new IllegalStateException("risk/lexicon.json is missing from the class path");
      }
      return of(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RiskLexicon of(JsonObject json) {
    PayloadTrie.PayloadTrieBuilder<Entry> b = PayloadTrie.<Entry>builder().ignoreCase();
    JsonObject terms = json.getJsonObject("terms");
    for (String level : terms.fieldNames()) {
      add(b, terms.getJsonArray(level), new Entry(Kind.TERM, Integer.parseInt(level)));
    }
    add(b, json.getJsonArray("negators"), new Entry(Kind.NEGATOR, 0));
    add(b, json.getJsonArray("notNegators"), new Entry(Kind.NOT_NEGATOR, 0));
    add(b, json.getJsonArray("benign"), new Entry(Kind.BENIGN, 0));
    add(b, json.getJsonArray("planMarkers"), new Entry(Kind.PLAN, 0));
    List<String> fillers = json.getJsonArray("fillers").stream().map(o -> normalize(o.toString()))
        .sorted((x, y) -> y.length() - x.length()).toList();
    return new RiskLexicon(b.build(), fillers, json.getString("version", ""));
  }

  private static void add(PayloadTrie.PayloadTrieBuilder<Entry> b, JsonArray words, Entry entry) {
    words.forEach(w -> b.addKeyword(normalize(w.toString()), entry));
  }

  /** Full-width to half-width, one kind of apostrophe, lower case: "Don’t" and "ｄｏｎ'ｔ" read as "don't". */
  static String normalize(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
  }

  public String version() {
    return version;
  }

  public RiskAssessment assess(String message) {
    String text = normalize(message == null ? "" : message);
    List<PayloadEmit<Entry>> emits = new ArrayList<>();
    for (PayloadEmit<Entry> e : trie.parseText(text)) {
      if (wholeWord(text, e)) {
        emits.add(e);
      }
    }
    List<PayloadEmit<Entry>> negators = ofKind(emits, Kind.NEGATOR).stream()
        .filter(n -> ofKind(emits, Kind.NOT_NEGATOR).stream().noneMatch(x -> covers(x, n))).toList();
    boolean plan = !ofKind(emits, Kind.PLAN).isEmpty();
    int level = NONE;
    Set<String> matched = new LinkedHashSet<>();
    for (PayloadEmit<Entry> t : ofKind(emits, Kind.TERM)) {
      boolean benign = ofKind(emits, Kind.BENIGN).stream().anyMatch(x -> covers(x, t));
      if (benign || negated(text, t, negators)) {
        continue;
      }
      matched.add(t.getKeyword());
      level = Math.max(level, t.getPayload().level());
    }
    if (level >= ELEVATED && plan) {
      level = IMMINENT;
    }
    return new RiskAssessment(level, List.copyOf(matched));
  }

  private boolean negated(String text, PayloadEmit<Entry> term, List<PayloadEmit<Entry>> negators) {
    PayloadEmit<Entry> nearest = null;
    for (PayloadEmit<Entry> n : negators) {
      if (n.getEnd() < term.getStart() && (nearest == null || n.getEnd() > nearest.getEnd())) {
        nearest = n;
      }
    }
    if (nearest == null) {
      return false;
    }
    String gap = text.substring(nearest.getEnd() + 1, term.getStart());
    for (String f : fillers) {
      gap = gap.replace(f, "");
    }
    return gap.isBlank();
  }

  private static List<PayloadEmit<Entry>> ofKind(Collection<PayloadEmit<Entry>> emits, Kind kind) {
    return emits.stream().filter(e -> e.getPayload().kind() == kind).toList();
  }

  private static boolean covers(PayloadEmit<Entry> outer, PayloadEmit<Entry> inner) {
    return outer.getStart() <= inner.getStart() && outer.getEnd() >= inner.getEnd() && outer != inner;
  }

  /** Latin words match whole ("kill him" not inside "skill himself"); Chinese has no spaces to respect. */
  private static boolean wholeWord(String text, PayloadEmit<Entry> e) {
    boolean startsLatin = isLatin(text.charAt(e.getStart()));
    boolean endsLatin = isLatin(text.charAt(e.getEnd()));
    return !(startsLatin && e.getStart() > 0 && isLatin(text.charAt(e.getStart() - 1)))
        && !(endsLatin && e.getEnd() + 1 < text.length() && isLatin(text.charAt(e.getEnd() + 1)));
  }

  private static boolean isLatin(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'';
  }
}
