/* i386_word_size.c - run by the i386 preset's first test: proves the
 * runner cmake/i386_runner.cmake chose really runs a 32-bit program. */
#include <stdio.h>

int main(void)
{
	printf("pointers are %zu bytes\n", sizeof(void *));
	return 0;
}
