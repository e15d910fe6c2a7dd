package keelson.bench.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.fieldmanager.FieldManager;

/**
 * What managedFields bookkeeping costs a write, in-process and single-threaded: {@code
 * FieldManager.update} for a ConfigMap create, for a pod status update as a kubelet sends one (a
 * condition's time and a container's state change), and for a Deployment spec update; next to it,
 * a deep copy and a JSON serialization of the same object, two things every write already does.
 *
 * <p>Usage: {@code ManagedFieldsBench [--iterations 200000]}. Prints a Markdown table of ns per
 * operation (median of 5 rounds).
 */
public final class ManagedFieldsBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManagedFieldsBench() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length == 2 && args[0].equals("--iterations") ? Integer.parseInt(args[1]) : 200_000;
    ObjectNode configMap = (ObjectNode) JSON.readTree("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},
         "data":{"a":"1","b":"2","c":"3"}}""");
    ObjectNode pod = (ObjectNode) JSON.readTree("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"default","uid":"u",
          "labels":{"app":"web","controller-revision-hash":"web-5d8f","statefulset.kubernetes.io/pod-name":"web-0"},
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"o","controller":true,
            "blockOwnerDeletion":true}]},
         "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],
            "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
            "imagePullPolicy":"IfNotPresent","volumeMounts":[{"name":"www","mountPath":"/usr/share/nginx/html"}]}],
          "volumes":[{"name":"www","persistentVolumeClaim":{"claimName":"www-web-0"}}],
          "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
          "nodeName":"keelson-node-1","schedulerName":"default-scheduler","securityContext":{},
          "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",
            "tolerationSeconds":300}]},
         "status":{"phase":"Running","podIP":"10.244.1.5","podIPs":[{"ip":"10.244.1.5"}],"hostIP":"10.0.0.1",
          "conditions":[{"type":"Initialized","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-11-27T10:00:00Z"},
            {"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-11-27T10:00:01Z"},
            {"type":"ContainersReady","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-11-27T10:00:01Z"},
            {"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-11-27T10:00:00Z"}],
          "containerStatuses":[{"name":"nginx","ready":true,"restartCount":0,"image":"nginx:1.27",
            "state":{"running":{"startedAt":"2026-11-27T10:00:01Z"}}}]}}""");
    ObjectNode deployment = (ObjectNode) JSON.readTree("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","uid":"u",
          "labels":{"app":"web"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"progressDeadlineSeconds":600,
          "revisionHistoryLimit":10,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%",
          "maxUnavailable":"25%"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27",
            "ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},"imagePullPolicy":"IfNotPresent",
            "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
            "restartPolicy":"Always","dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler",
            "securityContext":{},"terminationGracePeriodSeconds":30}}},
         "status":{}}""");
    Instant now = Instant.parse("2026-11-27T10:00:00Z");

    ObjectNode createdPod = pod.deepCopy();
    FieldManager.update(BuiltinResources.PODS, null, createdPod, "kube-controller-manager", null, now);
    ObjectNode livePod = createdPod.deepCopy();
    FieldManager.update(BuiltinResources.PODS, createdPod, livePod, "kubelet", "status", now);
    ObjectNode liveDeployment = deployment.deepCopy();
    FieldManager.update(BuiltinResources.DEPLOYMENTS, null, liveDeployment, "kubectl-client-side-apply", null, now);

    System.out.println("| operation | ns/op (median of 5 × " + iterations + ") |");
    System.out.println("|---|---:|");
    row("ConfigMap create: FieldManager.update", iterations, () -> {
      ObjectNode next = configMap.deepCopy();
      FieldManager.update(BuiltinResources.CONFIG_MAPS, null, next, "bench", null, now);
    }, () -> configMap.deepCopy());
    row("pod status update: FieldManager.update", iterations, () -> {
      ObjectNode next = livePod.deepCopy();
      ((ObjectNode) next.at("/status/containerStatuses/0")).put("restartCount", 1);
      ((ObjectNode) next.at("/status/conditions/1")).put("lastTransitionTime", "2026-11-27T10:00:05Z");
      FieldManager.update(BuiltinResources.PODS, livePod, next, "kubelet", "status", now);
    }, () -> {
      ObjectNode next = livePod.deepCopy();
      ((ObjectNode) next.at("/status/containerStatuses/0")).put("restartCount", 1);
      ((ObjectNode) next.at("/status/conditions/1")).put("lastTransitionTime", "2026-11-27T10:00:05Z");
    });
    row("Deployment spec update: FieldManager.update", iterations, () -> {
      ObjectNode next = liveDeployment.deepCopy();
      ((ObjectNode) next.get("spec")).put("replicas", 5);
      FieldManager.update(BuiltinResources.DEPLOYMENTS, liveDeployment, next, "kubectl-scale", "scale", now);
    }, () -> {
      ObjectNode next = liveDeployment.deepCopy();
      ((ObjectNode) next.get("spec")).put("replicas", 5);
    });
    row("pod: deep copy (reference)", iterations, () -> livePod.deepCopy(), () -> { });
    row("pod: serialize to JSON bytes (reference)", iterations, () -> {
      try {
        JSON.writeValueAsBytes(livePod);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, () -> { });
  }

  /** Prints the median ns/op of {@code work} minus that of {@code setup} (the copies it needs). */
  private static void row(String name, int iterations, Runnable work, Runnable setup) {
    long[] rounds = new long[5];
    time(work, iterations / 4);
    time(setup, iterations / 4);
    for (int r = 0; r < rounds.length; r++) {
      rounds[r] = time(work, iterations) - time(setup, iterations);
    }
    java.util.Arrays.sort(rounds);
    System.out.printf("| %s | %,d |%n", name, Math.max(0, rounds[2]));
  }

  private static long time(Runnable work, int iterations) {
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      work.run();
    }
    return (System.nanoTime() - start) / iterations;
  }
}
