package keelson.controllers.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decodes a {@link KubernetesResource} (a watch event's object, a {@code HasMetadata} field) straight
 * into its model class when the object starts with {@code apiVersion} and {@code kind}, in either
 * order; fabric8's {@link KubernetesDeserializer} reads every object into a Jackson tree first just
 * to find those two fields, then converts the tree, which was about half of the components' cost of
 * decoding watch events. Keelson's API server keeps the type fields where the writer put them, and
 * fabric8, kubectl (sorted keys) and Keelson's own list and bookmark code all put them first.
 *
 * <p>The model class is the one fabric8's own deserializer would pick (its registry, so kinds
 * registered with it count too). The two fields already read are given to the class's bean
 * deserializer first, as a small object of their own, and the rest of the object is then read into
 * the same bean straight from the stream. For a class whose deserializer cannot be resumed that
 * way, the two fields are replayed in front of the rest of the stream, as Jackson does for a type
 * id held in a property. Anything else is handed, with what was read so far replayed, to fabric8's
 * deserializer unchanged: not an object, other fields first, a non-string type field, a kind fabric8
 * does not know (it makes a GenericKubernetesResource of it) or a class whose deserializer is
 * fabric8's again. One difference remains for input no Kubernetes server sends: with a type field
 * repeated later in the object, fabric8 picks the class by the last occurrence and this by the first.
 */
final class StreamingResourceDeserializer extends JsonDeserializer<KubernetesResource> {
  private static final String API_VERSION = "apiVersion";
  private static final String KIND = "kind";
  /** Blackbird's bean deserializer (package-private, so known by name). */
  private static final String BLACKBIRD_BEAN = "com.fasterxml.jackson.module.blackbird.deser.SuperSonicBeanDeserializer";

  private final KubernetesDeserializer fabric8;
  private final LongAdder fallBacks = new LongAdder();
  private final LongAdder replays = new LongAdder();

  StreamingResourceDeserializer(KubernetesDeserializer fabric8) {
    this.fabric8 = fabric8;
  }

  @Override
  public KubernetesResource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (!p.hasToken(JsonToken.START_OBJECT)) {
      fallBacks.increment();
      return fabric8.deserialize(p, ctxt);
    }
    TokenBuffer head = ctxt.bufferForInputBuffering(p);
    head.writeStartObject();
    String apiVersion = null;
    String kind = null;
    while (apiVersion == null || kind == null) {
      JsonToken next = p.nextToken();
      if (next != JsonToken.FIELD_NAME) {
        if (next == JsonToken.END_OBJECT) {
          head.writeEndObject(); // a small object, replayed whole
        }
        return fallBack(head, p, ctxt);
      }
      String name = p.currentName();
      head.writeFieldName(name);
      boolean text = p.nextToken() == JsonToken.VALUE_STRING;
      if (text && apiVersion == null && API_VERSION.equals(name)) {
        apiVersion = p.getText();
        head.writeString(apiVersion);
      } else if (text && kind == null && KIND.equals(name)) {
        kind = p.getText();
        head.writeString(kind);
      } else {
        head.copyCurrentStructure(p);
        return fallBack(head, p, ctxt);
      }
    }
    Class<? extends KubernetesResource> type = fabric8.getRegisteredKind(apiVersion, kind);
    if (type == null || !KubernetesResource.class.isAssignableFrom(type)) {
      return fallBack(head, p, ctxt);
    }
    JsonDeserializer<?> model = ctxt.findRootValueDeserializer(ctxt.constructType(type));
    if (model instanceof StreamingResourceDeserializer || model instanceof KubernetesDeserializer) {
      return fallBack(head, p, ctxt);
    }
    if (model instanceof BeanDeserializer bean && plain(bean)) {
      // The two fields make a small object of their own; the rest of the object then goes into
      // the same bean from the original parser, so no token pays for a replaying parser.
      head.writeEndObject();
      JsonParser typeFields = head.asParser(p);
      typeFields.nextToken();
      Object resource = bean.deserialize(typeFields, ctxt);
      p.nextToken(); // the third field, or the object's end (where the bean deserializer stops at once)
      return (KubernetesResource) bean.deserialize(p, ctxt, resource);
    }
    replays.increment();
    return (KubernetesResource) model.deserialize(replay(head, p), ctxt);
  }

  /**
   * Whether filling a bean in two parts is the same as in one: Jackson's plain bean deserializer, or
   * Blackbird's (which resumes an object at a field other than its first property through the
   * plain one's code; the components' client registers Blackbird), for a class made by its
   * no-argument constructor, with properties set one by one as they come
   * (no creator properties, object ids or views; fabric8's models have no unwrapped or externally
   * typed properties either), which is every fabric8 model class. Others get the whole object
   * replayed.
   */
  private static boolean plain(BeanDeserializer bean) {
    return (bean.getClass() == BeanDeserializer.class || bean.getClass().getName().equals(BLACKBIRD_BEAN))
        && bean.getValueInstantiator().canCreateUsingDefault()
        && !bean.getValueInstantiator().canCreateFromObjectWith()
        && bean.getObjectIdReader() == null
        && !bean.hasViews();
  }

  /** fabric8's own decoding, of the object as it was before this read from it. */
  private KubernetesResource fallBack(TokenBuffer head, JsonParser p, DeserializationContext ctxt)
      throws IOException {
    fallBacks.increment();
    return fabric8.deserialize(replay(head, p), ctxt);
  }

  /**
   * The buffered tokens, then the rest of {@code p}, positioned on the object's start. When the
   * buffer runs out the sequence moves {@code p} on, so {@code p} ends on the object's end, where a
   * deserializer must leave it.
   */
  private static JsonParser replay(TokenBuffer head, JsonParser p) throws IOException {
    JsonParser sequence = JsonParserSequence.createFlattened(false, head.asParser(p), p);
    sequence.nextToken();
    return sequence;
  }

  /**
   * How many objects were read through a replaying parser sequence rather than resumed on the
   * original parser (tests: every token of such an object pays for the sequence).
   */
  long replays() {
    return replays.sum();
  }

  /** How many objects went to fabric8's deserializer, for tests that tell the two paths apart. */
  long fallBacks() {
    return fallBacks.sum();
  }

  @Override
  public Class<?> handledType() {
    return KubernetesResource.class;
  }
}
