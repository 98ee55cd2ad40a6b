// test_wrapper: plx.hpp end to end, with exceptions. Every method of plx::Run is called and what
// it wrote is checked on disk; bad input throws plx::Error with its status and plx's message;
// moves, destruction, double close, release and adopt behave; threads share a Run. The checks of
// noexcept_checks.cpp, compiled without exceptions, run in this program too, which shows that the
// two builds of the header link together.
//
// Usage: test_wrapper <scratch folder>   (created if missing; runs go under it)
#include "plx.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "check.hpp"
#include "noexcept_checks.hpp"

namespace fs = std::filesystem;
using check::contains;
using check::read_file;

namespace {

// What the header promises about its types, checked where a mistake would still compile.
static_assert(plx::header_version ==
              PLX_VERSION_MAJOR * 10000 + PLX_VERSION_MINOR * 100 + PLX_VERSION_PATCH);
static_assert(plx::header_version_string == PLX_VERSION_STRING);
static_assert(plx::versions_compatible(100, 101), "a patch release serves the header");
static_assert(!plx::versions_compatible(100, 200), "before 1.0 a minor release may break");
static_assert(plx::versions_compatible(10100, 10200), "from 1.0 a newer minor serves");
static_assert(!plx::versions_compatible(10200, 10100), "an older minor does not");
static_assert(!plx::versions_compatible(10000, 20000), "another major never does");
static_assert(std::is_same_v<plx::Run, plx::exceptions_on::Run>);
static_assert(check::has_throwing_api<plx::Run>::value);
static_assert(!std::is_copy_constructible_v<plx::Run> && !std::is_copy_assignable_v<plx::Run>);
static_assert(std::is_nothrow_move_constructible_v<plx::Run>);
static_assert(std::is_nothrow_move_assignable_v<plx::Run>);
static_assert(std::is_nothrow_destructible_v<plx::Run>);
static_assert(std::is_nothrow_copy_constructible_v<plx::Error>);
static_assert(std::is_base_of_v<std::exception, plx::Error>);
static_assert(noexcept(std::declval<const plx::Run &>().try_log_metric("m", 1.0, 0)));
static_assert(!noexcept(std::declval<const plx::Run &>().log_metric("m", 1.0, 0)));
static_assert(std::is_convertible_v<std::vector<double> &, plx::span<const double>>);
static_assert(std::is_convertible_v<const std::array<float, 3> &, plx::span<const float>>);
static_assert(std::is_convertible_v<double (&)[4], plx::span<const double>>);
static_assert(std::is_convertible_v<plx::span<double>, plx::span<const double>>);
static_assert(!std::is_convertible_v<std::vector<float> &, plx::span<const double>>);
static_assert(!std::is_convertible_v<const std::vector<double> &, plx::span<double>>);
static_assert(std::is_convertible_v<const std::vector<std::string> &, plx::string_span>);
static_assert(std::is_convertible_v<const std::vector<std::string_view> &, plx::string_span>);
static_assert(std::is_convertible_v<const char *const (&)[2], plx::string_span>);
static_assert(!std::is_convertible_v<const std::string &, plx::string_span>);
static_assert(!std::is_convertible_v<const std::vector<int> &, plx::string_span>);

constexpr std::string_view hex_digits = "0123456789abcdef";

void check_versions_and_statuses()
{
    CHECK(plx::version() == plx::header_version);
    CHECK(plx::library_compatible());
    CHECK(plx::header_version_major == PLX_VERSION_MAJOR);
    CHECK(plx::header_version_minor == PLX_VERSION_MINOR);
    CHECK(plx::header_version_patch == PLX_VERSION_PATCH);

    const plx::Status ok;
    CHECK(ok.ok() && ok.code() == PLX_OK && ok.message().empty());
    CHECK(std::string_view(ok.code_text()) == plx_status_str(PLX_OK));
    const plx::Status failed(PLX_ERR_EMPTY, "nothing here");
    CHECK(!failed.ok() && failed.code() == PLX_ERR_EMPTY && failed.message() == "nothing here");
    CHECK(std::string_view(plx::status_text(PLX_ERR_LIMIT)) == plx_status_str(PLX_ERR_LIMIT));

    // A raw C call's failure, turned into a Status, an Error and the last message.
    const plx_status raw = plx_log_metric(0, "loss", 1.0, 0);
    CHECK(plx::last_error_message() == "run handle 0 is never valid");
    CHECK_STATUS(plx::status_of(raw), PLX_ERR_INVALID_HANDLE, "handle 0");
    CHECK_THROWS(plx::check(plx_run_flush(0)), PLX_ERR_INVALID_HANDLE, "handle 0");
    CHECK_OK(plx::status_of(PLX_OK));
    plx::check(PLX_OK);

    const plx::Error error(failed);
    const plx::Error copy = error;
    CHECK(copy.status() == PLX_ERR_EMPTY && std::string_view(copy.what()) == "nothing here");
    CHECK(std::string_view(copy.status_text()) == plx_status_str(PLX_ERR_EMPTY));
}

void check_views()
{
    std::vector<double> vector{1.0, 2.0, 3.0};
    const plx::span<const double> from_vector = vector;
    CHECK(from_vector.data() == vector.data() && from_vector.size() == 3);
    const std::array<float, 2> array{0.5f, 0.25f};
    const plx::span<const float> from_array = array;
    CHECK(from_array.size() == 2 && from_array[1] == 0.25f);
    const double c_array[4] = {1.0, 2.0, 3.0, 4.0};
    const plx::span<const double> from_c_array = c_array;
    CHECK(from_c_array.size() == 4 && from_c_array.data() == c_array);
    const plx::span<const double> from_pointer(vector.data() + 1, 2);
    CHECK(from_pointer.size() == 2 && from_pointer[0] == 2.0);
    const plx::span<double> mutable_view = vector;
    const plx::span<const double> from_span = mutable_view;
    CHECK(from_span.data() == vector.data() && !from_span.empty());
    CHECK(std::accumulate(from_span.begin(), from_span.end(), 0.0) == 6.0);
    CHECK(plx::span<const double>().empty() && plx::span<const double>().data() == nullptr);

    const std::vector<std::string> strings{"a", "bc"};
    const plx::string_span from_strings = strings;
    CHECK(from_strings.size() == 2 && from_strings.at(1) == std::string_view("bc"));
    const char *const pointers[] = {"x", nullptr};
    const plx::string_span from_pointers = pointers;
    CHECK(from_pointers.at(0) == std::string_view("x") && !from_pointers.at(1).has_value());
    const std::vector<std::string_view> views{"v"};
    CHECK(plx::string_span(views).at(0) == std::string_view("v"));
    CHECK(plx::string_span().empty());
}

// Files the program writes for the calls that copy one.
struct Sources {
    fs::path video, model_dir, table, split, config, tensorboard;

