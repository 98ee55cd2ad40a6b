/*
 * heat.c: a small but real simulation tracked with plx.
 *
 * It solves the 2-D heat equation on a grid with an explicit finite-difference scheme: a hot
 * square in the middle of a cold plate spreads out while the edges stay at zero. Along the way
 * it logs what a simulation engineer logs: its parameters as inputs, a reference to its input
 * configuration, a few metrics per step, an image and a histogram of the field every few steps,
 * a checkpoint as a versioned model asset, and final outputs.
 *
 * Usage: heat [config] [offline-root]
 *   config        key = value file (default: examples/heat.cfg)
 *   offline-root  where runs go (default: $POLYAXON_OFFLINE_ROOT, else /tmp/plx/offline)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plx.h"

struct params {
    int nx, ny, steps, snapshot_every;
    double alpha, source_temperature;
};

/* Stops the program with plx's own explanation when a call fails. */
static void check(plx_status status, const char *what) {
    char message[512];
    if (status == PLX_OK) {
        return;
    }
    plx_last_error_message(message, sizeof message, NULL);
    fprintf(stderr, "heat: %s failed: %s (%s)\n", what, plx_status_str(status), message);
    exit(1);
}

static int read_params(const char *path, struct params *p) {
    char line[256];
    FILE *file = fopen(path, "r");
    if (!file) {
        perror(path);
        return 0;
    }
    p->nx = 96, p->ny = 96, p->steps = 400, p->snapshot_every = 50;
    p->alpha = 0.24, p->source_temperature = 100.0;
    while (fgets(line, sizeof line, file)) {
        char key[64];
        double value;
        if (line[0] == '#' || sscanf(line, " %63[a-z_] = %lf", key, &value) != 2) {
            continue;
        }
        if (!strcmp(key, "nx")) p->nx = (int)value;
        else if (!strcmp(key, "ny")) p->ny = (int)value;
        else if (!strcmp(key, "alpha")) p->alpha = value;
        else if (!strcmp(key, "steps")) p->steps = (int)value;
        else if (!strcmp(key, "snapshot_every")) p->snapshot_every = (int)value;
        else if (!strcmp(key, "source_temperature")) p->source_temperature = value;
    }
    fclose(file);
    return p->nx > 2 && p->ny > 2 && p->steps > 0 && p->snapshot_every > 0 && p->alpha > 0 &&
           p->alpha <= 0.25;
}

/* One explicit step: next = field + alpha * laplacian(field); the edges stay at zero. */
static void diffuse(const struct params *p, const double *field, double *next) {
    int x, y;
    for (y = 0; y < p->ny; y++) {
        for (x = 0; x < p->nx; x++) {
            int i = y * p->nx + x;
            if (x == 0 || y == 0 || x == p->nx - 1 || y == p->ny - 1) {
                next[i] = 0.0;
                continue;
            }
            next[i] = field[i] + p->alpha * (field[i - 1] + field[i + 1] + field[i - p->nx] +
                                             field[i + p->nx] - 4.0 * field[i]);
        }
    }
}

/* Maps temperatures to a black-red-yellow-white scale, 3 bytes a pixel. */
static void to_pixels(const struct params *p, const double *field, unsigned char *rgb) {
    int i, n = p->nx * p->ny;
    for (i = 0; i < n; i++) {
        double t = field[i] / p->source_temperature;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        rgb[3 * i + 0] = (unsigned char)(255.0 * fmin(1.0, 3.0 * t));
        rgb[3 * i + 1] = (unsigned char)(255.0 * fmin(1.0, fmax(0.0, 3.0 * t - 1.0)));
        rgb[3 * i + 2] = (unsigned char)(255.0 * fmax(0.0, 3.0 * t - 2.0));
    }
}

static double total_heat(const struct params *p, const double *field) {
    double sum = 0.0;
    int i;
    for (i = 0; i < p->nx * p->ny; i++) {
        sum += field[i];
    }
    return sum;
}

static double peak(const struct params *p, const double *field) {
    double top = 0.0;
    int i;
    for (i = 0; i < p->nx * p->ny; i++) {
        top = field[i] > top ? field[i] : top;
    }
    return top;
}

