package de.bwaldvogel.mongo.backend.h2;

import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * A collection whose map holds each ordinary document as BSON bytes, and a large one decoded
 * ({@link StoredDocumentType}); the library's H2 collection holds decoded documents. A read of
 * bytes decodes a fresh document, which the library may change freely: it writes back through
 * {@link #handleUpdate}. A large document is handed out as stored, as the library does.
 * <p>
 * The data size (collStats, validate) is summed from the stored bytes when asked, instead of
 * being kept in the collection's meta map: keeping it cost two document encodings and a
 * second map write on every update.
 */
final class BsonBytesCollection extends AbstractSynchronizedMongoCollection<Object> {

    private final MVMap<Object, Object> dataMap;

    BsonBytesCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Object> dataMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
        this.dataMap = dataMap;
    }

    static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    static Document decode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    private static Object toStored(Document document) {
        byte[] bson = encode(document);
        return bson.length >= StoredDocumentType.LARGE_BYTES ? document : bson;
    }

    private static Document toDocument(Object stored) {
        return stored instanceof byte[] bson ? decode(bson) : (Document) stored;
    }

    private static int storedSize(Object stored) {
        return stored instanceof byte[] bson ? bson.length : encode((Document) stored).length;
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        // Not kept: see getDataSize.
    }

    @Override
    protected int getDataSize() {
        long total = 0;
        for (Object stored : dataMap.values()) total += storedSize(stored);
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        if (dataMap.putIfAbsent(Missing.ofNullable(key), toStored(document)) != null) {
            throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
        }
        return key;
    }

    @Override
    public int count() {
        return dataMap.size();
    }

    @Override
    public boolean isEmpty() {
        return dataMap.isEmpty();
    }

    @Override
    protected Document getDocument(Object position) {
        Object stored = dataMap.get(position);
        return stored == null ? null : toDocument(stored);
    }

    @Override
    protected void removeDocument(Object position) {
        if (dataMap.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return dataMap.entrySet().stream().map(entry -> new DocumentWithPosition<>(toDocument(entry.getValue()), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Document> documents = isNaturalDescending(orderBy)
            ? dataMap.entrySet().stream()
                .sorted((a, b) -> ValueComparator.desc().compare(a.getKey(), b.getKey()))
                .map(entry -> toDocument(entry.getValue()))
            : dataMap.values().stream().map(BsonBytesCollection::toDocument);
        return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        dataMap.put(Missing.ofNullable(position), toStored(newDocument));
    }
}
