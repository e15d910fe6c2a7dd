package keelson.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.Json;

/**
 * Builds the discovery documents once from the registry; they never change while the server runs.
 */
public final class Discovery {
  /** The media type kubectl asks for first; the response must carry it for kubectl to use it. */
  public static final String AGGREGATED_TYPE =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final byte[] coreVersions;
  private final byte[] groups;
  private final byte[] aggregatedCore;
  private final byte[] aggregatedGroups;
  private final Map<String, byte[]> resourceLists = new LinkedHashMap<>();
  private final Map<String, byte[]> groupDocuments = new LinkedHashMap<>();

  /** Builds the documents for the given kinds; {@code serverAddress} is host:port as clients reach it. */
  public Discovery(List<ResourceType> types, String serverAddress) {
    Map<String, Map<String, List<ResourceType>>> byGroup = new LinkedHashMap<>();
    for (ResourceType type : types) {
      byGroup.computeIfAbsent(type.group(), g -> new LinkedHashMap<>())
          .computeIfAbsent(type.version(), v -> new ArrayList<>()).add(type);
    }

    ObjectNode versions = Json.object().put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    versions.putArray("serverAddressByClientCIDRs").addObject()
        .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
    coreVersions = Json.bytes(versions);

    ObjectNode groupList = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groupItems = groupList.putArray("groups");
    ObjectNode aggCore = aggregatedList();
    ObjectNode aggGroups = aggregatedList();
    for (Map.Entry<String, Map<String, List<ResourceType>>> group : byGroup.entrySet()) {
      String name = group.getKey();
      ObjectNode aggItem = (name.isEmpty() ? aggCore : aggGroups).withArray("items").addObject();
      aggItem.putObject("metadata").put("name", name);
      ArrayNode aggVersions = aggItem.putArray("versions");
      ObjectNode groupDoc = null;
      if (!name.isEmpty()) {
        groupDoc = groupItems.addObject().put("name", name);
      }
      for (Map.Entry<String, List<ResourceType>> version : group.getValue().entrySet()) {
        String gv = name.isEmpty() ? version.getKey() : name + "/" + version.getKey();
        resourceLists.put(gv, Json.bytes(resourceList(gv, version.getValue())));
        ObjectNode aggVersion = aggVersions.addObject().put("version", version.getKey());
        ArrayNode aggResources = aggVersion.putArray("resources");
        for (ResourceType type : version.getValue()) {
          aggResources.add(aggregatedResource(type));
        }
        aggVersion.put("freshness", "Current");
        if (groupDoc != null) {
          groupDoc.withArray("versions").addObject().put("groupVersion", gv).put("version", version.getKey());
          groupDoc.putObject("preferredVersion").put("groupVersion", gv).put("version", version.getKey());
        }
      }
      if (groupDoc != null) {
        ObjectNode single = groupDoc.deepCopy().put("kind", "APIGroup").put("apiVersion", "v1");
        groupDocuments.put(name, Json.bytes(single));
      }
    }
    groups = Json.bytes(groupList);
    aggregatedCore = Json.bytes(aggCore);
    aggregatedGroups = Json.bytes(aggGroups);
  }

  /** {@code GET /api}, legacy form. */
  public byte[] coreVersions() {
    return coreVersions;
  }

  /** {@code GET /apis}, legacy form. */
  public byte[] groups() {
    return groups;
  }

  /** {@code GET /api}, aggregated form. */
  public byte[] aggregatedCore() {
    return aggregatedCore;
  }

  /** {@code GET /apis}, aggregated form. */
  public byte[] aggregatedGroups() {
    return aggregatedGroups;
  }

  /** {@code GET /api/v1} or {@code GET /apis/<group>/<version>}: the APIResourceList. */
  public Optional<byte[]> resourceList(String groupVersion) {
    return Optional.ofNullable(resourceLists.get(groupVersion));
  }

  /** {@code GET /apis/<group>}: the APIGroup. */
  public Optional<byte[]> group(String name) {
    return Optional.ofNullable(groupDocuments.get(name));
  }

  private static ObjectNode aggregatedList() {
    ObjectNode list = Json.object().put("kind", "APIGroupDiscoveryList")
        .put("apiVersion", "apidiscovery.k8s.io/v2");
    list.putObject("metadata");
    list.putArray("items");
    return list;
  }

  private static ObjectNode resourceList(String groupVersion, List<ResourceType> types) {
    ObjectNode list = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject()
          .put("name", type.plural())
          .put("singularName", type.singular())
          .put("namespaced", type.namespaced())
          .put("kind", type.kind());
      VERBS.forEach(resource.putArray("verbs")::add);
      if (!type.shortNames().isEmpty()) {
        type.shortNames().forEach(resource.putArray("shortNames")::add);
      }
      if (!type.categories().isEmpty()) {
        type.categories().forEach(resource.putArray("categories")::add);
      }
      for (String sub : sortedSubresources(type)) {
        ObjectNode subresource = resources.addObject()
            .put("name", type.plural() + "/" + sub)
            .put("singularName", "")
            .put("namespaced", type.namespaced());
        SubresourceKind kind = SubresourceKind.of(type, sub);
        if (!kind.group().equals(type.group()) || !kind.version().equals(type.version())) {
          subresource.put("group", kind.group()).put("version", kind.version());
        }
        subresource.put("kind", kind.kind());
        kind.verbs().forEach(subresource.putArray("verbs")::add);
      }
    }
    return list;
  }

  private static ObjectNode aggregatedResource(ResourceType type) {
    ObjectNode resource = Json.object().put("resource", type.plural());
    resource.putObject("responseKind").put("group", type.group()).put("version", type.version())
        .put("kind", type.kind());
    resource.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
    resource.put("singularResource", type.singular());
    VERBS.forEach(resource.putArray("verbs")::add);
    if (!type.shortNames().isEmpty()) {
      type.shortNames().forEach(resource.putArray("shortNames")::add);
    }
    if (!type.categories().isEmpty()) {
      type.categories().forEach(resource.putArray("categories")::add);
    }
    List<String> subs = sortedSubresources(type);
    if (!subs.isEmpty()) {
      ArrayNode subresources = resource.putArray("subresources");
      for (String sub : subs) {
        SubresourceKind kind = SubresourceKind.of(type, sub);
        ObjectNode entry = subresources.addObject().put("subresource", sub);
        entry.putObject("responseKind").put("group", kind.group()).put("version", kind.version())
            .put("kind", kind.kind());
        kind.verbs().forEach(entry.putArray("verbs")::add);
      }
    }
    return resource;
  }

  private static List<String> sortedSubresources(ResourceType type) {
    return type.subresources().stream().sorted().toList();
  }

  /** What a subresource returns and accepts. */
  private record SubresourceKind(String group, String version, String kind, List<String> verbs) {
    static SubresourceKind of(ResourceType type, String sub) {
      return switch (sub) {
        case "scale" -> new SubresourceKind("autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
        case "binding" -> new SubresourceKind("", "v1", "Binding", List.of("create"));
        case "eviction" -> new SubresourceKind("policy", "v1", "Eviction", List.of("create"));
        case "finalize" -> new SubresourceKind(type.group(), type.version(), type.kind(), List.of("update"));
        default -> new SubresourceKind(type.group(), type.version(), type.kind(), List.of("get", "patch", "update"));
      };
    }
  }
}
