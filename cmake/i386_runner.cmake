# i386_runner.cmake - how the tests of a -m32 build run on this machine,
# decided once at configure time and said out loud:
#   qemu    under qemu-i386 (user-mode emulation; the preset's default)
#   native  directly, on an x86_64 kernel that runs i386 programs
#   none    neither works: one test, a skip (exit 77) naming what to install
# BB_I386_RUNNER=auto picks qemu when qemu-i386 is installed, else native
# when a test program runs, else none; none can also be asked for. Sets CMAKE_CROSSCOMPILING_EMULATOR
# (add_test prepends it to every target command) and BB_RUNNER (the same, for
# scripts that start our binaries themselves).

# bb_i386_tests() - after every test is defined: the test that shows how
# the i386 tests run; with no way to run them, one skip that says what to
# install in place of every other test.
function(bb_i386_tests)
  if(NOT BB_I386_MODE)
    return()
  endif()
  if(BB_I386_MODE STREQUAL none)
    # ctest reads CTestCustom.cmake from the build folder: it leaves out
    # every test listed there (CMake 3.25 cannot set properties on the
    # tests of other directories).
    set(dirs ${PROJECT_SOURCE_DIR})
    set(all)
    while(dirs)
      list(POP_FRONT dirs d)
      get_property(sub DIRECTORY ${d} PROPERTY SUBDIRECTORIES)
      get_property(tests DIRECTORY ${d} PROPERTY TESTS)
      list(APPEND dirs ${sub})
      list(APPEND all ${tests})
    endwhile()
    file(WRITE ${CMAKE_BINARY_DIR}/CTestCustom.cmake
         "# Written by cmake/i386_runner.cmake: this machine runs no i386 programs.\n"
         "set(CTEST_CUSTOM_TESTS_IGNORE ${all})\n")
    add_test(NAME i386_cannot_run COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/no_i386_runner.sh)
    set_tests_properties(i386_cannot_run PROPERTIES SKIP_RETURN_CODE 77)
    return()
  endif()
  file(REMOVE ${CMAKE_BINARY_DIR}/CTestCustom.cmake)
  add_executable(i386_word_size ${PROJECT_SOURCE_DIR}/cmake/i386_word_size.c)
  add_test(NAME i386_runs_${BB_I386_MODE} COMMAND i386_word_size)
  set_tests_properties(i386_runs_${BB_I386_MODE} PROPERTIES PASS_REGULAR_EXPRESSION "pointers are 4 bytes")
endfunction()

set(BB_RUNNER "")
set(BB_I386_MODE "")
# A cache entry of older trees (the preset used to set it) must not win.
unset(CMAKE_CROSSCOMPILING_EMULATOR CACHE)
if(NOT CMAKE_SIZEOF_VOID_P EQUAL 4)
  return()
endif()
set(BB_I386_RUNNER auto CACHE STRING "How i386 tests run: auto, qemu, native or none (build only)")
set_property(CACHE BB_I386_RUNNER PROPERTY STRINGS auto qemu native none)
if(NOT BB_I386_RUNNER MATCHES "^(auto|qemu|native|none)$")
  message(FATAL_ERROR "BB_I386_RUNNER must be auto, qemu, native or none, not '${BB_I386_RUNNER}'")
endif()
find_program(BB_QEMU_I386 qemu-i386)

set(_mode ${BB_I386_RUNNER})
if(_mode STREQUAL auto)
  if(BB_QEMU_I386)
    set(_mode qemu)
  else()
    set(_mode native)
  endif()
endif()
if(_mode STREQUAL qemu AND NOT BB_QEMU_I386)
  message(FATAL_ERROR "BB_I386_RUNNER=qemu but qemu-i386 is not installed (apt-get install qemu-user)")
endif()
if(_mode STREQUAL native)
  file(WRITE ${CMAKE_BINARY_DIR}/i386_probe.c "int main(void) { return sizeof(void *) == 4 ? 0 : 1; }\n")
  try_run(_run _built ${CMAKE_BINARY_DIR}/i386_probe ${CMAKE_BINARY_DIR}/i386_probe.c)
  if(NOT _built OR NOT _run EQUAL 0)
    if(BB_I386_RUNNER STREQUAL native)
      message(FATAL_ERROR "BB_I386_RUNNER=native but this machine cannot run i386 programs")
    endif()
    set(_mode none)
  endif()
endif()

if(_mode STREQUAL qemu)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${BB_QEMU_I386})
  message(STATUS "i386 tests run under qemu-i386 (${BB_QEMU_I386})")
elseif(_mode STREQUAL native)
  set(CMAKE_CROSSCOMPILING_EMULATOR "")
  message(STATUS "i386 tests run natively (no qemu-i386; this kernel runs i386 programs)")
else()
  set(CMAKE_CROSSCOMPILING_EMULATOR "")
  message(WARNING "i386 tests cannot run here: neither qemu-i386 nor native i386 execution; "
                  "every test will skip. Install qemu-user (apt-get install qemu-user).")
endif()
set(BB_I386_MODE ${_mode})
set(BB_RUNNER ${CMAKE_CROSSCOMPILING_EMULATOR})