    explicit Sources(const fs::path &folder)
        : video(folder / "clip.mp4"), model_dir(folder / "net"), table(folder / "table.html"),
          split(folder / "split.txt"), config(folder / "input.cfg"), tensorboard(folder / "tb")
    {
        check::write_file(video, "not really a video");
        check::write_file(model_dir / "weights.bin", "\x01\x02\x03");
        check::write_file(model_dir / "config.json", "{}");
        check::write_file(table, "<table><tr><td>1</td></tr></table>");
        check::write_file(split, "train,test");
        check::write_file(config, "alpha = 0.5\n");
        fs::create_directories(tensorboard);
    }
};

void check_every_method(const fs::path &scratch)
{
    const fs::path root = scratch / "offline";
    const Sources sources(scratch / "sources");

    plx::Run run = plx::Run::open(root.string(), "acme/cpp-wrapper");
    CHECK(run.is_open() && run.handle() != 0);
    const std::string uuid = run.uuid();
    CHECK(uuid.size() == 32 && uuid.find_first_not_of(hex_digits) == std::string::npos);
    const fs::path folder = run.artifacts_path();
    CHECK(fs::equivalent(folder, root / "runs" / uuid));
    CHECK(fs::is_directory(folder / "outputs"));

    const fs::path deep = run.outputs_path("checkpoints/epoch_1/model.bin");
    CHECK(deep == folder / "outputs" / "checkpoints" / "epoch_1" / "model.bin");
    CHECK(fs::is_directory(deep.parent_path()) && !fs::exists(deep));
    // Longer than the wrapper's first buffer, so it is read a second time at its full length.
    const std::string long_rel = "long/" + std::string(300, 'x') + ".txt";
    CHECK(run.artifacts_path(long_rel) == (folder / long_rel).string());
    CHECK(fs::is_directory(folder / "long"));

    run.set_flush_interval(std::chrono::milliseconds(250));
    run.set_name("cpp-wrapper");
    run.set_description("a description that is removed below");
    run.flush();
    CHECK(contains(read_file(folder / "run.plx.json"), "a description that is removed below"));
    run.set_description(std::nullopt);
    run.log_tags({"cpp", "wrapper"});
    const std::vector<std::string> more_tags{"vector-tag", "cpp"};
    run.log_tags(more_tags);
    run.log_inputs(R"({"learning_rate": 0.01, "layers": [64, 32]})");
    run.log_input_number("momentum", 0.9);
    run.log_input_string("optimizer", "adam");
    run.log_outputs(R"({"best_loss": 0.1})");
    run.log_output_number("accuracy", 0.93);
    run.log_output_string("note", "done");
    run.log_meta(R"({"custom_flag": true})");
    run.log_progress(0.5);

    for (int step = 0; step < 10; ++step) {
        run.log_metric("loss", 1.0 / (step + 1), step);
    }
    run.log_metric("lr", 0.001, plx::no_step);
    const std::array<const char *, 2> names{"batch/a", "batch/b"};
    const double values[] = {0.5, 2.0};
    run.log_metrics(names, values, 3);
    run.log_metrics({{"pair/x", 1.0}, {"pair/y", 2.0}}, 4);
    run.log_metrics(std::vector<std::string>(), std::vector<double>(), 5);
    run.log_tags(std::vector<std::string_view>());
    run.log_text("notes", "h\xc3\xa9llo | w\xc3\xb6rld, \"quoted\"\nsecond line", 1);
    run.log_html("report", "<b>bold</b>", 1);

    std::vector<double> samples(100);
    std::iota(samples.begin(), samples.end(), 0.0);
    run.log_histogram("weights", samples, 4, 1);
    run.log_histogram_counts("binned", {3.0, 5.0}, {0.0, 0.5, 1.0}, 2);
    const std::vector<double> fpr{0.0, 0.1, 1.0};
    const std::vector<double> tpr{0.0, 0.8, 1.0};
    run.log_roc_curve("roc", fpr, tpr, 0.85, 1);
    run.log_pr_curve("pr", tpr, fpr, std::nullopt, 1);
    run.log_curve("custom", fpr, tpr, "a note", 1);
    const std::vector<std::string> labels{"cat", "dog"};
    run.log_confusion_matrix("confusion", labels, labels, {5.0, 1.0, 2.0, 7.0}, 2, 2, 1);
    run.log_chart("bars", std::nullopt,
                  R"({"mark": "bar", "data": {"values": [{"a": "A", "b": 28}]}})", 1);

    std::vector<std::uint8_t> pixels(8 * 8 * 3);
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        pixels[i] = static_cast<std::uint8_t>(i * 7 % 256);
    }
    run.log_image("pattern", pixels, 8, 8, 3, 1);
    float gray[16];
    for (int i = 0; i < 16; ++i) {
        gray[i] = static_cast<float>(i) / 15.0f;
    }
    run.log_image_float("gray", gray, 4, 4, 1, 1);
    run.log_image_file("copied", (folder / "assets/image/pattern_1.png").string(), 2);
    std::vector<float> tone(800);
    for (std::size_t i = 0; i < tone.size(); ++i) {
        tone[i] = static_cast<float>(
            0.5 * std::sin(2.0 * 3.14159265358979 * 440.0 * static_cast<double>(i) / 8000.0));
    }
    run.log_audio("tone", tone, 1, 8000, 1);
    std::vector<std::int16_t> stereo(200);
    for (std::size_t i = 0; i < stereo.size(); ++i) {
        stereo[i] = static_cast<std::int16_t>((i % 2 ? -1 : 1) * static_cast<int>(i) * 100);
    }
    run.log_audio_int16("stereo", plx::span<const std::int16_t>(stereo.data(), stereo.size()), 2,
                        16000, 1);
    run.log_audio_file("tone_copy", (folder / "assets/audio/tone_1.wav").string(), "audio/wav", 2);
    run.log_video_file(std::nullopt, sources.video.string(), std::nullopt, 1);
    run.log_model("net", sources.model_dir.string(), "pytorch", R"({"layers": 2})", 1);
    run.log_model("final", sources.model_dir.string(), std::nullopt, std::nullopt, plx::no_step);
    run.log_artifact("split", sources.split.string(), "data", 1);
    run.log_dataframe_file(std::nullopt, sources.table.string(), 2);
    run.log_dataframe_csv("scores", "a,b\n1,2\n", 1);

