// ErlError: why a call to an Erlang node failed, naming the node. A value that the model can hold
// (an unreachable node's view carries one) without knowing how calls are made.
#pragma once

#include <string>
#include <string_view>

namespace ejcluster::erl {

struct ErlError {
  enum class Kind {
    kNoSuchHost,         // the host name does not resolve
    kNoEpmd,             // nothing answers on the host's epmd port: no Erlang runs there
    kNotRegistered,      // epmd has no node of that name: the node is not started
    kConnectionRefused,  // epmd named a port but the node did not accept
    kCookieRejected,     // the node closed the handshake: the cookie does not match
    kTimeout,            // no answer before the deadline
    kConnectionLost,     // the connection broke during a call
    kBadRpc,             // the call reached the node and failed there: {badrpc, Reason}
    kProtocol,           // a reply we could not read
    kTlsRefused,         // TLS: the node refused our certificate (none sent, or from a CA it does not trust)
    kTlsUntrusted,       // TLS: the node's certificate does not chain to our CA or does not name its host
    kTlsNotSpoken,       // TLS: no TLS answer; the node may speak plain distribution
    kTlsFailed,          // TLS: anything else OpenSSL reported
    kTlsExpected,        // plain distribution was tried and the node speaks TLS
  };
  Kind kind;
  std::string node;
  std::string detail;

  // One line for a person: the node, what happened, and what to check.
  std::string message() const;
  // The same without the node, for a sentence that has named it already.
  std::string reason() const;
};

// A stable machine-readable name for the kind, used in JSON ("cookie_rejected", ...).
std::string_view to_string(ErlError::Kind kind);

}  // namespace ejcluster::erl
