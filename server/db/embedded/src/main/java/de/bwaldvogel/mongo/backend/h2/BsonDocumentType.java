package de.bwaldvogel.mongo.backend.h2;

import java.nio.ByteBuffer;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Value type of collection maps: documents are stored as BSON, the format they arrive in.
 * H2's default stores them with Java serialization, which was most of the engine's CPU time:
 * a commit re-serialises every document of each page it writes, and reading a page back
 * deserialises them all.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /**
     * H2 splits pages and sizes its cache by this, so it must grow with the document: a 1 MB
     * image chunk counted as a few hundred bytes piled chunks into one page rewritten whole on
     * every commit, until the heap ran out. Roughly the BSON size, counted without encoding.
     */
    @Override
    public int getMemory(Document document) {
        return (int) Math.min(Integer.MAX_VALUE, 64 + sizeOf(document, 0));
    }

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
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf bson = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, bson);
            int length = bson.readableBytes();
            buffer.putVarInt(length);
            buffer.put(bson.nioBuffer(bson.readerIndex(), length));
        } finally {
            bson.release();
        }
    }

    @Override
    public Document read(ByteBuffer buffer) {
        int length = org.h2.mvstore.DataUtils.readVarInt(buffer);
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(slice));
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
