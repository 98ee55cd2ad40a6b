/*
 * test_errors: every bad input gets its own status and a message that names what was wrong, the
 * process carries on, and a refused call leaves nothing behind.
 *
 * Usage: test_errors <offline root>   (the root need not exist yet)
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define PATH_LEN 4096

static int path_exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}

static void join(char *out, const char *dir, const char *name)
{
    int n = snprintf(out, PATH_LEN, "%s/%s", dir, name);
    CHECK(n > 0 && n < PATH_LEN);
}

/* The whole file as a NUL-terminated string (to be freed), or NULL when it cannot be read. */
static char *read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (file == NULL) {
        return NULL;
    }
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 &&
        fseek(file, 0, SEEK_SET) == 0) {
        text = malloc((size_t)size + 1);
        if (text != NULL && fread(text, 1, (size_t)size, file) == (size_t)size) {
            text[size] = '\0';
        } else {
            free(text);
            text = NULL;
        }
    }
    fclose(file);
    return text;
}

static void write_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "wb");
    CHECK(file != NULL);
    CHECK(fputs(text, file) >= 0);
    CHECK(fclose(file) == 0);
}

static plx_run open_new(const char *root)
{
    plx_run run = 0;
    CHECK_OK(plx_run_open(root, "acme/errors", NULL, &run));
    CHECK(run != 0);
    return run;
}

static void run_folder(plx_run run, char *out)
{
    CHECK_OK(plx_artifacts_path(run, NULL, out, PATH_LEN, NULL));
}

static void check_version_and_status_texts(void)
{
    char version[32];
    plx_status code;
    plx_status other;
    const plx_status unknown[] = {PLX_ERR_BUSY + 1, 99, -1, INT32_MAX, INT32_MIN};
    size_t i;

    CHECK(plx_version_number() == PLX_VERSION_NUMBER);
    CHECK(PLX_VERSION_NUMBER ==
          PLX_VERSION_MAJOR * 10000 + PLX_VERSION_MINOR * 100 + PLX_VERSION_PATCH);
    snprintf(version, sizeof version, "%d.%d.%d", PLX_VERSION_MAJOR, PLX_VERSION_MINOR,
             PLX_VERSION_PATCH);
    CHECK_STREQ(PLX_VERSION_STRING, version);

    /* Every code has its own text; unknown codes share one. */
    for (code = PLX_OK; code <= PLX_ERR_BUSY; code++) {
        const char *text = plx_status_str(code);
        CHECK(text != NULL && text[0] != '\0');
        CHECK(strcmp(text, "unknown status code") != 0);
        for (other = PLX_OK; other < code; other++) {
            CHECK(strcmp(text, plx_status_str(other)) != 0);
        }
    }
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        CHECK(plx_status_str(unknown[i]) != NULL);
        CHECK_STREQ(plx_status_str(unknown[i]), "unknown status code");
    }
}

static void check_open_errors(const char *root)
{
    const plx_run untouched = 777;
    plx_run run = untouched;
    char path[PATH_LEN];
    char runs[PATH_LEN];

    CHECK_ERR(plx_run_open(root, NULL, NULL, NULL), PLX_ERR_NULL_ARGUMENT, "out_run");

    CHECK_ERR(plx_run_open(root, NULL, "not-a-uuid", &run), PLX_ERR_INVALID_UUID, "not-a-uuid");
    CHECK_ERR(plx_run_open(root, NULL, "8aac02e3a62a4f0aaa257c59da5eab8", &run),
              PLX_ERR_INVALID_UUID, "uuid");
    CHECK_ERR(plx_run_open(root, NULL, "8aac02e3a62a4f0aaa257c59da5eab800", &run),
              PLX_ERR_INVALID_UUID, "uuid");
    CHECK_ERR(plx_run_open(root, NULL, "zzac02e3a62a4f0aaa257c59da5eab80", &run),
              PLX_ERR_INVALID_UUID, "uuid");
    CHECK_ERR(plx_run_open(root, NULL, "", &run), PLX_ERR_INVALID_UUID, "uuid");
    CHECK_ERR(plx_run_open(root, NULL, "\xff\xfe", &run), PLX_ERR_INVALID_UTF8, "uuid");
    CHECK_ERR(plx_run_open(root, "acme/\xff\xfe", NULL, &run), PLX_ERR_INVALID_UTF8, "project");
    CHECK_ERR(plx_run_open(root, "a/b/c", NULL, &run), PLX_ERR_INVALID_ARGUMENT, "a/b/c");
    CHECK_ERR(plx_run_open(root, "has space", NULL, &run), PLX_ERR_INVALID_ARGUMENT, "project");
    CHECK_ERR(plx_run_open("", NULL, NULL, &run), PLX_ERR_INVALID_ARGUMENT, "root");

    /* Outputs are written only on success, and a refused open creates no folder. */
    CHECK(run == untouched);
    join(runs, root, "runs");
    join(path, runs, "not-a-uuid");
    CHECK(!path_exists(path));
}

