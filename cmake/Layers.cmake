# ejcluster_layer(): one layer of src/ as a static library whose headers only its dependants see.
#
# Each layer's headers are linked (symlinks) into an include root of its own under
# build/layers/<target>/, and that root is the only include directory the layer gives. A target
# sees a header only when it links the layer that owns it, so an include that crosses the layers
# the wrong way ("model/planner.cpp" including "erl/node_client.h") fails to compile, and a link
# that does fails too: the layering is enforced by the build, not by review.
#
#   ejcluster_layer(<target> HEADERS <paths under src/> SOURCES <paths under src/>
#                   [PUBLIC <targets>] [PRIVATE <targets>])
function(ejcluster_layer target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "HEADERS;SOURCES;PUBLIC;PRIVATE")
  set(root ${CMAKE_BINARY_DIR}/layers/${target})
  file(REMOVE_RECURSE ${root})
  foreach(header IN LISTS arg_HEADERS)
    get_filename_component(folder ${header} DIRECTORY)
    file(MAKE_DIRECTORY ${root}/${folder})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${header} ${root}/${header} SYMBOLIC)
  endforeach()
  list(TRANSFORM arg_SOURCES PREPEND ${PROJECT_SOURCE_DIR}/src/)
  add_library(${target} STATIC ${arg_SOURCES})
  target_include_directories(${target} PUBLIC ${root})
  target_link_libraries(${target} PUBLIC ${arg_PUBLIC} PRIVATE ejcluster_warnings ${arg_PRIVATE})
endfunction()
