package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pod spec validation (core's ValidatePodSpec and ValidatePodTemplateSpec), in kube-apiserver's
 * order so that multi-error output lists causes the same way. Covers the checks users actually
 * trip over: containers, images, names, ports, probes, volumes and mounts, resources, policies.
 */
final class PodSpecValidation {
  /** Kubernetes' MaxDNSNameservers, MaxDNSSearchPaths and MaxDNSSearchListChars. */
  static final int MAX_DNS_NAMESERVERS = 3;
  static final int MAX_DNS_SEARCHES = 32;
  static final int MAX_DNS_SEARCH_CHARS = 2048;

  private PodSpecValidation() {}

  static final List<String> PORT_PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final String[] VOLUME_SOURCES = {
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
    "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
    "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
    "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
    "image"
  };
  private static final String[] PROBE_HANDLERS = {"exec", "httpGet", "tcpSocket", "grpc"};

  /** Validates a pod template: its labels and annotations, then its pod spec. */
  static Errors validateTemplate(JsonNode template, Path path) {
    Errors errs = new Errors();
    JsonNode meta = Trees.at(template, "metadata");
    // kube-apiserver reports template labels at <template>.labels, not <template>.metadata.labels
    errs.addAll(ObjectMetaValidation.labels(Trees.stringMap(meta, "labels"), path.child("labels")));
    errs.addAll(ObjectMetaValidation.annotations(Trees.stringMap(meta, "annotations"),
        path.child("annotations")));
    JsonNode spec = Trees.at(template, "spec");
    errs.addAll(validate(spec, path.child("spec")));
    if (!Trees.items(spec, "ephemeralContainers").isEmpty()) {
      errs.forbidden(path.child("spec", "ephemeralContainers"),
          "ephemeral containers not allowed in pod template");
    }
    return errs;
  }

  /** Validates a pod spec. */
  static Errors validate(JsonNode spec, Path path) {
    Errors errs = new Errors();
    Set<String> volumes = volumes(Trees.items(spec, "volumes"), path.child("volumes"), errs);
    containers(spec, volumes, path.child("containers"), errs);
    initContainers(spec, volumes, path.child("initContainers"), errs);
    restartPolicy(Trees.text(spec, "restartPolicy"), path.child("restartPolicy"), errs);
    dnsPolicy(Trees.text(spec, "dnsPolicy"), path.child("dnsPolicy"), errs);
    errs.addAll(ObjectMetaValidation.labels(Trees.stringMap(spec, "nodeSelector"),
        path.child("nodeSelector")));
    for (int i = 0; i < Trees.items(spec, "imagePullSecrets").size(); i++) {
      if (Trees.text(Trees.items(spec, "imagePullSecrets").get(i), "name").isEmpty()) {
        errs.required(path.child("imagePullSecrets").index(i).child("name"), "");
      }
    }
    dnsConfig(spec, path.child("dnsConfig"), errs);
    String serviceAccount = Trees.text(spec, "serviceAccountName");
    if (!serviceAccount.isEmpty()) {
      errs.invalidEach(path.child("serviceAccountName"), serviceAccount,
          Identifiers.NameRule.DNS1123_SUBDOMAIN.check(serviceAccount, false));
    }
    String nodeName = Trees.text(spec, "nodeName");
    if (!nodeName.isEmpty()) {
      errs.invalidEach(path.child("nodeName"), nodeName,
          Identifiers.NameRule.DNS1123_SUBDOMAIN.check(nodeName, false));
    }
    if (Trees.has(spec, "activeDeadlineSeconds")) {
      long value = Trees.integer(spec, 0, "activeDeadlineSeconds");
      if (value < 1 || value > Integer.MAX_VALUE) {
        errs.invalidInt(path.child("activeDeadlineSeconds"), value,
            Identifiers.inclusiveRangeError(1, Integer.MAX_VALUE));
      }
    }
    for (String field : new String[] {"hostname", "subdomain"}) {
      String value = Trees.text(spec, field);
      if (!value.isEmpty()) {
        errs.invalidEach(path.child(field), value, Identifiers.dns1123Label(value));
      }
    }
    tolerations(Trees.items(spec, "tolerations"), path.child("tolerations"), errs);
    return errs;
  }

  static void restartPolicy(String policy, Path path, Errors errs) {
    switch (policy) {
      case "Always", "OnFailure", "Never" -> { }
      case "" -> errs.required(path, "");
      default -> errs.notSupportedString(path, policy, List.of("Always", "OnFailure", "Never"));
    }
  }

  private static void dnsPolicy(String policy, Path path, Errors errs) {
    switch (policy) {
      case "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None" -> { }
      case "" -> errs.required(path, "");
      default -> errs.notSupportedString(path, policy,
          List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"));
    }
  }

  /** kube-apiserver's limits on {@code spec.dnsConfig} (validatePodDNSConfig), in its words. */
  private static void dnsConfig(JsonNode spec, Path path, Errors errs) {
    boolean present = Trees.has(spec, "dnsConfig") && !spec.get("dnsConfig").isNull();
    JsonNode config = present ? spec.get("dnsConfig") : null;
    List<String> nameservers = present ? strings(config, "nameservers") : List.of();
    if ("None".equals(Trees.text(spec, "dnsPolicy"))) {
      if (!present) {
        errs.required(path, "must provide `dnsConfig` when `dnsPolicy` is None");
        return;
      }
      if (nameservers.isEmpty()) {
        errs.required(path.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None");
        return;
      }
    }
    if (!present) {
      return;
    }
    if (nameservers.size() > MAX_DNS_NAMESERVERS) {
      errs.invalid(path.child("nameservers"), GoValues.stringSlice(nameservers),
          "must not have more than " + MAX_DNS_NAMESERVERS + " nameservers");
    }
    for (int i = 0; i < nameservers.size(); i++) {
      if (!ServiceValidation.isIP(nameservers.get(i))) {
        errs.invalidString(path.child("nameservers").index(i), nameservers.get(i),
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
      }
    }
    List<String> searches = strings(config, "searches");
    if (searches.size() > MAX_DNS_SEARCHES) {
      errs.invalid(path.child("searches"), GoValues.stringSlice(searches),
          "must not have more than " + MAX_DNS_SEARCHES + " search paths");
    }
    if (String.join(" ", searches).length() > MAX_DNS_SEARCH_CHARS) {
      errs.invalid(path.child("searches"), GoValues.stringSlice(searches),
          "must not have more than " + MAX_DNS_SEARCH_CHARS + " characters (including spaces) in the search list");
    }
    for (int i = 0; i < searches.size(); i++) {
      // A trailing dot is fine (an absolute name); the rest must be a DNS subdomain.
      String search = searches.get(i).endsWith(".") ? searches.get(i).substring(0, searches.get(i).length() - 1)
          : searches.get(i);
      errs.invalidEach(path.child("searches").index(i), search, Identifiers.dns1123Subdomain(search));
    }
    List<JsonNode> options = Trees.items(config, "options");
    for (int i = 0; i < options.size(); i++) {
      if (Trees.text(options.get(i), "name").isEmpty()) {
        errs.required(path.child("options").index(i), "must not be empty");
      }
    }
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode item : Trees.items(node, field)) {
      out.add(item.asText());
    }
    return out;
  }

  private static Set<String> volumes(List<JsonNode> volumes, Path path, Errors errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode vol = volumes.get(i);
      Path p = path.index(i);
      Errors own = new Errors();
      volumeSource(vol, p, own);
      String name = Trees.text(vol, "name");
      if (name.isEmpty()) {
        own.required(p.child("name"), "");
      } else {
        own.invalidEach(p.child("name"), name, Identifiers.dns1123Label(name));
      }
      if (names.contains(name)) {
        own.duplicate(p.child("name"), GoValues.string(name));
      }
      if (own.isEmpty()) {
        names.add(name);
      } else {
        errs.addAll(own);
      }
    }
    return names;
  }

  private static void volumeSource(JsonNode vol, Path path, Errors errs) {
    int count = 0;
    for (String source : VOLUME_SOURCES) {
      if (Trees.has(vol, source)) {
        count++;
        if (count > 1) {
          errs.forbidden(path.child(source), "may not specify more than 1 volume type");
          continue;
        }
        JsonNode src = Trees.at(vol, source);
        switch (source) {
          case "persistentVolumeClaim" -> {
            if (Trees.text(src, "claimName").isEmpty()) {
              errs.required(path.child(source, "claimName"), "");
            }
          }
          case "hostPath" -> {
            if (Trees.text(src, "path").isEmpty()) {
              errs.required(path.child(source, "path"), "");
            }
          }
          case "configMap" -> {
            if (Trees.text(src, "name").isEmpty()) {
              errs.required(path.child(source, "name"), "");
            }
          }
          default -> { }
        }
      }
    }
    if (count == 0) {
      errs.required(path, "must specify a volume type");
    }
  }

  private static void containers(JsonNode spec, Set<String> volumes, Path path, Errors errs) {
    List<JsonNode> containers = Trees.items(spec, "containers");
    if (containers.isEmpty()) {
      errs.required(path, "");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      JsonNode ctr = containers.get(i);
      Path p = path.index(i);
      common(ctr, volumes, p, errs);
      String name = Trees.text(ctr, "name");
      if (!names.add(name)) {
        errs.duplicate(p.child("name"), GoValues.string(name));
      }
      probes(ctr, p, errs);
      if (Trees.has(ctr, "restartPolicy")) {
        errs.forbidden(p.child("restartPolicy"), "may not be set for non-init containers");
      }
    }
  }

  private static void initContainers(JsonNode spec, Set<String> volumes, Path path, Errors errs) {
    Set<String> names = new HashSet<>();
    for (JsonNode ctr : Trees.items(spec, "containers")) {
      names.add(Trees.text(ctr, "name"));
    }
    List<JsonNode> inits = Trees.items(spec, "initContainers");
    for (int i = 0; i < inits.size(); i++) {
      JsonNode ctr = inits.get(i);
      Path p = path.index(i);
      common(ctr, volumes, p, errs);
      boolean restartAlways = false;
      if (Trees.has(ctr, "restartPolicy")) {
        String policy = Trees.text(ctr, "restartPolicy");
        if (!policy.equals("Always")) {
          errs.notSupportedString(p.child("restartPolicy"), policy, List.of("Always"));
        }
        restartAlways = policy.equals("Always");
      }
      String name = Trees.text(ctr, "name");
      if (names.contains(name)) {
        errs.duplicate(p.child("name"), GoValues.string(name));
      } else if (!name.isEmpty()) {
        names.add(name);
      }
      if (restartAlways) {
        probes(ctr, p, errs);
      } else {
        for (String field : new String[] {"lifecycle", "livenessProbe", "readinessProbe", "startupProbe"}) {
          if (Trees.has(ctr, field)) {
            errs.forbidden(p.child(field), "may not be set for init containers without restartPolicy=Always");
          }
        }
      }
    }
  }

  private static void common(JsonNode ctr, Set<String> volumes, Path path, Errors errs) {
    String name = Trees.text(ctr, "name");
    if (name.isEmpty()) {
      errs.required(path.child("name"), "");
    } else {
      errs.invalidEach(path.child("name"), name, Identifiers.dns1123Label(name));
    }
    if (Trees.text(ctr, "image").isEmpty()) {
      errs.required(path.child("image"), "");
    }
    String tmp = Trees.text(ctr, "terminationMessagePolicy");
    switch (tmp) {
      case "File", "FallbackToLogsOnError" -> { }
      case "" -> errs.required(path.child("terminationMessagePolicy"), "");
      default -> errs.notSupportedString(path.child("terminationMessagePolicy"), tmp,
          List.of("File", "FallbackToLogsOnError"));
    }
    ports(Trees.items(ctr, "ports"), path.child("ports"), errs);
    env(Trees.items(ctr, "env"), path.child("env"), errs);
    volumeMounts(Trees.items(ctr, "volumeMounts"), volumes, path.child("volumeMounts"), errs);
    String pull = Trees.text(ctr, "imagePullPolicy");
    switch (pull) {
      case "Always", "IfNotPresent", "Never" -> { }
      case "" -> errs.required(path.child("imagePullPolicy"), "");
      default -> errs.notSupportedString(path.child("imagePullPolicy"), pull,
          List.of("Always", "IfNotPresent", "Never"));
    }
    resources(Trees.at(ctr, "resources"), path.child("resources"), errs);
  }

  private static void ports(List<JsonNode> ports, Path path, Errors errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      Path p = path.index(i);
      String name = Trees.text(port, "name");
      if (!name.isEmpty()) {
        List<String> msgs = Identifiers.portName(name);
        if (!msgs.isEmpty()) {
          errs.invalidEach(p.child("name"), name, msgs);
        } else if (!names.add(name)) {
          errs.duplicate(p.child("name"), GoValues.string(name));
        }
      }
      long containerPort = Trees.integer(port, 0, "containerPort");
      if (containerPort == 0) {
        errs.required(p.child("containerPort"), "");
      } else {
        for (String msg : Identifiers.portNumber(containerPort)) {
          errs.invalidInt(p.child("containerPort"), containerPort, msg);
        }
      }
      long hostPort = Trees.integer(port, 0, "hostPort");
      if (hostPort != 0) {
        for (String msg : Identifiers.portNumber(hostPort)) {
          errs.invalidInt(p.child("hostPort"), hostPort, msg);
        }
      }
      protocol(Trees.text(port, "protocol"), p.child("protocol"), errs);
    }
  }

  static void protocol(String protocol, Path path, Errors errs) {
    if (protocol.isEmpty()) {
      errs.required(path, "");
    } else if (!PORT_PROTOCOLS.contains(protocol)) {
      errs.notSupportedString(path, protocol, PORT_PROTOCOLS);
    }
  }

  private static void env(List<JsonNode> env, Path path, Errors errs) {
    for (int i = 0; i < env.size(); i++) {
      String name = Trees.text(env.get(i), "name");
      if (name.isEmpty()) {
        errs.required(path.index(i).child("name"), "");
      }
    }
  }

  private static void volumeMounts(List<JsonNode> mounts, Set<String> volumes, Path path, Errors errs) {
    Set<String> mountPoints = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      JsonNode mount = mounts.get(i);
      Path p = path.index(i);
      String name = Trees.text(mount, "name");
      if (name.isEmpty()) {
        errs.required(p.child("name"), "");
      }
      if (!volumes.contains(name)) {
        errs.notFound(p.child("name"), GoValues.string(name));
      }
      String mountPath = Trees.text(mount, "mountPath");
      if (mountPath.isEmpty()) {
        errs.required(p.child("mountPath"), "");
      }
      if (!mountPoints.add(mountPath)) {
        errs.invalidString(p.child("mountPath"), mountPath, "must be unique");
      }
    }
  }

  private static void resources(JsonNode resources, Path path, Errors errs) {
    Map<String, String> limits = new TreeMap<>(Trees.stringMap(resources, "limits"));
    Map<String, String> requests = new TreeMap<>(Trees.stringMap(resources, "requests"));
    for (Map.Entry<String, String> e : limits.entrySet()) {
      nonNegativeQuantity(e.getValue(), path.child("limits").key(e.getKey()), errs);
    }
    for (Map.Entry<String, String> e : requests.entrySet()) {
      nonNegativeQuantity(e.getValue(), path.child("requests").key(e.getKey()), errs);
      String limit = limits.get(e.getKey());
      BigDecimal req = Quantities.parse(e.getValue());
      BigDecimal lim = Quantities.parse(limit);
      if (req != null && lim != null && req.compareTo(lim) > 0) {
        errs.invalidString(path.child("requests"), e.getValue(),
            "must be less than or equal to " + e.getKey() + " limit of " + limit);
      }
    }
  }

  private static void nonNegativeQuantity(String text, Path path, Errors errs) {
    BigDecimal q = Quantities.parse(text);
    if (q != null && q.signum() < 0) {
      errs.invalidString(path, text, "must be greater than or equal to 0");
    }
  }

  private static void probes(JsonNode ctr, Path path, Errors errs) {
    for (String kind : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      JsonNode probe = Trees.at(ctr, kind);
      if (probe.isMissingNode()) {
        continue;
      }
      Path p = path.child(kind);
      int handlers = 0;
      for (String handler : PROBE_HANDLERS) {
        if (Trees.has(probe, handler)) {
          handlers++;
          if (handlers > 1) {
            errs.forbidden(p.child(handler), "may not specify more than 1 handler type");
          }
        }
      }
      if (handlers == 0) {
        errs.required(p, "must specify a handler type");
      }
      for (String field : new String[] {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
          "successThreshold", "failureThreshold"}) {
        errs.nonNegative(p.child(field), Trees.integer(probe, 0, field));
      }
      if (Trees.has(probe, "terminationGracePeriodSeconds")) {
        long grace = Trees.integer(probe, 0, "terminationGracePeriodSeconds");
        if (kind.equals("readinessProbe")) {
          errs.invalidInt(p.child("terminationGracePeriodSeconds"), grace,
              "must not be set for readinessProbes");
        } else if (grace <= 0) {
          errs.invalidInt(p.child("terminationGracePeriodSeconds"), grace, "must be greater than 0");
        }
      }
      long success = Trees.integer(probe, 0, "successThreshold");
      if (!kind.equals("readinessProbe") && success != 1) {
        errs.invalidInt(p.child("successThreshold"), success, "must be 1");
      }
    }
  }

  private static void tolerations(List<JsonNode> tolerations, Path path, Errors errs) {
    for (int i = 0; i < tolerations.size(); i++) {
      JsonNode t = tolerations.get(i);
      Path p = path.index(i);
      String key = Trees.text(t, "key");
      if (!key.isEmpty()) {
        errs.invalidEach(p.child("key"), key, Identifiers.qualifiedName(key));
      }
      String operator = Trees.text(t, "operator");
      if (key.isEmpty() && !operator.equals("Exists")) {
        errs.invalidString(p.child("operator"), operator,
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
      }
      if (Trees.has(t, "tolerationSeconds") && !Trees.text(t, "effect").equals("NoExecute")) {
        errs.invalidString(p.child("effect"), Trees.text(t, "effect"),
            "effect must be 'NoExecute' when `tolerationSeconds` is set");
      }
      switch (operator) {
        case "", "Equal" -> {
          errs.invalidEach(p.child("value"), Trees.text(t, "value"),
              Identifiers.labelValue(Trees.text(t, "value")));
        }
        case "Exists" -> {
          if (!Trees.text(t, "value").isEmpty()) {
            errs.invalidString(p.child("operator"), Trees.text(t, "value"),
                "value must be empty when `operator` is 'Exists'");
          }
        }
        default -> errs.notSupportedString(p.child("operator"), operator, List.of("Equal", "Exists"));
      }
      String effect = Trees.text(t, "effect");
      if (!effect.isEmpty() && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
        errs.notSupportedString(p.child("effect"), effect,
            List.of("NoExecute", "NoSchedule", "PreferNoSchedule"));
      }
    }
  }
}
