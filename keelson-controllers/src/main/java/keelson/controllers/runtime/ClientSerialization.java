package keelson.controllers.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

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

  /**
   * Returns a model object (a pod's status, say) as a JSON tree, the same tree fabric8's
   * serialization would give. It is written by a plain mapper with Blackbird: fabric8's wraps every
   * property writer to look its name up in the bean's additional properties first, by reflection,
   * which made a pod status's conversion 65 % slower (8.5 against 5.2 µs). The wrapper matters only
   * for values decoded into additional properties because their type did not match, which fabric8
   * does only while processing templates.
   */
  public static ObjectNode toTree(Object model) {
    return TREES.valueToTree(model);
  }

  private static final ObjectMapper TREES = new ObjectMapper().registerModule(new BlackbirdModule());

  /** The same on a given, fresh mapper (tests look at what was installed on it). */
  static KubernetesSerialization create(ObjectMapper mapper) {
    KubernetesSerialization serialization = new WatchEventsWithoutManagedFields(mapper);
    mapper.registerModule(new BlackbirdModule());
    StreamingResourceInstantiator.install(mapper);
    return serialization;
  }

  /**
   * Decodes watch events without their object's managedFields ({@link WatchEventText}): the
   * components' informers drop them from every object anyway, and no component reads them from a
   * watch. Everything else is decoded whole.
   */
  private static final class WatchEventsWithoutManagedFields extends KubernetesSerialization {
    /**
     * One reader for every event, made on first use (after the modules are registered): fabric8
     * makes a reader per call, which looks the root deserializer up again, and reads through a
     * buffered stream over a copy of the text.
     */
    private volatile ObjectReader events;
    private final ObjectMapper mapper;

    WatchEventsWithoutManagedFields(ObjectMapper mapper) {
      super(mapper, true);
      this.mapper = mapper;
    }

    @Override
    public <T> T unmarshal(String text, Class<T> type) {
      if (type != WatchEvent.class) {
        return super.unmarshal(text, type);
      }
      ObjectReader reader = events;
      if (reader == null) {
        reader = mapper.readerFor(WatchEvent.class);
        events = reader;
      }
      try {
        // Events are JSON objects, never the YAML fabric8 also accepts here.
        char[] chars = WatchEventText.withoutManagedFieldsChars(text);
        try (JsonParser parser = reader.createParser(chars, 0, chars.length)) {
          return reader.readValue(parser);
        }
      } catch (IOException e) {
        throw KubernetesClientException.launderThrowable(e);
      }
    }
  }
}