static void check_handle_errors(const char *root)
{
    plx_run run = open_new(root);
    plx_run next;
    char buf[64];

    CHECK_ERR(plx_log_metric(0, "loss", 1.0, 0), PLX_ERR_INVALID_HANDLE, "handle 0");
    CHECK_ERR(plx_run_close(0), PLX_ERR_INVALID_HANDLE, "handle 0");
    CHECK_ERR(plx_log_metric(UINT64_MAX, "loss", 1.0, 0), PLX_ERR_INVALID_HANDLE,
              "18446744073709551615");
    CHECK_ERR(plx_run_close(run + 1000000), PLX_ERR_INVALID_HANDLE, "never issued");

    CHECK_OK(plx_run_close(run));
    CHECK_ERR(plx_run_close(run), PLX_ERR_RUN_CLOSED, "closed");
    CHECK_ERR(plx_log_metric(run, "loss", 1.0, 0), PLX_ERR_RUN_CLOSED, "closed");
    CHECK_ERR(plx_run_flush(run), PLX_ERR_RUN_CLOSED, "closed");
    CHECK_ERR(plx_run_uuid(run, buf, sizeof buf, NULL), PLX_ERR_RUN_CLOSED, "closed");
    CHECK_ERR(plx_log_inputs(run, "{\"a\": 1}"), PLX_ERR_RUN_CLOSED, "closed");
    CHECK_ERR(plx_outputs_path(run, "x", buf, sizeof buf, NULL), PLX_ERR_RUN_CLOSED, "closed");

    /* Handles are never reused. */
    next = open_new(root);
    CHECK(next != run);
    CHECK_OK(plx_run_close(next));
}

/* The string-out protocol: size query, NULL buffer, too small, exact fit. */
static void check_string_out(const char *root)
{
    plx_run run = open_new(root);
    char uuid[33];
    char path[PATH_LEN];
    size_t len = 12345;
    size_t path_len = 0;
    size_t i;

    CHECK_OK(plx_run_uuid(run, NULL, 0, &len));
    CHECK(len == 32);
    CHECK_OK(plx_run_uuid(run, NULL, 0, NULL));
    CHECK_ERR(plx_run_uuid(run, NULL, 10, &len), PLX_ERR_NULL_ARGUMENT, "buf");

    /* One byte short (no room for the NUL): refused, length reported, buffer untouched. */
    memset(uuid, 'Z', sizeof uuid);
    len = 0;
    CHECK_ERR(plx_run_uuid(run, uuid, 32, &len), PLX_ERR_BUFFER_TOO_SMALL, "buf_len");
    CHECK(len == 32);
    for (i = 0; i < sizeof uuid; i++) {
        CHECK(uuid[i] == 'Z');
    }
    CHECK_OK(plx_run_uuid(run, uuid, sizeof uuid, &len));
    CHECK(len == 32 && strlen(uuid) == 32);
    for (i = 0; i < 32; i++) {
        CHECK((uuid[i] >= '0' && uuid[i] <= '9') || (uuid[i] >= 'a' && uuid[i] <= 'f'));
    }

    CHECK_OK(plx_outputs_path(run, "model.bin", NULL, 0, &path_len));
    CHECK(path_len > strlen("/outputs/model.bin"));
    CHECK(path_len < PATH_LEN);
    memset(path, 'Z', sizeof path);
    CHECK_ERR(plx_outputs_path(run, "model.bin", path, path_len, &len), PLX_ERR_BUFFER_TOO_SMALL,
              "buf_len");
    CHECK(len == path_len);
    for (i = 0; i < sizeof path; i++) {
        CHECK(path[i] == 'Z');
    }
    CHECK_OK(plx_outputs_path(run, "model.bin", path, path_len + 1, &len));
    CHECK(strlen(path) == path_len);
    CHECK(strstr(path, uuid) != NULL);
    CHECK(strcmp(path + path_len - strlen("/outputs/model.bin"), "/outputs/model.bin") == 0);

    CHECK_OK(plx_run_close(run));
}

