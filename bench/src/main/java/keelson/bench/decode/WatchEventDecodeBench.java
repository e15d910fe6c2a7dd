package keelson.bench.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import keelson.controllers.runtime.ClientSerialization;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One watch event, decoded as fabric8's watch manager decodes each message
 * ({@code KubernetesSerialization.unmarshal(message, WatchEvent.class)}), by three serialisations:
 * fabric8's stock one; the components' one before the streaming decoder (fabric8's plus Blackbird,
 * what main had); and the components' one now ({@link ClientSerialization#create()}: Blackbird plus
 * the streaming decoder, no intermediate tree, and since session 6 watch events without their
 * managedFields). The events are a Running StatefulSet pod with status and managed fields (~4 KB)
 * and a node Lease renewal (~0.8 KB), shaped as Keelson's API server sends them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WatchEventDecodeBench {
  @Param({"pod", "lease"})
  public String event;

  private String message;
  private KubernetesSerialization fabric8;
  private KubernetesSerialization blackbird;
  private KubernetesSerialization streaming;

  @Setup
  public void setUp() {
    message = "{\"type\":\"MODIFIED\",\"object\":" + fixture(event + ".json") + "}";
    fabric8 = new KubernetesSerialization();
    ObjectMapper mapper = new ObjectMapper();
    blackbird = new KubernetesSerialization(mapper, true);
    mapper.registerModule(new BlackbirdModule());
    streaming = ClientSerialization.create();
    // The three must agree before any of them is timed (the components' one leaves managedFields
    // out of watch events, see WatchEventText).
    WatchEvent expected = fabric8.unmarshal(message, WatchEvent.class);
    if (!(expected.getObject() instanceof HasMetadata)
        || !expected.equals(blackbird.unmarshal(message, WatchEvent.class))) {
      throw new IllegalStateException("the serialisations decode " + event + " differently");
    }
    ((HasMetadata) expected.getObject()).getMetadata().setManagedFields(java.util.List.of());
    if (!expected.equals(streaming.unmarshal(message, WatchEvent.class))) {
      throw new IllegalStateException("the components' serialisation decodes " + event + " differently");
    }
  }

  @Benchmark
  public WatchEvent fabric8Stock() {
    return fabric8.unmarshal(message, WatchEvent.class);
  }

  @Benchmark
  public WatchEvent blackbirdTree() {
    return blackbird.unmarshal(message, WatchEvent.class);
  }

  @Benchmark
  public WatchEvent blackbirdStreaming() {
    return streaming.unmarshal(message, WatchEvent.class);
  }

  private static String fixture(String name) {
    try (InputStream in = WatchEventDecodeBench.class.getResourceAsStream("/decode/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
