package campus.embedded;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Answers OP_MSG commands like the library's handler, except that the reply to a write is
 * held until a group commit has put it on disk (unless the write says {@code j: false}). A
 * commit that fails turns the reply into an error, so the client never takes a lost write
 * for a stored one.
 */
final class DurableMessageHandler extends SimpleChannelInboundHandler<MongoMessage> {

    private static final Set<String> WRITES = Set.of(
        "insert", "update", "delete", "findAndModify", "findandmodify",
        "create", "createIndexes", "drop", "dropDatabase", "dropIndexes", "renameCollection");

    /** Commands that create or drop namespaces; the library races when two run at once (see execute). */
    private static final Set<String> DDL = Set.of(
        "create", "createIndexes", "drop", "dropDatabase", "dropIndexes", "renameCollection");

    private static final Object ddlLock = new Object();

    /**
     * Collections known to exist ("db.collection"). The first write to a collection creates it,
     * which the library does without a lock: an insert creating one while createIndexes creates
     * another failed with a ConcurrentModificationException ("Unknown error: null"). A write to a
     * collection not known yet runs under the DDL lock; any DDL command forgets them all.
     */
    private static final Set<String> knownCollections = ConcurrentHashMap.newKeySet();

    private static final AtomicInteger responseIds = new AtomicInteger();

    private final MongoBackend backend;
    private final GroupCommitter committer;

    DurableMessageHandler(MongoBackend backend, GroupCommitter committer) {
        this.backend = backend;
        this.committer = committer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MongoMessage request) {
        Document reply = execute(request);
        String command = request.getDocument().keySet().iterator().next();
        // Both run on this channel's event loop, so the set needs no lock.
        if (MoreToComeFilter.noReply(ctx.channel()).remove(request.getHeader().getRequestID())) {
            if (WRITES.contains(command)) committer.afterCommit(failure -> {});
            return;
        }
        if (!WRITES.contains(command) || unjournaled(request.getDocument())) {
            ctx.channel().writeAndFlush(response(request, reply));
            return;
        }
        committer.afterCommit(failure -> {
            Document answer = failure == null ? reply : commitFailure(failure);
            ctx.channel().writeAndFlush(response(request, answer));
        });
    }

    /**
     * {@code writeConcern: {j: false}}: the client asked not to wait for the journal, as on
     * MongoDB. It does so for a write that a later durable write of the same request follows:
     * a commit stores everything applied before it, so that write's acknowledgement covers this one.
     */
    private static boolean unjournaled(Document command) {
        return command.get("writeConcern") instanceof Document wc && Boolean.FALSE.equals(wc.get("j"));
    }

    private Document execute(MongoMessage request) {
        Document body = request.getDocument();
        String command = body.keySet().iterator().next();
        if (DDL.contains(command)) {
            // Two createIndexes for a new collection at once both register it, and the second
            // fails ("already existed in system.namespaces"); MongoDB serialises these too.
            synchronized (ddlLock) {
                try {
                    return committer.write(() -> executeUnlocked(request));
                } finally {
                    knownCollections.clear();
                }
            }
        }
        if (!WRITES.contains(command)) return executeUnlocked(request);
        String namespace = body.get("$db") + "." + body.get(command);
        if (knownCollections.contains(namespace)) return committer.write(() -> executeUnlocked(request));
        synchronized (ddlLock) {
            Document reply = committer.write(() -> executeUnlocked(request));
            knownCollections.add(namespace);
            return reply;
        }
    }

    private Document executeUnlocked(MongoMessage request) {
        try {
            return backend.handleMessage(request);
        } catch (MongoServerException e) {
            return error(e);
        } catch (RuntimeException e) {
            System.err.println("embedded-db: unexpected error for " + request.getDocument().keySet().iterator().next() + ": " + e);
            return error(new MongoServerException("Unknown error: " + e.getMessage(), e));
        }
    }

    private static MongoMessage response(MongoMessage request, Document body) {
        return new MongoMessage(request.getChannel(), new MessageHeader(responseIds.incrementAndGet(), request.getHeader().getRequestID()), body);
    }

    private static Document error(MongoServerException e) {
        Document doc = new Document();
        doc.put("errmsg", e.getMessageWithoutErrorCode());
        if (e instanceof MongoServerError error) {
            doc.put("code", error.getCode());
            doc.putIfNotNull("codeName", error.getCodeName());
        }
        doc.put("ok", Integer.valueOf(0));
        return doc;
    }

    /** OutOfDiskSpace (14031) when the disk is full, else InternalError (1); both end up as 503s. */
    private static Document commitFailure(Throwable failure) {
        // H2 wraps the I/O error ("No space left on device") in its own exceptions.
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null && chain.length() < 2_000; t = t.getCause()) chain.append(t.getMessage()).append(" / ");
        String message = chain.toString();
        boolean noSpace = message.contains("No space") || message.contains("ENOSPC") || message.contains("quota");
        Document doc = new Document();
        doc.put("errmsg", "the write could not be made durable: " + message);
        doc.put("code", noSpace ? 14031 : 1);
        doc.put("codeName", noSpace ? "OutOfDiskSpace" : "InternalError");
        doc.put("ok", Integer.valueOf(0));
        return doc;
    }
}
