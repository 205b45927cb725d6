# bb_replay --mutate: a fuzz target's stream of program mutations, without
# an engine, runs clean on the corpus and is the same stream on every run;
# started from the boot cache it gives every outcome booting gives (the
# cache on mutated programs, explicit machines' boots included).
set(corpora ${CORPUS}/lifetime ${CORPUS}/bootmem ${CORPUS}/buddy)
execute_process(COMMAND ${REPLAY} --quiet --mutate 2 ${corpora} OUTPUT_VARIABLE booting RESULT_VARIABLE rc1 ERROR_VARIABLE err1)
execute_process(COMMAND ${REPLAY} --quiet --mutate 2 --boot-cache ${corpora}
                OUTPUT_VARIABLE cached RESULT_VARIABLE rc2 ERROR_VARIABLE err2)
string(REGEX MATCH "mutation stream: ([0-9]+) runs[^\n]*digest [0-9a-f]+" s1 "${booting}")
set(runs "${CMAKE_MATCH_1}")
string(REGEX MATCH "mutation stream: [0-9]+ runs[^\n]*digest [0-9a-f]+" s2 "${cached}")
string(REGEX REPLACE ";.*digest" " digest" s1 "${s1}")
string(REGEX REPLACE ";.*digest" " digest" s2 "${s2}")
message("booting:     ${s1}\nboot cache:  ${s2}")
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "bb_replay failed (exit ${rc1} / ${rc2}):\n${booting}\n${err1}\n${err2}")
endif()
if(NOT s1 OR NOT s1 STREQUAL s2)
  message(FATAL_ERROR "the streams' outcome digests differ")
endif()
if(NOT runs OR runs LESS 2000)
  message(FATAL_ERROR "too few mutations ran (${runs})")
endif()
