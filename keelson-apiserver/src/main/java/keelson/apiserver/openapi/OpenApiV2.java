package keelson.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Swagger 2.0 document served at {@code /openapi/v2}, derived from the OpenAPI v3 documents so
 * the two never disagree. kubectl 1.27 and 1.28 read it (as protobuf) for {@code apply}'s
 * field-validation check and for {@code explain}; later versions use v3. Built on first use, then
 * cached. Thread-safe.
 */
public final class OpenApiV2 {
  /**
   * The media type of the protobuf answer. client-go asks for the older spelling with {@code @v1.0},
   * which Go's media-type parser refuses in a Content-Type, so kube-apiserver answers with this one.
   */
  public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenApiV3 v3;
  private volatile Built built;

  public OpenApiV2(OpenApiV3 v3) {
    this.v3 = v3;
  }

  /** Returns the document as JSON. */
  public byte[] json() {
    return built().json().clone();
  }

  /** Returns the document as gnostic's {@code openapi.v2.Document} protobuf message. */
  public byte[] protobuf() {
    return built().protobuf().clone();
  }

  private Built built() {
    Built current = built;
    if (current == null) {
      synchronized (this) {
        current = built;
        if (current == null) {
          current = build();
          built = current;
        }
      }
    }
    return current;
  }

  private Built build() {
    List<JsonNode> documents = new ArrayList<>();
    try {
      for (String gvPath : v3.groupVersionPaths()) {
        documents.add(JSON.readTree(v3.document(gvPath).orElseThrow()));
      }
      ObjectNode swagger = SwaggerConversion.convert(documents);
      return new Built(JSON.writeValueAsBytes(swagger), SwaggerProtobuf.encode(swagger));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot build the OpenAPI v2 document", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Built(byte[] json, byte[] protobuf) {}
}
