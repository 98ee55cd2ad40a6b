/*
 * test_two_runs: the main scenario. Two runs are written at once by four threads, given refs,
 * inputs, outputs and metadata, closed, and the first one is resumed and extended. Every call's
 * status is checked here; tests/python/test_compat.py then reads the runs with Polyaxon's own
 * code and checks the values below, so the two files must agree on them.
 *
 * Usage: test_two_runs <offline root> <uuid file>
 * The uuid file receives the two run uuids, one per line (run 1 first). The folder that holds
 * the offline root also receives external-input.txt, a file outside both runs.
 *
 * Values (both runs):
 *   loss            THREADS x ROWS rows: step i, value t * 1000 + i, for thread t
 *   thread_<t>/acc  ROWS rows: step i, value (t * 1000 + i) / 7.0
 *   batch/a, batch b   one row each at step 7 (0.5 and 2.0), logged by one plx_log_metrics
 *   no_step         one row without step, value 1.5
 *   special         SPECIAL values at steps 0, 1, ...
 * Run 1 after it is resumed: RESUMED_ROWS more loss rows, step ROWS + k, value 100000 + k.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <sys/stat.h>

#include "check.h"

#define THREADS 4
#define ROWS 500
#define RESUMED_ROWS 50
#define PATH_LEN 4096
#define PROJECT "acme/demo"

struct worker {
    plx_run runs[2];
    int thread;
};

static void *log_rows(void *arg)
{
    const struct worker *worker = arg;
    char acc[32];
    int i;
    int r;

    snprintf(acc, sizeof acc, "thread_%d/acc", worker->thread);
    for (i = 0; i < ROWS; i++) {
        double loss = worker->thread * 1000.0 + i;
        double accuracy = (worker->thread * 1000 + i) / 7.0;
        for (r = 0; r < 2; r++) {
            CHECK_OK(plx_log_metric(worker->runs[r], "loss", loss, i));
            CHECK_OK(plx_log_metric(worker->runs[r], acc, accuracy, i));
        }
    }
    return NULL;
}

static void write_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "wb");
    CHECK(file != NULL);
    CHECK(fputs(text, file) >= 0);
    CHECK(fclose(file) == 0);
}

static void outputs_path(plx_run run, const char *rel, char *out)
{
    CHECK_OK(plx_outputs_path(run, rel, out, PATH_LEN, NULL));
}

/* The folder that holds `root` (textually: everything before its last component). */
static void parent_of(const char *root, char *out)
{
    size_t len = strlen(root);
    while (len > 1 && root[len - 1] == '/') {
        len--;
    }
    while (len > 0 && root[len - 1] != '/') {
        len--;
    }
    if (len == 0) {
        strcpy(out, ".");
        return;
    }
    CHECK(len < PATH_LEN);
    memcpy(out, root, len);
    out[len] = '\0';
}

static void log_special_values(plx_run run)
{
    const double special[] = {
        0.1, 1e-05, 1e16, NAN, INFINITY, -INFINITY, -0.0, 5e-324, 0.1 + 0.2,
        1.7976931348623157e308, 123456789.125,
    };
    size_t i;
    for (i = 0; i < sizeof special / sizeof special[0]; i++) {
        CHECK_OK(plx_log_metric(run, "special", special[i], (int64_t)i));
    }
}

static void log_refs(plx_run run, const char *external)
{
    char path[PATH_LEN];

    /* A file inside the run. */
    outputs_path(run, "report.txt", path);
    write_text(path, "Artifact content.");
    CHECK_OK(plx_log_artifact_ref(run, path, "file", NULL, NULL, false));

    /* A file outside the run, as an input. */
    CHECK_OK(plx_log_file_ref(run, external, "external", NULL, true));

    /* A folder with a sub-folder. */
    outputs_path(run, "dataset/a.txt", path);
    write_text(path, "a\n");
    outputs_path(run, "dataset/sub/b.txt", path);
    write_text(path, "b\n");
    outputs_path(run, "dataset", path);
    CHECK_OK(plx_log_dir_ref(run, path, NULL, NULL, false));

    CHECK_OK(plx_log_data_ref(run, "remote-data", "s3://bucket/data.csv", NULL, NULL, true));

    outputs_path(run, "model/weights.bin", path);
    write_text(path, "weights");
    outputs_path(run, "model", path);
    CHECK_OK(plx_log_model_ref(run, path, "final-net", "pytorch", "{\"layers\": 3}", false));

    CHECK_OK(plx_log_code_ref(run, "3f2a1b0c9d8e", "main", "https://example.com/repo.git",
                              false));

    outputs_path(run, "tensorboard", path);
    CHECK(mkdir(path, 0755) == 0);
    CHECK_OK(plx_log_tensorboard_ref(run, path, NULL));
}

