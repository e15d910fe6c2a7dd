package keelson.apiserver.http;

import java.util.Locale;
import keelson.apiserver.rest.ApiException;

/**
 * The response forms the server can produce, chosen from the Accept header as kube-apiserver does:
 * the first acceptable entry wins; protobuf is never produced, so clients that list JSON after it
 * (kubectl's typed clients) get JSON. Tables and partial metadata are offered in meta.k8s.io/v1
 * only (kube-apiserver also still converts to v1beta1, which no current client asks for first).
 */
public enum Representation {
  JSON("application/json"),
  YAML("application/yaml"),
  TABLE("application/json;as=Table;v=v1;g=meta.k8s.io"),
  PARTIAL_METADATA("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io");

  private final String contentType;

  Representation(String contentType) {
    this.contentType = contentType;
  }

  /** Returns the Content-Type of a response in this form. */
  public String contentType() {
    return contentType;
  }

  /**
   * Chooses the representation for an Accept header.
   *
   * @throws ApiException 406 when nothing acceptable can be produced
   */
  public static Representation negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    for (String entry : accept.split(",")) {
      String[] parts = entry.trim().split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      String as = null;
      String group = null;
      String version = null;
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].trim();
        if (param.startsWith("as=")) {
          as = param.substring(3);
        } else if (param.startsWith("g=")) {
          group = param.substring(2);
        } else if (param.startsWith("v=")) {
          version = param.substring(2);
        }
      }
      if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")) {
        if (as == null) {
          return JSON;
        }
        // A conversion is only offered in meta.k8s.io/v1; like kube-apiserver, an entry naming
        // another group or version (or none) is passed over for the next one.
        if (!"meta.k8s.io".equals(group) || !"v1".equals(version)) {
          continue;
        }
        if (as.equals("Table")) {
          return TABLE;
        }
        if (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) {
          return PARTIAL_METADATA;
        }
      } else if (type.equals("application/yaml") && as == null) {
        return YAML;
      }
    }
    throw ApiException.notAcceptable("only the following media types are accepted: application/json, "
        + "application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io");
  }
}