    run.log_artifact_ref(sources.split.string(), "data", "split_ref", R"({"rows": 2})", true);
    run.log_model_ref(sources.model_dir.string(), "net_ref", "pytorch", std::nullopt, false);
    run.log_file_ref(sources.config.string(), "config", std::nullopt, true);
    run.log_dir_ref(sources.model_dir.string(), "net_dir", std::nullopt, false);
    run.log_data_ref("mnist", std::nullopt, "sha-123", std::nullopt, true);
    run.log_code_ref("0123abcd", "main", "https://example.com/repo.git", false);
    run.log_tensorboard_ref(sources.tensorboard.string());

    // 1 000 000 000 s after the epoch is 2001-09-09 01:46:40 UTC.
    run.set_event_time(std::chrono::seconds(1000000000));
    run.log_metric("replayed", 1.0, 0);
    run.set_event_time(std::chrono::system_clock::time_point(std::chrono::seconds(1000000060)));
    run.log_metric("replayed", 2.0, 1);
    run.reset_event_time();
    run.log_metric("replayed", 3.0, 2);
    run.flush();
    const std::string replayed = read_file(folder / "events/metric/replayed.plx");
    CHECK(contains(replayed, "0|2001-09-09 01:46:40.000000+00:00|1.0"));
    CHECK(contains(replayed, "1|2001-09-09 01:47:40.000000+00:00|2.0"));
    CHECK(check::line_count(folder / "events/metric/replayed.plx") == 4);
    CHECK(!contains(replayed, "2|2001-09-09"));

