// tls_certificate.h: what Terraform's TLS client needs of the plugin's certificate.
#include <doctest/doctest.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tls_certificate.h"

namespace ejcluster::tf {
namespace {

TEST_CASE("the certificate names localhost in its SAN and is its own CA") {
  auto cert = make_certificate();
  REQUIRE(cert);
  CHECK(cert->cert_pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(cert->key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  const auto* der = reinterpret_cast<const unsigned char*>(cert->cert_der.data());
  X509* x509 = d2i_X509(nullptr, &der, static_cast<long>(cert->cert_der.size()));
  REQUIRE(x509 != nullptr);
  CHECK(X509_check_host(x509, "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ca(x509) >= 1);
  CHECK(X509_check_purpose(x509, X509_PURPOSE_SSL_SERVER, 0) == 1);
  CHECK(X509_check_purpose(x509, X509_PURPOSE_SSL_CLIENT, 0) == 1);
  X509_free(x509);
}

TEST_CASE("base64 without padding, as go-plugin reads it") {
  CHECK(base64_unpadded("") == "");
  CHECK(base64_unpadded("a") == "YQ");
  CHECK(base64_unpadded("ab") == "YWI");
  CHECK(base64_unpadded("abc") == "YWJj");
}

}  // namespace
}  // namespace ejcluster::tf
