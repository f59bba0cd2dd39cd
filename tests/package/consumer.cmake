# Run by ctest (see CMakeLists.txt beside this file).
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}" --component dev)
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/cpp" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
# The installed copy must find its own data: point it at the installed pricing/ explicitly, since the
# compiled-in install path is the build's CMAKE_INSTALL_PREFIX, not this scratch prefix.
set(ENV{INFERCOST_DATA_DIR} "${prefix}/share/infercost/pricing")
run("${WORK_DIR}/build/qwen_switch" "${SOURCE_DIR}/examples/scenarios/qwen_switch.yaml")
if(NOT last_output MATCHES "saving/year")
  message(FATAL_ERROR "the consumer ran but printed no comparison:\n${last_output}")
endif()
message(STATUS "consumer build against the installed package works")
