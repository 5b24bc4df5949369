package campus.embedded;

import java.util.List;

import de.bwaldvogel.mongo.MongoVersion;

/** The library's newest version (5.0) reports wire version 8; the Node driver 7 needs at least 9. */
enum WireVersion implements MongoVersion {
    MONGO_4_4(List.of(4, 4, 0), 9);

    private final List<Integer> versionArray;
    private final int wireVersion;

    WireVersion(List<Integer> versionArray, int wireVersion) {
        this.versionArray = versionArray;
        this.wireVersion = wireVersion;
    }

    @Override
    public List<Integer> getVersionArray() {
        return versionArray;
    }

    @Override
    public int getWireVersion() {
        return wireVersion;
    }
}
