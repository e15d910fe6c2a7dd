package keelson.server;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import keelson.apiserver.http.ApiServer;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed CA and serving certificate of the TLS mode, kept as PEM files in
 * {@code <data-dir>/tls/}. The CA is made once and kept, so kubeconfigs that trust it stay valid
 * across restarts; the serving certificate is reused while it was signed by that CA, names every
 * address it must and is not close to expiry, and is issued afresh otherwise (for example when
 * {@code --listen} names a new host).
 */
final class TlsCertificates {
  private static final Logger log = LoggerFactory.getLogger(TlsCertificates.class);

  static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
  static final Duration SERVING_VALIDITY = Duration.ofDays(365);
  /** A certificate this close to expiry is replaced at start. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  /** Tolerates clients whose clocks run a little behind this machine's. */
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final List<String> ALWAYS = List.of("127.0.0.1", "::1", "localhost");

  private final X509Certificate ca;
  private final X509Certificate serving;
  private final PrivateKey servingKey;

  private TlsCertificates(X509Certificate ca, X509Certificate serving, PrivateKey servingKey) {
    this.ca = ca;
    this.serving = serving;
    this.servingKey = servingKey;
  }

  /** Loads the certificates of {@code dataDir}, creating or renewing what is missing or unfit. */
  static TlsCertificates ensure(Path dataDir, String listenHost, Clock clock) throws IOException {
    Path dir = Files.createDirectories(dataDir.resolve("tls"));
    Path caCert = dir.resolve("ca.crt");
    Path caKey = dir.resolve("ca.key");
    Path servingCert = dir.resolve("serving.crt");
    Path servingKey = dir.resolve("serving.key");
    Instant now = clock.instant();
    Set<String> names = subjectNames(listenHost);
    try {
      X509Certificate ca;
      PrivateKey caPrivate;
      if (Files.exists(caCert) && Files.exists(caKey) && fresh(readCertificate(caCert), now)) {
        ca = readCertificate(caCert);
        caPrivate = readKey(caKey);
      } else {
        KeyPair pair = newKeyPair();
        ca = issueCa(pair, now);
        caPrivate = pair.getPrivate();
        Kubeconfig.writePrivate(caKey, pem(caPrivate));
        Kubeconfig.writePrivate(caCert, pem(ca));
        log.atInfo().addKeyValue("file", caCert).log("created a self-signed cluster CA");
      }
      if (Files.exists(servingCert) && Files.exists(servingKey)) {
        X509Certificate existing = readCertificate(servingCert);
        if (fits(existing, ca, names, now)) {
          return new TlsCertificates(ca, existing, readKey(servingKey));
        }
      }
      KeyPair pair = newKeyPair();
      X509Certificate issued = issueServing(pair, ca, caPrivate, names, now);
      Kubeconfig.writePrivate(servingKey, pem(pair.getPrivate()));
      Kubeconfig.writePrivate(servingCert, pem(issued));
      log.atInfo().addKeyValue("file", servingCert).addKeyValue("names", names)
          .log("issued the API serving certificate");
      return new TlsCertificates(ca, issued, pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot prepare the TLS certificates in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Returns the CA certificate as PEM, for kubeconfigs and in-process clients. */
  String caPem() {
    return pem(ca);
  }

  X509Certificate ca() {
    return ca;
  }

  X509Certificate serving() {
    return serving;
  }

  /** Returns the serving key and chain as the API server takes them, in a throwaway key store. */
  ApiServer.Tls serverIdentity() throws IOException {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("keelson", servingKey, password.toCharArray(), new Certificate[] {serving, ca});
      return new ApiServer.Tls(store, password);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the serving key: " + e.getMessage(), e);
    }
  }

  /** The names the serving certificate must carry: loopback in every form, and the listen host. */
  static Set<String> subjectNames(String listenHost) {
    Set<String> names = new LinkedHashSet<>(ALWAYS);
    // A wildcard address is nothing a client dials; the kubeconfig then names 127.0.0.1.
    if (!listenHost.equals("0.0.0.0") && !listenHost.equals("::") && !listenHost.isEmpty()) {
      names.add(IPAddress.isValid(listenHost) ? listenHost : listenHost.toLowerCase(Locale.ROOT));
    }
    return names;
  }

  private static boolean fresh(X509Certificate certificate, Instant now) {
    return certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
        && !certificate.getNotBefore().toInstant().isAfter(now);
  }

  /** Whether a stored serving certificate can serve again: same CA, every name, time to run. */
  private static boolean fits(X509Certificate serving, X509Certificate ca, Set<String> names, Instant now)
      throws GeneralSecurityException {
    if (!fresh(serving, now)) {
      return false;
    }
    try {
      serving.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      return false;
    }
    Set<String> carried = new LinkedHashSet<>();
    Collection<List<?>> alternatives = serving.getSubjectAlternativeNames();
    if (alternatives != null) {
      for (List<?> name : alternatives) {
        carried.add(canonical(String.valueOf(name.get(1))));
      }
    }
    return names.stream().map(TlsCertificates::canonical).allMatch(carried::contains);
  }

  /** One spelling per address, so "::1" and "0:0:0:0:0:0:0:1" compare equal. */
  private static String canonical(String name) {
    if (!IPAddress.isValid(name)) {
      return name.toLowerCase(Locale.ROOT);
    }
    try {
      return InetAddress.getByName(name).getHostAddress(); // a literal: no lookup happens
    } catch (java.net.UnknownHostException e) {
      return name;
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate issueCa(KeyPair pair, Instant now)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    // Named with the time, as kube's self-signed CAs are, so two data dirs' CAs are told apart.
    X500Name name = new X500Name("CN=keelson-ca@" + now.getEpochSecond());
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    builder.addExtension(Extension.subjectKeyIdentifier, false,
        extensions.createSubjectKeyIdentifier(pair.getPublic()));
    return sign(builder, pair.getPrivate());
  }

  private static X509Certificate issueServing(KeyPair pair, X509Certificate ca, PrivateKey caKey, Set<String> names,
      Instant now) throws GeneralSecurityException, OperatorCreationException, CertIOException {
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(SERVING_VALIDITY)), new X500Name("CN=keelson-apiserver"),
        pair.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
    GeneralName[] alternatives = names.stream()
        .map(name -> new GeneralName(IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName, name))
        .toArray(GeneralName[]::new);
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
    return sign(builder, caKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE)
        .build(key)));
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PrivateKey key) {
        // PKCS#8 ("PRIVATE KEY"), which names the curve, as Go's and OpenSSL's tools read it.
        writer.writeObject(new JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Object readPem(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
      Object object = parser.readObject();
      if (object == null) {
        throw new IOException(file + " holds no PEM object");
      }
      return object;
    }
  }

  private static X509Certificate readCertificate(Path file) throws IOException {
    if (!(readPem(file) instanceof X509CertificateHolder holder)) {
      throw new IOException(file + " is not a PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (java.security.cert.CertificateException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey readKey(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    return switch (readPem(file)) {
      case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
      case PrivateKeyInfo info -> converter.getPrivateKey(info);
      case SubjectPublicKeyInfo ignored -> throw new IOException(file + " holds a public key, not a private one");
      default -> throw new IOException(file + " is not a PEM private key");
    };
  }
}
