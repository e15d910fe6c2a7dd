package keelson.dns.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/** Where names outside the cluster zone go. */
public interface Upstream {
  /**
   * Sends {@code query} upstream; completes with the response (its ID is the query's), or
   * exceptionally; {@code null} from {@link #refusing()} means "answer REFUSED".
   */
  CompletionStage<Message> send(Message query);

  /** True when nothing is forwarded: every outside name is answered REFUSED. */
  default boolean refuses() {
    return false;
  }

  /** No upstream: REFUSED. */
  static Upstream refusing() {
    return new Upstream() {
      @Override
      public CompletionStage<Message> send(Message query) {
        return CompletableFuture.failedFuture(new IllegalStateException("no upstream"));
      }

      @Override
      public boolean refuses() {
        return true;
      }
    };
  }

  /** A nameserver reached over UDP (TCP when the answer is truncated), with a timeout. */
  static Upstream forwardingTo(InetSocketAddress address, Duration timeout) {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(timeout);
    return resolver::sendAsync;
  }

  /** {@link #forwardingTo} for a present address, {@link #refusing} otherwise. */
  static Upstream of(Optional<InetSocketAddress> address) {
    return address.map(a -> forwardingTo(a, Duration.ofSeconds(2))).orElseGet(Upstream::refusing);
  }
}
