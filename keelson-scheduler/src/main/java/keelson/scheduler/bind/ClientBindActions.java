package keelson.scheduler.bind;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;

/**
 * {@link BindActions} over the client's HTTP connection: a POST to {@code pods/NAME/binding} (which
 * fabric8 has no call for), strategic-merge patches of {@code pods/NAME/status} and merge patches of
 * claims.
 */
public final class ClientBindActions implements BindActions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;

  public ClientBindActions(KubernetesClient client) {
    this.http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void bind(Pod pod, String node) {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
    body.putObject("metadata").put("name", pod.getMetadata().getName())
        .put("namespace", pod.getMetadata().getNamespace()).put("uid", pod.getMetadata().getUid());
    body.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
    send(http.newHttpRequestBuilder().uri(podPath(pod) + "/binding")
        .post("application/json", body.toString()).build());
  }

  @Override
  public void setCondition(Pod pod, PodConditions.Scheduled c) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode condition = patch.putObject("status").putArray("conditions").addObject()
        .put("type", PodConditions.POD_SCHEDULED).put("status", c.status());
    condition.putNull("lastProbeTime");
    condition.put("lastTransitionTime", c.lastTransitionTime().toString());
    if (c.reason() != null) {
      condition.put("reason", c.reason());
    }
    if (c.message() != null) {
      condition.put("message", c.message());
    }
    send(http.newHttpRequestBuilder().uri(podPath(pod) + "/status")
        .method("PATCH", "application/strategic-merge-patch+json", patch.toString()).build());
  }

  @Override
  public boolean claimStored(String namespace, String claim) {
    HttpResponse<String> response = exchange(http.newHttpRequestBuilder().uri(claimPath(namespace, claim)).build());
    if (response.code() == 404) {
      return false;
    }
    requireSuccess(response);
    return true;
  }

  @Override
  public void selectNode(String namespace, String claim, String node) {
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").putObject("annotations").put(Volumes.SELECTED_NODE, node);
    send(http.newHttpRequestBuilder().uri(claimPath(namespace, claim))
        .method("PATCH", "application/merge-patch+json", patch.toString()).build());
  }

  private String claimPath(String namespace, String claim) {
    return base + "/api/v1/namespaces/" + enc(namespace) + "/persistentvolumeclaims/" + enc(claim);
  }

  private String podPath(Pod pod) {
    return base + "/api/v1/namespaces/" + enc(pod.getMetadata().getNamespace()) + "/pods/"
        + enc(pod.getMetadata().getName());
  }

  private void send(HttpRequest request) {
    requireSuccess(exchange(request));
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.sendAsync(request, String.class).join();
    } catch (CompletionException e) {
      throw new BindFailure(0, String.valueOf(e.getCause()));
    }
  }

  private static void requireSuccess(HttpResponse<String> response) {
    if (response.code() < 200 || response.code() > 299) {
      throw new BindFailure(response.code(), response.body());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
