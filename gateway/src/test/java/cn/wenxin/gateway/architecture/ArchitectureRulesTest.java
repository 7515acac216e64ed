package cn.wenxin.gateway.architecture;

import cn.wenxin.consult.ConsultCollections;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule of docs/architecture.md, checked on the sources: services (consult-service, live-service, gateway) use
 * none of each other's classes or collections, only the event bus (the launcher alone starts the services); inside
 * the consultation service each collection is written by its owning package ({@link ConsultCollections#OWNERS}) and
 * read elsewhere only by a declared reader class ({@link ConsultCollections#READERS}) that writes nothing.
 *
 * <p>A source scan, not bytecode: javac inlines the collection-name constants, so only the sources say which
 * collection a class names. The scanner is itself tested on planted violations below, so a rule cannot pass by
 * matching nothing. The benchmark harness (infra/bench) seeds data as a tool and is not a service: not scanned.
 */
class ArchitectureRulesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Map<String, String> SERVICE_ROOTS = Map.of(
      "consult-service", "cn/wenxin/consult", "live-service", "cn/wenxin/live", "gateway", "cn/wenxin/gateway",
      "infra", "cn/wenxin/infra");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?(cn\\.wenxin\\.[\\w.]+)");
  private static final Pattern COLLECTION_REF = Pattern.compile("\\bConsultCollections\\.([A-Z][A-Z0-9_]*)\\b");
  /** A collection named by a literal as the first argument of a MongoDB call (JSON keys are not collections). */
  private static final Pattern LITERAL_ARG = Pattern.compile("\\.(find\\w*|count\\w*|distinct\\w*|aggregate\\w*|"
      + "getCollection|insert\\w*|save\\w*|update\\w*|replace\\w*|remove\\w*|bulkWrite\\w*|drop\\w*|delete\\w*)"
      + "\\(\\s*\"([a-z_]+)\"\\s*[,)]");
  /** The MongoDB writes of the Vert.x client and of the reactive-streams driver. */
  private static final Pattern WRITE_CALL = Pattern.compile("\\.(insert\\w*|save\\w*|updateCollection\\w*|"
      + "replaceDocuments\\w*|removeDocument\\w*|findOneAnd\\w+|bulkWrite\\w*|dropCollection|createIndex\\w*|"
      + "insertOne|insertMany|updateOne|updateMany|replaceOne|deleteOne|deleteMany)\\s*\\(");
  private static final Pattern LIVE_COLLECTION = Pattern.compile(
      "static\\s+final\\s+String\\s+([A-Z_]+)\\s*=\\s*\"([a-z_]+)\"");

  /** One source file: its module, its package below the service's root package, its class name and its code. */
  record Source(String module, String pkg, String cls, String code) {
    static Source of(String module, String pkg, String cls, String text) {
      return new Source(module, pkg, cls, withoutComments(text));
    }
  }

  @Test
  @DisplayName("every consultation collection has an owning package, and its owners and readers name real classes")
  void everyCollectionHasAnOwner() {
    Map<String, String> collections = consultCollections();
    assertThat(collections).isNotEmpty();
    assertThat(ConsultCollections.OWNERS.keySet())
        .as("declare the owning package of each collection in ConsultCollections.OWNERS")
        .containsExactlyInAnyOrderElementsOf(collections.values());
    List<Source> consult = sources("consult-service");
    Set<String> packages = new java.util.HashSet<>(consult.stream().map(Source::pkg).toList());
    assertThat(packages).containsAll(ConsultCollections.OWNERS.values()).contains(ConsultCollections.SEED);
    Set<String> classes = new java.util.HashSet<>(consult.stream().map(s -> s.pkg() + "." + s.cls()).toList());
    assertThat(classes).containsAll(ConsultCollections.READERS.keySet());
  }

  @Test
  @DisplayName("inside the consultation service a package writes only its own collections, and reads others' only "
      + "through a declared reader")
  void packagesKeepToTheirCollections() {
    List<Source> consult = sources("consult-service");
    assertThat(consult).hasSizeGreaterThan(50);
    assertThat(collectionViolations(consult)).isEmpty();
  }

  @Test
  @DisplayName("services use none of each other's classes or collections; the launcher alone starts them")
  void servicesMeetOnlyOnTheBus() {
    List<Source> all = new ArrayList<>();
    for (String module : SERVICE_ROOTS.keySet()) {
      all.addAll(sources(module));
    }
    assertThat(serviceViolations(all)).isEmpty();
  }

  @Test
  @DisplayName("the checks bite: planted violations of each rule are found")
  void theChecksBite() {
    Source writesAccounts = Source.of("consult-service", "booking", "Sneaky",
        "class Sneaky { void f() { mongo.updateCollection(ConsultCollections.ACCOUNTS, q, u); } }");
    Source readsBookingsUndeclared = Source.of("consult-service", "session", "Peek",
        "class Peek { void f() { mongo.findOne(ConsultCollections.BOOKINGS, q, null); } }");
    Source readerThatWrites = Source.of("consult-service", "consent", "Guardianship",
        "class Guardianship { void f() { mongo.findOne(ConsultCollections.ACCOUNTS, q, null); "
            + "mongo.insert(ConsultCollections.CONSENTS, d); } }");
    Source literalName = Source.of("consult-service", "booking", "Raw",
        "class Raw { void f() { mongo.find(\"accounts\", q); } }");
    Source ownWrite = Source.of("consult-service", "booking", "Fine",
        "class Fine { void f() { mongo.insert(ConsultCollections.BOOKINGS, d.put(\"accounts\", 1)); }"
            + " // ConsultCollections.ACCOUNTS\n }");
    assertThat(collectionViolations(List.of(writesAccounts))).singleElement().asString().contains("Sneaky");
    assertThat(collectionViolations(List.of(readsBookingsUndeclared))).singleElement().asString().contains("Peek");
    assertThat(collectionViolations(List.of(readerThatWrites))).singleElement().asString().contains("writes");
    assertThat(collectionViolations(List.of(literalName))).singleElement().asString().contains("\"accounts\"");
    assertThat(collectionViolations(List.of(ownWrite))).as("its own collection; a comment is not code").isEmpty();

    Source liveUsesBooking = Source.of("live-service", "lesson", "X",
        "import cn.wenxin.consult.booking.BookingStore;\nclass X {}");
    Source gatewayUsesConsult = Source.of("gateway", "http", "Y",
        "import cn.wenxin.consult.directory.ExpertStore;\nclass Y {}");
    Source gatewayReadsBookings = Source.of("gateway", "http", "Z",
        "class Z { void f() { mongo.find(\"bookings\", q); } }");
    Source infraUsesLive = Source.of("infra", "bus", "W", "import cn.wenxin.live.LiveService;\nclass W {}");
    Source launcher = Source.of("gateway", "", "Wenxin",
        "import cn.wenxin.consult.ConsultService;\nimport cn.wenxin.live.LiveService;\nclass Wenxin {}");
    assertThat(serviceViolations(List.of(liveUsesBooking))).singleElement().asString().contains("BookingStore");
    assertThat(serviceViolations(List.of(gatewayUsesConsult))).singleElement().asString().contains("ExpertStore");
    assertThat(serviceViolations(List.of(gatewayReadsBookings))).singleElement().asString().contains("bookings");
    assertThat(serviceViolations(List.of(infraUsesLive))).singleElement().asString().contains("LiveService");
    assertThat(serviceViolations(List.of(launcher))).as("the launcher starts the services").isEmpty();
    Source liveOwns = Source.of("live-service", "lesson", "L",
        "class L { static final String LESSONS = \"lessons\"; void f() { mongo.find(LESSONS, q); } }");
    Source consultReadsLessons = Source.of("consult-service", "directory", "C",
        "class C { void f() { mongo.count(\"lessons\", q); } }");
    assertThat(serviceViolations(List.of(liveOwns, consultReadsLessons))).singleElement().asString()
        .contains("directory.C").contains("lessons");
  }

  // --- the rules

  static List<String> collectionViolations(List<Source> consult) {
    Map<String, String> collections = consultCollections();
    List<String> out = new ArrayList<>();
    for (Source s : consult) {
      if (s.pkg().isEmpty() && s.cls().equals("ConsultCollections")) {
        continue;
      }
      String where = s.pkg() + "." + s.cls();
      Set<String> declared = ConsultCollections.READERS.getOrDefault(where, Set.of());
      boolean readsForeign = false;
      Matcher m = COLLECTION_REF.matcher(s.code());
      while (m.find()) {
        String name = collections.get(m.group(1));
        if (name == null) {
          continue;
        }
        String owner = ConsultCollections.OWNERS.get(name);
        if (s.pkg().equals(owner) || s.pkg().equals(ConsultCollections.SEED)) {
          continue;
        }
        if (declared.contains(name)) {
          readsForeign = true;
        } else {
          out.add(where + " names " + name + ", owned by package " + owner
              + ": go through the owner's store class, or declare a read-only reader in ConsultCollections.READERS");
        }
      }
      if (readsForeign && WRITE_CALL.matcher(s.code()).find()) {
        out.add(where + " reads another package's collection and writes: a declared reader must write nothing");
      }
      Matcher lit = LITERAL_ARG.matcher(s.code());
      while (lit.find()) {
        if (collections.containsValue(lit.group(2))) {
          out.add(where + " names the collection \"" + lit.group(2) + "\" by a literal: use ConsultCollections");
        }
      }
    }
    return out;
  }

  static List<String> serviceViolations(List<Source> all) {
    Set<String> consultNames = Set.copyOf(consultCollections().values());
    Set<String> liveNames = new java.util.HashSet<>();
    for (Source s : all) {
      if (s.module().equals("live-service")) {
        Matcher m = LIVE_COLLECTION.matcher(s.code());
        while (m.find()) {
          if (Pattern.compile("mongo\\w*\\.\\w+\\(\\s*" + m.group(1) + "\\b").matcher(s.code()).find()) {
            liveNames.add(m.group(2));
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (Source s : all) {
      String own = SERVICE_ROOTS.get(s.module()).replace('/', '.');
      String where = s.module() + ":" + (s.pkg().isEmpty() ? "" : s.pkg() + ".") + s.cls();
      boolean launcher = s.module().equals("gateway") && s.pkg().isEmpty() && s.cls().equals("Wenxin");
      Matcher m = IMPORT.matcher(s.code());
      while (m.find()) {
        String imported = m.group(1);
        if (imported.startsWith(own + ".") || imported.startsWith("cn.wenxin.infra.")) {
          continue;
        }
        if (launcher && Set.of("cn.wenxin.consult.ConsultService", "cn.wenxin.live.LiveService").contains(imported)) {
          continue;
        }
        out.add(where + " uses " + imported + ": services meet on the event bus (Addresses, ServiceClient)");
      }
      Matcher lit = LITERAL_ARG.matcher(s.code());
      while (lit.find()) {
        String name = lit.group(2);
        boolean foreign = (consultNames.contains(name) && !s.module().equals("consult-service"))
            || (liveNames.contains(name) && !s.module().equals("live-service"));
        if (foreign) {
          out.add(where + " names another service's collection \"" + name + "\"");
        }
      }
    }
    return out;
  }

  // --- reading the sources

  /** Constant name → collection name, from ConsultCollections' public String constants (SEED is a package). */
  static Map<String, String> consultCollections() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Field f : ConsultCollections.class.getFields()) {
      int mod = f.getModifiers();
      if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class && !f.getName().equals("SEED")) {
        try {
          out.put(f.getName(), (String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  private static List<Source> sources(String module) {
    String rootPackage = SERVICE_ROOTS.get(module);
    Path base = ROOT.resolve(module).resolve("src/main/java").resolve(rootPackage);
    assertThat(base).as("sources of " + module).isDirectory();
    try (Stream<Path> files = Files.walk(base)) {
      return files.filter(p -> p.toString().endsWith(".java")).map(p -> {
        Path rel = base.relativize(p);
        String pkg = rel.getParent() == null ? "" : rel.getParent().toString().replace('/', '.');
        String cls = rel.getFileName().toString().replace(".java", "");
        try {
          return Source.of(module, pkg, cls, Files.readString(p));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The code without its comments (string and char literals kept, so "redis://host" stays what it is). */
  static String withoutComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        boolean block = c == '"' && text.startsWith("\"\"\"", i);
        String end = block ? "\"\"\"" : String.valueOf(c);
        int j = i + end.length();
        while (j < n && !text.startsWith(end, j)) {
          j += text.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(n, j + end.length());
        out.append(text, i, j);
        i = j;
      } else if (text.startsWith("//", i)) {
        int j = text.indexOf('\n', i);
        i = j < 0 ? n : j;
      } else if (text.startsWith("/*", i)) {
        int j = text.indexOf("*/", i + 2);
        i = j < 0 ? n : j + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
