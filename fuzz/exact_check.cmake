# Fast mode and exact mode must agree on the corpus: the same outcome digest
# (every operation and its result) and no finding in either. A harness bug
# in one mode (a footprint that reads past what it may, a false difference
# after every operation) shows here. docs/FUZZING.md, "Fast mode and exact mode".
separate_arguments(TARGETS)
foreach(target ${TARGETS})
  execute_process(COMMAND ${REPLAY} --quiet --digest --target ${target} ${CORPUS}/${target}
                  OUTPUT_VARIABLE fast RESULT_VARIABLE rf ERROR_QUIET)
  execute_process(COMMAND ${REPLAY} --quiet --digest --exact --target ${target} ${CORPUS}/${target}
                  OUTPUT_VARIABLE exact RESULT_VARIABLE re ERROR_QUIET)
  string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" df "${fast}")
  string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" de "${exact}")
  if(NOT rf EQUAL 0 OR NOT re EQUAL 0)
    message(FATAL_ERROR "${target}: fast mode exit ${rf}, exact mode exit ${re} (both must replay clean)")
  endif()
  if(df STREQUAL "" OR NOT df STREQUAL de)
    message(FATAL_ERROR "${target}: fast '${df}' and exact '${de}' disagree")
  endif()
  message(STATUS "${target}: fast and exact agree (${df})")
endforeach()
