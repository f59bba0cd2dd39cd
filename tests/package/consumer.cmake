# Run by ctest (see CMakeLists.txt beside this file) with CASE, BUILD_DIR, SOURCE_DIR, WORK_DIR, GENERATOR, CXX
# and VERSION.
# Nothing here may tell the programs where the price data is, except the consumer's explicit argument.
unset(ENV{INFERCOST_DATA_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

function(expect pattern what)
  if(NOT last_output MATCHES "${pattern}")
    message(FATAL_ERROR "${what}:\n${last_output}")
  endif()
endfunction()

# Builds consumer/ in `dir` with the given mode and extra arguments, runs both programs.
function(consumer dir mode)
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/package/consumer" -B "${dir}" -G "${GENERATOR}"
      "-DCMAKE_CXX_COMPILER=${CXX}" "-DINFERCOST_CONSUMER_MODE=${mode}" ${ARGN})
  run(${CMAKE_COMMAND} --build "${dir}")
  run("${dir}/consumer" "${SOURCE_DIR}/pricing")
  # The library linked and the header agree on the version; 1,000,000 prompt tokens on gpt-4.1 at 2 USD per
  # million cost 2.00 USD.
  string(REPLACE "." "\\." v "${VERSION}")
  expect("infercost ${v} \\(header ${v}\\): 2\\.00 USD" "the ${mode} consumer printed no price")
  run("${dir}/consumer_native")
  expect(": 0 mismatches" "the -march=native batch consumer disagreed")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
if(CASE STREQUAL "installed")
  set(prefix "${WORK_DIR}/prefix")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}" --component dev)
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/cpp" -B "${WORK_DIR}/example" -G "${GENERATOR}"
      "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_PREFIX_PATH=${prefix}")
  run(${CMAKE_COMMAND} --build "${WORK_DIR}/example")
  run(${CMAKE_COMMAND} --install "${WORK_DIR}/example" --prefix "${prefix}")
  # Installed beside the library, the example finds <prefix>/share/infercost/pricing by itself.
  run("${prefix}/bin/qwen_switch" "${SOURCE_DIR}/examples/scenarios/qwen_switch.yaml")
  expect("saving/year" "the installed example ran but printed no comparison")
  consumer("${WORK_DIR}/consumer" package "-DCMAKE_PREFIX_PATH=${prefix}")
  # The build tree itself, used in place through its exported targets.
  consumer("${WORK_DIR}/build-tree" package "-Dinfercost_DIR=${BUILD_DIR}")
elseif(CASE STREQUAL "subproject")
  # One build folder for both modes: FetchContent puts the library where add_subdirectory did, so the
  # second build reuses the first one's objects and re-runs only what the configuration changes.
  consumer("${WORK_DIR}/consumer" subdirectory "-DINFERCOST_SOURCE_DIR=${SOURCE_DIR}")
  consumer("${WORK_DIR}/consumer" fetchcontent "-DINFERCOST_SOURCE_DIR=${SOURCE_DIR}")
else()
  message(FATAL_ERROR "CASE is '${CASE}'; use installed or subproject")
endif()
message(STATUS "package ${CASE}: consumers built and ran")
