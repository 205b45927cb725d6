# The boot cache (fuzz/bootcache.h) changes nothing but the time: the corpus
# replayed with it gives the outcome digest it gives without, each input's
# second run, from the cache, the outcome (and, where the build has
# coverage counters, the counters) of a booting run (bb_replay --latency
# --boot-cache checks both), and runs do start from it.
set(corpora ${CORPUS}/lifetime ${CORPUS}/bootmem ${CORPUS}/buddy)
execute_process(COMMAND ${REPLAY} --quiet --digest ${corpora} OUTPUT_VARIABLE booting RESULT_VARIABLE rc1 ERROR_VARIABLE err1)
execute_process(COMMAND ${REPLAY} --quiet --digest --latency --boot-cache ${corpora}
                OUTPUT_VARIABLE cached RESULT_VARIABLE rc2 ERROR_VARIABLE err2)
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" d1 "${booting}")
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" d2 "${cached}")
string(REGEX MATCH "boot cache: ([0-9]+) runs" hits "${cached}")
set(hits "${CMAKE_MATCH_1}")
message("booting:     ${d1}\nboot cache:  ${d2}, ${hits} runs from the cache")
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "bb_replay failed (exit ${rc1} / ${rc2}):\n${err1}\n${err2}")
endif()
if(NOT d1 OR NOT d1 STREQUAL d2)
  message(FATAL_ERROR "the outcome digests differ")
endif()
if(NOT hits OR hits LESS 100)
  message(FATAL_ERROR "too few runs started from the boot cache (${hits})")
endif()
