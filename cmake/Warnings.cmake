# Warnings as an INTERFACE target: every target of ours links it; third-party code does not.
# -Wno-missing-field-initializers: designated initializers that leave members to their defaults
# are how this code builds value types (Step{.kind = ..., .node = ...}).
add_library(ejcluster_warnings INTERFACE)
target_compile_options(ejcluster_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wno-missing-field-initializers $<$<BOOL:${EJCLUSTER_WERROR}>:-Werror>)
