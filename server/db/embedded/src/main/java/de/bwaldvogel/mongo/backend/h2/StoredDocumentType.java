package de.bwaldvogel.mongo.backend.h2;

import java.nio.ByteBuffer;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Value type of collection maps. On disk every document is a var-int length and its BSON. In
 * memory an ordinary document is those bytes ({@link BsonBytesCollection} encodes it when it is
 * written and decodes it when it is read), so
 * - a commit copies bytes: with decoded documents it re-encoded every document of each page
 *   it wrote, though a heartbeat changes one of them;
 * - the page cache holds one array per document instead of a tree of maps and strings, which
 *   the garbage collector had to copy and mark as pages were rewritten.
 * A large document (an image chunk) stays decoded, as the library keeps documents: decoding
 * it on every read would copy it, and a scan would hold each twice.
 * The bytes on disk are those the earlier document type wrote, so files need no conversion.
 */
final class StoredDocumentType extends BasicDataType<Object> {

    static final int LARGE_BYTES = 64 * 1024;

    /**
     * H2 splits pages and sizes its cache by this, so it must grow with the document: a 1 MB
     * image chunk counted as a few hundred bytes piled chunks into one page rewritten whole on
     * every commit, until the heap ran out.
     */
    @Override
    public int getMemory(Object value) {
        if (value instanceof byte[] bson) return 24 + bson.length;
        return (int) Math.min(Integer.MAX_VALUE, 64 + sizeOf(value, 0));
    }

    /** Roughly the BSON size of a decoded document, counted without encoding it. */
    private static long sizeOf(Object value, int depth) {
        if (value == null || depth > 100) return 8;
        if (value instanceof String s) return 16 + 2L * s.length();
        if (value instanceof byte[] b) return 16 + b.length;
        if (value instanceof de.bwaldvogel.mongo.bson.BinData b) return 16 + b.getData().length;
        if (value instanceof java.util.Map<?, ?> map) {
            long total = 32;
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) total += 16 + 2L * String.valueOf(e.getKey()).length() + sizeOf(e.getValue(), depth + 1);
            return total;
        }
        if (value instanceof java.util.Collection<?> list) {
            long total = 32;
            for (Object o : list) total += 8 + sizeOf(o, depth + 1);
            return total;
        }
        return 24;
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        byte[] bson = value instanceof byte[] bytes ? bytes : BsonBytesCollection.encode((Document) value);
        buffer.putVarInt(bson.length);
        buffer.put(bson);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        byte[] bson = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bson);
        return bson.length >= LARGE_BYTES ? BsonBytesCollection.decode(bson) : bson;
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
