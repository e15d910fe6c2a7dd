package keelson.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * core/v1 pod defaults (SetDefaults_PodSpec, _Container, _Probe, _Volume and friends), applied to
 * pods and to every pod template.
 */
final class PodSpecDefaults {
  private PodSpecDefaults() {}

  private static final String[] VOLUME_SOURCES = {
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
    "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
    "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
    "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
    "image"
  };

  /** Defaults a Pod object: the pod spec, plus requests copied from limits (pods only). */
  static void applyToPod(ObjectNode pod) {
    ObjectNode spec = Nodes.object(pod, "spec");
    for (String list : new String[] {"containers", "initContainers"}) {
      for (ObjectNode ctr : Nodes.objects(spec, list)) {
        requestsFromLimits(ctr);
      }
    }
    applyToSpec(spec);
    // Only pods get this one (SetDefaults_Pod); pod templates in workloads keep it unset.
    if (Nodes.unset(spec, "enableServiceLinks")) {
      spec.put("enableServiceLinks", true);
    }
  }

  /** Defaults a pod template's spec, creating it if the template has none. */
  static void applyToTemplate(ObjectNode owner) {
    ObjectNode template = Nodes.object(owner, "template");
    applyToSpec(Nodes.object(template, "spec"));
  }

  static void applyToSpec(ObjectNode spec) {
    Nodes.defaultText(spec, "dnsPolicy", "ClusterFirst");
    Nodes.defaultText(spec, "restartPolicy", "Always");
    if (Nodes.unset(spec, "securityContext")) {
      spec.putObject("securityContext");
    }
    if (Nodes.unset(spec, "terminationGracePeriodSeconds")) {
      spec.put("terminationGracePeriodSeconds", 30);
    }
    Nodes.defaultText(spec, "schedulerName", "default-scheduler");
    boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
    for (String list : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
      for (ObjectNode ctr : Nodes.objects(spec, list)) {
        container(ctr, hostNetwork);
      }
    }
    for (ObjectNode volume : Nodes.objects(spec, "volumes")) {
      volume(volume);
    }
  }

  private static void container(ObjectNode ctr, boolean hostNetwork) {
    if (Nodes.blank(ctr, "imagePullPolicy")) {
      ctr.put("imagePullPolicy", "latest".equals(Images.tag(ctr.path("image").asText(""))) ? "Always" : "IfNotPresent");
    }
    Nodes.defaultText(ctr, "terminationMessagePath", "/dev/termination-log");
    Nodes.defaultText(ctr, "terminationMessagePolicy", "File");
    for (ObjectNode port : Nodes.objects(ctr, "ports")) {
      Nodes.defaultText(port, "protocol", "TCP");
      if (hostNetwork && Nodes.unset(port, "hostPort") && port.has("containerPort")) {
        port.set("hostPort", port.get("containerPort"));
      }
    }
    for (String name : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      ObjectNode probe = Nodes.existing(ctr, name);
      if (probe != null) {
        Nodes.defaultNonZeroInt(probe, "timeoutSeconds", 1);
        Nodes.defaultNonZeroInt(probe, "periodSeconds", 10);
        Nodes.defaultNonZeroInt(probe, "successThreshold", 1);
        Nodes.defaultNonZeroInt(probe, "failureThreshold", 3);
        httpGet(Nodes.existing(probe, "httpGet"));
      }
    }
    ObjectNode lifecycle = Nodes.existing(ctr, "lifecycle");
    if (lifecycle != null) {
      for (String hook : new String[] {"postStart", "preStop"}) {
        httpGet(Nodes.existing(Nodes.existing(lifecycle, hook), "httpGet"));
      }
    }
    for (ObjectNode env : Nodes.objects(ctr, "env")) {
      ObjectNode fieldRef = Nodes.existing(Nodes.existing(env, "valueFrom"), "fieldRef");
      if (fieldRef != null) {
        Nodes.defaultText(fieldRef, "apiVersion", "v1");
      }
    }
  }

  private static void httpGet(ObjectNode action) {
    if (action != null) {
      Nodes.defaultText(action, "path", "/");
      Nodes.defaultText(action, "scheme", "HTTP");
    }
  }

  private static void volume(ObjectNode volume) {
    boolean any = false;
    for (String source : VOLUME_SOURCES) {
      any |= !Nodes.unset(volume, source);
    }
    if (!any) {
      volume.putObject("emptyDir");
    }
    for (String source : new String[] {"secret", "configMap", "downwardAPI", "projected"}) {
      ObjectNode src = Nodes.existing(volume, source);
      if (src != null && Nodes.unset(src, "defaultMode")) {
        src.put("defaultMode", 420);
      }
    }
    ObjectNode hostPath = Nodes.existing(volume, "hostPath");
    if (hostPath != null && Nodes.unset(hostPath, "type")) {
      hostPath.put("type", "");
    }
    ObjectNode projected = Nodes.existing(volume, "projected");
    if (projected != null) {
      for (ObjectNode source : Nodes.objects(projected, "sources")) {
        ObjectNode token = Nodes.existing(source, "serviceAccountToken");
        if (token != null && Nodes.unset(token, "expirationSeconds")) {
          token.put("expirationSeconds", 3600);
        }
      }
    }
    ObjectNode ephemeral = Nodes.existing(volume, "ephemeral");
    ObjectNode claimSpec = Nodes.existing(Nodes.existing(ephemeral, "volumeClaimTemplate"), "spec");
    if (claimSpec != null) {
      Nodes.defaultText(claimSpec, "volumeMode", "Filesystem");
    }
  }

  private static void requestsFromLimits(ObjectNode ctr) {
    ObjectNode resources = Nodes.existing(ctr, "resources");
    ObjectNode limits = Nodes.existing(resources, "limits");
    if (limits == null || limits.isEmpty()) {
      return;
    }
    ObjectNode requests = Nodes.object(resources, "requests");
    for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!requests.has(e.getKey())) {
        requests.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}
