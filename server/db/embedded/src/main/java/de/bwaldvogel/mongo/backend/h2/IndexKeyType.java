package de.bwaldvogel.mongo.backend.h2;

import java.util.Date;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Key type of unique-index maps. H2's default orders keys it does not know (the library's
 * KeyValue) by Java-serializing both sides of every comparison, so each index look-up cost
 * about 2 × log2(n) serializations. This orders them by their values instead, and stores them
 * compactly ({@link CompactObjectType}).
 *
 * The order is total and agrees with {@link KeyValue#equals}: two keys compare as 0 exactly
 * when every value has the same class and is equal. Values are ranked by kind first; numbers
 * by value, then class; strings, ObjectIds, booleans and dates by their natural order; any
 * other value by class name, then natural order if it has one, else by its serialized bytes.
 */
final class IndexKeyType extends CompactObjectType {

    @Override
    public int compare(Object a, Object b) {
        if (a == b) return 0;
        if (!(a instanceof KeyValue ka) || !(b instanceof KeyValue kb)) return super.compare(a, b);
        int n = Math.min(ka.size(), kb.size());
        for (int i = 0; i < n; i++) {
            int c = compareValue(ka.get(i), kb.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(ka.size(), kb.size());
    }

    private static int rank(Object v) {
        if (v == null || v instanceof Missing) return 0;
        if (v instanceof Number) return 1;
        if (v instanceof String) return 2;
        if (v instanceof ObjectId) return 3;
        if (v instanceof Boolean) return 4;
        if (v instanceof Date) return 5;
        return 9;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compareValue(Object x, Object y) {
        if (x == y) return 0;
        int rx = rank(x);
        int ry = rank(y);
        if (rx != ry) return Integer.compare(rx, ry);
        switch (rx) {
            case 0:
                return x == null ? (y == null ? 0 : -1) : (y == null ? 1 : 0);
            case 1: {
                int c = Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
                if (c != 0) return c;
                c = x.getClass().getName().compareTo(y.getClass().getName());
                if (c != 0 || x.equals(y)) return c;
                return x.toString().compareTo(y.toString()); // same class, same double, different exact value
            }
            case 2:
                return ((String) x).compareTo((String) y);
            case 3:
                return ((ObjectId) x).compareTo((ObjectId) y);
            case 4:
                return Boolean.compare((Boolean) x, (Boolean) y);
            case 5:
                return ((Date) x).compareTo((Date) y);
            default: {
                int c = x.getClass().getName().compareTo(y.getClass().getName());
                if (c != 0) return c;
                if (x.equals(y)) return 0;
                if (x instanceof Comparable cx) {
                    int n = cx.compareTo(y);
                    if (n != 0) return n;
                }
                return super.compare(x, y); // serialized bytes: deterministic, and 0 only for equal bytes
            }
        }
    }
}
