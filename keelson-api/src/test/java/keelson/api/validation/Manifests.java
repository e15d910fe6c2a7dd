package keelson.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Object mothers: small, already-defaulted manifests written as JSON with single quotes. */
final class Manifests {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Manifests() {}

  static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String podSpec(String image) {
    return "{'restartPolicy':'Always','dnsPolicy':'ClusterFirst','terminationGracePeriodSeconds':30,"
        + "'containers':[{'name':'nginx'," + (image == null ? "" : "'image':'" + image + "',")
        + "'imagePullPolicy':'IfNotPresent','terminationMessagePath':'/dev/termination-log',"
        + "'terminationMessagePolicy':'File','ports':[{'containerPort':80,'name':'web','protocol':'TCP'}]}]}";
  }

  static ObjectNode statefulSet(String name, String selector, String templateLabels) {
    return json("{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'" + name
        + "','namespace':'default'},'spec':{'replicas':2,'serviceName':'nginx',"
        + (selector == null ? "" : "'selector':" + selector + ",")
        + "'podManagementPolicy':'OrderedReady','revisionHistoryLimit':10,"
        + "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'partition':0}},"
        + "'persistentVolumeClaimRetentionPolicy':{'whenDeleted':'Retain','whenScaled':'Retain'},"
        + "'template':{'metadata':{'labels':" + templateLabels + "},'spec':" + podSpec("nginx") + "},"
        + "'volumeClaimTemplates':[{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'www'},"
        + "'spec':{'accessModes':['ReadWriteOnce'],'volumeMode':'Filesystem',"
        + "'resources':{'requests':{'storage':'1Gi'}}},'status':{'phase':'Pending'}}]}}");
  }

  static ObjectNode daemonSet(String selector, String templateLabels, String image) {
    return json("{'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'agent',"
        + "'namespace':'default'},'spec':{" + (selector == null ? "" : "'selector':" + selector + ",")
        + "'revisionHistoryLimit':10,'updateStrategy':{'type':'RollingUpdate',"
        + "'rollingUpdate':{'maxUnavailable':1,'maxSurge':0}},"
        + "'template':{'metadata':{'labels':" + templateLabels + "},'spec':" + podSpec(image) + "}}}");
  }

  static ObjectNode service(String spec) {
    return json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'nginx','namespace':'default'},"
        + "'spec':" + spec + "}");
  }
}
