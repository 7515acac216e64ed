package cn.wenxin.infra.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The H2 backend, made durable per write: H2 writes its file about once a second on its own, so a write acknowledged
 * in that second is lost on kill -9. Here every write command commits the store before its reply leaves, so an
 * acknowledgement means the bytes are in the file (the OS's page cache survives the process). It also counts the
 * documents written, which is how the cost of a booking is measured.
 */
final class DurableH2Backend extends H2Backend {

  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
      "drop", "dropdatabase", "create", "dropindexes");
  private static final AtomicLong DOCUMENTS_WRITTEN = new AtomicLong();
  /** H2's default: without a commit per write, the store is written about once a second. */
  private static final int AUTO_COMMIT_MILLIS = 1000;

  private final boolean commitEachWrite;

  DurableH2Backend(String file, boolean commitEachWrite) {
    // Auto-commit stays off while the existing databases open, so that an index rebuilt into the fast key order
    // ({@link OrderedIndexes}) is committed whole or not at all.
    super(new MVStore.Builder().fileName(file).autoCommitDisabled().open());
    this.commitEachWrite = commitEachWrite;
    getMvStore().commit();
    getMvStore().setAutoCommitDelay(AUTO_COMMIT_MILLIS);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return OrderedIndexes.open(databaseName, getMvStore(), getCursorRegistry());
  }

  /** Documents inserted, updated or deleted by every embedded server in this JVM so far. */
  static long documentsWritten() {
    return DOCUMENTS_WRITTEN.get();
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    Document reply = orderedBatch(command, query) ? updateInOrder(channel, database, query)
        : super.handleCommand(channel, database, command, query);
    if (WRITES.contains(command.toLowerCase())) {
      DOCUMENTS_WRITTEN.addAndGet(written(command.toLowerCase(), reply));
      if (commitEachWrite) {
        commit();
      }
    }
    return reply;
  }

  /** An update command of several statements that must stop at the first failing one (MongoDB's default). */
  private static boolean orderedBatch(String command, Document query) {
    return command.equalsIgnoreCase("update") && !Boolean.FALSE.equals(query.get("ordered"))
        && query.get("updates") instanceof List<?> updates && updates.size() > 1;
  }

  /**
   * mongo-java-server runs every statement of an update command even when it is ordered; MongoDB stops at the first
   * write error, and a batch of conditional upserts relies on that (a refusal must not be followed by the next
   * take). So: one statement at a time, stopping at the first error, answered as MongoDB answers (statement indexes
   * in {@code upserted} and {@code writeErrors}). Still one command, so one commit.
   */
  private Document updateInOrder(Channel channel, String database, Document query) {
    List<?> updates = (List<?>) query.get("updates");
    int n = 0;
    int modified = 0;
    List<Document> upserted = new ArrayList<>();
    List<Document> errors = new ArrayList<>();
    for (int i = 0; i < updates.size() && errors.isEmpty(); i++) {
      Document one = query.clone();
      one.put("updates", List.of(updates.get(i)));
      Document r = super.handleCommand(channel, database, "update", one);
      n += r.get("n") instanceof Number x ? x.intValue() : 0;
      modified += r.get("nModified") instanceof Number x ? x.intValue() : 0;
      if (r.get("upserted") instanceof List<?> list) {
        for (Object u : list) {
          upserted.add(((Document) u).clone().append("index", i));
        }
      }
      if (r.get("writeErrors") instanceof List<?> list) {
        for (Object e : list) {
          errors.add(((Document) e).clone().append("index", i));
        }
      }
    }
    Document reply = new Document("n", n).append("nModified", modified);
    if (!upserted.isEmpty()) {
      reply.put("upserted", upserted);
    }
    if (!errors.isEmpty()) {
      reply.put("writeErrors", errors);
    }
    return reply.append("ok", 1.0);
  }

  private static long written(String command, Document reply) {
    if (reply == null) {
      return 0;
    }
    if (command.equals("findandmodify")) {
      Object last = reply.get("lastErrorObject");
      return last instanceof Document d && d.get("n") instanceof Number n ? n.longValue() : 0;
    }
    if (command.equals("update")) {
      long modified = reply.get("nModified") instanceof Number n ? n.longValue() : 0;
      Object upserted = reply.get("upserted");
      return modified + (upserted instanceof java.util.Collection<?> c ? c.size() : 0);
    }
    return reply.get("n") instanceof Number n ? n.longValue() : 0;
  }
}