static void *read_message_on_other_thread(void *out_len)
{
    char buf[256];
    if (plx_last_error_message(buf, sizeof buf, (size_t *)out_len) != PLX_OK) {
        *(size_t *)out_len = 99999;
    }
    return NULL;
}

/* Reading the last error leaves it in place; a success clears it; it belongs to its thread. */
static void check_last_error_is_kept(const char *root)
{
    plx_run run = open_new(root);
    char first[512];
    char second[512];
    char small[4];
    size_t len = 0;
    size_t other_len = 12345;
    pthread_t thread;

    CHECK_ERR(plx_log_metric(run, "@@", 1.0, 0), PLX_ERR_INVALID_NAME, "@@");
    CHECK_OK(plx_last_error_message(NULL, 0, &len));
    CHECK(len > 0 && len < sizeof first);
    CHECK_OK(plx_last_error_message(first, sizeof first, NULL));
    CHECK(strlen(first) == len);

    memset(small, 'Z', sizeof small);
    CHECK(plx_last_error_message(small, sizeof small, &len) == PLX_ERR_BUFFER_TOO_SMALL);
    CHECK(len == strlen(first));
    CHECK(small[0] == 'Z' && small[3] == 'Z');
    CHECK(plx_last_error_message(NULL, 5, &len) == PLX_ERR_NULL_ARGUMENT);

    CHECK_OK(plx_last_error_message(second, sizeof second, &len));
    CHECK_STREQ(second, first);

    CHECK(pthread_create(&thread, NULL, read_message_on_other_thread, &other_len) == 0);
    CHECK(pthread_join(thread, NULL) == 0);
    CHECK(other_len == 0);
    CHECK_OK(plx_last_error_message(second, sizeof second, &len));
    CHECK_STREQ(second, first);

    CHECK_OK(plx_log_metric(run, "fine", 1.0, 0));
    CHECK_OK(plx_last_error_message(second, sizeof second, &len));
    CHECK(len == 0 && second[0] == '\0');

    CHECK_OK(plx_run_close(run));
}

static void check_path_escapes(const char *root)
{
    const char *escapes[] = {"../x", "a/../../x", "/etc/passwd", "outputs/../../x"};
    plx_run run = open_new(root);
    char folder[PATH_LEN];
    char buf[PATH_LEN];
    char path[PATH_LEN];
    size_t len;
    size_t i;

    run_folder(run, folder);
    for (i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        len = 12345;
        CHECK_ERR(plx_artifacts_path(run, escapes[i], buf, sizeof buf, &len), PLX_ERR_PATH_ESCAPE,
                  escapes[i]);
        CHECK(len == 12345);
        CHECK_ERR(plx_outputs_path(run, escapes[i], buf, sizeof buf, &len), PLX_ERR_PATH_ESCAPE,
                  escapes[i]);
        CHECK(len == 12345);
    }
    CHECK_ERR(plx_outputs_path(run, "\xff\xfe", buf, sizeof buf, &len), PLX_ERR_INVALID_UTF8,
              "rel_path");

    /* Nothing was created next to the run folder. */
    join(path, folder, "../x");
    CHECK(!path_exists(path));
    join(path, folder, "a");
    CHECK(!path_exists(path));

    /* NULL, "" and "." all name the run folder itself. */
    CHECK_OK(plx_artifacts_path(run, "", buf, sizeof buf, NULL));
    CHECK_STREQ(buf, folder);
    CHECK_OK(plx_artifacts_path(run, ".", buf, sizeof buf, NULL));
    CHECK_STREQ(buf, folder);
    CHECK_OK(plx_run_close(run));
}

