# libei from erlang-dev: Debian ships ei.h and a static libei.a only (no .so, no pkg-config).
# -D_REENTRANT is required, or erl_errno does not link.
find_path(EI_INCLUDE_DIR ei.h PATHS /usr/lib/erlang/usr/include REQUIRED)
find_library(EI_LIBRARY NAMES libei.a ei PATHS /usr/lib/erlang/usr/lib REQUIRED)
find_package(Threads REQUIRED)
add_library(erl_interface::ei STATIC IMPORTED)
set_target_properties(erl_interface::ei PROPERTIES
  IMPORTED_LOCATION "${EI_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${EI_INCLUDE_DIR}"
  INTERFACE_COMPILE_DEFINITIONS _REENTRANT
  INTERFACE_LINK_LIBRARIES Threads::Threads)
