/* SPDX-License-Identifier: MIT */
/* save.c - save_file (save.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "save.h"

int save_file(const char *path, const uint8_t *data, size_t n)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "bb_replay: %s: path too long\n", path);
		return 0;
	}
	FILE *f = fopen(tmp, "wb");
	int err = f ? 0 : errno;
	if (f && fwrite(data, 1, n, f) != n)
		err = errno ? errno : EIO;
	if (f && fclose(f) && !err)
		err = errno ? errno : EIO;
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		fprintf(stderr, "bb_replay: %s: %s\n", path, strerror(err));
		if (f)
			remove(tmp);
		return 0;
	}
	return 1;
}
