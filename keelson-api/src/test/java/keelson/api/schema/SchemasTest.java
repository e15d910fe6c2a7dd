package keelson.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import org.junit.jupiter.api.Test;

class SchemasTest {

  @Test
  void everyServedKindHasASchemaNamedAsKubernetesNamesIt() {
    for (ResourceType type : BuiltinResources.ALL) {
      ObjectSchema schema = Schemas.of(type);
      String group = type.group().isEmpty() ? "core" : type.group().replace(".k8s.io", "");
      assertThat(schema.name()).isEqualTo("io.k8s.api." + group + ".v1." + type.kind());
      assertThat(schema.properties()).containsKeys("apiVersion", "kind", "metadata");
      assertThat(schema.properties()).doesNotContainKey("additionalProperties");
    }
  }

  @Test
  void statefulSetSpecIsDescribedWithKubernetesNamesAndTypes() {
    ObjectSchema spec = object(Schemas.of(BuiltinResources.STATEFUL_SETS), "spec");
    assertThat(spec.name()).isEqualTo("io.k8s.api.apps.v1.StatefulSetSpec");
    assertThat(spec.properties())
        .containsKeys("replicas", "selector", "serviceName", "template", "volumeClaimTemplates");
    assertThat(spec.property("replicas").orElseThrow().schema()).isEqualTo(PrimitiveSchema.INT32);
    assertThat(object(spec, "selector").name())
        .isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector");
    assertThat(spec.property("serviceName").orElseThrow().required()).isTrue();
    ArraySchema claims = (ArraySchema) spec.property("volumeClaimTemplates").orElseThrow().schema();
    assertThat(((ObjectSchema) claims.items()).name())
        .isEqualTo("io.k8s.api.core.v1.PersistentVolumeClaim");
    assertThat(spec.property("volumeClaimTemplates").orElseThrow().patch())
        .isEqualTo(PatchStrategy.REPLACE);
  }

  @Test
  void mapsFabric8ScalarWrappersToKubernetesScalars() {
    ObjectSchema pod = Schemas.of(BuiltinResources.PODS);
    ObjectSchema meta = object(pod, "metadata");
    assertThat(meta.name()).isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(meta.property("labels").orElseThrow().schema())
        .isEqualTo(new MapSchema(PrimitiveSchema.STRING));
    assertThat(meta.property("creationTimestamp").orElseThrow().schema())
        .isEqualTo(PrimitiveSchema.DATE_TIME);
    ObjectSchema container = containerSchema();
    ObjectSchema resources = object(container, "resources");
    assertThat(resources.property("limits").orElseThrow().schema())
        .isEqualTo(new MapSchema(PrimitiveSchema.QUANTITY));
    ObjectSchema port = (ObjectSchema) ((ArraySchema) container.property("ports").orElseThrow()
        .schema()).items();
    assertThat(port.property("containerPort").orElseThrow().required()).isTrue();
    ObjectSchema probe = object(container, "livenessProbe");
    assertThat(object(probe, "httpGet").property("port").orElseThrow().schema())
        .isEqualTo(PrimitiveSchema.INT_OR_STRING);
  }

  @Test
  void freeFormFieldsAreAny() {
    ObjectSchema revision = Schemas.of(BuiltinResources.CONTROLLER_REVISIONS);
    assertThat(revision.property("data").orElseThrow().schema())
        .isEqualTo(AnySchema.named("io.k8s.apimachinery.pkg.runtime.RawExtension"));
    ObjectSchema entry = (ObjectSchema) ((ArraySchema) object(revision, "metadata")
        .property("managedFields").orElseThrow().schema()).items();
    assertThat(entry.property("fieldsV1").orElseThrow().schema()).isInstanceOf(AnySchema.class);
  }

  @Test
  void listFieldsCarryKubernetesPatchStrategies() {
    ObjectSchema podSpec = object(Schemas.of(BuiltinResources.PODS), "spec");
    assertThat(podSpec.property("containers").orElseThrow().patch())
        .isEqualTo(PatchStrategy.mergeBy("name"));
    assertThat(podSpec.property("volumes").orElseThrow().patch().extensionValue())
        .isEqualTo("merge,retainKeys");
    assertThat(podSpec.property("tolerations").orElseThrow().patch()).isEqualTo(PatchStrategy.REPLACE);
    assertThat(containerSchema().property("ports").orElseThrow().patch().mergeKey())
        .isEqualTo("containerPort");
    assertThat(containerSchema().property("volumeMounts").orElseThrow().patch().mergeKey())
        .isEqualTo("mountPath");
    ObjectSchema serviceSpec = object(Schemas.of(BuiltinResources.SERVICES), "spec");
    assertThat(serviceSpec.property("ports").orElseThrow().patch().mergeKey()).isEqualTo("port");
    ObjectSchema meta = object(Schemas.of(BuiltinResources.PODS), "metadata");
    assertThat(meta.property("finalizers").orElseThrow().patch()).isEqualTo(PatchStrategy.MERGE_SET);
    assertThat(meta.property("ownerReferences").orElseThrow().patch().mergeKey()).isEqualTo("uid");
    ObjectSchema stsStatus = object(Schemas.of(BuiltinResources.STATEFUL_SETS), "status");
    assertThat(stsStatus.property("conditions").orElseThrow().patch().mergeKey()).isEqualTo("type");
  }

  @Test
  void nestedSchemasAreSharedAndCached() {
    ObjectSchema fromSts = object(object(Schemas.of(BuiltinResources.STATEFUL_SETS), "spec"), "template");
    ObjectSchema fromDs = object(object(Schemas.of(BuiltinResources.DAEMON_SETS), "spec"), "template");
    assertThat(fromSts).isSameAs(fromDs);
    assertThat(Schemas.of(StatefulSetSpec.class))
        .isSameAs(object(Schemas.of(BuiltinResources.STATEFUL_SETS), "spec"));
  }

  @Test
  void concurrentFirstCallsSeeOneCompleteSchema() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<ObjectSchema>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> Schemas.of(io.fabric8.kubernetes.api.model.PodTemplate.class));
      }
      List<ObjectSchema> results = new ArrayList<>();
      for (Future<ObjectSchema> future : pool.invokeAll(calls)) {
        results.add(future.get());
      }
      assertThat(results).allSatisfy(schema -> assertThat(schema).isSameAs(results.get(0)));
      assertThat(object(results.get(0), "template").properties()).containsKey("spec");
    } finally {
      pool.shutdown();
    }
  }

  private static ObjectSchema containerSchema() {
    ObjectSchema podSpec = object(Schemas.of(BuiltinResources.PODS), "spec");
    return (ObjectSchema) ((ArraySchema) podSpec.property("containers").orElseThrow().schema()).items();
  }

  private static ObjectSchema object(ObjectSchema parent, String field) {
    return (ObjectSchema) parent.property(field).orElseThrow().schema();
  }
}
