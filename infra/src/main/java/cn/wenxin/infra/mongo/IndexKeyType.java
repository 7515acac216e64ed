package cn.wenxin.infra.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded server's unique-index maps. Their keys are {@link KeyValue}s, which are neither
 * strings nor {@link Comparable}, so H2's default {@link ObjectDataType} orders them by Java-serializing both sides
 * of every comparison: a lookup in a 20,000-entry index serialized about 30 objects, and profiles of reads and writes
 * were dominated by it. This type compares a key's values one by one with H2's own per-value comparison (native
 * for strings, numbers, dates, UUIDs; {@code compareTo} for ObjectIds; serialization only for the rare document or
 * other value), then by length. Two keys compare equal exactly when their values do, as before: what a unique index
 * accepts or refuses is unchanged, only the order of its B-tree differs. Keys are written and read in
 * {@link ObjectDataType}'s format, so a file stays readable by either; an index built in the old order is rebuilt in
 * this one when it is opened ({@link OrderedIndexes}).
 */
final class IndexKeyType extends ObjectDataType {

  static final IndexKeyType INSTANCE = new IndexKeyType();

  @Override
  public int compare(Object a, Object b) {
    if (a instanceof KeyValue x && b instanceof KeyValue y) {
      int shared = Math.min(x.size(), y.size());
      for (int i = 0; i < shared; i++) {
        int c = super.compare(x.get(i), y.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(x.size(), y.size());
    }
    return super.compare(a, b);
  }
}
