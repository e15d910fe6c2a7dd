package keelson.controllers.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes whose answer the caller does not read, or reads one name of (an Event, a kubelet's status
 * patch, a Lease renewal, a daemon pod's creation), sent with the client's credentials. fabric8's
 * typed calls decode every answer into a new object; for these writes that decoding was a tenth of
 * the server process's CPU per pod, since the components share the process with the API server.
 * Over the in-process transport ({@link DirectRequests}) the request goes to the server directly,
 * with the headers fabric8's interceptors would have added; over any other, through fabric8's HTTP
 * client. A failure still surfaces as the {@link KubernetesClientException} fabric8 would throw, with
 * the answer's code and Status, so callers keep handling 404 and 409 as before.
 */
public final class WriteOnlyClient {
  private static final long TIMEOUT_SECONDS = 30;
  private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final JsonFactory NAMES = new JsonFactory();
  private static final long MAX_RETRY_INTERVAL_MS = 10_000;

  private final HttpClient http;
  private final KubernetesSerialization json;
  private final String base;
  /** The transport's direct path, when it has one and fabric8 would add no more than {@link #headers}. */
  private final DirectRequests direct;
  /** What fabric8's interceptors add to a request here: the User-Agent and the bearer token. */
  private final Map<String, List<String>> headers;
  /** fabric8's retry settings for the direct path: first pause (ms) and most retries. */
  private final long retryInterval;
  private final int retryLimit;

  public WriteOnlyClient(KubernetesClient client) {
    this.http = client.getHttpClient();
    this.json = client.getKubernetesSerialization();
    String url = client.getMasterUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    Config config = client.getConfiguration();
    Map<String, List<String>> sent = new LinkedHashMap<>();
    if (config.getUserAgent() != null && !config.getUserAgent().isEmpty()) {
      sent.put("User-Agent", List.of(config.getUserAgent()));
    }
    if (config.getOauthToken() != null && !config.getOauthToken().isEmpty()) {
      sent.put("Authorization", List.of("Bearer " + config.getOauthToken()));
    }
    this.headers = Map.copyOf(sent);
    this.retryInterval = Math.max(1, config.getRequestRetryBackoffInterval());
    this.retryLimit = Math.max(0, config.getRequestRetryBackoffLimit());
    // Only a plain bearer token (or none) is replayed here; credentials that refresh, basic auth,
    // impersonation and custom headers stay with fabric8's interceptors.
    boolean plain = config.getOauthTokenProvider() == null && config.getAuthProvider() == null
        && (config.getUsername() == null || config.getUsername().isEmpty())
        && (config.getCustomHeaders() == null || config.getCustomHeaders().isEmpty())
        && (config.getImpersonateUsername() == null || config.getImpersonateUsername().isEmpty());
    this.direct = plain && http instanceof DirectRequests requests ? requests : null;
  }

  /** POSTs {@code object} to a collection, e.g. {@code collection("", "v1", "default", "events")}. */
  public void create(String path, Object object) {
    create(path, json.asJson(object).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * POSTs {@code object} to a collection and returns the name the created object got (with
   * generateName, the server's choice); of the answer only that name is read.
   */
  public String createNamed(String path, Object object) {
    byte[] answer = send("POST", base + path, path, "application/json",
        json.asJson(object).getBytes(StandardCharsets.UTF_8));
    try (JsonParser p = NAMES.createParser(answer)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          boolean metadata = p.currentName().equals("metadata");
          if (p.nextToken() == JsonToken.START_OBJECT && metadata) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              if (p.nextToken() == JsonToken.VALUE_STRING && field.equals("name")) {
                return p.getText();
              }
              p.skipChildren();
            }
          }
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new KubernetesClientException("POST " + path + " answered with what is not JSON: " + e.getMessage(), e);
    }
    throw new KubernetesClientException("POST " + path + " answered without the created object's name");
  }

  /** POSTs an object already serialised as JSON to a collection. */
  public void create(String path, byte[] json) {
    send("POST", base + path, path, "application/json", json);
  }

  /** PUTs {@code object} to an object's path (its resourceVersion, if set, is the precondition). */
  public void replace(String path, Object object) {
    send("PUT", base + path, path, "application/json", json.asJson(object).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * PATCHes an object's path with a strategic merge patch ({@code patch} is serialised as it is, e.g.
   * a Jackson tree), as the kubelet sends its pod status updates.
   *
   * @param fieldManager the manager the change is attributed to in managedFields, or null for the
   *     server's default (the client's User-Agent)
   */
  public void strategicMergePatch(String path, String fieldManager, Object patch) {
    String uri = fieldManager == null ? base + path : base + path + "?fieldManager=" + encode(fieldManager);
    send("PATCH", uri, path, STRATEGIC_MERGE_PATCH, json.asJson(patch).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * PATCHes an object's path with a JSON merge patch already serialised; a {@code resourceVersion} in
   * its metadata is the precondition.
   */
  public void mergePatch(String path, String patch) {
    send("PATCH", base + path, path, MERGE_PATCH, patch.getBytes(StandardCharsets.UTF_8));
  }

  /** The path of a collection: core group {@code ""} is under {@code /api}, others under {@code /apis}. */
  public static String collection(String group, String version, String namespace, String plural) {
    String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return namespace == null || namespace.isEmpty() ? root + "/" + plural
        : root + "/namespaces/" + encode(namespace) + "/" + plural;
  }

  /** The path of one object in a collection, with an optional subresource (e.g. {@code status}). */
  public static String object(String collection, String name, String subresource) {
    String path = collection + "/" + encode(name);
    return subresource == null ? path : path + "/" + subresource;
  }

  /** Sends one write and returns the answer's body, or throws as fabric8 would for a refusal. */
  private byte[] send(String verb, String uri, String path, String contentType, byte[] body) {
    if (direct == null) {
      HttpRequest.Builder request = http.newHttpRequestBuilder().uri(uri);
      if (verb.equals("POST")) {
        request.post(contentType, body);
      } else {
        request.method(verb, contentType, new String(body, StandardCharsets.UTF_8));
      }
      return send(request.build(), verb, path);
    }
    Map<String, List<String>> sent = new LinkedHashMap<>(headers);
    sent.put("Content-Type", List.of(contentType));
    URI target = URI.create(uri);
    long interval = retryInterval;
    for (int attempt = 0; ; attempt++) {
      DirectRequests.Answer answer = null;
      IOException failed = null;
      try {
        answer = direct.send(verb, target, sent, body);
      } catch (IOException e) {
        failed = e;
      } catch (RuntimeException e) {
        throw new KubernetesClientException(verb + " " + path + " failed: " + e.getMessage(), e);
      }
      // As fabric8's client: a server error or a failed exchange is tried again, backing off.
      boolean again = (failed != null || answer.code() >= 500) && attempt < retryLimit;
      if (!again) {
        if (failed != null) {
          throw new KubernetesClientException(verb + " " + path + " failed: " + failed.getMessage(), failed);
        }
        if (answer.code() < 200 || answer.code() >= 300) {
          throw failure(json, verb, path, answer.code(), answer.body());
        }
        return answer.body();
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KubernetesClientException(verb + " " + path + " interrupted", e);
      }
      interval = Math.min(interval * 2, MAX_RETRY_INTERVAL_MS);
    }
  }

  private byte[] send(HttpRequest request, String verb, String path) {
    HttpResponse<byte[]> response;
    try {
      response = http.sendAsync(request, byte[].class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException(verb + " " + path + " interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException(verb + " " + path + " failed: " + e.getMessage(), e);
    }
    if (!response.isSuccessful()) {
      throw failure(json, verb, path, response.code(), response.body());
    }
    return response.body();
  }

  /** The exception for a non-2xx answer: its Status if the body is one, else the code and body text. */
  static KubernetesClientException failure(KubernetesSerialization json, String verb, String path, int code,
      byte[] body) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    Status status = null;
    try {
      Object decoded = text.isBlank() ? null : json.unmarshal(text);
      if (decoded instanceof Status s) {
        status = s;
      }
    } catch (RuntimeException notStatus) {
      // a proxy's or a crashed handler's text: fall back to the code and the raw text
    }
    if (status == null) {
      return new KubernetesClientException(verb + " " + path + " answered " + code + ": " + text, code, null);
    }
    if (status.getCode() == null || status.getCode() == 0) {
      status.setCode(code);
    }
    return new KubernetesClientException(status);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
