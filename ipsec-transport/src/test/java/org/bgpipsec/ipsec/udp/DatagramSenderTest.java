package org.bgpipsec.ipsec.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The direct send, its fallback through the channel and the order between the two. */
class DatagramSenderTest {
  private static final InetSocketAddress TO =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 4500);

  /**
   * Holds the channel's writes unfinished until {@link #finish} (a socket that is not writable).
   */
  private static final class HeldWrites extends ChannelOutboundHandlerAdapter {
    final List<byte[]> written = new ArrayList<>();
    final List<ChannelPromise> promises = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      DatagramPacket p = (DatagramPacket) msg;
      written.add(ByteBufUtil.getBytes(p.content()));
      p.release();
      promises.add(promise);
    }

    void finish() {
      promises.forEach(ChannelPromise::setSuccess);
      promises.clear();
    }
  }

  private final List<byte[]> direct = new ArrayList<>();
  private final HeldWrites held = new HeldWrites();
  private final EmbeddedChannel channel = new EmbeddedChannel(held);

  /** What the fake socket answers next: bytes sent, or 0 for a full send buffer. */
  private int socketAnswer = -1;

  private final DatagramSender sender =
      new DatagramSender(
          channel,
          (data, remote) -> {
            assertThat(remote).isEqualTo(TO);
            if (socketAnswer == 0) {
              return 0;
            }
            direct.add(data);
            return data.length;
          });

  @Test
  void aDatagramGoesStraightToTheSocket() {
    ChannelFuture f = sender.send(TO, new byte[] {1, 2});
    assertThat(f.isSuccess()).isTrue();
    assertThat(direct).containsExactly(new byte[] {1, 2});
    assertThat(held.written).isEmpty();
  }

  @Test
  void aFullSendBufferFallsBackToTheChannelAndLaterDatagramsFollowIt() {
    socketAnswer = 0;
    ChannelFuture first = sender.send(TO, new byte[] {1});
    socketAnswer = -1;
    ChannelFuture second = sender.send(TO, new byte[] {2});
    // The first is still waiting in the channel: the second must not overtake it.
    assertThat(direct).isEmpty();
    assertThat(held.written).containsExactly(new byte[] {1}, new byte[] {2});
    assertThat(first.isDone()).isFalse();
    held.finish();
    assertThat(first.isSuccess()).isTrue();
    assertThat(second.isSuccess()).isTrue();
    // Nothing pending any more: straight to the socket again.
    sender.send(TO, new byte[] {3});
    assertThat(direct).containsExactly(new byte[] {3});
    assertThat(held.written).hasSize(2);
  }

  @Test
  void aSocketErrorFailsTheFuture() {
    DatagramSender failing =
        new DatagramSender(
            channel,
            (data, remote) -> {
              throw new PortUnreachableException("sendTo failed");
            });
    assertThat(failing.send(TO, new byte[] {1}).cause()).isInstanceOf(IOException.class);
    assertThat(held.written).isEmpty();
  }

  @Test
  void afterCloseEverySendFails() {
    sender.close();
    assertThat(sender.send(TO, new byte[] {1}).cause()).isInstanceOf(ClosedChannelException.class);
    assertThat(direct).isEmpty();
    assertThat(held.written).isEmpty();
  }
}
