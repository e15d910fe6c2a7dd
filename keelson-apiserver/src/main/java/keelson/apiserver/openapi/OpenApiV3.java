package keelson.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;

/**
 * The OpenAPI v3 discovery served at {@code /openapi/v3} and the per-group-version documents it
 * points to, such as {@code /openapi/v3/apis/apps/v1}.
 *
 * <p>Everything is generated on first use and then cached: the registry is fixed for the life of
 * the server. Each document's URL carries a hash of its content, as kube-apiserver's does, so
 * clients may cache by URL. Thread-safe.
 */
public final class OpenApiV3 {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ResourceType> types;
  private volatile Built built;

  /** Describes every built-in kind. */
  public OpenApiV3() {
    this(BuiltinResources.SERVED);
  }

  /** Describes the given kinds. */
  public OpenApiV3(List<ResourceType> types) {
    this.types = List.copyOf(types);
  }

  /**
   * Returns the discovery document: {@code {"paths":{"apis/apps/v1":{"serverRelativeURL":
   * "/openapi/v3/apis/apps/v1?hash=…"}, …}}}.
   */
  public byte[] root() {
    return built().root().clone();
  }

  /**
   * Returns the OpenAPI document of one group-version.
   *
   * @param gvPath {@code api/v1} for the core group, {@code apis/<group>/<version>} otherwise; a
   *     leading slash is ignored
   * @return the JSON document, or empty if no served kind is in that group-version
   */
  public Optional<byte[]> document(String gvPath) {
    Document document = built().documents().get(normalize(gvPath));
    return document == null ? Optional.empty() : Optional.of(document.json().clone());
  }

  /** Returns the group-version paths that have a document, such as {@code api/v1}, in discovery order. */
  public List<String> groupVersionPaths() {
    return List.copyOf(built().documents().keySet());
  }

  /** Returns the content hash the root uses in a group-version document's URL, usable as an ETag. */
  public Optional<String> hash(String gvPath) {
    return Optional.ofNullable(built().documents().get(normalize(gvPath))).map(Document::hash);
  }

  private static String normalize(String gvPath) {
    return gvPath.startsWith("/") ? gvPath.substring(1) : gvPath;
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
    Map<String, List<ResourceType>> byGroupVersion = new LinkedHashMap<>();
    for (ResourceType type : types) {
      byGroupVersion.computeIfAbsent(gvPath(type), key -> new ArrayList<>()).add(type);
    }
    Map<String, Document> documents = new LinkedHashMap<>();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    byGroupVersion.forEach(
        (gvPath, kinds) -> {
          byte[] json = write(GroupVersionDocument.build(kinds));
          String hash = sha512(json);
          documents.put(gvPath, new Document(json, hash));
          paths.putObject(gvPath).put("serverRelativeURL", "/openapi/v3/" + gvPath + "?hash=" + hash);
        });
    return new Built(write(root), java.util.Collections.unmodifiableMap(documents));
  }

  private static String gvPath(ResourceType type) {
    return type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.apiVersion();
  }

  private static byte[] write(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an OpenAPI document", e);
    }
  }

  private static String sha512(byte[] content) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }

  private record Document(byte[] json, String hash) {}

  private record Built(byte[] root, Map<String, Document> documents) {}
}
