// Paths of the things under test, given by CMake (tests/CMakeLists.txt).
#pragma once

namespace ejcluster::testing {

inline constexpr const char* kSandboxScript = EJCLUSTER_SANDBOX_SCRIPT;
inline constexpr const char* kEjclusterBinary = EJCLUSTER_BINARY;
inline constexpr const char* kExamplesDir = EJCLUSTER_EXAMPLES_DIR;
inline constexpr const char* kMnesiaSandboxScript = EJCLUSTER_MNESIA_SANDBOX_SCRIPT;
// tests/sandbox/netsandbox: ejabberd nodes in network namespaces, for real partitions.
inline constexpr const char* kNetSandboxScript = EJCLUSTER_NET_SANDBOX_SCRIPT;
// tests/sandbox/tlscerts: a CA and certificates for nodes with TLS distribution.
inline constexpr const char* kTlsCertsScript = EJCLUSTER_TLS_CERTS_SCRIPT;

}  // namespace ejcluster::testing
