package de.bwaldvogel.mongo.backend.h2;

import java.nio.ByteBuffer;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * H2's default type, except that the library's ObjectIds and index keys (KeyValue) are stored
 * as their bytes. H2 stores a type it does not know with Java serialization, a new
 * ObjectOutputStream per value: every page of ObjectId-keyed documents or of index entries a
 * commit wrote went through it, about a sixth of the engine's CPU under heartbeat load.
 *
 * Each value still starts with a tag byte; ours are ones H2 leaves unused (it uses 0–19 and
 * 32 up), and anything else is read by H2's default, so files of format 2, which stored these
 * values serialized, stay readable (Main upgrades their marker).
 */
class CompactObjectType extends ObjectDataType {

    static final byte TAG_OBJECT_ID = 24;
    static final byte TAG_KEY_VALUE = 25;
    static final byte TAG_MISSING = 26;

    @Override
    public int getMemory(Object obj) {
        if (obj instanceof ObjectId) return 48;
        if (obj instanceof Missing) return 16;
        if (obj instanceof KeyValue kv) {
            int memory = 32;
            for (Object value : kv) memory += 8 + getMemory(value);
            return memory;
        }
        return super.getMemory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof ObjectId id) {
            buff.put(TAG_OBJECT_ID).put(id.toByteArray());
        } else if (obj instanceof Missing) {
            buff.put(TAG_MISSING);
        } else if (obj instanceof KeyValue kv) {
            buff.put(TAG_KEY_VALUE).putVarInt(kv.size());
            for (Object value : kv) write(buff, value);
        } else {
            super.write(buff, obj);
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        switch (buff.get(buff.position())) {
            case TAG_OBJECT_ID -> {
                buff.get();
                byte[] bytes = new byte[12];
                buff.get(bytes);
                return new ObjectId(bytes);
            }
            case TAG_MISSING -> {
                buff.get();
                return Missing.getInstance();
            }
            case TAG_KEY_VALUE -> {
                buff.get();
                Object[] values = new Object[DataUtils.readVarInt(buff)];
                for (int i = 0; i < values.length; i++) values[i] = read(buff);
                return new KeyValue(values);
            }
            default -> {
                return super.read(buff);
            }
        }
    }
}
