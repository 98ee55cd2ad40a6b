/* A program outside plx's tree that finds the installed plx and logs a run. */
#include <stdio.h>

#include "plx.h"

int main(int argc, char **argv) {
    plx_run run;
    char uuid[33];
    if (argc != 2 || plx_version_number() != PLX_VERSION_NUMBER) {
        fprintf(stderr, "usage: consumer <offline-root> (header and library must match)\n");
        return 2;
    }
    if (plx_run_open(argv[1], "consumer/test", NULL, &run) != PLX_OK ||
        plx_log_metric(run, "loss", 0.5, 1) != PLX_OK ||
        plx_run_uuid(run, uuid, sizeof uuid, NULL) != PLX_OK || plx_run_close(run) != PLX_OK) {
        char message[512] = "";
        plx_last_error_message(message, sizeof message, NULL);
        fprintf(stderr, "consumer: %s\n", message);
        return 1;
    }
    printf("%s/runs/%s\n", argv[1], uuid);
    return 0;
}
