package keelson.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificatesTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir
  Path dataDir;

  @Test
  void firstStartCreatesACaAndAServingCertificateTheCaVouchesFor() throws Exception {
    TlsCertificates certificates = TlsCertificates.ensure(dataDir, "127.0.0.1", CLOCK);

    X509Certificate ca = certificates.ca();
    X509Certificate serving = certificates.serving();
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(serving.getBasicConstraints()).isEqualTo(-1);
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThatCode(() -> serving.verify(ca.getPublicKey())).doesNotThrowAnyException();
    // The JDK's own PKIX validation, as a TLS client does it, accepts the chain for this CA.
    trustManagerFor(ca).checkServerTrusted(new X509Certificate[] {serving, ca}, "ECDHE_ECDSA");
    assertThat(Files.readString(dataDir.resolve("tls/ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(certificates.caPem()).isEqualTo(Files.readString(dataDir.resolve("tls/ca.crt")));
    for (String file : List.of("ca.key", "serving.key")) {
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("tls").resolve(file)))
          .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }
  }

  @Test
  void servingCertificateNamesLoopbackInEveryFormAndTheListenHost() throws Exception {
    X509Certificate serving = TlsCertificates.ensure(dataDir, "api.example.test", CLOCK).serving();

    assertThat(alternativeNames(serving))
        .containsExactlyInAnyOrder("7:127.0.0.1", "7:0:0:0:0:0:0:0:1", "2:localhost", "2:api.example.test");
  }

  @Test
  void anIpListenHostBecomesAnIpNameAndAWildcardAddsNothing() throws Exception {
    assertThat(TlsCertificates.subjectNames("10.1.2.3")).containsExactly("127.0.0.1", "::1", "localhost", "10.1.2.3");
    assertThat(TlsCertificates.subjectNames("0.0.0.0")).containsExactly("127.0.0.1", "::1", "localhost");
    assertThat(TlsCertificates.subjectNames("::")).containsExactly("127.0.0.1", "::1", "localhost");
    assertThat(TlsCertificates.subjectNames("::1")).containsExactly("127.0.0.1", "::1", "localhost");
  }

  @Test
  void restartReusesBothCertificatesAndTheServingKey() throws Exception {
    TlsCertificates first = TlsCertificates.ensure(dataDir, "127.0.0.1", CLOCK);
    TlsCertificates again = TlsCertificates.ensure(dataDir, "127.0.0.1", Clock.offset(CLOCK, Duration.ofDays(100)));

    assertThat(again.ca()).isEqualTo(first.ca());
    assertThat(again.serving()).isEqualTo(first.serving());
    KeyStore store = again.serverIdentity().keyStore();
    assertThat(store.getCertificateChain("keelson")).containsExactly(first.serving(), first.ca());
  }

  @Test
  void aNewListenHostGetsANewServingCertificateFromTheSameCa() throws Exception {
    TlsCertificates first = TlsCertificates.ensure(dataDir, "127.0.0.1", CLOCK);
    TlsCertificates moved = TlsCertificates.ensure(dataDir, "keelson.internal", CLOCK);

    assertThat(moved.ca()).isEqualTo(first.ca());
    assertThat(moved.serving()).isNotEqualTo(first.serving());
    assertThat(alternativeNames(moved.serving())).contains("2:keelson.internal");
    assertThatCode(() -> moved.serving().verify(first.ca().getPublicKey())).doesNotThrowAnyException();
  }

  @Test
  void aServingCertificateNearExpiryIsRenewedButTheCaIsKept() throws Exception {
    TlsCertificates first = TlsCertificates.ensure(dataDir, "127.0.0.1", CLOCK);
    Clock late = Clock.offset(CLOCK, TlsCertificates.SERVING_VALIDITY.minus(Duration.ofDays(10)));
    TlsCertificates renewed = TlsCertificates.ensure(dataDir, "127.0.0.1", late);

    assertThat(renewed.ca()).isEqualTo(first.ca());
    assertThat(renewed.serving()).isNotEqualTo(first.serving());
    assertThat(renewed.serving().getNotAfter().toInstant()).isAfter(first.serving().getNotAfter().toInstant());
  }

  @Test
  void aServingCertificateFromAnotherCaIsReplaced() throws Exception {
    TlsCertificates first = TlsCertificates.ensure(dataDir, "127.0.0.1", CLOCK);
    Files.delete(dataDir.resolve("tls/ca.crt"));
    TlsCertificates second = TlsCertificates.ensure(dataDir, "127.0.0.1", CLOCK);

    assertThat(second.ca()).isNotEqualTo(first.ca());
    assertThat(second.serving()).isNotEqualTo(first.serving());
    assertThatCode(() -> second.serving().verify(second.ca().getPublicKey())).doesNotThrowAnyException();
  }

  @Test
  void kubeconfigCarriesTheCaForAnHttpsServer() throws Exception {
    TlsCertificates certificates = TlsCertificates.ensure(dataDir, "127.0.0.1", CLOCK);
    String yaml = Files.readString(Kubeconfig.write(dataDir, "https://127.0.0.1:6443", "t0k3n", certificates.caPem()));

    String encoded = java.util.Base64.getEncoder().encodeToString(certificates.caPem().getBytes());
    assertThat(yaml).contains("    server: https://127.0.0.1:6443\n    certificate-authority-data: " + encoded + "\n");
    assertThat(Files.readString(Kubeconfig.write(dataDir, "http://127.0.0.1:6443", "t0k3n", null)))
        .doesNotContain("certificate-authority-data");
  }

  private static Set<String> alternativeNames(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .map(name -> name.get(0) + ":" + name.get(1)).collect(Collectors.toSet());
  }

  private static X509TrustManager trustManagerFor(X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(trust);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }
}
