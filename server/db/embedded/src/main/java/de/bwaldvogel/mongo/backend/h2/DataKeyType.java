package de.bwaldvogel.mongo.backend.h2;

import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Key type of the document maps (keyed by {@code _id}). H2's default type finds the type of
 * both sides on every comparison and allocates a comparator for it: about a tenth of the
 * engine's CPU under heartbeat load went there, since each look-up in a 600k-document
 * collection compares about 20 keys. ObjectIds and strings are compared here directly, with
 * exactly the order H2's default gives them (their natural order). Stored compactly
 * ({@link CompactObjectType}).
 */
final class DataKeyType extends CompactObjectType {

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof ObjectId x && b instanceof ObjectId y) return x.compareTo(y);
        if (a instanceof String x && b instanceof String y) return x.compareTo(y);
        return super.compare(a, b);
    }
}
