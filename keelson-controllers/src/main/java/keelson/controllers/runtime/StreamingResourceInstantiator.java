package keelson.controllers.runtime;

import com.fasterxml.jackson.annotation.ObjectIdGenerator;
import com.fasterxml.jackson.annotation.ObjectIdResolver;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.cfg.HandlerInstantiator;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.ser.VirtualBeanPropertyWriter;
import com.fasterxml.jackson.databind.util.Converter;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;

/**
 * Puts {@link StreamingResourceDeserializer} wherever the model asks for fabric8's {@link
 * KubernetesDeserializer} ({@code @JsonDeserialize(using = KubernetesDeserializer.class)} on {@code
 * KubernetesResource} and on {@code WatchEvent.object}). fabric8's {@code KubernetesSerialization}
 * hands out its own deserializer through a handler instantiator on the mapper; this one wraps that
 * instantiator, asks it for fabric8's deserializer (so the registry of kinds is the serialization's
 * own) and delegates everything else to it.
 */
final class StreamingResourceInstantiator extends HandlerInstantiator {
  private final HandlerInstantiator fabric8;
  private StreamingResourceDeserializer deserializer;

  private StreamingResourceInstantiator(HandlerInstantiator fabric8) {
    this.fabric8 = fabric8;
  }

  /**
   * Installs the streaming deserializer on a mapper already configured by fabric8's {@code
   * KubernetesSerialization}, before it has decoded anything (Jackson caches what it resolved).
   */
  static void install(ObjectMapper mapper) {
    HandlerInstantiator fabric8 = mapper.getDeserializationConfig().getHandlerInstantiator();
    if (fabric8 == null) {
      throw new IllegalStateException("the mapper has no handler instantiator: not configured by fabric8");
    }
    mapper.setConfig(mapper.getDeserializationConfig().with(new StreamingResourceInstantiator(fabric8)));
  }

  @Override
  public JsonDeserializer<?> deserializerInstance(DeserializationConfig config, Annotated annotated,
      Class<?> deserClass) {
    JsonDeserializer<?> instance = fabric8.deserializerInstance(config, annotated, deserClass);
    if (deserClass != KubernetesDeserializer.class || !(instance instanceof KubernetesDeserializer own)) {
      return instance;
    }
    synchronized (this) {
      // fabric8 creates its deserializer once per serialization, on first use; so is this one.
      if (deserializer == null) {
        deserializer = new StreamingResourceDeserializer(own);
      }
      return deserializer;
    }
  }

  /** The streaming deserializer handed out so far, or null. */
  synchronized StreamingResourceDeserializer deserializer() {
    return deserializer;
  }

  @Override
  public KeyDeserializer keyDeserializerInstance(DeserializationConfig config, Annotated annotated,
      Class<?> keyDeserClass) {
    return fabric8.keyDeserializerInstance(config, annotated, keyDeserClass);
  }

  @Override
  public JsonSerializer<?> serializerInstance(SerializationConfig config, Annotated annotated, Class<?> serClass) {
    return fabric8.serializerInstance(config, annotated, serClass);
  }

  @Override
  public TypeResolverBuilder<?> typeResolverBuilderInstance(MapperConfig<?> config, Annotated annotated,
      Class<?> builderClass) {
    return fabric8.typeResolverBuilderInstance(config, annotated, builderClass);
  }

  @Override
  public TypeIdResolver typeIdResolverInstance(MapperConfig<?> config, Annotated annotated, Class<?> resolverClass) {
    return fabric8.typeIdResolverInstance(config, annotated, resolverClass);
  }

  @Override
  public ValueInstantiator valueInstantiatorInstance(MapperConfig<?> config, Annotated annotated,
      Class<?> resolverClass) {
    return fabric8.valueInstantiatorInstance(config, annotated, resolverClass);
  }

  @Override
  public ObjectIdGenerator<?> objectIdGeneratorInstance(MapperConfig<?> config, Annotated annotated,
      Class<?> implClass) {
    return fabric8.objectIdGeneratorInstance(config, annotated, implClass);
  }

  @Override
  public ObjectIdResolver resolverIdGeneratorInstance(MapperConfig<?> config, Annotated annotated,
      Class<?> implClass) {
    return fabric8.resolverIdGeneratorInstance(config, annotated, implClass);
  }

  @Override
  public PropertyNamingStrategy namingStrategyInstance(MapperConfig<?> config, Annotated annotated,
      Class<?> implClass) {
    return fabric8.namingStrategyInstance(config, annotated, implClass);
  }

  @Override
  public Converter<?, ?> converterInstance(MapperConfig<?> config, Annotated annotated, Class<?> implClass) {
    return fabric8.converterInstance(config, annotated, implClass);
  }

  @Override
  public VirtualBeanPropertyWriter virtualPropertyWriterInstance(MapperConfig<?> config, Class<?> implClass) {
    return fabric8.virtualPropertyWriterInstance(config, implClass);
  }

  @Override
  public Object includeFilterInstance(SerializationConfig config, BeanPropertyDefinition forProperty,
      Class<?> filterClass) {
    return fabric8.includeFilterInstance(config, forProperty, filterClass);
  }
}