    run.close();
    CHECK(!run.is_open());

    for (const char *rel : {"events/metric/loss.plx",
                            "events/metric/lr.plx",
                            "events/metric/batch__a.plx",
                            "events/metric/batch__b.plx",
                            "events/metric/pair__x.plx",
                            "events/metric/pair__y.plx",
                            "events/text/notes.plx",
                            "events/html/report.plx",
                            "events/histogram/weights.plx",
                            "events/histogram/binned.plx",
                            "events/curve/roc.plx",
                            "events/curve/pr.plx",
                            "events/curve/custom.plx",
                            "events/confusion/confusion.plx",
                            "events/chart/bars.plx",
                            "assets/image/pattern_1.png",
                            "assets/image/gray_1.png",
                            "assets/image/copied_2.png",
                            "assets/audio/tone_1.wav",
                            "assets/audio/stereo_1.wav",
                            "assets/audio/tone_copy_2.wav",
                            "assets/video/clip_1.mp4",
                            "assets/model/net_1/weights.bin",
                            "outputs/net/weights.bin",
                            "assets/data/split_1.txt",
                            "assets/dataframe/table_2.html",
                            "assets/dataframe/scores_1.csv",
                            "run.plx.json",
                            "lineages.plx.json"}) {
        if (!fs::is_regular_file(folder / rel)) {
            check::fail(__FILE__, __LINE__, rel, "the file was not written");
        }
    }
    CHECK(check::line_count(folder / "events/metric/loss.plx") == 11);

