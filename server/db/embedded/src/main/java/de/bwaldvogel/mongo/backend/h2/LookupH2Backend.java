package de.bwaldvogel.mongo.backend.h2;

import java.lang.reflect.Field;
import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;

/**
 * The H2 backend, with unique indexes that serve more queries ({@link LookupUniqueIndex}) and
 * order their keys cheaply ({@link IndexKeyType}), and collections that hold documents as BSON bytes
 * ({@link BsonBytesCollection}).
 * Lives in the library's package because the index class it extends is package-private.
 */
public class LookupH2Backend extends H2Backend {

    public LookupH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new LookupH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    static final class LookupH2Database extends H2Database {

        private static final Field STORE_FIELD;

        static {
            try {
                STORE_FIELD = H2Database.class.getDeclaredField("mvStore");
                STORE_FIELD.setAccessible(true);
            } catch (NoSuchFieldException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        LookupH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
            super(databaseName, mvStore, cursorRegistry);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            // Same map name as H2Database uses; documents as BSON bytes (StoredDocumentType), keys compared
            // directly (DataKeyType). The collection's meta map (H2Database drops and renames it with
            // the collection) is no longer written: see BsonBytesCollection.
            MVMap<Object, Object> dataMap = store().openMap(DATABASES_PREFIX + fullName, new MVMap.Builder<Object, Object>().keyType(new DataKeyType()).valueType(new StoredDocumentType()));
            return new BsonBytesCollection(this, collectionName, options, dataMap, cursorRegistry);
        }

        private MVStore store() {
            try {
                return (MVStore) STORE_FIELD.get(this);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            // Called from the superclass constructor, before any field of ours could be set: store() reads the superclass's.
            MVMap<KeyValue, Object> map = store().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()).valueType(new CompactObjectType()));
            return new LookupUniqueIndex(map, indexName, keys, sparse);
        }
    }
}
