package campus.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.LookupH2Backend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The embedded database: mongo-java-server with its H2 MVStore backend, listening on
 * loopback. What it adds to the library:
 * - writes are acknowledged only after a group commit has written and fsynced them
 *   ({@link DurableMessageHandler}, {@link GroupCommitter}), so a crash loses no acknowledged write;
 * - it reports a wire version the current Node driver accepts ({@link WireVersion});
 * - it prints one JSON readiness line with its URI on stdout, and exits when stdin closes
 *   (its parent died) or on SIGTERM, closing the store cleanly.
 *
 * Usage: java -cp 'lib/*:embedded-db.jar' campus.embedded.Main --data DIR [--listen 127.0.0.1:0]
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        String listen = "127.0.0.1:0";
        String dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--listen" -> listen = args[++i];
                case "--data" -> dataDir = args[++i];
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (dataDir == null) fail("--data DIR is required");
        int colon = listen.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));

        Path dir = Path.of(dataDir).toAbsolutePath();
        Files.createDirectories(dir);
        // No background commits: a commit must not catch a write command half-done (GroupCommitter
        // commits between commands, and compacts now and then).
        // Page cache: H2's default 16 MB holds a small part of a college's progress rows, and every
        // miss reads and decodes a whole page of documents.
        int cacheMb = Integer.parseInt(System.getenv().getOrDefault("EMBEDDED_DB_CACHE_MB", "96"));
        MVStore store = new MVStore.Builder().fileName(dir.resolve("campus.mv.db").toString()).autoCommitDisabled().cacheSize(cacheMb).open();
        checkFormat(store);
        LookupH2Backend backend = new LookupH2Backend(store);
        backend.version(WireVersion.MONGO_4_4);
        GroupCommitter committer = new GroupCommitter(store);
        committer.start();

        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup();
        ChannelGroup clients = new DefaultChannelGroup("clients", workers.next());
        Channel server = new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 512)
            .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                public void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new MongoWireReplyEncoder());
                    ch.pipeline().addLast(new MongoWireMessageEncoder());
                    ch.pipeline().addLast(new MoreToComeFilter());
                    ch.pipeline().addLast(new MongoWireProtocolHandler());
                    // OP_MSG (every command of a current driver) goes through ours; the legacy
                    // OP_QUERY handshake falls through to the library's handler.
                    ch.pipeline().addLast(new DurableMessageHandler(backend, committer));
                    ch.pipeline().addLast(new MongoDatabaseHandler(backend, clients));
                    ch.pipeline().addLast(new MongoExceptionHandler());
                }
            })
            .bind(address).syncUninterruptibly().channel();

        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        Runnable shutdown = () -> {
            server.close().syncUninterruptibly();
            clients.close().syncUninterruptibly();
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            committer.stop();
            // Compacting on the way out rewrites live pages and overwrites old chunks, which
            // would otherwise keep copies of deleted documents in the file (docs/tips.md).
            if (!store.isClosed()) store.close(2_000);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown"));

        Thread stdinWatch = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) { /* the parent never writes; EOF means it is gone */ }
            } catch (IOException ignored) {
                // a broken pipe means the same as EOF
            }
            System.exit(0);
        }, "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        System.out.println("{\"ready\":true,\"uri\":\"mongodb://" + bound.getHostString() + ":" + bound.getPort() + "/\",\"pid\":"
            + ProcessHandle.current().pid() + "}");
        System.out.flush();
    }

    /**
     * The file's layout is ours (BSON documents, value-ordered index keys, ObjectIds and index
     * keys stored as bytes), not the library's default: a file written otherwise would be
     * misread, so it is refused by a marker. Format 2 (the same, with ObjectIds and index keys
     * Java-serialized) is read as it is, since format 3 reads those values too; its marker moves
     * to 3 at once, because the pages written from then on carry values format 2 cannot read.
     */
    static final int FORMAT = 3;

    private static final int READABLE_OLDER_FORMAT = 2;

    private static void checkFormat(MVStore store) {
        org.h2.mvstore.MVMap<String, Integer> meta = store.openMap("campus.format");
        Integer found = meta.get("version");
        boolean hasData = store.getMapNames().stream().anyMatch(name -> name.startsWith("databases."));
        if ((found == null && !hasData) || (found != null && found == READABLE_OLDER_FORMAT)) {
            meta.put("version", FORMAT);
            store.commit();
        } else if (found == null || found != FORMAT) {
            store.closeImmediately();
            fail("the data directory was written by another version of the embedded database (format "
                + (found == null ? "unknown" : found) + ", this one reads " + FORMAT + " and " + READABLE_OLDER_FORMAT + "); move it away to start afresh");
        }
    }

    private static void fail(String message) {
        System.err.println("embedded-db: " + message);
        System.exit(2);
    }

    private Main() {}
}