    const std::string run_json = read_file(folder / "run.plx.json");
    for (const char *needle :
         {R"("name":"cpp-wrapper")", R"("learning_rate":0.01)", R"("momentum":0.9)",
          R"("optimizer":"adam")", R"("best_loss":0.1)", R"("accuracy":0.93)", R"("note":"done")",
          R"("custom_flag":true)", R"("progress":0.5)", R"("status":"succeeded")", R"("wrapper")",
          R"("vector-tag")"}) {
        if (!contains(run_json, needle)) {
            check::fail(__FILE__, __LINE__, needle, "run.plx.json lacks it: " + run_json);
        }
    }
    CHECK(!contains(run_json, "\"description\""));
    CHECK(run_json.find(R"("cpp")") == run_json.rfind(R"("cpp")"));
    const std::string lineage = read_file(folder / "lineages.plx.json");
    for (const char *name : {"split_ref", "net_ref", "config", "net_dir", "mnist", "0123abcd",
                             "tensorboard", "final"}) {
        if (!contains(lineage, "\"name\":\"" + std::string(name) + "\"")) {
            check::fail(__FILE__, __LINE__, name, "lineages.plx.json lacks it: " + lineage);
        }
    }
}

void check_errors(const fs::path &scratch)
{
    const std::string root = (scratch / "offline").string();
    plx::Run run = plx::Run::open(root, "acme/cpp-errors");
    const fs::path folder = run.artifacts_path();

    // plx refuses, and the Error carries its status and plx's own message.
    CHECK_THROWS(run.log_metric("", 1.0, 0), PLX_ERR_INVALID_NAME, "empty");
    CHECK_THROWS(run.log_metric("@@", 1.0, 0), PLX_ERR_INVALID_NAME, "'@@'");
    CHECK_THROWS(run.artifacts_path("../escape"), PLX_ERR_PATH_ESCAPE, "'../escape'");
    CHECK_THROWS(run.outputs_path("/etc/passwd"), PLX_ERR_PATH_ESCAPE, "absolute");
    CHECK(!fs::exists(folder.parent_path() / "escape"));
    CHECK_THROWS(run.log_inputs("{not json"), PLX_ERR_INVALID_JSON, "json_object");
    CHECK_THROWS(run.log_inputs("[1, 2]"), PLX_ERR_INVALID_JSON, "JSON object");
    CHECK_THROWS(run.log_confusion_matrix("cm", {"a", "b"}, {"a"}, {1.0, 2.0, 3.0, 4.0}, 2, 2, 1),
                 PLX_ERR_SHAPE_MISMATCH, "1 y labels");
    CHECK_THROWS(run.log_progress(1.5), PLX_ERR_INVALID_ARGUMENT, "1.5");
    CHECK_THROWS(run.log_histogram("refused", {1.0, 2.0}, 513, 1), PLX_ERR_LIMIT, "513");
    CHECK_THROWS(run.log_model("refused", "/nonexistent/model.bin", std::nullopt, std::nullopt, 1),
                 PLX_ERR_NOT_FOUND, "/nonexistent/model.bin");
    CHECK_THROWS(run.set_flush_interval(std::chrono::milliseconds(0)), PLX_ERR_INVALID_ARGUMENT,
                 "milliseconds is 0");
    CHECK_THROWS(
        run.set_event_time(std::chrono::microseconds(std::numeric_limits<std::int64_t>::max())),
        PLX_ERR_INVALID_ARGUMENT, "9999");
    CHECK_THROWS(run.log_final_status(static_cast<plx::FinalStatus>(7)), PLX_ERR_INVALID_ARGUMENT,
                 "");
    CHECK_THROWS(run.log_image("refused", std::vector<std::uint8_t>(), 0, 8, 3, 1), PLX_ERR_EMPTY,
                 "");
    CHECK_THROWS(run.log_audio("refused", std::vector<float>(), 0, 8000, 1), PLX_ERR_EMPTY, "");
    // Dimensions whose product overflows are left to C, which refuses them before reading.
    CHECK_THROWS(
        run.log_image("refused", std::vector<std::uint8_t>(3), 0x80000000u, 0x80000000u, 4, 1),
        PLX_ERR_LIMIT, "overflows");
    CHECK_THROWS(run.log_confusion_matrix("cm", {"a"}, {"a"}, {1.0},
                                          std::numeric_limits<std::size_t>::max(), 2, 1),
                 PLX_ERR_LIMIT, "rows * cols overflows");

    // The wrapper refuses what C would misread, before C reads anything.
    CHECK_THROWS(run.log_metric(std::string_view("lo\0ss", 5), 1.0, 0), PLX_ERR_INVALID_ARGUMENT,
                 "name holds a NUL byte at offset 2");
    CHECK_THROWS(run.log_metric("loss", 1.0, std::numeric_limits<std::int64_t>::min()),
                 PLX_ERR_INVALID_ARGUMENT, "plx::no_step");
    CHECK_THROWS(run.log_metrics({"a", "b"}, {1.0}, 0), PLX_ERR_SHAPE_MISMATCH,
                 "names holds 2 values but values holds 1");
    CHECK_THROWS(run.log_roc_curve("roc", {0.0, 1.0}, {0.0}, 0.5, 0), PLX_ERR_SHAPE_MISMATCH,
                 "fpr holds 2");
    CHECK_THROWS(run.log_curve("curve", {0.0}, {0.0, 1.0}, std::nullopt, 0), PLX_ERR_SHAPE_MISMATCH,
                 "x holds 1");
    CHECK_THROWS(run.log_histogram_counts("binned", {1.0, 2.0}, {0.0, 1.0}, 0),
                 PLX_ERR_SHAPE_MISMATCH, "edges holds 2");
    CHECK_THROWS(run.log_confusion_matrix("cm", {"a", "b"}, {"a", "b"}, {1.0, 2.0, 3.0}, 2, 2, 0),
                 PLX_ERR_SHAPE_MISMATCH, "rows * cols is 4");
    CHECK_THROWS(run.log_image("refused", std::vector<std::uint8_t>(8 * 8 * 3 - 1), 8, 8, 3, 1),
                 PLX_ERR_SHAPE_MISMATCH, "height * width * channels is 192");
    CHECK_THROWS(run.log_audio("refused", std::vector<float>(801), 2, 8000, 1),
                 PLX_ERR_SHAPE_MISMATCH, "frames of 2 channels");
    const char *const tags[] = {"fine", nullptr};
    CHECK_THROWS(run.log_tags(tags), PLX_ERR_NULL_ARGUMENT, "tags[1] is NULL");
    CHECK_THROWS(run.set_flush_interval(std::chrono::hours(24 * 365 * 200)),
                 PLX_ERR_INVALID_ARGUMENT, "32-bit");
    CHECK_THROWS(run.set_event_time(std::chrono::microseconds(PLX_TIME_NOW)),
                 PLX_ERR_INVALID_ARGUMENT, "reset_event_time");

    // Refused calls wrote nothing.
    run.flush();
    CHECK(!fs::exists(folder / "events/metric/loss.plx"));
    CHECK(!fs::exists(folder / "assets/image/refused_1.png"));
    CHECK(!fs::exists(folder / "events/curve"));
    CHECK(!contains(read_file(folder / "run.plx.json"), "\"fine\""));

    // A closed run: plx's own status and message, as from C.
    run.close();
    CHECK_THROWS(run.log_metric("loss", 1.0, 0), PLX_ERR_RUN_CLOSED, "is closed");
    CHECK_THROWS(run.uuid(), PLX_ERR_RUN_CLOSED, "is closed");
    CHECK_THROWS(run.flush(), PLX_ERR_RUN_CLOSED, "is closed");
    CHECK_THROWS(run.artifacts_path(), PLX_ERR_RUN_CLOSED, "is closed");

    // An empty Run holds handle 0, which C never accepts.
    const plx::Run empty;
    CHECK_THROWS(empty.log_metric("loss", 1.0, 0), PLX_ERR_INVALID_HANDLE, "handle 0");

    CHECK_THROWS(plx::Run::open(root, std::nullopt, "not-a-uuid"), PLX_ERR_INVALID_UUID,
                 "not-a-uuid");
    CHECK_THROWS(plx::Run::open(root, "a/b/c"), PLX_ERR_INVALID_ARGUMENT, "a/b/c");
    const plx::Run first = plx::Run::open(root, "acme/cpp-errors");
    CHECK_THROWS(plx::Run::open(root, "acme/cpp-errors", first.uuid()), PLX_ERR_ALREADY_OPEN,
                 "open already");
}

