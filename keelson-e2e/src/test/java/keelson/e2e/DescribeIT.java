package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl describe} for the kinds the golden test does not settle: nodes (their pods'
 * requests, kubelet and node-controller events), deployments and replica sets, namespaces with a
 * quota and a limit range; and describe from older and newer kubectl versions.
 */
class DescribeIT extends ClusterScenarios {

  /** Asserts that the lines appear in this order, each matching its pattern. */
  private static void inOrder(String out, String... patterns) {
    List<String> lines = out.lines().toList();
    int at = 0;
    for (String pattern : patterns) {
      Pattern p = Pattern.compile(pattern);
      int found = -1;
      for (int i = at; i < lines.size(); i++) {
        if (p.matcher(lines.get(i)).matches()) {
          found = i;
          break;
        }
      }
      assertThat(found).as("a line matching %s after line %d of:%n%s", pattern, at, out).isNotNegative();
      at = found + 1;
    }
  }

  @Test
  void nodeShowsItsStatusItsPodsRequestsAndItsEvents() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata: {name: sized}
        spec:
          nodeSelector: {kubernetes.io/hostname: keelson-node-2}
          containers:
          - name: c
            image: nginx:1.16
            resources:
              requests: {cpu: 400m, memory: 256Mi}
              limits: {cpu: 800m, memory: 512Mi}
        """);
    eventually().until(() -> allHealthy(ns, "sized"));
    String out = kubectl.run("describe", "node", "keelson-node-2").ok();
    inOrder(out,
        "Name:\\s+keelson-node-2",
        "Roles:\\s+<none>",
        "Labels:\\s+beta.kubernetes.io/arch=amd64",
        "\\s+kubernetes.io/hostname=keelson-node-2",
        "CreationTimestamp:\\s+\\w{3}, .*",
        "Taints:\\s+<none>",
        "Unschedulable:\\s+false",
        "Lease:",
        "  HolderIdentity:\\s+keelson-node-2",
        "  RenewTime:\\s+\\w{3}, .*",
        "Conditions:",
        "  Type\\s+Status\\s+LastHeartbeatTime\\s+LastTransitionTime\\s+Reason\\s+Message",
        "  MemoryPressure\\s+False\\s+.*KubeletHasSufficientMemory\\s+kubelet has sufficient memory available",
        "  DiskPressure\\s+False\\s+.*KubeletHasNoDiskPressure.*",
        "  PIDPressure\\s+False\\s+.*KubeletHasSufficientPID.*",
        "  Ready\\s+True\\s+.*KubeletReady\\s+kubelet is posting ready status",
        "Addresses:",
        "  InternalIP:\\s+\\d+\\.\\d+\\.\\d+\\.\\d+",
        "  Hostname:\\s+keelson-node-2",
        "Capacity:",
        "  cpu:\\s+\\d+",
        "  memory:\\s+\\S+",
        "  pods:\\s+110",
        "Allocatable:",
        "System Info:",
        "  Machine ID:\\s+\\S+",
        "  Kernel Version:\\s+\\S+",
        "  Operating System:\\s+linux",
        "  Architecture:\\s+amd64",
        "  Container Runtime Version:\\s+containerd://\\S+",
        "  Kubelet Version:\\s+v1\\.32\\.\\d+",
        "PodCIDR:\\s+10\\.244\\.\\d+\\.0/24",
        "PodCIDRs:\\s+10\\.244\\.\\d+\\.0/24",
        "Non-terminated Pods:\\s+\\(\\d+ in total\\)",
        "  Namespace\\s+Name\\s+CPU Requests\\s+CPU Limits\\s+Memory Requests\\s+Memory Limits\\s+Age",
        "  " + ns + "\\s+sized\\s+400m \\(\\d+%\\)\\s+800m \\(\\d+%\\)\\s+256Mi \\(\\d+%\\)\\s+512Mi \\(\\d+%\\)\\s+\\S+",
        "Allocated resources:",
        "  Resource\\s+Requests\\s+Limits",
        "  cpu\\s+400m \\(\\d+%\\)\\s+800m \\(\\d+%\\)",
        "  memory\\s+256Mi \\(\\d+%\\)\\s+512Mi \\(\\d+%\\)",
        "Events:",
        "  Type\\s+Reason\\s+Age\\s+From\\s+Message");
    // Both kinds of node events: the kubelet's (the node's name as uid) and the node controller's.
    assertThat(out).containsPattern("Normal\\s+Starting\\s+\\S+\\s+kubelet\\s+Starting kubelet\\.");
    assertThat(out).containsPattern("Normal\\s+NodeHasSufficientMemory\\s+\\S+\\s+kubelet\\s+"
        + "Node keelson-node-2 status is now: NodeHasSufficientMemory");
    assertThat(out).containsPattern("Normal\\s+RegisteredNode\\s+\\S+\\s+node-controller\\s+"
        + "Node keelson-node-2 event: Registered Node keelson-node-2 in Controller");
  }

  @Test
  void deploymentAndItsReplicaSet() {
    String ns = namespace();
    apply(ns, """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: c, image: nginx:1.16}]
        """);
    eventually().until(() -> "2".equals(kubectl.run("get", "-n", ns, "deploy", "web", "-o",
        "jsonpath={.status.availableReplicas}").stdout()));
    String rs = kubectl.run("get", "-n", ns, "rs", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}").ok();
    inOrder(k(ns, "describe", "deployment", "web"),
        "Name:\\s+web",
        "Namespace:\\s+" + ns,
        "Selector:\\s+app=web",
        "Replicas:\\s+2 desired \\| 2 updated \\| 2 total \\| 2 available \\| 0 unavailable",
        "StrategyType:\\s+RollingUpdate",
        "MinReadySeconds:\\s+0",
        "RollingUpdateStrategy:\\s+25% max unavailable, 25% max surge",
        "Pod Template:",
        "Conditions:",
        "  Type\\s+Status\\s+Reason",
        "  Available\\s+True\\s+MinimumReplicasAvailable",
        "  Progressing\\s+True\\s+NewReplicaSetAvailable",
        "OldReplicaSets:\\s+<none>",
        "NewReplicaSet:\\s+" + rs + " \\(2/2 replicas created\\)",
        "Events:",
        "  Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set " + rs + " from 0 to 2");
    inOrder(k(ns, "describe", "replicaset", rs),
        "Name:\\s+" + rs,
        "Selector:\\s+app=web,pod-template-hash=\\S+",
        "Controlled By:\\s+Deployment/web",
        "Replicas:\\s+2 current / 2 desired",
        "Pods Status:\\s+2 Running / 0 Waiting / 0 Succeeded / 0 Failed",
        "Events:",
        "  Normal\\s+SuccessfulCreate\\s+\\S+\\s+replicaset-controller\\s+Created pod: " + rs + "-\\w{5}");
  }

  @Test
  void namespaceListsItsQuotaAndLimitRange() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: compute}
        spec:
          hard: {pods: "10", requests.cpu: "2"}
        ---
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults}
        spec:
          limits:
          - type: Container
            default: {cpu: 500m}
            defaultRequest: {cpu: 250m}
            max: {cpu: "1"}
        """);
    assertThat(k(ns, "get", "quota", "compute", "-o", "jsonpath={.spec.hard.pods}")).isEqualTo("10");
    assertThat(k(ns, "get", "limits")).containsPattern("NAME\\s+CREATED AT\\n" + "defaults\\s+\\d{4}-\\d{2}-\\d{2}T");
    inOrder(kubectl.run("describe", "namespace", ns).ok(),
        "Name:\\s+" + ns,
        "Status:\\s+Active",
        "Resource Quotas",
        "  Name:\\s+compute",
        "  Resource\\s+Used\\s+Hard",
        "Resource Limits",
        " Type\\s+Resource\\s+Min\\s+Max\\s+Default Request\\s+Default Limit\\s+Max Limit/Request Ratio",
        " Container\\s+cpu\\s+-\\s+1\\s+250m\\s+500m\\s+-");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.30", "1.33"})
  void podDescribesAlikeAcrossVersionedKubectl(String minor) {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers: [{name: c, image: nginx:1.16, ports: [{containerPort: 80}]}]
        """);
    eventually().until(() -> !kubectl.run("get", "-n", ns, "events", "--field-selector",
        "involvedObject.name=web,reason=Started", "-o", "name").stdout().isBlank());
    Kubectl versioned = VersionedKubectl.of(minor, server, temp.resolve("cache-describe-" + minor));
    inOrder(versioned.run("describe", "-n", ns, "pod", "web").ok(),
        "Name:\\s+web",
        "Priority:\\s+0",
        "Service Account:\\s+default",
        "Node:\\s+keelson-node-\\d/\\d+\\.\\d+\\.\\d+\\.\\d+",
        "Status:\\s+Running",
        "Containers:",
        "    Image ID:\\s+docker.io/library/nginx@sha256:[0-9a-f]{64}",
        "    Port:\\s+80/TCP",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-\\w{5} \\(ro\\)",
        "Conditions:",
        "Volumes:",
        "  kube-api-access-\\w{5}:",
        "QoS Class:\\s+BestEffort",
        "Events:",
        "  Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned " + ns + "/web to keelson-node-\\d",
        "  Normal\\s+Pulled\\s+\\S+\\s+kubelet\\s+Container image \"nginx:1.16\" already present on machine",
        "  Normal\\s+Created\\s+\\S+\\s+kubelet\\s+Created container: c",
        "  Normal\\s+Started\\s+\\S+\\s+kubelet\\s+Started container c");
  }
}