/* Refused calls of every kind, then proof after close that none of them left a trace. */
static void check_refused_calls_write_nothing(const char *root)
{
    plx_run run = open_new(root);
    char folder[PATH_LEN];
    char path[PATH_LEN];
    char report[PATH_LEN];
    char long_name[202];
    const char *bad_batch[] = {"refused_batch_a", "@@"};
    const char *null_batch[] = {"refused_batch_b", NULL};
    const char *good_batch[] = {"kept_batch"};
    const char *bad_tags[] = {"refused_tag", ""};
    const char *good_tags[] = {"kept_tag"};
    const double values[] = {1.0, 2.0};
    char *meta;
    char *lineage;

    run_folder(run, folder);
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';

    /* Metric names. */
    CHECK_ERR(plx_log_metric(run, NULL, 1.0, 0), PLX_ERR_NULL_ARGUMENT, "name");
    CHECK_ERR(plx_log_metric(run, "\xff\xfe", 1.0, 0), PLX_ERR_INVALID_UTF8, "name");
    CHECK_ERR(plx_log_metric(run, "@@", 1.0, 0), PLX_ERR_INVALID_NAME, "@@");
    CHECK_ERR(plx_log_metric(run, "", 1.0, 0), PLX_ERR_INVALID_NAME, "empty");
    CHECK_ERR(plx_log_metric(run, long_name, 1.0, 0), PLX_ERR_INVALID_NAME, "200");
    CHECK_ERR(plx_log_metrics(run, bad_batch, values, 2, 0), PLX_ERR_INVALID_NAME, "@@");
    CHECK_ERR(plx_log_metrics(run, null_batch, values, 2, 0), PLX_ERR_NULL_ARGUMENT, "names[1]");
    CHECK_ERR(plx_log_metrics(run, NULL, values, 2, 0), PLX_ERR_NULL_ARGUMENT, "names");
    CHECK_ERR(plx_log_metrics(run, good_batch, NULL, 1, 0), PLX_ERR_NULL_ARGUMENT, "values");
    CHECK_OK(plx_log_metrics(run, NULL, NULL, 0, 0));
    CHECK_OK(plx_log_metric(run, "kept_metric", 1.0, 0));
    CHECK_OK(plx_log_metrics(run, good_batch, values, 1, 0));

    /* JSON arguments. */
    CHECK_ERR(plx_log_inputs(run, NULL), PLX_ERR_NULL_ARGUMENT, "json_object");
    CHECK_ERR(plx_log_inputs(run, "{"), PLX_ERR_INVALID_JSON, "json_object");
    CHECK_ERR(plx_log_inputs(run, "[1, 2]"), PLX_ERR_INVALID_JSON, "object");
    CHECK_ERR(plx_log_inputs(run, "42"), PLX_ERR_INVALID_JSON, "object");
    CHECK_ERR(plx_log_inputs(run, "null"), PLX_ERR_INVALID_JSON, "object");
    CHECK_ERR(plx_log_inputs(run, "\"text\""), PLX_ERR_INVALID_JSON, "object");
    CHECK_ERR(plx_log_inputs(run, "{\"refused_input\": 1, \"@@\": 2}"), PLX_ERR_INVALID_NAME,
              "@@");
    CHECK_ERR(plx_log_outputs(run, "{\"refused_output\": 1,"), PLX_ERR_INVALID_JSON,
              "json_object");
    CHECK_ERR(plx_log_meta(run, "[]"), PLX_ERR_INVALID_JSON, "object");
    CHECK_OK(plx_log_inputs(run, "{\"kept_input\": 1}"));

    /* Other arguments out of range. */
    CHECK_ERR(plx_log_input_number(run, "refused_nan", NAN), PLX_ERR_INVALID_ARGUMENT, "value");
    CHECK_ERR(plx_log_output_number(run, "refused_inf", INFINITY), PLX_ERR_INVALID_ARGUMENT,
              "value");
    CHECK_ERR(plx_log_input_number(run, "@@", 1.0), PLX_ERR_INVALID_NAME, "@@");
    CHECK_ERR(plx_log_input_string(run, "refused_null", NULL), PLX_ERR_NULL_ARGUMENT, "value");
    CHECK_ERR(plx_log_progress(run, 1.5), PLX_ERR_INVALID_ARGUMENT, "progress");
    CHECK_ERR(plx_log_progress(run, -0.1), PLX_ERR_INVALID_ARGUMENT, "progress");
    CHECK_ERR(plx_log_progress(run, NAN), PLX_ERR_INVALID_ARGUMENT, "progress");
    CHECK_ERR(plx_run_set_flush_interval(run, 0), PLX_ERR_INVALID_ARGUMENT, "milliseconds");
    CHECK_ERR(plx_log_tags(run, bad_tags, 2), PLX_ERR_INVALID_ARGUMENT, "tags[1]");
    CHECK_ERR(plx_log_tags(run, NULL, 1), PLX_ERR_NULL_ARGUMENT, "tags");
    CHECK_OK(plx_log_tags(run, good_tags, 1));
    CHECK_ERR(plx_set_name(run, ""), PLX_ERR_INVALID_ARGUMENT, "name");
    CHECK_ERR(plx_log_final_status(run, 99, NULL), PLX_ERR_INVALID_ARGUMENT, "99");

    /* Refs. */
    CHECK_OK(plx_outputs_path(run, "report.txt", report, sizeof report, NULL));
    write_text(report, "Artifact content.");
    CHECK_ERR(plx_log_artifact_ref(run, report, "nope", "refused_kind", NULL, false),
              PLX_ERR_INVALID_ARGUMENT, "nope");
    CHECK_ERR(plx_log_file_ref(run, report, "refused_json", "{not json", false),
              PLX_ERR_INVALID_JSON, "summary_json");
    CHECK_ERR(plx_log_file_ref(run, report, "refused_array", "[1]", false), PLX_ERR_INVALID_JSON,
              "summary_json");
    CHECK_ERR(plx_log_model_ref(run, report, "refused_model", "torch", "3", false),
              PLX_ERR_INVALID_JSON, "summary_json");
    CHECK_ERR(plx_log_data_ref(run, "refused_data", "s3://b/k", NULL, "true", true),
              PLX_ERR_INVALID_JSON, "summary_json");
    CHECK_ERR(plx_log_file_ref(run, NULL, "refused_null_path", NULL, false),
              PLX_ERR_NULL_ARGUMENT, "path");
    CHECK_ERR(plx_log_file_ref(run, "", "refused_empty_path", NULL, false),
              PLX_ERR_INVALID_ARGUMENT, "path");
    CHECK_ERR(plx_log_data_ref(run, NULL, "s3://b/k", NULL, NULL, true), PLX_ERR_NULL_ARGUMENT,
              "name");
    CHECK_ERR(plx_log_code_ref(run, NULL, "main", NULL, false), PLX_ERR_NULL_ARGUMENT, "commit");
    CHECK_ERR(plx_log_tensorboard_ref(run, NULL, NULL), PLX_ERR_NULL_ARGUMENT, "path");
    CHECK_OK(plx_log_file_ref(run, report, "kept_ref", NULL, false));

    CHECK_OK(plx_run_close(run));

    /* No event file for a refused metric; the accepted ones are there (the check can fail). */
    join(path, folder, "events/metric/.plx");
    CHECK(!path_exists(path));
    join(path, folder, "events/metric/refused_batch_a.plx");
    CHECK(!path_exists(path));
    join(path, folder, "events/metric/refused_batch_b.plx");
    CHECK(!path_exists(path));
    join(path, folder, "events/metric/kept_metric.plx");
    CHECK(path_exists(path));
    join(path, folder, "events/metric/kept_batch.plx");
    CHECK(path_exists(path));

    join(path, folder, "run.plx.json");
    meta = read_file(path);
    CHECK(meta != NULL);
    CHECK(strstr(meta, "\"kept_input\"") != NULL);
    CHECK(strstr(meta, "\"kept_tag\"") != NULL);
    CHECK(strstr(meta, "refused") == NULL);
    CHECK(strstr(meta, "\"progress\"") == NULL);
    CHECK(strstr(meta, "\"status\":\"succeeded\"") != NULL);
    free(meta);

    join(path, folder, "lineages.plx.json");
    lineage = read_file(path);
    CHECK(lineage != NULL);
    CHECK(strstr(lineage, "\"kept_ref\"") != NULL);
    CHECK(strstr(lineage, "\"kept_metric\"") != NULL);
    CHECK(strstr(lineage, "refused") == NULL);
    free(lineage);
}