// Opens and closes a run from a destructor, which may run while an exception unwinds the stack.
struct RunInDestructor {
    std::string root;
    fs::path *folder;

    ~RunInDestructor()
    {
        plx::Run run;
        if (plx::Run::try_open(run, root, "acme/cpp-lifetime").ok()) {
            std::string path;
            if (run.try_artifacts_path(path).ok()) {
                *folder = path;
            }
        }
    }
};

std::string status_in(const fs::path &folder)
{
    const std::string json = read_file(folder / "run.plx.json");
    const std::string key = R"("status":")";
    const std::size_t at = json.find(key);
    if (at == std::string::npos) {
        return "<no status in " + (folder / "run.plx.json").string() + ">";
    }
    return json.substr(at + key.size(), json.find('"', at + key.size()) - at - key.size());
}

void check_lifetime(const fs::path &scratch)
{
    const std::string root = (scratch / "offline").string();

    // The destructor closes the run, as succeeded.
    plx_run destroyed = 0;
    fs::path destroyed_folder;
    {
        const plx::Run run = plx::Run::open(root, "acme/cpp-lifetime");
        destroyed = run.handle();
        destroyed_folder = run.artifacts_path();
        run.log_metric("loss", 1.0, 0);
    }
    CHECK(plx_log_metric(destroyed, "loss", 2.0, 1) == PLX_ERR_RUN_CLOSED);
    CHECK(status_in(destroyed_folder) == "succeeded");
    CHECK(check::line_count(destroyed_folder / "events/metric/loss.plx") == 2);

    // Moves leave the source empty; assignment closes the run the target held.
    plx::Run a = plx::Run::open(root, "acme/cpp-lifetime");
    const plx_run a_handle = a.handle();
    plx::Run b(std::move(a));
    CHECK(a.handle() == 0 && !a.is_open());
    CHECK(b.handle() == a_handle && b.is_open());
    CHECK_THROWS(a.log_metric("loss", 1.0, 0), PLX_ERR_INVALID_HANDLE, "handle 0");
    a.close();
    plx::Run c = plx::Run::open(root, "acme/cpp-lifetime");
    const plx_run c_handle = c.handle();
    const fs::path c_folder = c.artifacts_path();
    c = std::move(b);
    CHECK(c.handle() == a_handle && b.handle() == 0);
    CHECK(plx_run_flush(c_handle) == PLX_ERR_RUN_CLOSED);
    CHECK(status_in(c_folder) == "succeeded");
    plx::Run &same = c;
    c = std::move(same);
    CHECK(c.is_open() && c.handle() == a_handle);

    // Close is explicit and idempotent; the retired handle stays for C to refuse.
    c.close();
    c.close();
    CHECK_OK(c.try_close());
    CHECK(!c.is_open() && c.handle() == a_handle);
    CHECK_THROWS(c.log_metric("loss", 1.0, 0), PLX_ERR_RUN_CLOSED, "is closed");
    CHECK(c.release() == 0 && c.handle() == 0);

    // release gives the open run away; adopt takes one back and closes it.
    plx::Run d = plx::Run::open(root, "acme/cpp-lifetime");
    const plx_run released = d.release();
    CHECK(released != 0 && d.handle() == 0);
    CHECK(plx_log_metric(released, "loss", 1.0, 0) == PLX_OK);
    {
        const plx::Run adopted = plx::Run::adopt(released);
        CHECK(adopted.handle() == released && adopted.is_open());
    }
    CHECK(plx_run_flush(released) == PLX_ERR_RUN_CLOSED);
    CHECK(plx::Run::adopt(0).handle() == 0);

    // An exception that leaves the run's scope closes it as failed.
    fs::path unwound_folder;
    try {
        const plx::Run run = plx::Run::open(root, "acme/cpp-lifetime");
        unwound_folder = run.artifacts_path();
        throw std::runtime_error("simulated crash");
    } catch (const std::runtime_error &) {
    }
    CHECK(status_in(unwound_folder) == "failed");
    CHECK(contains(read_file(unwound_folder / "run.plx.json"), "by an exception"));

    // A run opened and closed inside a destructor during unwinding did not fail.
    fs::path destructor_folder;
    try {
        const RunInDestructor guard{root, &destructor_folder};
        throw std::runtime_error("unwinds through the guard");
    } catch (const std::runtime_error &) {
    }
    CHECK(!destructor_folder.empty());
    CHECK(status_in(destructor_folder) == "succeeded");

    // A final status given by the program is kept at close.
    fs::path stopped_folder;
    {
        const plx::Run run = plx::Run::open(root, "acme/cpp-lifetime");
        stopped_folder = run.artifacts_path();
        run.log_final_status(plx::FinalStatus::stopped, "stopped by test_wrapper");
        CHECK_THROWS(run.log_final_status(plx::FinalStatus::failed), PLX_ERR_ALREADY_FINISHED, "");
        run.log_metric("after", 1.0, 0);
    }
    CHECK(status_in(stopped_folder) == "stopped");
    CHECK(contains(read_file(stopped_folder / "run.plx.json"), "stopped by test_wrapper"));
}

