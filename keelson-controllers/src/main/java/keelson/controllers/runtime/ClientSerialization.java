package keelson.controllers.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * fabric8's serialisation for the in-process components' client, with Jackson's Blackbird module.
 * Every watch event the informers decode and every write the components encode goes through it;
 * with the launcher's C1-only JIT, Jackson's reflective getter and setter calls were most of that
 * cost, and Blackbird replaces them with generated accessors. The JSON is the same either way.
 */
public final class ClientSerialization {
  private ClientSerialization() {}

  /**
   * Returns the serialisation to pass to {@code KubernetesClientBuilder.withKubernetesSerialization}.
   * Blackbird is registered after fabric8's own modules on purpose: Jackson applies the modifier
   * registered last first, so fabric8's property wrappers (unknown fields kept as additional
   * properties) end up wrapping Blackbird's faster properties rather than hiding them from it.
   */
  public static KubernetesSerialization create() {
    ObjectMapper mapper = new ObjectMapper();
    KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
    mapper.registerModule(new BlackbirdModule());
    return serialization;
  }
}
