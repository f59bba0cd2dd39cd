# Install rules, included when INFERCOST_INSTALL is ON. The C++ package is the `dev` component; the Python
# wheel installs only the `python` component (see bindings/CMakeLists.txt).
#   <prefix>/include/infercost/      headers
#   <prefix>/lib/                    libinfercost.a or libinfercost.so.<version>
#   <prefix>/lib/cmake/infercost/    find_package(infercost CONFIG)
#   <prefix>/share/infercost/pricing the price data, found by the library at run time relative to itself
install(TARGETS infercost EXPORT infercostTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev NAMELINK_COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT dev)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/lib/include/infercost" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/pricing/" DESTINATION ${INFERCOST_INSTALL_DATADIR} COMPONENT dev)
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT dev)
install(EXPORT infercostTargets NAMESPACE infercost:: DESTINATION ${INFERCOST_INSTALL_CMAKEDIR} COMPONENT dev)

# Generated in lib/CMakeLists.txt beside the build tree's own configuration.
install(FILES "${PROJECT_BINARY_DIR}/install/infercostConfig.cmake"
              "${PROJECT_BINARY_DIR}/infercostConfigVersion.cmake"
  DESTINATION ${INFERCOST_INSTALL_CMAKEDIR} COMPONENT dev)
