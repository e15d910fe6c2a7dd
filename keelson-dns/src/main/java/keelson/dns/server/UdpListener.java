package keelson.dns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP: a small pool of platform threads, each looping receive → answer → send on one
 * channel. Local answers are computed on the receiving thread (a few microseconds); forwarded
 * ones complete on the resolver's thread and are sent from there.
 */
public final class UdpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UdpListener.class);
  private static final int MAX_QUERY = 65535;

  private final DatagramChannel channel;
  private final DnsResponder responder;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  private UdpListener(DatagramChannel channel, DnsResponder responder) {
    this.channel = channel;
    this.responder = responder;
  }

  /** Binds {@code address} and starts {@code threads} receivers. */
  public static UdpListener start(InetSocketAddress address, DnsResponder responder, int threads) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      channel.bind(address);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    UdpListener listener = new UdpListener(channel, responder);
    for (int i = 0; i < threads; i++) {
      Thread t = Thread.ofPlatform().daemon().name("dns-udp-" + i).start(listener::serve);
      listener.threads.add(t);
    }
    return listener;
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private void serve() {
    ByteBuffer in = ByteBuffer.allocate(MAX_QUERY);
    while (!closed) {
      SocketAddress client;
      try {
        in.clear();
        client = channel.receive(in);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.atWarn().addKeyValue("error", e.toString()).log("DNS UDP receive failed");
        }
        continue;
      }
      if (client == null) {
        continue;
      }
      try {
        responder.handle(in.array(), in.position(), true, response -> send(response, client));
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("error", e.toString()).log("DNS query failed");
      }
    }
  }

  private void send(byte[] response, SocketAddress client) {
    try {
      channel.send(ByteBuffer.wrap(response), client);
    } catch (IOException e) {
      if (!closed) {
        log.atDebug().addKeyValue("error", e.toString()).log("DNS UDP send failed");
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