static void log_metadata(plx_run run, int index)
{
    const char *tags[] = {"c-abi", "two-runs", "c-abi"};
    const char *own_tag[1];
    char name[32];

    own_tag[0] = index == 1 ? "first" : "second";
    snprintf(name, sizeof name, "two-runs-%d", index);
    CHECK_OK(plx_log_inputs(run, "{\"learning_rate\": 0.01, \"batch_size\": 32, "
                                 "\"optimizer\": \"adam\", \"layers\": [64, 32], "
                                 "\"train/split\": 0.8}"));
    CHECK_OK(plx_log_input_number(run, "momentum", 0.9));
    CHECK_OK(plx_log_input_string(run, "dataset", "mnist"));
    CHECK_OK(plx_log_outputs(run, "{\"final_accuracy\": 0.93}"));
    CHECK_OK(plx_log_output_number(run, "best_loss", 0.1));
    CHECK_OK(plx_log_output_string(run, "note", "done"));
    CHECK_OK(plx_log_tags(run, tags, 3));
    CHECK_OK(plx_log_tags(run, own_tag, 1));
    CHECK_OK(plx_set_name(run, name));
    CHECK_OK(plx_set_description(run, "written by test_two_runs through the C ABI"));
    CHECK_OK(plx_log_meta(run, "{\"custom_flag\": true}"));
    CHECK_OK(plx_log_progress(run, 0.5));
    CHECK_OK(plx_log_progress(run, 1.0));
}

int main(int argc, char **argv)
{
    const char *batch_names[] = {"batch/a", "batch b"};
    const double batch_values[] = {0.5, 2.0};
    struct worker workers[THREADS];
    pthread_t threads[THREADS];
    plx_run runs[2];
    plx_run resumed;
    char uuids[2][33];
    char uuid[33];
    char external[PATH_LEN];
    const char *root;
    FILE *uuid_file;
    int t;
    int r;
    int k;

    if (argc != 3) {
        fprintf(stderr, "usage: %s <offline root> <uuid file>\n", argv[0]);
        return 2;
    }
    root = argv[1];

    for (r = 0; r < 2; r++) {
        CHECK_OK(plx_run_open(root, PROJECT, NULL, &runs[r]));
        CHECK_OK(plx_run_uuid(runs[r], uuids[r], sizeof uuids[r], NULL));
    }
    CHECK(strcmp(uuids[0], uuids[1]) != 0);
    /* Run 2 flushes often, so the background writer works while the threads log. */
    CHECK_OK(plx_run_set_flush_interval(runs[1], 5));

    for (t = 0; t < THREADS; t++) {
        workers[t].runs[0] = runs[0];
        workers[t].runs[1] = runs[1];
        workers[t].thread = t;
        CHECK(pthread_create(&threads[t], NULL, log_rows, &workers[t]) == 0);
    }
    for (t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
    }

    parent_of(root, external);
    CHECK(strlen(external) + strlen("/external-input.txt") < PATH_LEN);
    strcat(external, "/external-input.txt");
    write_text(external, "external data\n");

    for (r = 0; r < 2; r++) {
        CHECK_OK(plx_log_metrics(runs[r], batch_names, batch_values, 2, 7));
        CHECK_OK(plx_log_metric(runs[r], "no_step", 1.5, PLX_NO_STEP));
        log_special_values(runs[r]);
        log_refs(runs[r], external);
        log_metadata(runs[r], r + 1);
        CHECK_OK(plx_run_flush(runs[r]));
    }
    for (r = 0; r < 2; r++) {
        CHECK_OK(plx_run_close(runs[r]));
    }

    /* Resume run 1 by its uuid and go on where it stopped. */
    CHECK_OK(plx_run_open(root, PROJECT, uuids[0], &resumed));
    CHECK_OK(plx_run_uuid(resumed, uuid, sizeof uuid, NULL));
    CHECK_STREQ(uuid, uuids[0]);
    for (k = 0; k < RESUMED_ROWS; k++) {
        CHECK_OK(plx_log_metric(resumed, "loss", 100000.0 + k, ROWS + k));
    }
    CHECK_OK(plx_run_close(resumed));

    uuid_file = fopen(argv[2], "w");
    CHECK(uuid_file != NULL);
    CHECK(fprintf(uuid_file, "%s\n%s\n", uuids[0], uuids[1]) > 0);
    CHECK(fclose(uuid_file) == 0);
    printf("test_two_runs: wrote runs %s and %s under %s\n", uuids[0], uuids[1], root);
    return 0;
}
