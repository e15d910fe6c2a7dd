package keelson.bench.storage;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.nio.charset.StandardCharsets;

/** The peer: plain jetcd puts and gets, no transaction, as the published etcd figures use. */
final class RawEtcdTarget implements Target {
  private final Client client;
  private final KV kv;

  RawEtcdTarget(String endpoints) {
    String[] urls = java.util.Arrays.stream(endpoints.split(",")).map(e -> "http://" + e).toArray(String[]::new);
    this.client = Client.builder().endpoints(urls).build();
    this.kv = client.getKVClient();
  }

  @Override
  public String name() {
    return "etcd-raw";
  }

  @Override
  public void write(String key, byte[] value) throws Exception {
    kv.put(bytes(key), ByteSequence.from(value)).get();
  }

  @Override
  public void read(String key) throws Exception {
    if (kv.get(bytes(key)).get().getKvs().isEmpty()) {
      throw new IllegalStateException("missing " + key);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
