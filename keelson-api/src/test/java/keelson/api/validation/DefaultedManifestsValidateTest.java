package keelson.api.validation;

import static keelson.api.validation.Manifests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.defaults.Defaulting;
import keelson.api.defaults.Preparation;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Minimal user manifests pass validation once defaulted and prepared, as in kube-apiserver. */
class DefaultedManifestsValidateTest {
  private static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'nginx'}},'spec':"
      + "{'containers':[{'name':'nginx','image':'nginx','ports':[{'containerPort':80,'name':'web'}]}]}}";

  static java.util.stream.Stream<Arguments> manifests() {
    return java.util.stream.Stream.of(
        Arguments.of(BuiltinResources.STATEFUL_SETS, "{'metadata':{'name':'web','namespace':'default'},"
            + "'spec':{'serviceName':'nginx','selector':{'matchLabels':{'app':'nginx'}}," + TEMPLATE + "}}"),
        Arguments.of(BuiltinResources.DAEMON_SETS, "{'metadata':{'name':'agent','namespace':'default'},"
            + "'spec':{'selector':{'matchLabels':{'app':'nginx'}}," + TEMPLATE + "}}"),
        Arguments.of(BuiltinResources.DEPLOYMENTS, "{'metadata':{'name':'web','namespace':'default'},"
            + "'spec':{'selector':{'matchLabels':{'app':'nginx'}}," + TEMPLATE + "}}"),
        Arguments.of(BuiltinResources.REPLICA_SETS, "{'metadata':{'name':'web','namespace':'default'},"
            + "'spec':{'selector':{'matchLabels':{'app':'nginx'}}," + TEMPLATE + "}}"),
        Arguments.of(BuiltinResources.PODS, "{'metadata':{'name':'p','namespace':'default'},"
            + "'spec':{'containers':[{'name':'c','image':'busybox','command':['sleep','1d']}],"
            + "'volumes':[{'name':'scratch'}]}}"),
        Arguments.of(BuiltinResources.SERVICES, "{'metadata':{'name':'nginx','namespace':'default'},"
            + "'spec':{'clusterIP':'None','selector':{'app':'nginx'},'ports':[{'port':80,'name':'web'}]}}"),
        Arguments.of(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, "{'metadata':{'name':'www-web-0',"
            + "'namespace':'default'},'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':"
            + "{'storage':'1Gi'}}}}"),
        Arguments.of(BuiltinResources.PERSISTENT_VOLUMES, "{'metadata':{'name':'pv1'},'spec':{'capacity':"
            + "{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/data'}}}"),
        Arguments.of(BuiltinResources.STORAGE_CLASSES, "{'metadata':{'name':'standard'},"
            + "'provisioner':'rancher.io/local-path'}"),
        Arguments.of(BuiltinResources.NAMESPACES, "{'metadata':{'name':'team'}}"),
        Arguments.of(BuiltinResources.SECRETS, "{'metadata':{'name':'s','namespace':'default'},"
            + "'stringData':{'password':'x'}}"),
        Arguments.of(BuiltinResources.ENDPOINT_SLICES, "{'metadata':{'name':'nginx-abcde',"
            + "'namespace':'default'},'addressType':'IPv4','endpoints':[{'addresses':['10.244.1.5']}],"
            + "'ports':[{'name':'web','port':80}]}"),
        Arguments.of(BuiltinResources.LEASES, "{'metadata':{'name':'l','namespace':'kube-system'},"
            + "'spec':{'holderIdentity':'a','leaseDurationSeconds':15}}"),
        Arguments.of(BuiltinResources.EVENTS, "{'metadata':{'name':'web.1','namespace':'default'},"
            + "'involvedObject':{'kind':'StatefulSet','name':'web','namespace':'default'},"
            + "'reason':'SuccessfulCreate','message':'create Pod web-0 in StatefulSet web successful'}"));
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void validatesCleanAfterDefaultingAndPreparation(ResourceType type, String manifest) {
    ObjectNode obj = json(manifest);
    Defaulting.apply(type, obj);
    Preparation.forCreate(type, obj);
    assertThat(Validation.validateCreate(type, obj)).isEmpty();
    ObjectNode again = obj.deepCopy();
    Defaulting.apply(type, again);
    Preparation.forUpdate(type, again, obj);
    assertThat(Validation.validateUpdate(type, again, obj)).isEmpty();
  }
}
