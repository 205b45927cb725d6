# The boot cache (fuzz/bootcache.h) changes nothing but the time: the corpus
# replayed with it gives the outcome digest it gives without, each input's
# second run, from the cache, the outcome (and, where the build has
# coverage counters, the counters) of a booting run (bb_replay --latency
# --boot-cache checks both), and runs do start from it; and a mutation
# stream (bb_replay --mutate, mutated programs as a fuzz target runs them,
# explicit machines' boots included) runs clean and gives the same outcomes
# with the cache as without.
set(corpora ${CORPUS}/lifetime ${CORPUS}/bootmem ${CORPUS}/buddy)
execute_process(COMMAND ${REPLAY} --quiet --digest ${corpora} OUTPUT_VARIABLE booting RESULT_VARIABLE rc1 ERROR_VARIABLE err1)
execute_process(COMMAND ${REPLAY} --quiet --digest --latency --boot-cache ${corpora}
                OUTPUT_VARIABLE cached RESULT_VARIABLE rc2 ERROR_VARIABLE err2)
execute_process(COMMAND ${REPLAY} --quiet --mutate 2 ${corpora} OUTPUT_VARIABLE sbooting RESULT_VARIABLE rc3 ERROR_VARIABLE err3)
execute_process(COMMAND ${REPLAY} --quiet --mutate 2 --boot-cache ${corpora}
                OUTPUT_VARIABLE scached RESULT_VARIABLE rc4 ERROR_VARIABLE err4)
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" d1 "${booting}")
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" d2 "${cached}")
string(REGEX MATCH "boot cache: ([0-9]+) runs" hits "${cached}")
set(hits "${CMAKE_MATCH_1}")
string(REGEX MATCH "mutation stream: ([0-9]+) runs[^\n]*digest [0-9a-f]+" s1 "${sbooting}")
set(runs "${CMAKE_MATCH_1}")
string(REGEX MATCH "mutation stream: [0-9]+ runs[^\n]*digest [0-9a-f]+" s2 "${scached}")
string(REGEX REPLACE ";.*digest" " digest" s1 "${s1}")
string(REGEX REPLACE ";.*digest" " digest" s2 "${s2}")
message("booting:     ${d1}\nboot cache:  ${d2}, ${hits} runs from the cache")
message("stream, booting:     ${s1}\nstream, boot cache:  ${s2}")
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT rc3 EQUAL 0 OR NOT rc4 EQUAL 0)
  message(FATAL_ERROR "bb_replay failed (exit ${rc1} / ${rc2} / ${rc3} / ${rc4}):\n${err1}\n${err2}\n${sbooting}\n${err3}\n${err4}")
endif()
if(NOT d1 OR NOT d1 STREQUAL d2)
  message(FATAL_ERROR "the outcome digests differ")
endif()
if(NOT s1 OR NOT s1 STREQUAL s2)
  message(FATAL_ERROR "the mutation streams' outcome digests differ")
endif()
if(NOT runs OR runs LESS 2000)
  message(FATAL_ERROR "too few mutations ran (${runs})")
endif()
if(NOT hits OR hits LESS 100)
  message(FATAL_ERROR "too few runs started from the boot cache (${hits})")
endif()
