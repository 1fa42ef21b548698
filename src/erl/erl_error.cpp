#include "erl/erl_error.h"

namespace ejcluster::erl {

std::string_view to_string(ErlError::Kind kind) {
  switch (kind) {
    case ErlError::Kind::kNoSuchHost: return "no_such_host";
    case ErlError::Kind::kNoEpmd: return "no_epmd";
    case ErlError::Kind::kNotRegistered: return "not_registered";
    case ErlError::Kind::kConnectionRefused: return "connection_refused";
    case ErlError::Kind::kCookieRejected: return "cookie_rejected";
    case ErlError::Kind::kTimeout: return "timeout";
    case ErlError::Kind::kConnectionLost: return "connection_lost";
    case ErlError::Kind::kBadRpc: return "badrpc";
    case ErlError::Kind::kProtocol: return "protocol";
    case ErlError::Kind::kTlsRefused: return "tls_refused";
    case ErlError::Kind::kTlsUntrusted: return "tls_untrusted";
    case ErlError::Kind::kTlsNotSpoken: return "tls_not_spoken";
    case ErlError::Kind::kTlsFailed: return "tls_failed";
    case ErlError::Kind::kTlsExpected: return "tls_expected";
  }
  return "unknown";
}

std::string ErlError::reason() const {
  std::string what;
  switch (kind) {
    case Kind::kNoSuchHost:
      what = "no such host";
      break;
    case Kind::kNoEpmd:
      what = "no epmd answers on the host: no Erlang node runs there";
      break;
    case Kind::kNotRegistered:
      what = "no node of that name is registered in epmd: is it started?";
      break;
    case Kind::kConnectionRefused:
      what = "connection refused";
      break;
    case Kind::kCookieRejected:
      what = "the node rejected the cookie: it does not match the node's cookie";
      break;
    case Kind::kTimeout:
      what = "timed out";
      break;
    case Kind::kConnectionLost:
      what = "the connection was lost";
      break;
    case Kind::kBadRpc:
      what = "badrpc";
      break;
    case Kind::kProtocol:
      what = "unreadable reply";
      break;
    case Kind::kTlsRefused:
      return "the node refused our TLS certificate (" + detail +
             "): tls.certfile must hold a certificate from a CA the node trusts";
    case Kind::kTlsUntrusted:
      return "the node's TLS certificate is not trusted (" + detail +
             "): it must chain to tls.cacertfile and name the host of the node's name";
    case Kind::kTlsNotSpoken:
      return detail + ": the node may not use TLS distribution (-proto_dist inet_tls); without it, leave out tls";
    case Kind::kTlsFailed:
      what = "TLS failed";
      break;
    case Kind::kTlsExpected:
      return "the node speaks TLS distribution (-proto_dist inet_tls): give tls (certfile, keyfile, cacertfile)";
  }
  return what + (detail.empty() ? "" : " (" + detail + ")");
}

std::string ErlError::message() const { return node + ": " + reason(); }

}  // namespace ejcluster::erl
