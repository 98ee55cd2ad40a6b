/*
 * Logs every event kind and versioned asset through the C ABI with data that
 * tests/python/test_kinds.py recomputes, then checks that refused calls write nothing.
 *
 * Usage: test_all_kinds <offline-root> <uuid-file> <scratch-dir>
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plx.h"

static int failures = 0;

#define EXPECT(call, want)                                                                     \
    do {                                                                                       \
        plx_status got_ = (call);                                                              \
        if (got_ != (want)) {                                                                  \
            char msg_[512] = "";                                                               \
            plx_last_error_message(msg_, sizeof msg_, NULL);                                   \
            fprintf(stderr, "%s:%d: %s gave %d (%s: %s), wanted %d\n", __FILE__, __LINE__,     \
                    #call, got_, plx_status_str(got_), msg_, (want));                          \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

#define OK(call) EXPECT(call, PLX_OK)

static void write_file(const char *path, const char *bytes, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
}

/* mkdir -p */
static void make_dirs(const char *path) {
    char partial[512];
    size_t i;
    for (i = 1; path[i] != '\0' && i < sizeof partial; i++) {
        if (path[i] == '/') {
            memcpy(partial, path, i);
            partial[i] = '\0';
            mkdir(partial, 0755);
        }
    }
    mkdir(path, 0755);
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

int main(int argc, char **argv) {
    plx_run run;
    char uuid[33], scratch[512], path[2048], dir[1024], run_dir[2048], asset[2048];
    double values[100], counts[2] = {3, 5}, edges[3] = {0.0, 0.5, 1.0};
    double fpr[3] = {0.0, 0.1, 1.0}, tpr[3] = {0.0, 0.8, 1.0};
    double cm[4] = {5, 1, 2, 7};
    const char *labels[2] = {"cat|x", "dog"};
    unsigned char pixels[8 * 8 * 3];
    float gray[4 * 4], tone[800];
    int16_t stereo[2 * 100];
    int i;
    FILE *uuid_file;

    if (argc != 4) {
        fprintf(stderr, "usage: %s <offline-root> <uuid-file> <scratch-dir>\n", argv[0]);
        return 2;
    }
    snprintf(scratch, sizeof scratch, "%s", argv[3]);
    make_dirs(scratch);

    OK(plx_run_open(argv[1], "acme/kinds", NULL, &run));
    OK(plx_run_uuid(run, uuid, sizeof uuid, NULL));
    OK(plx_artifacts_path(run, NULL, run_dir, sizeof run_dir, NULL));

    for (i = 0; i < 10; i++) {
        OK(plx_log_metric(run, "loss", 1.0 / (i + 1), i));
    }
    OK(plx_log_metric(run, "lr", 0.001, PLX_NO_STEP));

    OK(plx_log_text(run, "notes", "h\xc3\xa9llo | w\xc3\xb6rld, \"quoted\"\nsecond line", 1));
    OK(plx_log_text(run, "notes", "text without step", PLX_NO_STEP));
    OK(plx_log_html(run, "report", "<b>bold | \xe2\x9c\x93</b>", 1));

    for (i = 0; i < 100; i++) {
        values[i] = i;
    }
    OK(plx_log_histogram(run, "weights", values, 100, 4, 1));
    OK(plx_log_histogram_counts(run, "weights", counts, edges, 2, 2));

    OK(plx_log_roc_curve(run, "roc", fpr, tpr, 3, 0.85, 1));
    OK(plx_log_pr_curve(run, "pr", tpr, fpr, 3, 0.5, 1));
    OK(plx_log_curve(run, "custom", fpr, tpr, 3, "note | with pipe", 1));
    OK(plx_log_confusion_matrix(run, "confusion", labels, 2, labels, 2, cm, 2, 2, 1));
    OK(plx_log_chart(run, "bars", NULL,
                     "{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\","
                     "\"mark\":\"bar\",\"data\":{\"values\":[{\"a\":\"A|B\",\"b\":28}]}}",
                     1));

    for (i = 0; i < 8 * 8 * 3; i++) {
        pixels[i] = (unsigned char)((i * 7) % 256);
    }
    OK(plx_log_image(run, "pattern", pixels, 8, 8, 3, 1));
    OK(plx_log_image(run, "pattern", pixels, 8, 8, 3, 2));
    for (i = 0; i < 16; i++) {
        gray[i] = (float)i / 15.0f;
    }
    OK(plx_log_image_float(run, "gray", gray, 4, 4, 1, 1));
    OK(plx_artifacts_path(run, "assets/image/pattern_1.png", asset, sizeof asset, NULL));
    OK(plx_log_image_file(run, "copied", asset, 3));

    for (i = 0; i < 800; i++) {
        tone[i] = (float)(0.5 * sin(2.0 * 3.14159265358979 * 440.0 * i / 8000.0));
    }
    OK(plx_log_audio(run, "tone", tone, 800, 1, 8000, 1));
    for (i = 0; i < 200; i++) {
        stereo[i] = (int16_t)((i % 2 ? -1 : 1) * i * 100);
    }
    OK(plx_log_audio_int16(run, "stereo", stereo, 100, 2, 16000, 1));
    OK(plx_artifacts_path(run, "assets/audio/tone_1.wav", asset, sizeof asset, NULL));
    OK(plx_log_audio_file(run, "tone_copy", asset, "audio/wav", 2));

    snprintf(path, sizeof path, "%s/clip.mp4", scratch);
    write_file(path, "not really a video", 18);
    OK(plx_log_video_file(run, NULL, path, NULL, 1));

    snprintf(dir, sizeof dir, "%s/net", scratch);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/weights.bin", dir);
    write_file(path, "\x01\x02\x03", 3);
    snprintf(path, sizeof path, "%s/config.json", dir);
    write_file(path, "{}", 2);
    OK(plx_log_model(run, "net", dir, "pytorch", NULL, 1));
    OK(plx_log_model(run, "net", dir, "pytorch", NULL, 2));
    snprintf(path, sizeof path, "%s/clf.pkl", scratch);
    write_file(path, "pickle", 6);
    OK(plx_log_model(run, "clf", path, "sklearn", "{\"n_estimators\": 10}", 1));
    OK(plx_log_model(run, "final", dir, "pytorch", NULL, PLX_NO_STEP));

    snprintf(path, sizeof path, "%s/split.txt", scratch);
    write_file(path, "train,test", 10);
    OK(plx_log_artifact(run, "split", path, "data", 1));
    OK(plx_log_artifact(run, "split_copy", path, NULL, PLX_NO_STEP));

    OK(plx_log_dataframe_csv(run, "scores", "a,b\n1,2\n3,4\n", 1));
    snprintf(path, sizeof path, "%s/table.html", scratch);
    write_file(path, "<table><tr><td>1</td></tr></table>", 35);
    OK(plx_log_dataframe_file(run, "table", path, 2));

    /* Refused calls: each its own status, nothing written. */
    EXPECT(plx_log_image(run, "refused", NULL, 8, 8, 3, 1), PLX_ERR_NULL_ARGUMENT);
    EXPECT(plx_log_image(run, "refused", pixels, 0, 8, 3, 1), PLX_ERR_EMPTY);
    EXPECT(plx_log_image(run, "refused", pixels, 8, 8, 2, 1), PLX_ERR_INVALID_ARGUMENT);
    EXPECT(plx_log_histogram(run, "refused", values, 100, 513, 1), PLX_ERR_LIMIT);
    EXPECT(plx_log_confusion_matrix(run, "refused", labels, 2, labels, 1, cm, 2, 2, 1),
           PLX_ERR_SHAPE_MISMATCH);
    EXPECT(plx_log_model(run, "refused", "/nonexistent/model.bin", NULL, NULL, 1),
           PLX_ERR_NOT_FOUND);
    EXPECT(plx_log_chart(run, "refused", NULL, "{not json", 1), PLX_ERR_INVALID_JSON);
    EXPECT(plx_log_model(run, "refused", dir, NULL, "[1, 2]", 1), PLX_ERR_INVALID_JSON);
    EXPECT(plx_log_audio(run, "refused", tone, 800, 1, 0, 1), PLX_ERR_EMPTY);
    EXPECT(plx_log_roc_curve(run, "refused", fpr, tpr, 0, 0.5, 1), PLX_ERR_EMPTY);
    OK(plx_run_flush(run));
    OK(plx_artifacts_path(run, "assets/image/refused_1.png", path, sizeof path, NULL));
    if (exists(path)) {
        fprintf(stderr, "a refused call wrote %s\n", path);
        failures++;
    }

    OK(plx_run_close(run));

    uuid_file = fopen(argv[2], "w");
    if (!uuid_file || fprintf(uuid_file, "%s\n", uuid) < 0 || fclose(uuid_file) != 0) {
        fprintf(stderr, "cannot write %s\n", argv[2]);
        return 2;
    }
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("all kinds logged into %s\n", run_dir);
    return 0;
}
