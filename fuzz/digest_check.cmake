# The outcome digest of this build (an i386 build, run by RUNNER: qemu-i386
# or nothing) over the corpus must equal an x86_64 build's (NATIVE): same
# inputs, same outcomes on both word sizes (docs/I386.md).
set(corpora ${CORPUS}/lifetime ${CORPUS}/bootmem ${CORPUS}/buddy)
execute_process(COMMAND ${NATIVE} --quiet --digest ${corpora} OUTPUT_VARIABLE native ERROR_QUIET)
execute_process(COMMAND ${RUNNER} ${REPLAY} --quiet --digest ${corpora} OUTPUT_VARIABLE here ERROR_QUIET)
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" native "${native}")
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" here "${here}")
message("x86_64: ${native}\ni386:   ${here}")
if(NOT native OR NOT native STREQUAL here)
  message(FATAL_ERROR "the outcome digests differ")
endif()
