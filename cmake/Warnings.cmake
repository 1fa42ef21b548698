# Warnings as an INTERFACE target: every target of ours links it; third-party code does not.
add_library(ejcluster_warnings INTERFACE)
target_compile_options(ejcluster_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  $<$<BOOL:${EJCLUSTER_WERROR}>:-Werror>)
