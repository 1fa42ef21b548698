// A fresh self-signed certificate for the plugin's side of Terraform's automatic mutual TLS.
//
// Terraform trusts exactly the certificate in the handshake line and dials with server name
// "localhost": the certificate carries SAN DNS:localhost (a CN alone is not enough), serverAuth
// and clientAuth, and is its own CA. P-256 key, valid from a minute ago for a year; made anew by
// every process.
#pragma once

#include <expected>
#include <string>

namespace ejcluster::tf {

struct Certificate {
  std::string cert_pem;
  std::string key_pem;   // unencrypted PKCS#8
  std::string cert_der;  // what the handshake line carries (base64)
};

std::expected<Certificate, std::string> make_certificate();

// Standard base64 without '=' padding, as go-plugin reads the handshake's certificate.
std::string base64_unpadded(const std::string& bytes);

}  // namespace ejcluster::tf
