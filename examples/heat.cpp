// heat.cpp: the simulation of heat.c, written in C++ with the wrapper bindings/cpp/plx.hpp.
//
// It solves the 2-D heat equation on a grid with an explicit finite-difference scheme: a hot
// square in the middle of a cold plate spreads out while the edges stay at zero. It logs what
// heat.c logs (parameters as inputs, a reference to its configuration, three metrics per step,
// an image and a histogram of the field every few steps, a checkpoint as a versioned model
// asset, final outputs) and prints the same summary. A failed plx call throws plx::Error; an
// exception that leaves the simulation closes its run with the final status "failed".
//
// Usage: heat_cpp [config] [offline-root]
//   config        key = value file (default: examples/heat.cfg)
//   offline-root  where runs go (default: $POLYAXON_OFFLINE_ROOT, else /tmp/plx/offline)
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "plx.hpp"

namespace {

struct Params {
    int nx = 96;
    int ny = 96;
    int steps = 400;
    int snapshot_every = 50;
    double alpha = 0.24;
    double source_temperature = 100.0;

    // The explicit scheme is stable only for alpha <= 1/4.
    bool usable() const
    {
        return nx > 2 && ny > 2 && steps > 0 && snapshot_every > 0 && alpha > 0 && alpha <= 0.25;
    }
};

std::optional<Params> read_params(const std::string &path)
{
    std::ifstream file(path);
    if (!file) {
        std::cerr << path << ": " << std::strerror(errno) << '\n';
        return std::nullopt;
    }
    Params p;
    std::string line;
    while (std::getline(file, line)) {
        const std::size_t equals = line.find('=');
        if (line.empty() || line[0] == '#' || equals == std::string::npos) {
            continue;
        }
        std::istringstream key_text(line.substr(0, equals));
        std::istringstream value_text(line.substr(equals + 1));
        std::string key;
        double value = 0.0;
        if (!(key_text >> key) || !(value_text >> value)) {
            continue;
        }
        if (key == "nx") {
            p.nx = static_cast<int>(value);
        } else if (key == "ny") {
            p.ny = static_cast<int>(value);
        } else if (key == "alpha") {
            p.alpha = value;
        } else if (key == "steps") {
            p.steps = static_cast<int>(value);
        } else if (key == "snapshot_every") {
            p.snapshot_every = static_cast<int>(value);
        } else if (key == "source_temperature") {
            p.source_temperature = value;
        }
    }
    if (!p.usable()) {
        return std::nullopt;
    }
    return p;
}

// One explicit step: next = field + alpha * laplacian(field); the edges stay at zero.
void diffuse(const Params &p, const std::vector<double> &field, std::vector<double> &next)
{
    const std::size_t nx = static_cast<std::size_t>(p.nx);
    for (int y = 0; y < p.ny; ++y) {
        for (int x = 0; x < p.nx; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * nx + static_cast<std::size_t>(x);
            if (x == 0 || y == 0 || x == p.nx - 1 || y == p.ny - 1) {
                next[i] = 0.0;
                continue;
            }
            next[i] = field[i] + p.alpha * (field[i - 1] + field[i + 1] + field[i - nx] +
                                            field[i + nx] - 4.0 * field[i]);
        }
    }
}

// Maps temperatures to a black-red-yellow-white scale, 3 bytes a pixel.
void to_pixels(const Params &p, const std::vector<double> &field, std::vector<std::uint8_t> &rgb)
{
    for (std::size_t i = 0; i < field.size(); ++i) {
        const double t = std::clamp(field[i] / p.source_temperature, 0.0, 1.0);
        rgb[3 * i + 0] = static_cast<std::uint8_t>(255.0 * std::min(1.0, 3.0 * t));
        rgb[3 * i + 1] = static_cast<std::uint8_t>(255.0 * std::clamp(3.0 * t - 1.0, 0.0, 1.0));
        rgb[3 * i + 2] = static_cast<std::uint8_t>(255.0 * std::max(0.0, 3.0 * t - 2.0));
    }
}

double total_heat(const std::vector<double> &field)
{
    return std::accumulate(field.begin(), field.end(), 0.0);
}

double peak(const std::vector<double> &field)
{
    return std::max(0.0, *std::max_element(field.begin(), field.end()));
}

std::string inputs_json(const Params &p)
{
    std::ostringstream json;
    json << "{\"nx\": " << p.nx << ", \"ny\": " << p.ny << ", \"alpha\": " << p.alpha
         << ", \"steps\": " << p.steps << ", \"source_temperature\": " << p.source_temperature
         << "}";
    return json.str();
}

void write_checkpoint(const std::string &path, const std::vector<double> &field)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(field.data()),
              static_cast<std::streamsize>(field.size() * sizeof(double)));
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

