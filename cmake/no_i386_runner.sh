#!/bin/sh
# The one test of an i386 build on a machine that runs no i386 programs
# (cmake/i386_runner.cmake disabled the others): a skip that says what to do.
echo "skipped: this machine runs no i386 programs (no qemu-i386, and the kernel cannot run them natively); install qemu-user (apt-get install qemu-user) and configure again" >&2
exit 77
