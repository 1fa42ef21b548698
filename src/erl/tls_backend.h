// The boundary between the client and its TLS transport: C types only, so that the transport
// (OpenSSL, src/erl/openssl_transport.cpp) can live in a module of its own that the command line
// loads only when a desired state asks for TLS. Linking libssl and libcrypto cost every run
// about 2 ms of CPU at start (libcrypto binds some 4,000 symbols as it loads): more than the
// rest of `ejcluster --version`, and half of a no-op plan's budget.
//
// A program links exactly one of the two providers of tls_backend(): ejcluster_tls_linked (the
// transport linked in: the Terraform provider, the tests) or ejcluster_tls_module (dlopen of
// ejcluster-tls.so beside the executable or in ../lib/ejcluster/: the ejcluster command).
#pragma once

#include <cstddef>
#include <expected>
#include <string>

#include <ei.h>

extern "C" {

// Texts are copied into the caller's buffers (at most `size` bytes with the terminating NUL).
struct EjcTlsBackend {
  int abi;  // kEjcTlsBackendAbi of the build that made it
  // A transport for these files (empty: none), or null with the failing field ("certfile",
  // "keyfile", "cacertfile" or "") and a message.
  void* (*create)(const char* certfile, const char* keyfile, const char* cacertfile, int verify, char* field,
                  char* message, std::size_t size);
  void* (*create_probe)(void);  // a transport that only tells whether a node answers a TLS hello
  void (*destroy)(void* transport);
  ei_socket_callbacks* (*callbacks)(void* transport);
  int (*has_buffered)(const void* transport, int fd);
  void (*begin_connect)(const char* host);
  int (*take_failure)(char* detail, std::size_t size);  // 0: none; else TlsFailure::Kind + 1
  int (*take_probe_result)(void);                        // -1: none; 0: plain; 1: it spoke TLS
};

// The one symbol the module exports (and the linked-in transport defines).
const EjcTlsBackend* ejcluster_tls_backend(void);
}

inline constexpr int kEjcTlsBackendAbi = 1;

namespace ejcluster::erl {

// The transport this program uses, or why there is none (the module is missing or not ours).
std::expected<const EjcTlsBackend*, std::string> tls_backend();

}  // namespace ejcluster::erl
