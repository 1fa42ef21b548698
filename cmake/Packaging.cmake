# Install rules and CPack's DEB generator for the two packages (README "Install on a Debian 12 host").
#   ejcluster: the binary, ejcluster(1), bash completion, the JSON Schema and example desired states.
#   terraform-provider-ejcluster: the provider in /usr/lib/terraform-provider-ejcluster/, and laid
#     out as a Terraform filesystem mirror under /usr/share/terraform/plugins (a symbolic link: no
#     binaries in /usr/share), one of the directories Terraform searches on its own (an implied
#     local mirror), so `terraform init` finds it offline, with or without a CLI configuration.
# Depends are computed from the binaries (dpkg-shlibdeps), not written by hand.
include(GNUInstallDirs)

set(EJCLUSTER_SHARE ${CMAKE_INSTALL_DATADIR}/ejcluster)
set(EJCLUSTER_TF_MIRROR share/terraform/plugins/registry.terraform.io/ejcluster/ejcluster/${PROJECT_VERSION}/linux_amd64)

# Debian wants manual pages and changelogs gzip -9n'd (no name, no time stamp: reproducible).
set(packaging_dir ${CMAKE_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${packaging_dir})
add_custom_command(OUTPUT ${packaging_dir}/ejcluster.1.gz
  COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/src/cli/ejcluster.1 > ${packaging_dir}/ejcluster.1.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/src/cli/ejcluster.1 VERBATIM)
foreach(package ejcluster terraform-provider-ejcluster)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in ${packaging_dir}/${package}/changelog @ONLY)
  add_custom_command(OUTPUT ${packaging_dir}/${package}/changelog.gz
    COMMAND gzip -9n -c ${packaging_dir}/${package}/changelog > ${packaging_dir}/${package}/changelog.gz
    DEPENDS ${packaging_dir}/${package}/changelog VERBATIM)
endforeach()
# The examples as installed name the installed schema.
set(installed_examples)
foreach(example add-node placement three-masters tls-cluster)
  set(out ${packaging_dir}/examples/${example}.json)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${PROJECT_SOURCE_DIR}/examples/${example}.json -DOUT=${out}
            -P ${PROJECT_SOURCE_DIR}/cmake/InstalledExample.cmake
    DEPENDS ${PROJECT_SOURCE_DIR}/examples/${example}.json ${PROJECT_SOURCE_DIR}/cmake/InstalledExample.cmake VERBATIM)
  list(APPEND installed_examples ${out})
endforeach()
add_custom_target(packaging_files ALL DEPENDS ${packaging_dir}/ejcluster.1.gz ${installed_examples}
  ${packaging_dir}/ejcluster/changelog.gz ${packaging_dir}/terraform-provider-ejcluster/changelog.gz)

install(TARGETS ejcluster RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ejcluster)
# Loaded by ejcluster from ../lib/ejcluster/ (erl/tls_backend_module.cpp) when a desired state asks for TLS.
install(TARGETS ejcluster-tls LIBRARY DESTINATION lib/ejcluster COMPONENT ejcluster)
install(FILES ${packaging_dir}/ejcluster.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ejcluster)
install(FILES ${PROJECT_SOURCE_DIR}/src/cli/ejcluster.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME ejcluster COMPONENT ejcluster)
install(FILES ${PROJECT_SOURCE_DIR}/src/model/desired_state.schema.json DESTINATION ${EJCLUSTER_SHARE} COMPONENT ejcluster)
install(FILES ${installed_examples} DESTINATION ${EJCLUSTER_SHARE}/examples COMPONENT ejcluster)
install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/copyright ${packaging_dir}/ejcluster/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT ejcluster)

set(EJCLUSTER_TF_LIBDIR lib/terraform-provider-ejcluster)
install(TARGETS terraform-provider-ejcluster RUNTIME DESTINATION ${EJCLUSTER_TF_LIBDIR} COMPONENT terraform-provider)
# The mirror's entry, relative, so that it holds under any install prefix.
file(RELATIVE_PATH to_binary /usr/${EJCLUSTER_TF_MIRROR} /usr/${EJCLUSTER_TF_LIBDIR}/terraform-provider-ejcluster)
file(CREATE_LINK ${to_binary} ${packaging_dir}/terraform-provider-ejcluster_v${PROJECT_VERSION} SYMBOLIC)
install(FILES ${packaging_dir}/terraform-provider-ejcluster_v${PROJECT_VERSION} DESTINATION ${EJCLUSTER_TF_MIRROR}
        COMPONENT terraform-provider)
install(FILES ${PROJECT_SOURCE_DIR}/cmake/debian/copyright ${packaging_dir}/terraform-provider-ejcluster/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/terraform-provider-ejcluster COMPONENT terraform-provider)

set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)  # the debug info stays in build/
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "ejcluster developers <ejcluster@example.org>")
set(CPACK_PACKAGE_VENDOR "ejcluster developers")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ejcluster terraform-provider)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_EJCLUSTER_PACKAGE_NAME ejcluster)
set(CPACK_DEBIAN_EJCLUSTER_DESCRIPTION
"declarative clustering for ejabberd and Erlang Mnesia
ejcluster forms, grows, shrinks and repairs ejabberd clusters from a JSON
desired state: it observes the real cluster as a hidden Erlang C node, plans
the difference, joins nodes as masters and places tables where asked,
checking every step, and verifies the result. A second run on a converged
cluster changes nothing.")
# Makes the default backup_dir, owned by the ejabberd user where it exists.
set(CPACK_DEBIAN_EJCLUSTER_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/postinst)
set(CPACK_DEBIAN_EJCLUSTER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_TERRAFORM-PROVIDER_PACKAGE_NAME terraform-provider-ejcluster)
set(CPACK_DEBIAN_TERRAFORM-PROVIDER_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_TERRAFORM-PROVIDER_DESCRIPTION
"Terraform provider for ejcluster (ejcluster/ejcluster)
A native Terraform provider that converges ejabberd and Erlang Mnesia clusters
to a declared state, with the same engine as the ejcluster command. Installed
as a filesystem mirror that terraform init finds without network access.")
include(CPack)

# The Ansible collection's tarball, beside the packages (ansible-galaxy collection install takes it).
find_program(EJCLUSTER_ANSIBLE_GALAXY ansible-galaxy)
if(EJCLUSTER_ANSIBLE_GALAXY)
  set(collection ${CMAKE_BINARY_DIR}/ejcluster-ejabberd-${PROJECT_VERSION}.tar.gz)
  file(GLOB_RECURSE collection_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/ansible_module/plugins/*
       ${PROJECT_SOURCE_DIR}/ansible_module/meta/*)
  add_custom_command(OUTPUT ${collection}
    COMMAND ${EJCLUSTER_ANSIBLE_GALAXY} collection build ${PROJECT_SOURCE_DIR}/ansible_module
            --output-path ${CMAKE_BINARY_DIR} --force
    DEPENDS ${PROJECT_SOURCE_DIR}/ansible_module/galaxy.yml ${PROJECT_SOURCE_DIR}/ansible_module/README.md
            ${PROJECT_SOURCE_DIR}/ansible_module/CHANGELOG.md ${collection_sources}
    COMMENT "ansible-galaxy collection build" VERBATIM)
  add_custom_target(ansible_collection ALL DEPENDS ${collection})
endif()
