package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import keelson.apiserver.rest.ApiException;
import org.junit.jupiter.api.Test;

class RepresentationTest {
  @Test
  void kubectlGetAsksForATable() {
    assertThat(Representation.negotiate("application/json;as=Table;v=v1;g=meta.k8s.io,"
        + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"))
        .isEqualTo(Representation.TABLE);
  }

  @Test
  void protobufFirstClientsGetJson() {
    assertThat(Representation.negotiate("application/vnd.kubernetes.protobuf,application/json"))
        .isEqualTo(Representation.JSON);
    assertThat(Representation.negotiate(null)).isEqualTo(Representation.JSON);
    assertThat(Representation.negotiate("*/*")).isEqualTo(Representation.JSON);
  }

  @Test
  void protobufOnlyIsNotAcceptable() {
    assertThatThrownBy(() -> Representation.negotiate("application/vnd.kubernetes.protobuf"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(406));
  }

  @Test
  void conversionsNeedTheMetaGroupAndVersion() {
    assertThat(Representation.negotiate("application/json;as=Table,application/json")).isEqualTo(Representation.JSON);
    assertThat(Representation.negotiate("application/json;as=Table;v=v2;g=meta.k8s.io,application/yaml"))
        .isEqualTo(Representation.YAML);
    assertThat(Representation.negotiate("application/json;g=meta.k8s.io;v=v1;as=PartialObjectMetadataList"))
        .isEqualTo(Representation.PARTIAL_METADATA);
    assertThatThrownBy(() -> Representation.negotiate("application/json;as=Table;v=v1beta1;g=meta.k8s.io"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(406));
  }
}
