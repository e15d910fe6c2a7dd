package keelson.api.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import org.junit.jupiter.api.Test;

class TablePrintersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-05-01T10:25:00Z");
  private static final String CREATED = "'creationTimestamp':'2024-05-01T10:00:00Z'";

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<Object> row(ResourceType type, String object) {
    return TablePrinters.forType(type).cells(json(object), NOW);
  }

  private static List<String> headers(ResourceType type, int priority) {
    return TablePrinters.forType(type).columns().stream().filter(c -> c.priority() == priority)
        .map(Column::name).toList();
  }

  @Test
  void everyPrinterHasOneCellPerColumnAndANameColumn() {
    JsonNode empty = json("{}");
    for (ResourceType type : BuiltinResources.ALL) {
      TablePrinter printer = TablePrinters.forType(type);
      assertThat(printer.cells(empty, NOW)).as(type.kind()).hasSameSizeAs(printer.columns());
      assertThat(printer.columns()).as(type.kind()).anyMatch(c -> c.format().equals("name"));
    }
  }

  @Test
  void podColumnsMatchKubeApiserver() {
    assertThat(headers(BuiltinResources.PODS, 0)).containsExactly("Name", "Ready", "Status", "Restarts", "Age");
    assertThat(headers(BuiltinResources.PODS, 1)).containsExactly("IP", "Node", "Nominated Node", "Readiness Gates");
    assertThat(TablePrinters.forType(BuiltinResources.PODS).columns().get(0))
        .extracting(Column::type, Column::format).containsExactly("string", "name");
  }

  @Test
  void printsRunningTutorialPodWide() {
    assertThat(row(BuiltinResources.PODS, "{'metadata':{'name':'web-0'," + CREATED + "},"
        + "'spec':{'nodeName':'kind-worker','containers':[{'name':'nginx'}],'readinessGates':[{'conditionType':'x'}]},"
        + "'status':{'phase':'Running','podIPs':[{'ip':'10.244.1.2'}],'conditions':[{'type':'x','status':'True'}],"
        + "'containerStatuses':[{'name':'nginx','ready':true,'restartCount':0,'state':{'running':{}}}]}}"))
        .containsExactly("web-0", "1/1", "Running", "0", "25m", "10.244.1.2", "kind-worker", "<none>", "1/1");
    assertThat(row(BuiltinResources.PODS, "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]},"
        + "'status':{'phase':'Pending'}}"))
        .containsExactly("p", "0/1", "Pending", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>");
  }

  @Test
  void printsHeadlessServiceRow() {
    assertThat(row(BuiltinResources.SERVICES, "{'metadata':{'name':'sample-headless'," + CREATED + "},"
        + "'spec':{'type':'ClusterIP','clusterIP':'None','clusterIPs':['None'],'selector':{'app':'nginx'},"
        + "'ports':[{'name':'web','port':80,'protocol':'TCP','targetPort':80}]}}"))
        .containsExactly("sample-headless", "ClusterIP", "None", "<none>", "80/TCP", "25m", "app=nginx");
  }

  @Test
  void printsServiceTypesExternalAddressesAndPorts() {
    assertThat(row(BuiltinResources.SERVICES, "{'metadata':{'name':'np'},'spec':{'type':'NodePort',"
        + "'clusterIPs':['10.96.0.5'],'externalIPs':['1.2.3.4'],'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'},"
        + "{'port':53,'protocol':'UDP'}]}}"))
        .containsExactly("np", "NodePort", "10.96.0.5", "1.2.3.4", "80:30080/TCP,53/UDP", "<unknown>", "<none>");
    assertThat(row(BuiltinResources.SERVICES, "{'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer',"
        + "'clusterIPs':['10.96.0.6'],'ports':[{'port':443,'protocol':'TCP'}]}}").get(3)).isEqualTo("<pending>");
    assertThat(row(BuiltinResources.SERVICES, "{'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer',"
        + "'externalIPs':['9.9.9.9']},'status':{'loadBalancer':{'ingress':[{'ip':'5.5.5.5'},{'hostname':'a.b'}]}}}"))
        .containsSubsequence("<none>", "5.5.5.5,a.b,9.9.9.9", "<none>");
    assertThat(row(BuiltinResources.SERVICES, "{'metadata':{'name':'ext'},'spec':{'type':'ExternalName',"
        + "'externalName':'example.com'}}")).containsSubsequence("ext", "ExternalName", "<none>", "example.com", "<none>");
  }

  @Test
  void printsStatefulSetReadyOverDesired() {
    assertThat(row(BuiltinResources.STATEFUL_SETS, "{'metadata':{'name':'web'," + CREATED + "},"
        + "'spec':{'replicas':3,'template':{'spec':{'containers':[{'name':'nginx','image':'registry.k8s.io/nginx-slim:0.24'}]}}},"
        + "'status':{'readyReplicas':2}}"))
        .containsExactly("web", "2/3", "25m", "nginx", "registry.k8s.io/nginx-slim:0.24");
  }

  @Test
  void printsDaemonSetWithSortedNodeSelectorAndSelector() {
    assertThat(row(BuiltinResources.DAEMON_SETS, "{'metadata':{'name':'agent'," + CREATED + "},"
        + "'spec':{'selector':{'matchLabels':{'app':'fluentd'}},'template':{'spec':{'nodeSelector':{'z':'1','a':'2'},"
        + "'containers':[{'name':'f','image':'fluentd'},{'name':'g','image':'busybox'}]}}},"
        + "'status':{'desiredNumberScheduled':2,'currentNumberScheduled':2,'numberReady':1,'updatedNumberScheduled':2,"
        + "'numberAvailable':1}}"))
        .containsExactly("agent", 2L, 2L, 1L, 2L, 1L, "a=2,z=1", "25m", "f,g", "fluentd,busybox", "app=fluentd");
    assertThat(headers(BuiltinResources.DAEMON_SETS, 0)).containsExactly("Name", "Desired", "Current", "Ready",
        "Up-to-date", "Available", "Node Selector", "Age");
  }

  @Test
  void printsReplicaSetAndDeployment() {
    String template = "'template':{'spec':{'containers':[{'name':'a','image':'nginx'}]}}";
    assertThat(row(BuiltinResources.REPLICA_SETS, "{'metadata':{'name':'rs'},'spec':{'replicas':3,"
        + "'selector':{'matchLabels':{'app':'web'}}," + template + "},'status':{'replicas':3,'readyReplicas':1}}"))
        .containsExactly("rs", 3L, 3L, 1L, "<unknown>", "a", "nginx", "app=web");
    assertThat(row(BuiltinResources.DEPLOYMENTS, "{'metadata':{'name':'d'},'spec':{'replicas':3,"
        + "'selector':{'matchLabels':{'app':'web'}}," + template + "},'status':{'readyReplicas':2,"
        + "'updatedReplicas':3,'availableReplicas':2}}"))
        .containsExactly("d", "2/3", 3L, 2L, "<unknown>", "a", "nginx", "app=web");
  }

  @Test
  void printsControllerRevisionOwner() {
    assertThat(row(BuiltinResources.CONTROLLER_REVISIONS, "{'metadata':{'name':'web-7b8f'," + CREATED
        + ",'ownerReferences':[{'apiVersion':'apps/v1','kind':'StatefulSet','name':'web','controller':true}]},'revision':2}"))
        .containsExactly("web-7b8f", "statefulset.apps/web", 2L, "25m");
    assertThat(row(BuiltinResources.CONTROLLER_REVISIONS, "{'metadata':{'name':'orphan'},'revision':1}").get(1))
        .isEqualTo("<none>");
  }

  @Test
  void printsEndpointsUpToThreeReadyAddresses() {
    assertThat(row(BuiltinResources.ENDPOINTS, "{'metadata':{'name':'nginx'," + CREATED + "},"
        + "'subsets':[{'addresses':[{'ip':'10.244.1.2'},{'ip':'10.244.2.2'},{'ip':'fd00::1'},{'ip':'10.244.1.3'}],"
        + "'ports':[{'name':'web','port':80}]}]}"))
        .containsExactly("nginx", "10.244.1.2:80,10.244.2.2:80,[fd00::1]:80 + 1 more...", "25m");
    assertThat(row(BuiltinResources.ENDPOINTS, "{'metadata':{'name':'none'}}").get(1)).isEqualTo("<none>");
    assertThat(row(BuiltinResources.ENDPOINTS, "{'metadata':{'name':'unready'},"
        + "'subsets':[{'notReadyAddresses':[{'ip':'10.244.1.2'}],'ports':[{'port':80}]}]}").get(1)).isEqualTo("");
    assertThat(row(BuiltinResources.ENDPOINTS, "{'metadata':{'name':'portless'},"
        + "'subsets':[{'addresses':[{'ip':'10.244.1.2'}]}]}").get(1)).isEqualTo("10.244.1.2");
  }

  @Test
  void printsEndpointSlicePortsAndAllEndpoints() {
    assertThat(row(BuiltinResources.ENDPOINT_SLICES, "{'metadata':{'name':'nginx-abcde'," + CREATED + "},"
        + "'addressType':'IPv4','ports':[{'name':'web','port':80},{'name':'named'},{}],"
        + "'endpoints':[{'addresses':['10.244.1.2'],'conditions':{'ready':false}},{'addresses':['10.244.2.2']}]}"))
        .containsExactly("nginx-abcde", "IPv4", "80,named,*", "10.244.1.2,10.244.2.2", "25m");
    assertThat(row(BuiltinResources.ENDPOINT_SLICES, "{'metadata':{'name':'e'},'addressType':'IPv4'}"))
        .containsSubsequence("<unset>", "<unset>");
  }

  @Test
  void printsBoundAndPendingClaims() {
    assertThat(headers(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, 0)).containsExactly("Name", "Status", "Volume",
        "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age");
    assertThat(row(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, "{'metadata':{'name':'www-web-0'," + CREATED + "},"
        + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}},'storageClassName':'standard',"
        + "'volumeMode':'Filesystem','volumeName':'pvc-2bf00408-d366-4a12-bad0-1869c65d0bee'},"
        + "'status':{'phase':'Bound','accessModes':['ReadWriteOnce'],'capacity':{'storage':'1Gi'}}}"))
        .containsExactly("www-web-0", "Bound", "pvc-2bf00408-d366-4a12-bad0-1869c65d0bee", "1Gi", "RWO", "standard",
            "<unset>", "25m", "Filesystem");
    assertThat(row(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, "{'metadata':{'name':'c',"
        + "'deletionTimestamp':'2024-05-01T10:20:00Z'},'spec':{'accessModes':['ReadWriteOnce','ReadWriteOncePod',"
        + "'ReadOnlyMany']},'status':{'phase':'Pending','accessModes':['ReadWriteMany']}}"))
        .containsExactly("c", "Terminating", "", "", "", "", "<unset>", "<unknown>", "<unset>");
  }

  @Test
  void printsVolumeWithClaimAndModesInFixedOrder() {
    assertThat(row(BuiltinResources.PERSISTENT_VOLUMES, "{'metadata':{'name':'pvc-1'," + CREATED + "},"
        + "'spec':{'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteMany','ReadWriteOnce'],"
        + "'persistentVolumeReclaimPolicy':'Delete','storageClassName':'standard',"
        + "'claimRef':{'namespace':'default','name':'www-web-0'}},'status':{'phase':'Bound'}}"))
        .containsExactly("pvc-1", "1Gi", "RWO,RWX", "Delete", "Bound", "default/www-web-0", "standard", "<unset>", "",
            "25m", "<unset>");
  }

  @Test
  void marksDefaultStorageClass() {
    assertThat(row(BuiltinResources.STORAGE_CLASSES, "{'metadata':{'name':'standard'," + CREATED + ","
        + "'annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},'provisioner':'rancher.io/local-path',"
        + "'reclaimPolicy':'Delete','volumeBindingMode':'WaitForFirstConsumer'}"))
        .containsExactly("standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "25m");
    assertThat(row(BuiltinResources.STORAGE_CLASSES, "{'metadata':{'name':'fast','annotations':"
        + "{'storageclass.beta.kubernetes.io/is-default-class':'true'}},'provisioner':'p','allowVolumeExpansion':true}"))
        .containsExactly("fast (default)", "p", "Delete", "Immediate", true, "<unknown>");
  }

  @Test
  void printsNodeStatusRolesAndAddresses() {
    assertThat(row(BuiltinResources.NODES, "{'metadata':{'name':'kind-control-plane'," + CREATED + ","
        + "'labels':{'node-role.kubernetes.io/control-plane':'','kubernetes.io/role':'master'}},"
        + "'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'True'}],"
        + "'addresses':[{'type':'InternalIP','address':'172.18.0.2'},{'type':'Hostname','address':'kind'}],"
        + "'nodeInfo':{'kubeletVersion':'v1.32.2','osImage':'Debian GNU/Linux 12 (bookworm)','kernelVersion':'6.8.0',"
        + "'containerRuntimeVersion':'containerd://1.7.24'}}}"))
        .containsExactly("kind-control-plane", "Ready,SchedulingDisabled", "control-plane,master", "25m", "v1.32.2",
            "172.18.0.2", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.8.0", "containerd://1.7.24");
    assertThat(row(BuiltinResources.NODES, "{'metadata':{'name':'n'},'status':{'conditions':"
        + "[{'type':'Ready','status':'Unknown'}]}}"))
        .containsExactly("n", "NotReady", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>",
            "<unknown>");
    assertThat(row(BuiltinResources.NODES, "{'metadata':{'name':'n'}}").get(1)).isEqualTo("Unknown");
  }

  @Test
  void printsSmallKinds() {
    assertThat(row(BuiltinResources.NAMESPACES, "{'metadata':{'name':'default'," + CREATED + "},"
        + "'status':{'phase':'Active'}}")).containsExactly("default", "Active", "25m");
    assertThat(row(BuiltinResources.CONFIG_MAPS, "{'metadata':{'name':'kube-root-ca.crt'},"
        + "'data':{'ca.crt':'x'},'binaryData':{'b':'eA=='}}")).containsExactly("kube-root-ca.crt", 2L, "<unknown>");
    assertThat(row(BuiltinResources.SECRETS, "{'metadata':{'name':'s'},'type':'Opaque','data':{'a':'eA=='}}"))
        .containsExactly("s", "Opaque", 1L, "<unknown>");
    assertThat(row(BuiltinResources.SERVICE_ACCOUNTS, "{'metadata':{'name':'default'}}"))
        .containsExactly("default", 0L, "<unknown>");
    assertThat(row(BuiltinResources.LEASES, "{'metadata':{'name':'kube-scheduler'},"
        + "'spec':{'holderIdentity':'keelson_1234'}}")).containsExactly("kube-scheduler", "keelson_1234", "<unknown>");
  }

  @Test
  void printsEventsInUpstreamColumnOrder() {
    assertThat(TablePrinters.forType(BuiltinResources.EVENTS).columns()).extracting(c -> c.name() + "/" + c.priority())
        .containsExactly("Last Seen/0", "Type/0", "Reason/0", "Object/0", "Subobject/1", "Source/1", "Message/0",
            "First Seen/1", "Count/1", "Name/1");
    assertThat(row(BuiltinResources.EVENTS, "{'metadata':{'name':'web.17c'},'type':'Normal',"
        + "'reason':'SuccessfulCreate','message':'create Pod web-0 in StatefulSet web successful \\n',"
        + "'involvedObject':{'kind':'StatefulSet','name':'web'},'source':{'component':'statefulset-controller'},"
        + "'firstTimestamp':'2024-05-01T10:00:00Z','lastTimestamp':'2024-05-01T10:20:00Z','count':2}"))
        .containsExactly("5m", "Normal", "SuccessfulCreate", "statefulset/web", "", "statefulset-controller",
            "create Pod web-0 in StatefulSet web successful", "25m", 2L, "web.17c");
    assertThat(row(BuiltinResources.EVENTS, "{'metadata':{'name':'e'},'type':'Warning','reason':'R',"
        + "'involvedObject':{'kind':'Node'},'reportingComponent':'kubelet','reportingInstance':'kind-worker',"
        + "'eventTime':'2024-05-01T10:24:00.000000Z'}"))
        .containsExactly("60s", "Warning", "R", "node", "", "kubelet, kind-worker", "", "60s", 1L, "e");
  }

  @Test
  void defaultPrinterShowsNameAndCreatedAt() {
    ResourceType unknown = new ResourceType("example.com", "v1", "Widget", "widgets", "widget", true, List.of(),
        List.of(), java.util.Set.of(), "/registry/widgets/", Object.class);
    TablePrinter printer = TablePrinters.forType(unknown);
    assertThat(printer.columns()).extracting(c -> c.name() + "/" + c.type())
        .containsExactly("Name/string", "Created At/date");
    assertThat(printer.cells(json("{'metadata':{'name':'w','creationTimestamp':'2024-05-01T10:00:00Z'}}"), NOW))
        .containsExactly("w", "2024-05-01T10:00:00Z");
  }
}
