"""The official Kubernetes Python client against a Keelson server: list, create from YAML, watch, patch.

Usage: client_compat.py KUBECONFIG NAMESPACE
Prints one "ok: ..." line per check; exits non-zero with the reason on the first failure.
Run by keelson.e2e.PythonClientIT with Debian's python3-kubernetes.
"""
import os
import sys
import time

from kubernetes import client, config, utils, watch

HERE = os.path.dirname(os.path.abspath(__file__))


def check(condition, message):
    if not condition:
        print("FAILED: " + message, flush=True)
        sys.exit(1)


def ok(message):
    print("ok: " + message, flush=True)


def main(kubeconfig, namespace):
    config.load_kube_config(config_file=kubeconfig)
    api = client.ApiClient()
    core = client.CoreV1Api(api)
    apps = client.AppsV1Api(api)

    # List: typed objects of several kinds deserialize (the client validates required fields).
    # The simulated nodes register shortly after the API is ready, as kubelets join a new cluster.
    deadline = time.time() + 60
    nodes = core.list_node()
    while len(nodes.items) < 3 and time.time() < deadline:
        time.sleep(0.5)
        nodes = core.list_node()
    names = sorted(n.metadata.name for n in nodes.items)
    check(len(names) >= 1 and all(n.startswith("keelson-node-") for n in names), "nodes: %s" % names)
    check(nodes.metadata.resource_version, "a node list carries a resourceVersion")
    ok("list nodes %s" % ",".join(names))
    namespaces = [n.metadata.name for n in core.list_namespace().items]
    check("default" in namespaces and "kube-system" in namespaces, "namespaces: %s" % namespaces)
    ok("list namespaces")

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=namespace)))

    # Create from YAML: several documents of several kinds in one file.
    created = utils.create_from_yaml(api, os.path.join(HERE, "objects.yaml"), namespace=namespace)
    kinds = sorted(o.kind for group in created for o in group)
    check(kinds == ["ConfigMap", "Deployment", "Service"], "created %s" % kinds)
    check(core.read_namespaced_config_map("py-settings", namespace).data == {"greeting": "hello"},
          "the ConfigMap reads back")
    service = core.read_namespaced_service("py-web", namespace)
    check(service.spec.cluster_ip and service.spec.ports[0].target_port == 80, "the Service was defaulted")
    ok("create from yaml %s" % ",".join(kinds))

    # Patch: a strategic merge patch of the Deployment, then a JSON patch of the ConfigMap.
    apps.patch_namespaced_deployment("py-web", namespace, {"spec": {"replicas": 2}})
    check(apps.read_namespaced_deployment("py-web", namespace).spec.replicas == 2, "replicas patched to 2")
    core.patch_namespaced_config_map("py-settings", namespace,
                                     [{"op": "add", "path": "/data/farewell", "value": "bye"}])
    check(core.read_namespaced_config_map("py-settings", namespace).data.get("farewell") == "bye",
          "the JSON patch added a key")
    ok("patch deployment and configmap")

    deadline = time.time() + 60
    while time.time() < deadline:
        status = apps.read_namespaced_deployment("py-web", namespace).status
        if status.replicas == 2:
            break
        time.sleep(0.5)
    check(apps.read_namespaced_deployment("py-web", namespace).status.replicas == 2,
          "the Deployment controller brought up 2 replicas")
    pods = core.list_namespaced_pod(namespace, label_selector="app=py-web").items
    check(len(pods) == 2, "2 pods listed by label, got %d" % len(pods))
    ok("list pods by label")

    # Every served kind deserializes into the client's typed models, which check required fields.
    listed = {
        "pods": core.list_pod_for_all_namespaces(),
        "services": core.list_service_for_all_namespaces(),
        "endpoints": core.list_endpoints_for_all_namespaces(),
        "configmaps": core.list_config_map_for_all_namespaces(),
        "secrets": core.list_secret_for_all_namespaces(),
        "serviceaccounts": core.list_service_account_for_all_namespaces(),
        "events": core.list_event_for_all_namespaces(),
        "persistentvolumes": core.list_persistent_volume(),
        "persistentvolumeclaims": core.list_persistent_volume_claim_for_all_namespaces(),
        "deployments": apps.list_deployment_for_all_namespaces(),
        "replicasets": apps.list_replica_set_for_all_namespaces(),
        "statefulsets": apps.list_stateful_set_for_all_namespaces(),
        "daemonsets": apps.list_daemon_set_for_all_namespaces(),
        "controllerrevisions": apps.list_controller_revision_for_all_namespaces(),
        "storageclasses": client.StorageV1Api(api).list_storage_class(),
        "leases": client.CoordinationV1Api(api).list_lease_for_all_namespaces(),
        # Only this namespace's: a slice without endpoints (kube-dns here) is "endpoints": null in
        # Kubernetes 1.32, which this client refuses (kubernetes-client/python#2423).
        "endpointslices": client.DiscoveryV1Api(api).list_namespaced_endpoint_slice(namespace),
    }
    for kind in ("pods", "services", "endpoints", "deployments", "replicasets", "storageclasses",
                 "leases", "endpointslices"):
        check(listed[kind].items, "some %s are listed" % kind)
    ok("list kinds %d" % len(listed))

    # Watch: from a list's resourceVersion, the changes after it, in order, then the end of the
    # stream when timeoutSeconds runs out.
    start = core.list_namespaced_config_map(namespace, label_selector="watched=yes").metadata.resource_version
    core.create_namespaced_config_map(namespace, client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="py-watched", labels={"watched": "yes"}), data={"n": "1"}))
    core.patch_namespaced_config_map("py-watched", namespace, {"data": {"n": "2"}})
    core.delete_namespaced_config_map("py-watched", namespace)
    seen = []
    w = watch.Watch()
    began = time.time()
    for event in w.stream(core.list_namespaced_config_map, namespace, label_selector="watched=yes",
                          resource_version=start, timeout_seconds=3):
        seen.append("%s %s %s" % (event["type"], event["object"].metadata.name, (event["object"].data or {}).get("n")))
    check(seen == ["ADDED py-watched 1", "MODIFIED py-watched 2", "DELETED py-watched 2"], "watched %s" % seen)
    check(time.time() - began < 30, "the watch ended when its timeout ran out")
    ok("watch configmaps")

    # A watch of a single object by name through a field selector.
    seen = []
    for event in w.stream(apps.list_namespaced_deployment,
                          namespace, field_selector="metadata.name=py-web", timeout_seconds=2):
        seen.append("%s %s" % (event["type"], event["object"].metadata.name))
    check(seen[:1] == ["ADDED py-web"], "the watch started with the existing Deployment: %s" % seen)
    ok("watch deployment by field selector")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
