// TlsOptions: how ejcluster speaks Erlang distribution over TLS (-proto_dist inet_tls), as the
// desired state's "tls" object gives it. The names are those of Erlang's ssl_dist optfile.
#pragma once

#include <string>

namespace ejcluster::erl {

struct TlsOptions {
  std::string certfile;    // PEM certificate (chain) shown to nodes that ask for one; empty: none
  std::string keyfile;     // its private key; empty: the key is in certfile
  std::string cacertfile;  // PEM CAs a node's certificate must chain to
  bool verify = true;      // check each node's certificate: its chain, and the host part of its name

  bool operator==(const TlsOptions&) const = default;
};

}  // namespace ejcluster::erl
