package campus.embedded;

import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.AttributeKey;

/**
 * Unacknowledged writes (w:0) arrive as OP_MSG with the moreToCome flag, which the library's
 * decoder refuses. This frames each message, clears that flag, and remembers the request id
 * so that {@link DurableMessageHandler} sends no reply: a reply the client did not ask for
 * would be read as the answer to its next command.
 */
final class MoreToComeFilter extends LengthFieldBasedFrameDecoder {

    static final AttributeKey<Set<Integer>> NO_REPLY = AttributeKey.valueOf("campus.noReply");

    private static final int OP_MSG = 2013;
    private static final int MORE_TO_COME = 1 << 1;

    MoreToComeFilter() {
        super(ByteOrder.LITTLE_ENDIAN, 48 * 1000 * 1000, 0, 4, -4, 0, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) return null;
        int start = frame.readerIndex();
        if (frame.readableBytes() >= 20 && frame.getIntLE(start + 12) == OP_MSG) {
            int flags = frame.getIntLE(start + 16);
            if ((flags & MORE_TO_COME) != 0) {
                frame.setIntLE(start + 16, flags & ~MORE_TO_COME);
                noReply(ctx.channel()).add(frame.getIntLE(start + 4));
            }
        }
        return frame;
    }

    static Set<Integer> noReply(Channel channel) {
        Set<Integer> ids = channel.attr(NO_REPLY).get();
        if (ids == null) {
            ids = new HashSet<>();
            channel.attr(NO_REPLY).set(ids);
        }
        return ids;
    }
}
