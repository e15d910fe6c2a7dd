package keelson.controllers.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * fabric8's serialisation for the in-process components' client, with Jackson's Blackbird module
 * and a streaming decoder for Kubernetes resources. Every watch event the informers decode and every
 * write the components encode goes through it; with the launcher's C1-only JIT, Jackson's reflective
 * getter and setter calls were most of that cost, and Blackbird replaces them with generated
 * accessors. Of what remained, about half was fabric8 reading each event's object into a tree
 * before converting it; {@link StreamingResourceDeserializer} skips the tree when it can. The JSON
 * written and the objects read are the same either way.
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
    return create(new ObjectMapper());
  }

  /** The same on a given, fresh mapper (tests look at what was installed on it). */
  static KubernetesSerialization create(ObjectMapper mapper) {
    KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
    mapper.registerModule(new BlackbirdModule());
    StreamingResourceInstantiator.install(mapper);
    return serialization;
  }
}
