/*
 * test_header_twice: plx.h is self-contained (it comes first, before any other header) and its
 * include guard makes a second inclusion harmless. Compiling is most of the test.
 */
#include "plx.h"
#include "plx.h"

#include <stdio.h>

#ifndef PLX_H
#error "plx.h does not define its include guard PLX_H"
#endif

int main(void)
{
    /* Types and macros of the header are usable with no other include. */
    plx_run run = 0;
    plx_status status = PLX_OK;
    int64_t no_step = PLX_NO_STEP;

    if (plx_version_number() != PLX_VERSION_NUMBER || run != 0 || status != PLX_OK ||
        no_step != INT64_MIN) {
        fprintf(stderr, "test_header_twice: unexpected values\n");
        return 1;
    }
    puts("test_header_twice: plx.h can be included twice");
    return 0;
}
