/*
 * test_ranks: one rank of a job that logs into a shared run. The rank comes from the
 * environment (as MPI or SLURM set it) or, with the MPI build of tests/mpi, from MPI itself.
 * Each rank logs `rows` rows of metric `loss` (value rank * 100000 + step), a text row and a
 * small image per 100 steps, a file it saved as a ref, inputs, outputs and a tag, flushing and
 * printing "flushed <step>" every 100 rows, then closes.
 *
 * Usage: test_ranks <offline-root> <uuid> <rows>
 */
#include <stdio.h>
#include <stdlib.h>

#include "plx.h"

#ifdef PLX_TEST_WITH_MPI
#include <mpi.h>
#endif

static void check(plx_status status, const char *what) {
    char message[512] = "";
    if (status == PLX_OK) {
        return;
    }
    plx_last_error_message(message, sizeof message, NULL);
    fprintf(stderr, "FAILED %s: %s (%s)\n", what, plx_status_str(status), message);
    exit(3);
}

int main(int argc, char **argv) {
    plx_run run;
    long long step, rows;
    int rank = -1;
    char text[128], path[4096], json[128];
    unsigned char pixels[4 * 4 * 3];
    FILE *saved;

    if (argc != 4) {
        fprintf(stderr, "usage: test_ranks <offline-root> <uuid> <rows>\n");
        return 2;
    }
#ifdef PLX_TEST_WITH_MPI
    {
        int size;
        MPI_Init(&argc, &argv);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        check(plx_set_rank((uint32_t)rank, (uint32_t)size), "set rank");
    }
#else
    rank = atoi(getenv("OMPI_COMM_WORLD_RANK") ? getenv("OMPI_COMM_WORLD_RANK")
                                                : (getenv("SLURM_PROCID") ? getenv("SLURM_PROCID")
                                                                          : "0"));
#endif
    rows = atoll(argv[3]);
    check(plx_run_open(argv[1], "acme/ranks", argv[2], &run), "open");
    for (step = 0; step < rows; step++) {
        check(plx_log_metric(run, "loss", rank * 100000.0 + (double)step, step), "metric");
        if (step % 100 == 0) {
            snprintf(text, sizeof text, "rank %d step %lld", rank, step);
            check(plx_log_text(run, "notes", text, step), "text");
            for (int i = 0; i < 4 * 4 * 3; i++) {
                pixels[i] = (unsigned char)(rank * 40 + i);
            }
            check(plx_log_image(run, "frame", pixels, 4, 4, 3, step), "image");
        }
        if ((step + 1) % 100 == 0) {
            check(plx_run_flush(run), "flush");
            printf("flushed %lld\n", step);
            fflush(stdout);
        }
    }
    check(plx_outputs_path(run, "result.txt", path, sizeof path, NULL), "outputs path");
    saved = fopen(path, "w");
    if (!saved || fprintf(saved, "rank %d\n", rank) < 0 || fclose(saved) != 0) {
        return 4;
    }
    check(plx_log_file_ref(run, path, "result", NULL, false), "ref");
    snprintf(json, sizeof json, "{\"seed\": %d}", rank);
    check(plx_log_inputs(run, json), "inputs");
    check(plx_log_output_number(run, "done", 1.0), "outputs");
    snprintf(text, sizeof text, "rank-%d", rank);
    {
        const char *tags[1];
        tags[0] = text;
        check(plx_log_tags(run, tags, 1), "tags");
    }
    check(plx_run_close(run), "close");
#ifdef PLX_TEST_WITH_MPI
    MPI_Finalize();
#endif
    return 0;
}