void simulate(const Params &p, const std::string &config, std::optional<std::string_view> root)
{
    const auto nx = static_cast<std::uint32_t>(p.nx);
    const auto ny = static_cast<std::uint32_t>(p.ny);
    std::vector<double> field(std::size_t{nx} * ny, 0.0);
    std::vector<double> next(field.size(), 0.0);
    std::vector<std::uint8_t> rgb(field.size() * 3);
    for (std::uint32_t y = ny * 2 / 5; y < ny * 3 / 5; ++y) {
        for (std::uint32_t x = nx * 2 / 5; x < nx * 3 / 5; ++x) {
            field[std::size_t{y} * nx + x] = p.source_temperature;
        }
    }
    const double initial_heat = total_heat(field);
    const std::string inputs = inputs_json(p);

    plx::Run run = plx::Run::open(root, "examples/heat");
    run.set_name("heat-diffusion");
    run.set_description("2-D heat diffusion, explicit scheme");
    run.log_tags({"example", "heat-diffusion"});
    run.log_inputs(inputs);
    run.log_file_ref(config, "config", std::nullopt, true);

    int images = 0;
    int histograms = 0;
    for (int step = 0; step <= p.steps; ++step) {
        if (step > 0) {
            diffuse(p, field, next);
            field.swap(next);
        }
        const double total = total_heat(field);
        run.log_metrics({{"heat/total", total},
                         {"heat/peak", peak(field)},
                         {"heat/lost_fraction", 1.0 - total / initial_heat}},
                        step);
        if (step % p.snapshot_every == 0) {
            to_pixels(p, field, rgb);
            run.log_image("field", rgb, ny, nx, 3, step);
            run.log_histogram("temperature", field, 32, step);
            ++images;
            ++histograms;
        }
        run.log_progress(static_cast<double>(step) / p.steps);
    }

    const std::string checkpoint = run.outputs_path("checkpoint/field.bin");
    write_checkpoint(checkpoint, field);
    run.log_model("field", checkpoint, "raw-float64", inputs, p.steps);
    const int checkpoints = 1;
    run.log_output_number("final_peak", peak(field));
    run.log_output_number("final_total", total_heat(field));

    const std::string run_dir = run.artifacts_path();
    run.close();

    std::cout << "run written to " << run_dir << '\n'
              << "  inputs:   " << inputs << '\n'
              << "  metrics:  heat/total, heat/peak, heat/lost_fraction at " << p.steps + 1
              << " steps\n"
              << "  images:   " << images
              << " snapshots of the field (assets/image/field_<step>.png)\n"
              << "  histos:   " << histograms << " histograms of the temperature\n"
              << "  models:   " << checkpoints << " checkpoint (assets/model/field_" << p.steps
              << ".bin)\n"
              << std::fixed << "  outputs:  final_peak = " << std::setprecision(4) << peak(field)
              << ", final_total = " << std::setprecision(2) << total_heat(field) << '\n';
}

} // namespace

int main(int argc, char **argv)
{
    const std::string config = argc > 1 ? argv[1] : "examples/heat.cfg";
    std::optional<std::string_view> root;
    if (argc > 2) {
        root = argv[2];
    }

    const std::optional<Params> params = read_params(config);
    if (!params) {
        std::cerr << "heat: cannot use the parameters in " << config << '\n';
        return 1;
    }
    try {
        simulate(*params, config, root);
    } catch (const plx::Error &error) {
        std::cerr << "heat: plx failed: " << error.status_text() << " (" << error.what() << ")\n";
        return 1;
    } catch (const std::exception &error) {
        std::cerr << "heat: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
