// Paths of the things under test, given by CMake (tests/CMakeLists.txt).
#pragma once

namespace ejcluster::testing {

inline constexpr const char* kSandboxScript = EJCLUSTER_SANDBOX_SCRIPT;
inline constexpr const char* kEjclusterBinary = EJCLUSTER_BINARY;

}  // namespace ejcluster::testing