static void check_open_twice_and_final_status(const char *root)
{
    plx_run run = open_new(root);
    plx_run again = 777;
    char uuid[33];
    char dashed[37];
    char folder[PATH_LEN];
    char path[PATH_LEN];
    char *meta;
    size_t i;

    CHECK_OK(plx_run_uuid(run, uuid, sizeof uuid, NULL));
    CHECK_ERR(plx_run_open(root, "acme/errors", uuid, &again), PLX_ERR_ALREADY_OPEN, uuid);
    /* The same uuid in its dashed, upper-case spelling is the same run. */
    snprintf(dashed, sizeof dashed, "%.8s-%.4s-%.4s-%.4s-%.12s", uuid, uuid + 8, uuid + 12,
             uuid + 16, uuid + 20);
    for (i = 0; dashed[i] != '\0'; i++) {
        if (dashed[i] >= 'a' && dashed[i] <= 'f') {
            dashed[i] = (char)(dashed[i] - 'a' + 'A');
        }
    }
    CHECK_ERR(plx_run_open(root, "acme/errors", dashed, &again), PLX_ERR_ALREADY_OPEN, uuid);
    CHECK(again == 777);

    CHECK_OK(plx_log_final_status(run, PLX_FINAL_FAILED, "boom"));
    CHECK_ERR(plx_log_final_status(run, PLX_FINAL_SUCCEEDED, NULL), PLX_ERR_ALREADY_FINISHED,
              "failed");
    CHECK_ERR(plx_log_final_status(run, PLX_FINAL_FAILED, NULL), PLX_ERR_ALREADY_FINISHED,
              "final status");
    CHECK_OK(plx_log_metric(run, "after_final", 1.0, 0));
    run_folder(run, folder);
    CHECK_OK(plx_run_close(run));

    join(path, folder, "run.plx.json");
    meta = read_file(path);
    CHECK(meta != NULL);
    CHECK(strstr(meta, "\"status\":\"failed\"") != NULL);
    CHECK(strstr(meta, "\"message\":\"boom\"") != NULL);
    CHECK(strstr(meta, "\"type\":\"succeeded\"") == NULL);
    free(meta);

    /* Once closed, the run opens again (resumes). */
    CHECK_OK(plx_run_open(root, "acme/errors", uuid, &again));
    CHECK(again != run);
    CHECK_OK(plx_run_close(again));
}

