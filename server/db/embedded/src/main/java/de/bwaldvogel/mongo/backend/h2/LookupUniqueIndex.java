package de.bwaldvogel.mongo.backend.h2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A unique index that the query planner also uses when
 * - the query has conditions besides the index keys: {@code {_id: x, lastSeq: 3}} (a
 *   compare-and-set) looks up {@code _id} and then checks the rest on that one document;
 *   the library would scan the collection;
 * - a compound index is queried with {@code $in} on some keys: {@code {userId: u, itemKey:
 *   {$in: [a, b]}}} becomes point look-ups of (u, a) and (u, b).
 * Every candidate is still matched against the whole query by the collection, so the result
 * is the same as a scan's.
 */
final class LookupUniqueIndex extends H2UniqueIndex {

    /** More combinations than this and a scan is as good. */
    private static final int MAX_POINT_LOOKUPS = 10_000;

    LookupUniqueIndex(MVMap<KeyValue, Object> mvMap, String name, List<IndexKey> keys, boolean sparse) {
        super(mvMap, name, keys, sparse);
    }

    /** The key names, which the library collects into a new list or set on every call. */
    private List<String> keyNames;
    private Set<String> keyNameSet;
    /** The top-level field each key reads ("a" for "a.b"), for {@link #nullAwareEqualsKeys}. */
    private List<String> keyFields;

    @Override
    protected List<String> keys() {
        if (keyNames == null) keyNames = List.copyOf(super.keys());
        return keyNames;
    }

    @Override
    protected Set<String> keySet() {
        if (keyNameSet == null) keyNameSet = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(keys()));
        return keyNameSet;
    }

    private List<String> keyFields() {
        if (keyFields == null) keyFields = keys().stream().map(key -> key.split("\\.", 2)[0]).toList();
        return keyFields;
    }

    /**
     * Whether an update leaves this index's keys alone. The library computes both documents' key
     * sets (path splitting, streams, sets) on every update, twice; a heartbeat's updates never
     * touch the keys. When each key's top-level field is present or absent alike and holds an
     * equal value, the keys are equal; anything else (e.g. 1 and 1L) is left to the library.
     */
    @Override
    protected boolean nullAwareEqualsKeys(Document oldDocument, Document newDocument) {
        for (String field : keyFields()) {
            if (oldDocument.containsKey(field) != newDocument.containsKey(field)
                || !java.util.Objects.equals(oldDocument.get(field), newDocument.get(field))) {
                return super.nullAwareEqualsKeys(oldDocument, newDocument);
            }
        }
        return true;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        Document indexed = indexedPart(query);
        if (indexed == null) return false;
        // Only plain values, or $in over plain values: a list, regex or document value
        // matches in ways (array elements, patterns) that a point look-up would miss.
        for (Object value : indexed.values()) {
            if (value instanceof Document condition) {
                if (condition.size() != 1 || !(condition.get("$in") instanceof Collection<?> in)) return false;
                for (Object v : in) {
                    if (!isScalar(v)) return false;
                    if (v == null && isSparse()) return false; // a sparse index lacks the documents without the key
                }
            } else if (!isScalar(value)) {
                return false;
            }
        }
        if (super.canHandle(indexed)) return true;
        return isCompoundIndex() && combinations(indexed) != null;
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean
            || value instanceof de.bwaldvogel.mongo.bson.ObjectId || value instanceof java.time.Instant || value instanceof java.util.Date
            || value instanceof java.util.UUID;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        Document indexed = indexedPart(query);
        if (isCompoundIndex()) {
            List<Document> points = combinations(indexed);
            if (points != null) {
                Set<Object> positions = new LinkedHashSet<>();
                for (Document point : points) {
                    for (Object position : super.getPositions(point)) positions.add(position);
                }
                return positions;
            }
        }
        return super.getPositions(indexed);
    }

    /** The query's conditions on exactly this index's keys, or null when one key is not queried. */
    private Document indexedPart(Document query) {
        if (!query.keySet().containsAll(keySet())) return null;
        Document indexed = new Document();
        for (String key : keys()) indexed.put(key, query.get(key));
        return indexed;
    }

    /**
     * The equality queries a compound query stands for, when every key is an equality or an
     * {@code $in} (and at least one is an {@code $in}); null otherwise.
     */
    private List<Document> combinations(Document indexed) {
        List<List<Object>> choices = new ArrayList<>();
        boolean anyIn = false;
        long count = 1;
        for (String key : keys()) {
            Object value = indexed.get(key);
            List<Object> options = new ArrayList<>();
            if (value instanceof Document condition) {
                if (condition.size() != 1 || !(condition.get("$in") instanceof Collection<?> in)) return null;
                for (Object v : in) {
                    if (v instanceof Document) return null; // sub-document keys: leave to the library
                    options.add(v);
                }
                anyIn = true;
            } else {
                options.add(value);
            }
            count *= Math.max(1, options.size());
            if (count > MAX_POINT_LOOKUPS) return null;
            choices.add(options);
        }
        if (!anyIn) return null;
        List<Document> points = new ArrayList<>();
        expand(choices, 0, new ArrayList<>(), points);
        return points;
    }

    private void expand(List<List<Object>> choices, int at, List<Object> prefix, List<Document> out) {
        if (at == choices.size()) {
            Document point = new Document();
            for (int i = 0; i < prefix.size(); i++) point.put(keys().get(i), prefix.get(i));
            out.add(point);
            return;
        }
        for (Object option : choices.get(at)) {
            prefix.add(option);
            expand(choices, at + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }
}
