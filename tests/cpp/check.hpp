// check.hpp: the checks of the C++ tests of plx.hpp, usable with and without exceptions. A failed
// check prints where it failed, what was checked and why (with the status, its text and its
// message), then ends the program with exit code 1.
#ifndef PLX_TEST_CHECK_HPP
#define PLX_TEST_CHECK_HPP

#include "plx.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace check {

[[noreturn]] inline void fail(const char *file, int line, const char *what, const std::string &why)
{
    std::fprintf(stderr, "%s:%d: check failed: %s\n  why: %s\n", file, line, what, why.c_str());
    std::exit(1);
}

inline std::string describe(plx_status code, const std::string &message)
{
    return "status " + std::to_string(code) + " (" + plx::status_text(code) + "), message \"" +
           message + "\"";
}

// A call gave `code` and `message`; it should have given `want`, and a failure should explain
// itself with a message that contains `needle`.
inline void outcome(const char *file, int line, const char *what, plx_status code,
                    const std::string &message, plx_status want, std::string_view needle)
{
    if (code != want) {
        fail(file, line, what,
             "got " + describe(code, message) + ", want status " + std::to_string(want) + " (" +
                 plx::status_text(want) + ")");
    }
    if (want == PLX_OK) {
        if (!message.empty()) {
            fail(file, line, what, "a success carries the message \"" + message + "\"");
        }
        return;
    }
    if (message.empty()) {
        fail(file, line, what, "the failure has no message");
    }
    if (message.find(needle) == std::string::npos) {
        fail(file, line, what,
             "the message \"" + message + "\" does not mention \"" + std::string(needle) + "\"");
    }
}

inline void status(const char *file, int line, const char *what, const plx::Status &got,
                   plx_status want, std::string_view needle)
{
    outcome(file, line, what, got.code(), got.message(), want, needle);
}

#if PLX_CPP_EXCEPTIONS
template <class Call>
void throws(const char *file, int line, const char *what, Call call, plx_status want,
            std::string_view needle)
{
    try {
        call();
    } catch (const plx::Error &error) {
        outcome(file, line, what, error.status(), error.what(), want, needle);
        return;
    } catch (const std::exception &error) {
        fail(file, line, what, std::string("threw another exception: ") + error.what());
    }
    fail(file, line, what, "threw nothing");
}
#endif

// Whether a Run type has the throwing API (detected through log_metric).
template <class Run, class = void>
struct has_throwing_api : std::false_type {};
template <class Run>
struct has_throwing_api<Run,
                        std::void_t<decltype(std::declval<const Run &>().log_metric("m", 1.0, 0))>>
    : std::true_type {};

// The whole file, or an empty string when it cannot be read.
inline std::string read_file(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline bool contains(std::string_view text, std::string_view needle)
{
    return text.find(needle) != std::string_view::npos;
}

// The number of lines of a file, the last one counted whether or not a newline ends it (event
// files have none after their last row): the header plus the rows, for an event file.
/* The non-empty lines of a file: a CSV header and its rows, without the empty lines plx pads
   with so that no row crosses a 4 KiB boundary. */
inline std::size_t line_count(const std::filesystem::path &path)
{
    const std::string text = read_file(path);
    std::size_t lines = 0;
    bool in_line = false;
    for (const char c : text) {
        if (c == '\n') {
            in_line = false;
        } else if (!in_line) {
            in_line = true;
            ++lines;
        }
    }
    return lines;
}

inline void write_file(const std::filesystem::path &path, std::string_view bytes)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        fail(__FILE__, __LINE__, "write_file", "cannot write " + path.string());
    }
}

} // namespace check

/// A condition holds.
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            check::fail(__FILE__, __LINE__, #cond, "the condition is false");                      \
        }                                                                                          \
    } while (0)

/// A plx::Status is a success with no message.
#define CHECK_OK(expr) check::status(__FILE__, __LINE__, #expr, (expr), PLX_OK, "")

/// A plx::Status is the failure `want` with a message that contains `needle` ("" for any text).
#define CHECK_STATUS(expr, want, needle)                                                           \
    check::status(__FILE__, __LINE__, #expr, (expr), (want), (needle))

#if PLX_CPP_EXCEPTIONS
/// An expression throws plx::Error with status `want` and a what() that contains `needle`.
#define CHECK_THROWS(expr, want, needle)                                                           \
    check::throws(__FILE__, __LINE__, #expr, [&] { (void)(expr); }, (want), (needle))
#endif

#endif // PLX_TEST_CHECK_HPP