// Several threads log into one Run through a const reference; each failure carries the message
// of its own thread's call.
void check_threads(const fs::path &scratch)
{
    constexpr int thread_count = 4;
    constexpr int rows = 200;
    plx::Run owner = plx::Run::open((scratch / "offline").string(), "acme/cpp-threads");
    const plx::Run &run = owner;
    const fs::path folder = run.artifacts_path();

    std::array<int, thread_count> wrong{};
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&run, &wrong, t] {
            const std::string name = "thread/" + std::to_string(t);
            const std::string escape = "../thread-" + std::to_string(t);
            for (int i = 0; i < rows; ++i) {
                std::string path;
                const plx::Status logged = run.try_log_metric(name, i, i);
                const plx::Status refused = run.try_artifacts_path(path, escape);
                if (!logged.ok() || refused.code() != PLX_ERR_PATH_ESCAPE ||
                    !contains(refused.message(), "'" + escape + "'")) {
                    ++wrong[static_cast<std::size_t>(t)];
                }
            }
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    owner.close();

    for (int t = 0; t < thread_count; ++t) {
        CHECK(wrong[static_cast<std::size_t>(t)] == 0);
        const fs::path events =
            folder / "events/metric" / ("thread__" + std::to_string(t) + ".plx");
        CHECK(check::line_count(events) == rows + 1);
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <scratch folder>\n", argv[0]);
        return 2;
    }
    const fs::path scratch = fs::absolute(argv[1]);
    fs::create_directories(scratch);

    check_versions_and_statuses();
    check_views();
    check_every_method(scratch / "every_method");
    check_errors(scratch / "errors");
    check_lifetime(scratch / "lifetime");
    check_threads(scratch / "threads");
    plx_cpp_test::noexcept_checks((scratch / "noexcept").string().c_str());

    std::puts("test_wrapper: all checks passed");
    return 0;
}
