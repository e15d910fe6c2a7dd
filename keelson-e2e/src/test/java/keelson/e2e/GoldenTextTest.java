package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoldenTextTest {

  @Test
  void masksWhatChangesFromRunToRunAndCollapsesPadding() {
    String out = """
        NAME              READY   STATUS    RESTARTS   AGE   IP           NODE
        sample-ds-x7k2p   1/1     Running   0          12s   10.244.1.2   keelson-node-2
        Start Time:       Fri, 27 Nov 2026 13:06:32 +0000
        Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
          Normal  Started  2m5s   kubelet  Started container nginx-container
        Labels:  controller-revision-hash=sample-statefulset-6dd6ff7775
            Path:          /tmp/x/volumes/pvc-7dd032f4-7ce4-4bb0-beb7-73cf622b460f_default_www
        Container ID:   containerd://%s
        StorageClass:\s\s

        """.formatted("ab".repeat(32));
    assertThat(GoldenText.normalize(out)).containsExactly(
        "NAME  READY  STATUS  RESTARTS  AGE  IP  NODE",
        "sample-ds-<suffix>  1/1  Running  0  <age>  <ip>  <node>",
        "Start Time:  <time>",
        "Tolerations:  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "  Normal  Started  <age>  kubelet  Started container nginx-container",
        "Labels:  controller-revision-hash=sample-statefulset-<hash>",
        "  Path:  <dir>/pvc-<uid>_default_www",
        "Container ID:  containerd://<id>",
        "StorageClass:");
  }

  @Test
  void goldenFilesMayCarryComments() {
    assertThat(GoldenText.golden("# what this is\nName:    x   \n\n")).containsExactly("Name:  x");
  }
}