/* A run with corrupt files is not resumed; a folder that cannot be made is an I/O error. */
static void check_resume_and_io_errors(const char *root)
{
    plx_run run = open_new(root);
    plx_run again = 777;
    char uuid[33];
    char folder[PATH_LEN];
    char meta[PATH_LEN];
    char lineage[PATH_LEN];

    CHECK_OK(plx_run_uuid(run, uuid, sizeof uuid, NULL));
    run_folder(run, folder);
    CHECK_OK(plx_log_file_ref(run, "s3://bucket/x", "x", NULL, false));
    CHECK_OK(plx_run_close(run));
    join(meta, folder, "run.plx.json");
    join(lineage, folder, "lineages.plx.json");

    write_text(meta, "{\"uuid\": ");
    CHECK_ERR(plx_run_open(root, "acme/errors", uuid, &again), PLX_ERR_INVALID_JSON,
              "run.plx.json");
    CHECK(again == 777);
    CHECK(remove(meta) == 0);
    write_text(lineage, "{}");
    CHECK_ERR(plx_run_open(root, "acme/errors", uuid, &again), PLX_ERR_INVALID_JSON,
              "lineages.plx.json");
    CHECK(again == 777);

    /* The refused opens kept nothing open: with the bad file gone, the run opens. */
    CHECK(remove(lineage) == 0);
    CHECK_OK(plx_run_open(root, "acme/errors", uuid, &again));
    CHECK_OK(plx_run_close(again));

    again = 777;
    CHECK_ERR(plx_run_open("/dev/null", NULL, NULL, &again), PLX_ERR_IO, "/dev/null");
    CHECK(again == 777);
}

/*
 * The same run folder reached through another spelling of the root is still the same run: a
 * second handle would interleave rows and overwrite run.plx.json at its own close.
 */
static void check_aliases_of_an_open_run(const char *root)
{
    plx_run run = open_new(root);
    plx_run again = 777;
    char uuid[33];
    char sub[PATH_LEN];
    char alias[PATH_LEN];

    CHECK_OK(plx_run_uuid(run, uuid, sizeof uuid, NULL));
    join(alias, root, ".");
    CHECK_ERR(plx_run_open(alias, "acme/errors", uuid, &again), PLX_ERR_ALREADY_OPEN, uuid);
    join(sub, root, "runs");
    join(alias, sub, "..");
    CHECK_ERR(plx_run_open(alias, "acme/errors", uuid, &again), PLX_ERR_ALREADY_OPEN, uuid);
    CHECK(again == 777);
    CHECK_OK(plx_run_close(run));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <offline root>\n", argv[0]);
        return 2;
    }
    check_version_and_status_texts();
    check_open_errors(argv[1]);
    check_handle_errors(argv[1]);
    check_string_out(argv[1]);
    check_last_error_is_kept(argv[1]);
    check_path_escapes(argv[1]);
    check_refused_calls_write_nothing(argv[1]);
    check_open_twice_and_final_status(argv[1]);
    check_resume_and_io_errors(argv[1]);
    check_aliases_of_an_open_run(argv[1]);
    puts("test_errors: all checks passed");
    return 0;
}
