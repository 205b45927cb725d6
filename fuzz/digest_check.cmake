# The outcome digest of this build (an i386 build under qemu-i386) over the
# corpus must equal the x86_64 default build's: same inputs, same outcomes
# on both word sizes (docs/I386.md). The ctest skips (77) before this runs
# when there is no default build (fuzz/CMakeLists.txt).
set(corpora ${CORPUS}/lifetime ${CORPUS}/bootmem ${CORPUS}/buddy)
execute_process(COMMAND ${NATIVE} --quiet --digest ${corpora} OUTPUT_VARIABLE native ERROR_QUIET)
execute_process(COMMAND ${EMULATOR} ${REPLAY} --quiet --digest ${corpora} OUTPUT_VARIABLE here ERROR_QUIET)
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" native "${native}")
string(REGEX MATCH "digest [0-9a-f]+ over [0-9]+ inputs" here "${here}")
message("x86_64: ${native}\ni386:   ${here}")
if(NOT native OR NOT native STREQUAL here)
  message(FATAL_ERROR "the outcome digests differ")
endif()
