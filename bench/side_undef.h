/* SPDX-License-Identifier: MIT */
/* side_undef.h - the end of one pass of sides.h: its side's macros go, for the next pass to define. */
#undef API
#undef FN
#undef MACH
#undef HAS_ARENA
#undef SIDE_NAME
