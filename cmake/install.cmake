# Installs plx under CMAKE_INSTALL_PREFIX: the shared library with its SONAME links, the static
# library, the headers, a CMake package (find_package(plx), targets plx::plx and
# plx::plx_static) and a pkg-config file (plx.pc). CMake's own package helpers write the
# config and version files; cargo-c would do the same from Cargo.toml, but it must be built
# from source (a large dependency tree) while CMake is needed anyway.

include(CMakePackageConfigHelpers)

set(PLX_REAL_NAME "${PLX_SHARED_NAME}.${PROJECT_VERSION}")
set(PLX_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/plx")

install(FILES "${PLX_LIBRARY}" DESTINATION "${CMAKE_INSTALL_LIBDIR}" RENAME "${PLX_REAL_NAME}"
    PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                WORLD_READ WORLD_EXECUTE)
install(CODE "
    set(libdir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}\")
    execute_process(COMMAND \"${CMAKE_COMMAND}\" -E create_symlink
        \"${PLX_REAL_NAME}\" \"\${libdir}/${PLX_SONAME}\")
    execute_process(COMMAND \"${CMAKE_COMMAND}\" -E create_symlink
        \"${PLX_SONAME}\" \"\${libdir}/${PLX_SHARED_NAME}\")
    message(STATUS \"Installing: \${libdir}/${PLX_SONAME} -> ${PLX_REAL_NAME}\")
")
install(FILES "${PLX_STATIC_LIBRARY}" DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(FILES "${CMAKE_SOURCE_DIR}/include/plx.h" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
if(EXISTS "${CMAKE_SOURCE_DIR}/bindings/cpp/plx.hpp")
    install(FILES "${CMAKE_SOURCE_DIR}/bindings/cpp/plx.hpp"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()

list(JOIN PLX_STATIC_DEPS ";" PLX_STATIC_DEPS_LIST)
configure_package_config_file(cmake/plxConfig.cmake.in
    "${CMAKE_CURRENT_BINARY_DIR}/plxConfig.cmake"
    INSTALL_DESTINATION "${PLX_INSTALL_CMAKEDIR}"
    PATH_VARS CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR)
# Before 1.0 a minor version may break the ABI, so only the same minor version is compatible.
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/plxConfigVersion.cmake"
    VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/plxConfig.cmake"
    "${CMAKE_CURRENT_BINARY_DIR}/plxConfigVersion.cmake"
    DESTINATION "${PLX_INSTALL_CMAKEDIR}")

# plx.pc names its prefix relative to its own folder, so the installed tree can be moved (and
# `cmake --install --prefix` works).
file(RELATIVE_PATH PLX_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" PLX_PC_TO_PREFIX "${PLX_PC_TO_PREFIX}")
list(TRANSFORM PLX_STATIC_DEPS PREPEND "-l" OUTPUT_VARIABLE PLX_STATIC_FLAGS)
list(JOIN PLX_STATIC_FLAGS " " PLX_STATIC_FLAGS)
configure_file(cmake/plx.pc.in "${CMAKE_CURRENT_BINARY_DIR}/plx.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/plx.pc"
    DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