int main(int argc, char **argv) {
    const char *config = argc > 1 ? argv[1] : "examples/heat.cfg";
    const char *root = argc > 2 ? argv[2] : NULL;
    const char *tags[] = {"example", "heat-diffusion"};
    struct params p;
    plx_run run;
    char run_dir[4096], checkpoint[4096], inputs[512];
    double *field, *next, initial_heat;
    unsigned char *rgb;
    int step, x, y, images = 0, histograms = 0, checkpoints = 0;
    FILE *out;

    if (!read_params(config, &p)) {
        fprintf(stderr, "heat: cannot use the parameters in %s\n", config);
        return 1;
    }
    field = calloc((size_t)(p.nx * p.ny), sizeof *field);
    next = calloc((size_t)(p.nx * p.ny), sizeof *next);
    rgb = malloc((size_t)(p.nx * p.ny * 3));
    if (!field || !next || !rgb) {
        fprintf(stderr, "heat: out of memory\n");
        return 1;
    }
    for (y = p.ny * 2 / 5; y < p.ny * 3 / 5; y++) {
        for (x = p.nx * 2 / 5; x < p.nx * 3 / 5; x++) {
            field[y * p.nx + x] = p.source_temperature;
        }
    }
    initial_heat = total_heat(&p, field);

    check(plx_run_open(root, "examples/heat", NULL, &run), "plx_run_open");
    check(plx_set_name(run, "heat-diffusion"), "plx_set_name");
    check(plx_set_description(run, "2-D heat diffusion, explicit scheme"), "plx_set_description");
    check(plx_log_tags(run, tags, 2), "plx_log_tags");
    snprintf(inputs, sizeof inputs,
             "{\"nx\": %d, \"ny\": %d, \"alpha\": %g, \"steps\": %d, \"source_temperature\": %g}",
             p.nx, p.ny, p.alpha, p.steps, p.source_temperature);
    check(plx_log_inputs(run, inputs), "plx_log_inputs");
    check(plx_log_file_ref(run, config, "config", NULL, true), "plx_log_file_ref");

    for (step = 0; step <= p.steps; step++) {
        if (step > 0) {
            double *swap;
            diffuse(&p, field, next);
            swap = field, field = next, next = swap;
        }
        check(plx_log_metric(run, "heat/total", total_heat(&p, field), step), "plx_log_metric");
        check(plx_log_metric(run, "heat/peak", peak(&p, field), step), "plx_log_metric");
        check(plx_log_metric(run, "heat/lost_fraction",
                             1.0 - total_heat(&p, field) / initial_heat, step),
              "plx_log_metric");
        if (step % p.snapshot_every == 0) {
            to_pixels(&p, field, rgb);
            check(plx_log_image(run, "field", rgb, (uint32_t)p.ny, (uint32_t)p.nx, 3, step),
                  "plx_log_image");
            check(plx_log_histogram(run, "temperature", field, (size_t)(p.nx * p.ny), 32, step),
                  "plx_log_histogram");
            images++, histograms++;
        }
        check(plx_log_progress(run, (double)step / p.steps), "plx_log_progress");
    }

    check(plx_outputs_path(run, "checkpoint/field.bin", checkpoint, sizeof checkpoint, NULL),
          "plx_outputs_path");
    out = fopen(checkpoint, "wb");
    if (!out || fwrite(field, sizeof *field, (size_t)(p.nx * p.ny), out) != (size_t)(p.nx * p.ny)) {
        fprintf(stderr, "heat: cannot write %s\n", checkpoint);
        return 1;
    }
    fclose(out);
    check(plx_log_model(run, "field", checkpoint, "raw-float64", inputs, p.steps), "plx_log_model");
    checkpoints++;
    check(plx_log_output_number(run, "final_peak", peak(&p, field)), "plx_log_output_number");
    check(plx_log_output_number(run, "final_total", total_heat(&p, field)),
          "plx_log_output_number");

    check(plx_artifacts_path(run, NULL, run_dir, sizeof run_dir, NULL), "plx_artifacts_path");
    check(plx_run_close(run), "plx_run_close");

    printf("run written to %s\n", run_dir);
    printf("  inputs:   %s\n", inputs);
    printf("  metrics:  heat/total, heat/peak, heat/lost_fraction at %d steps\n", p.steps + 1);
    printf("  images:   %d snapshots of the field (assets/image/field_<step>.png)\n", images);
    printf("  histos:   %d histograms of the temperature\n", histograms);
    printf("  models:   %d checkpoint (assets/model/field_%d.bin)\n", checkpoints, p.steps);
    printf("  outputs:  final_peak = %.4f, final_total = %.2f\n", peak(&p, field),
           total_heat(&p, field));
    free(field), free(next), free(rgb);
    return 0;
}
