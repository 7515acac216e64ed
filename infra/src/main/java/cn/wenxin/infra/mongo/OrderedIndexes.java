package cn.wenxin.infra.mongo;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A database of the embedded server whose unique indexes are ordered by {@link IndexKeyType}. H2Database opens an
 * index map by name with the default key type; an already open map is returned as it is, so this class opens it
 * first with the fast type. An index map found in a file written before this type existed (no mark in
 * {@link #MARKS}) is in the old order and is rebuilt once; the caller opens the store with auto-commit off until its
 * databases are open, so a crash mid-rebuild leaves the old map as the file's last committed state.
 */
final class OrderedIndexes extends H2Database {

  /** Names of the index maps that are in {@link IndexKeyType}'s order. */
  static final String MARKS = "wenxin.orderedIndexMaps";

  private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();
  private final MVStore store;

  private OrderedIndexes(String databaseName, MVStore store, CursorRegistry cursors) {
    super(databaseName, store, cursors);
    this.store = store;
  }

  static OrderedIndexes open(String databaseName, MVStore store, CursorRegistry cursors) {
    // H2Database's constructor opens the existing indexes, before this class's fields are set.
    OPENING.set(store);
    try {
      return new OrderedIndexes(databaseName, store, cursors);
    } finally {
      OPENING.remove();
    }
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                  boolean sparse) {
    MVStore mvStore = store != null ? store : OPENING.get();
    openOrdered(mvStore, getFullCollectionNamespace(collectionName) + "._index_" + indexName);
    return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
  }

  private static synchronized void openOrdered(MVStore mvStore, String mapName) {
    MVMap<String, Boolean> marks = mvStore.openMap(MARKS);
    if (mvStore.hasMap(mapName) && !marks.containsKey(mapName)) {
      MVMap<Object, Object> oldOrder = mvStore.openMap(mapName);
      List<Map.Entry<Object, Object>> entries = new ArrayList<>(oldOrder.size());
      oldOrder.entrySet().forEach(e -> entries.add(Map.entry(e.getKey(), e.getValue())));
      mvStore.removeMap(oldOrder);
      MVMap<Object, Object> rebuilt = mvStore.openMap(mapName, builder());
      entries.forEach(e -> rebuilt.put(e.getKey(), e.getValue()));
    } else {
      mvStore.openMap(mapName, builder());
    }
    marks.putIfAbsent(mapName, Boolean.TRUE);
  }

  private static MVMap.Builder<Object, Object> builder() {
    return new MVMap.Builder<>().keyType(IndexKeyType.INSTANCE);
  }
}
