// plx.hpp: a header-only C++17 wrapper over plx.h, the C API of plx (Polyaxon run tracking for
// native code). Include this header and link libplx, as for plx.h.
//
// What it gives:
// - plx::Run, a move-only owner of one run that closes it when destroyed. Its methods mirror the
//   C functions one to one, with the same names (plx_log_metric becomes run.log_metric) and the
//   same argument order, minus the handle and the counts that a container already knows.
// - Two ways to learn of a failure, for every call. The throwing API (run.log_metric) throws
//   plx::Error; its noexcept twin (run.try_log_metric) returns a [[nodiscard]] plx::Status.
//   Both carry the plx_status code and the message that plx_last_error_message gave right after
//   the failing call, on the calling thread. A translation unit compiled without exceptions
//   (__cpp_exceptions undefined, as with -fno-exceptions) sees only the noexcept API.
//
// Conventions of the wrapper:
// - Strings are std::string_view and are copied to NUL-terminated strings for the C API. A view
//   with a NUL byte inside is refused with PLX_ERR_INVALID_ARGUMENT, since C would silently cut
//   it there. Where C accepts NULL for a string, the argument is std::optional<std::string_view>
//   and std::nullopt stands for NULL; a trailing one defaults to std::nullopt. A view must not
//   be built from a null `const char*` (that is undefined behaviour in std::string_view itself).
// - Arrays are plx::span<const T>, built from any contiguous container with data() and size()
//   (std::vector, std::array, a C array, another span), from a pointer and a count, or from a
//   braced list. Lists of strings are plx::string_span, built the same way from containers of
//   std::string, std::string_view or `const char*`. Counts come from the spans; when two spans
//   must agree, or a span must hold rows * cols cells (images, confusion matrices), a
//   disagreement is refused with PLX_ERR_SHAPE_MISMATCH before C reads anything.
// - Steps are plx::Step, a std::optional<std::int64_t>: a number, or plx::no_step (which is
//   std::nullopt) for an event without a step. INT64_MIN, which C reserves for "no step", is
//   refused with PLX_ERR_INVALID_ARGUMENT rather than silently meaning no step.
// - JSON arguments are std::string_view holding JSON text; plx parses them.
// - Out-of-memory: the throwing API lets std::bad_alloc through; in the noexcept API it ends the
//   program (std::terminate), as allocation failure does anyway without exceptions.
//
// Threads: the C API may be called from any thread, also on the same run at once, and so may
// every const member of plx::Run. close(), release(), assignment and destruction change the
// Run object itself and must not race with other calls on the same object. Error messages are
// per thread: a Status or Error always holds the message of its own call.
//
// Translation units built with and without exceptions may be linked into one program: Run lives
// in an inline namespace named after the mode (plx::exceptions_on or plx::exceptions_off), so
// the two definitions never collide, and both are spelled plx::Run in source. As in any program
// that mixes the two builds, inline code they share (std::string's, for one) may end the program
// on an allocation failure instead of throwing std::bad_alloc.
#ifndef PLX_HPP
#define PLX_HPP

#include "plx.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// 1 when the throwing API is available: exceptions are on and the user did not turn it off by
// defining PLX_CPP_EXCEPTIONS to 0 before including this header.
#ifndef PLX_CPP_EXCEPTIONS
#if defined(__cpp_exceptions)
#define PLX_CPP_EXCEPTIONS 1
#else
#define PLX_CPP_EXCEPTIONS 0
#endif
#endif

#if PLX_CPP_EXCEPTIONS
#define PLX_CPP_MODE_NAMESPACE exceptions_on
#else
#define PLX_CPP_MODE_NAMESPACE exceptions_off
#endif

namespace plx {

// ---------------------------------------------------------------------------------------------
// Versions

/// The version of plx.h this code was compiled against, as major * 10000 + minor * 100 + patch
/// (PLX_VERSION_NUMBER). A constant, so `static_assert(plx::header_version >= 100)` works.
inline constexpr std::uint32_t header_version = PLX_VERSION_NUMBER;

/// The major version of plx.h (PLX_VERSION_MAJOR).
inline constexpr std::uint32_t header_version_major = PLX_VERSION_MAJOR;

/// The minor version of plx.h (PLX_VERSION_MINOR).
inline constexpr std::uint32_t header_version_minor = PLX_VERSION_MINOR;

/// The patch version of plx.h (PLX_VERSION_PATCH).
inline constexpr std::uint32_t header_version_patch = PLX_VERSION_PATCH;

/// The version of plx.h as text, "major.minor.patch" (PLX_VERSION_STRING).
inline constexpr std::string_view header_version_string = PLX_VERSION_STRING;

/// The version of the libplx that is linked, in the form of header_version
/// (plx_version_number). Never fails; any thread.
[[nodiscard]] inline std::uint32_t version() noexcept
{
    return plx_version_number();
}

/// Whether a library of version `library` serves a header of version `header` (both in the form
/// of header_version): the same major version, and before 1.0 the same minor version too, since
/// minor versions may break the ABI until then; from 1.0 on, a library at least as new.
[[nodiscard]] constexpr bool versions_compatible(std::uint32_t header,
                                                 std::uint32_t library) noexcept
{
    const std::uint32_t header_major = header / 10000;
    const std::uint32_t library_major = library / 10000;
    const std::uint32_t header_minor = header / 100 % 100;
    const std::uint32_t library_minor = library / 100 % 100;
    if (header_major != library_major) {
        return false;
    }
    if (header_major == 0) {
        return header_minor == library_minor;
    }
    return library >= header;
}

/// Whether the linked library serves this header: versions_compatible(header_version,
/// version()). Never fails; any thread.
[[nodiscard]] inline bool library_compatible() noexcept
{
    return versions_compatible(header_version, version());
}

// ---------------------------------------------------------------------------------------------
// Steps and statuses

/// The step of an event: a number, or plx::no_step (std::nullopt) for an event without one.
using Step = std::optional<std::int64_t>;

/// The step to pass for an event without a step; it is written as an empty step cell.
inline constexpr std::nullopt_t no_step = std::nullopt;

/// The final status a run can be given before it is closed (plx_log_final_status).
enum class FinalStatus : std::int32_t {
    succeeded = PLX_FINAL_SUCCEEDED, ///< The run succeeded (what close records by default).
    failed = PLX_FINAL_FAILED,       ///< The run failed.
    stopped = PLX_FINAL_STOPPED,     ///< The run was stopped.
};

/// The static text of a status code (plx_status_str): never NULL, not to be freed; unknown
/// codes give "unknown status code". Never fails; any thread.
[[nodiscard]] inline const char *status_text(plx_status code) noexcept
{
    return plx_status_str(code);
}

/// The outcome of a call of the noexcept API: a plx_status code and, for a failure, the message
/// that explains it. Discarding a returned Status is a compiler warning.
class [[nodiscard]] Status
{
public:
    /// A success: code PLX_OK and an empty message.
    Status() noexcept = default;

    /// A status with the given code and message.
    Status(plx_status code, std::string message) noexcept
        : code_(code), message_(std::move(message))
    {}

    /// Whether the call succeeded (the code is PLX_OK).
    [[nodiscard]] bool ok() const noexcept
    {
        return code_ == PLX_OK;
    }

    /// The status code: PLX_OK or one of the PLX_ERR_* codes of plx.h.
    [[nodiscard]] plx_status code() const noexcept
    {
        return code_;
    }

    /// The message of a failure: plx's own text, read with plx_last_error_message right after
    /// the failing call, or the wrapper's when it refused an argument before calling C. Empty
    /// for a success.
    [[nodiscard]] const std::string &message() const noexcept
    {
        return message_;
    }

    /// The static text of the code (plx_status_str), for instance "the run is closed".
    [[nodiscard]] const char *code_text() const noexcept
    {
        return plx_status_str(code_);
    }

private:
    plx_status code_ = PLX_OK;
    std::string message_;
};

namespace detail {

// Reads a string with the string-out protocol of plx.h. `call(buf, buf_len, out_len)` is one of
// the C getters. Most texts fit the first buffer, which saves a size query; a longer one is
// read again into a buffer of the size the first call reported.
template <class Call>
plx_status read_string(Call call, std::string &out)
{
    std::string text(256, '\0');
    std::size_t needed = 0;
    plx_status code = call(text.data(), text.size(), &needed);
    // The texts plx gives do not change between two calls on one thread, so a second try is
    // enough; the bound only guards against a library that breaks that promise.
    for (int attempt = 0; code == PLX_ERR_BUFFER_TOO_SMALL && attempt < 2; ++attempt) {
        text.assign(needed + 1, '\0');
        code = call(text.data(), text.size(), &needed);
    }
    if (code == PLX_OK) {
        text.resize(needed);
        out = std::move(text);
    }
    return code;
}

// The Status of a C call that returned `code`, with this thread's last error message. Called
// right after the call, before any other plx function can clear the message.
inline Status status_of_call(plx_status code)
{
    if (code == PLX_OK) {
        return Status();
    }
    std::string message;
    const plx_status read = read_string(plx_last_error_message, message);
    if (read != PLX_OK || message.empty()) {
        message = plx_status_str(code);
    }
    return Status(code, std::move(message));
}

} // namespace detail

/// The Status of a plx_status that a plx.h function returned just now on this thread, with the
/// message of plx_last_error_message when it is a failure; for mixing raw C calls with the
/// wrapper. Call it before any other plx function, which would clear the message.
[[nodiscard]] inline Status status_of(plx_status code) noexcept
{
    return detail::status_of_call(code);
}

/// This thread's last error message (plx_last_error_message): empty after a successful call.
/// Never fails; the message stays in place for later readers.
[[nodiscard]] inline std::string last_error_message()
{
    std::string message;
    const plx_status code = detail::read_string(plx_last_error_message, message);
    return code == PLX_OK ? message : std::string();
}

#if PLX_CPP_EXCEPTIONS

/// The exception of the throwing API: the status code of the failed call and its message.
/// Copying an Error never throws (the message is shared).
class Error : public std::exception
{
public:
    /// An error from a failed Status.
    explicit Error(const Status &status)
        : status_(status.code()), message_(std::make_shared<const std::string>(status.message()))
    {}

    /// The status code: one of the PLX_ERR_* codes of plx.h.
    [[nodiscard]] plx_status status() const noexcept
    {
        return status_;
    }

    /// The static text of the status code (plx_status_str).
    [[nodiscard]] const char *status_text() const noexcept
    {
        return plx_status_str(status_);
    }

    /// The message: plx's own (from plx_last_error_message, read right after the failed call on
    /// the thread that made it) or the wrapper's for an argument it refused.
    [[nodiscard]] const char *what() const noexcept override
    {
        return message_->c_str();
    }

private:
    plx_status status_;
    std::shared_ptr<const std::string> message_;
};

/// Throws plx::Error when `status` is a failure; does nothing for a success.
inline void throw_if_error(const Status &status)
{
    if (!status.ok()) {
        throw Error(status);
    }
}

/// Throws plx::Error when a plx.h function returned a failure just now on this thread (see
/// status_of); for raw C calls in code that uses the throwing API.
inline void check(plx_status code)
{
    throw_if_error(detail::status_of_call(code));
}

#endif // PLX_CPP_EXCEPTIONS

// ---------------------------------------------------------------------------------------------
// Views of arrays and of lists of strings

/// A view of `size()` contiguous values of type T that the caller owns, like C++20's std::span.
/// It is built implicitly from any container with data() and size() whose elements convert to
/// T (std::vector, std::array, C arrays, std::string for span<const char>), from a pointer and
/// a count, or, for span<const U>, from a braced list such as {0.0, 0.5, 1.0}. A span does not
/// own what it shows: keep the values alive while it is used (a span built from a braced list
/// is only good as a function argument).
template <class T>
class span
{
public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;
    using size_type = std::size_t;
    using pointer = T *;
    using iterator = T *;

    /// An empty view.
    constexpr span() noexcept = default;

    /// A view of `size` values from `data` (which may be NULL only when `size` is 0).
    constexpr span(T *data, std::size_t size) noexcept : data_(data), size_(size)
    {}

    /// A view of a container's values.
    template <
        class Container,
        class Element = std::remove_pointer_t<decltype(std::data(std::declval<Container &>()))>,
        class = decltype(std::size(std::declval<Container &>())),
        class = std::enable_if_t<
            !std::is_same_v<std::remove_cv_t<std::remove_reference_t<Container>>, span> &&
            std::is_convertible_v<Element (*)[], T (*)[]>>>
    constexpr span(Container &&container) noexcept
        : data_(std::data(container)), size_(std::size(container))
    {}

    // GCC warns about any view kept of a braced list; as a function argument the list's values
    // live until the end of the full expression that holds the call, which is all a span needs.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
    /// A view of a braced list's values, for a span<const U> passed as a function argument.
    template <class U = T, class = std::enable_if_t<std::is_const_v<U>>>
    constexpr span(std::initializer_list<value_type> list) noexcept
        : data_(list.begin()), size_(list.size())
    {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

    /// The first value (NULL for an empty view built so).
    [[nodiscard]] constexpr T *data() const noexcept
    {
        return data_;
    }

    /// The number of values.
    [[nodiscard]] constexpr std::size_t size() const noexcept
    {
        return size_;
    }

    /// Whether the view has no value.
    [[nodiscard]] constexpr bool empty() const noexcept
    {
        return size_ == 0;
    }

    /// The value at `index` (< size(), unchecked).
    [[nodiscard]] constexpr T &operator[](std::size_t index) const noexcept
    {
        return data_[index];
    }

    /// The first value, for range-for.
    [[nodiscard]] constexpr T *begin() const noexcept
    {
        return data_;
    }

    /// Past the last value, for range-for.
    [[nodiscard]] constexpr T *end() const noexcept
    {
        return data_ + size_;
    }

private:
    T *data_ = nullptr;
    std::size_t size_ = 0;
};

/// A view of a list of strings that the caller owns: metric names, tags, labels. It is built
/// implicitly from any container with data() and size() whose elements convert to
/// std::string_view (std::vector<std::string>, std::array<const char *, N>, a C array of
/// `const char *`, std::vector<std::string_view>...) or from a braced list such as
/// {"train", "gpu"}. A NULL `const char *` element is refused with PLX_ERR_NULL_ARGUMENT when
/// the list is used. Keep the strings alive while the view is used.
class string_span
{
public:
    /// An empty list.
    string_span() noexcept = default;

    /// A view of a container's strings.
    template <class Container,
              class Element = std::remove_cv_t<
                  std::remove_pointer_t<decltype(std::data(std::declval<const Container &>()))>>,
              class = decltype(std::size(std::declval<const Container &>())),
              class = std::enable_if_t<!std::is_same_v<Container, string_span> &&
                                       std::is_convertible_v<const Element &, std::string_view>>>
    string_span(const Container &container) noexcept
        : data_(std::data(container)), size_(std::size(container)), at_(&element_at<Element>)
    {}

    /// A view of a braced list's strings, for a string_span passed as a function argument.
    string_span(std::initializer_list<std::string_view> list) noexcept
        : data_(list.begin()), size_(list.size()), at_(&element_at<std::string_view>)
    {}

    /// The number of strings.
    [[nodiscard]] std::size_t size() const noexcept
    {
        return size_;
    }

    /// Whether the list has no string.
    [[nodiscard]] bool empty() const noexcept
    {
        return size_ == 0;
    }

    /// The string at `index` (< size(), unchecked), or std::nullopt for a NULL `const char *`.
    [[nodiscard]] std::optional<std::string_view> at(std::size_t index) const noexcept
    {
        return at_(data_, index);
    }

private:
    template <class Element>
    static std::optional<std::string_view> element_at(const void *data, std::size_t index) noexcept
    {
        const Element &element = static_cast<const Element *>(data)[index];
        if constexpr (std::is_pointer_v<Element>) {
            if (element == nullptr) {
                return std::nullopt;
            }
        }
        return std::string_view(element);
    }

    const void *data_ = nullptr;
    std::size_t size_ = 0;
    std::optional<std::string_view> (*at_)(const void *, std::size_t) = nullptr;
};

/// One value of a batch of metrics logged at one step and one time (Run::log_metrics).
struct Metric {
    std::string_view name; ///< The metric's name, as for Run::log_metric.
    double value;          ///< Its value; any double, NaN and infinities included.
};

namespace detail {

// The C arguments of one call, converted from the wrapper's. The first refused argument is
// kept as the call's status; later conversions are skipped and the C function is not called.
class Args
{
public:
    // A NUL-terminated copy of `value`, or NULL once an argument was refused.
    const char *c_str(std::string_view value, const char *what)
    {
        if (!status_.ok()) {
            return nullptr;
        }
        if (used_ == texts_.size()) {
            refuse(PLX_ERR_INTERNAL, "plx.hpp: a call has more string arguments than it keeps");
            return nullptr;
        }
        if (!check_no_nul(value, what)) {
            return nullptr;
        }
        std::string &copy = texts_[used_++];
        copy.assign(value.data(), value.size());
        return copy.c_str();
    }

    // As c_str(), with NULL for std::nullopt.
    const char *optional_c_str(const std::optional<std::string_view> &value, const char *what)
    {
        return value ? c_str(*value, what) : nullptr;
    }

    // An array of NUL-terminated copies of the list's strings (NULL for an empty list).
    const char *const *c_strings(const string_span &list, const char *what)
    {
        if (!status_.ok() || list.empty()) {
            return nullptr;
        }
        if (lists_used_ == lists_.size()) {
            refuse(PLX_ERR_INTERNAL, "plx.hpp: a call has more string lists than it keeps");
            return nullptr;
        }
        List &list_copy = lists_[lists_used_++];
        list_copy.texts.reserve(list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::optional<std::string_view> element = list.at(i);
            const std::string element_what = std::string(what) + "[" + std::to_string(i) + "]";
            if (!element) {
                refuse(PLX_ERR_NULL_ARGUMENT, element_what + " is NULL");
                return nullptr;
            }
            if (!check_no_nul(*element, element_what.c_str())) {
                return nullptr;
            }
            list_copy.texts.emplace_back(*element);
        }
        // Taken only now: adding strings could have moved the short ones held inline.
        list_copy.pointers.reserve(list.size());
        for (const std::string &text : list_copy.texts) {
            list_copy.pointers.push_back(text.c_str());
        }
        return list_copy.pointers.data();
    }

    // The C step of a wrapper step.
    std::int64_t step(const Step &step)
    {
        if (!step) {
            return PLX_NO_STEP;
        }
        if (*step == PLX_NO_STEP) {
            refuse(PLX_ERR_INVALID_ARGUMENT,
                   "step is INT64_MIN, which plx reserves for an event without a step; pass "
                   "plx::no_step for that");
        }
        return *step;
    }

    // Refuses arrays that must have the same length but do not.
    void same_size(std::size_t first, const char *first_what, std::size_t second,
                   const char *second_what)
    {
        if (status_.ok() && first != second) {
            refuse(PLX_ERR_SHAPE_MISMATCH, std::string(first_what) + " holds " +
                                               std::to_string(first) + " values but " +
                                               second_what + " holds " + std::to_string(second));
        }
    }

    // Refuses an array whose length is not the product of `dims`, when that product is known:
    // a zero or overflowing product is left to C, which refuses it before reading the array.
    void holds_product(std::size_t size, const char *what, std::initializer_list<std::size_t> dims,
                       const char *dims_text)
    {
        std::size_t product = 1;
        for (const std::size_t dim : dims) {
            if (dim == 0 || product > std::numeric_limits<std::size_t>::max() / dim) {
                return;
            }
            product *= dim;
        }
        if (status_.ok() && size != product) {
            refuse(PLX_ERR_SHAPE_MISMATCH, std::string(what) + " holds " + std::to_string(size) +
                                               " values but " + dims_text + " is " +
                                               std::to_string(product));
        }
    }

    // Records a refusal of the wrapper's own.
    void refuse(plx_status code, std::string message)
    {
        if (status_.ok()) {
            status_ = Status(code, std::move(message));
        }
    }

    // The status of the call: the refusal, or what `c_call()` returns with its message.
    template <class CCall>
    Status call(CCall &&c_call)
    {
        if (!status_.ok()) {
            return std::move(status_);
        }
        return status_of_call(c_call());
    }

private:
    struct List {
        std::vector<std::string> texts;
        std::vector<const char *> pointers;
    };

    bool check_no_nul(std::string_view text, const char *what)
    {
        const std::size_t nul = text.find('\0');
        if (nul == std::string_view::npos) {
            return true;
        }
        refuse(PLX_ERR_INVALID_ARGUMENT, std::string(what) + " holds a NUL byte at offset " +
                                             std::to_string(nul) +
                                             "; the C API would read the string as ending there");
        return false;
    }

    // The most string arguments and string lists one C function takes.
    std::array<std::string, 4> texts_;
    std::size_t used_ = 0;
    std::array<List, 2> lists_;
    std::size_t lists_used_ = 0;
    Status status_;
};

// The calls behind Run's methods, one per C function: each converts its arguments, calls C and
// returns the Status. They may throw only std::bad_alloc.

inline Status run_open(std::optional<std::string_view> root,
                       std::optional<std::string_view> project,
                       std::optional<std::string_view> uuid, plx_run &out)
{
    Args args;
    const char *c_root = args.optional_c_str(root, "root");
    const char *c_project = args.optional_c_str(project, "project");
    const char *c_uuid = args.optional_c_str(uuid, "uuid");
    return args.call([&] { return plx_run_open(c_root, c_project, c_uuid, &out); });
}

inline Status run_uuid(plx_run run, std::string &out)
{
    const auto c_uuid = [run](char *buf, std::size_t len, std::size_t *out_len) {
        return plx_run_uuid(run, buf, len, out_len);
    };
    return status_of_call(read_string(c_uuid, out));
}

template <class CPath>
Status run_path(CPath c_path, plx_run run, std::string_view rel, std::string &out)
{
    Args args;
    const char *c_rel = args.c_str(rel, "rel_path");
    std::string path;
    Status status = args.call([&] {
        return read_string(
            [&](char *buf, std::size_t len, std::size_t *out_len) {
                return c_path(run, c_rel, buf, len, out_len);
            },
            path);
    });
    if (status.ok()) {
        out = std::move(path);
    }
    return status;
}

inline Status set_flush_interval(plx_run run, std::chrono::milliseconds interval)
{
    const auto count = interval.count();
    if (count < 0 ||
        static_cast<std::uint64_t>(count) > std::numeric_limits<std::uint32_t>::max()) {
        return Status(PLX_ERR_INVALID_ARGUMENT,
                      "the flush interval is " + std::to_string(count) +
                          " ms, which does not fit the C API's 32-bit milliseconds");
    }
    return status_of_call(plx_run_set_flush_interval(run, static_cast<std::uint32_t>(count)));
}

inline Status set_event_time(plx_run run, std::int64_t unix_micros)
{
    if (unix_micros == PLX_TIME_NOW) {
        return Status(PLX_ERR_INVALID_ARGUMENT,
                      "the event time is INT64_MIN microseconds, which plx reserves for \"use the "
                      "clock\"; call reset_event_time for that");
    }
    return status_of_call(plx_run_set_event_time(run, unix_micros));
}

inline Status set_event_time(plx_run run, std::chrono::system_clock::time_point time)
{
    const auto since_epoch = std::chrono::floor<std::chrono::microseconds>(
        time - std::chrono::system_clock::time_point());
    return set_event_time(run, since_epoch.count());
}

inline Status log_metric(plx_run run, std::string_view name, double value, const Step &step)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    const std::int64_t c_step = args.step(step);
    return args.call([&] { return plx_log_metric(run, c_name, value, c_step); });
}

inline Status log_metrics(plx_run run, const string_span &names, span<const double> values,
                          const Step &step)
{
    Args args;
    args.same_size(names.size(), "names", values.size(), "values");
    const char *const *c_names = args.c_strings(names, "names");
    const std::int64_t c_step = args.step(step);
    return args.call(
        [&] { return plx_log_metrics(run, c_names, values.data(), values.size(), c_step); });
}

inline Status log_metrics(plx_run run, span<const Metric> metrics, const Step &step)
{
    std::vector<std::string_view> names;
    std::vector<double> values;
    names.reserve(metrics.size());
    values.reserve(metrics.size());
    for (const Metric &metric : metrics) {
        names.push_back(metric.name);
        values.push_back(metric.value);
    }
    return log_metrics(run, names, values, step);
}

template <class CLog>
Status log_text_like(CLog c_log, plx_run run, std::string_view name, std::string_view text,
                     const char *text_what, const Step &step)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    const char *c_text = args.c_str(text, text_what);
    const std::int64_t c_step = args.step(step);
    return args.call([&] { return c_log(run, c_name, c_text, c_step); });
}

inline Status log_histogram(plx_run run, std::string_view name, span<const double> values,
                            std::uint32_t bins, const Step &step)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    const std::int64_t c_step = args.step(step);
    return args.call(
        [&] { return plx_log_histogram(run, c_name, values.data(), values.size(), bins, c_step); });
}

inline Status log_histogram_counts(plx_run run, std::string_view name, span<const double> counts,
                                   span<const double> edges, const Step &step)
{
    Args args;
    // With no bin C refuses the call as empty before it looks at the edges.
    if (!counts.empty()) {
        args.same_size(edges.size(), "edges", counts.size() + 1, "counts plus one");
    }
    const char *c_name = args.c_str(name, "name");
    const std::int64_t c_step = args.step(step);
    return args.call([&] {
        return plx_log_histogram_counts(run, c_name, counts.data(), edges.data(), counts.size(),
                                        c_step);
    });
}

template <class CLog>
Status log_scored_curve(CLog c_log, plx_run run, std::string_view name, span<const double> x,
                        const char *x_what, span<const double> y, const char *y_what,
                        std::optional<double> score, const Step &step)
{
    Args args;
    args.same_size(x.size(), x_what, y.size(), y_what);
    const char *c_name = args.c_str(name, "name");
    const std::int64_t c_step = args.step(step);
    const double c_score = score.value_or(std::numeric_limits<double>::quiet_NaN());
    return args.call(
        [&] { return c_log(run, c_name, x.data(), y.data(), x.size(), c_score, c_step); });
}

inline Status log_curve(plx_run run, std::string_view name, span<const double> x,
                        span<const double> y, std::optional<std::string_view> annotation,
                        const Step &step)
{
    Args args;
    args.same_size(x.size(), "x", y.size(), "y");
    const char *c_name = args.c_str(name, "name");
    const char *c_annotation = args.optional_c_str(annotation, "annotation");
    const std::int64_t c_step = args.step(step);
    return args.call([&] {
        return plx_log_curve(run, c_name, x.data(), y.data(), x.size(), c_annotation, c_step);
    });
}

inline Status log_confusion_matrix(plx_run run, std::string_view name, const string_span &x_labels,
                                   const string_span &y_labels, span<const double> z,
                                   std::size_t rows, std::size_t cols, const Step &step)
{
    Args args;
    args.holds_product(z.size(), "z", {rows, cols}, "rows * cols");
    const char *c_name = args.c_str(name, "name");
    const char *const *c_x = args.c_strings(x_labels, "x_labels");
    const char *const *c_y = args.c_strings(y_labels, "y_labels");
    const std::int64_t c_step = args.step(step);
    return args.call([&] {
        return plx_log_confusion_matrix(run, c_name, c_x, x_labels.size(), c_y, y_labels.size(),
                                        z.data(), rows, cols, c_step);
    });
}

inline Status log_chart(plx_run run, std::string_view name,
                        std::optional<std::string_view> chart_kind, std::string_view figure_json,
                        const Step &step)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    const char *c_kind = args.optional_c_str(chart_kind, "chart_kind");
    const char *c_figure = args.c_str(figure_json, "figure_json");
    const std::int64_t c_step = args.step(step);
    return args.call([&] { return plx_log_chart(run, c_name, c_kind, c_figure, c_step); });
}

template <class Pixel, class CLog>
Status log_pixels(CLog c_log, plx_run run, std::string_view name, span<const Pixel> pixels,
                  std::uint32_t height, std::uint32_t width, std::uint32_t channels,
                  const Step &step)
{
    Args args;
    args.holds_product(pixels.size(), "pixels", {height, width, channels},
                       "height * width * channels");
    const char *c_name = args.c_str(name, "name");
    const std::int64_t c_step = args.step(step);
    return args.call(
        [&] { return c_log(run, c_name, pixels.data(), height, width, channels, c_step); });
}

template <class Sample, class CLog>
Status log_samples(CLog c_log, plx_run run, std::string_view name, span<const Sample> samples,
                   std::uint32_t channels, std::uint32_t sample_rate, const Step &step)
{
    Args args;
    // With no channel C refuses the call before it reads a sample; the frame count is moot.
    const std::size_t frames = channels == 0 ? samples.size() : samples.size() / channels;
    if (channels != 0 && samples.size() % channels != 0) {
        args.refuse(PLX_ERR_SHAPE_MISMATCH, "samples holds " + std::to_string(samples.size()) +
                                                " values, not a whole number of frames of " +
                                                std::to_string(channels) + " channels");
    }
    const char *c_name = args.c_str(name, "name");
    const std::int64_t c_step = args.step(step);
    return args.call(
        [&] { return c_log(run, c_name, samples.data(), frames, channels, sample_rate, c_step); });
}

template <class CLog>
Status log_file(CLog c_log, plx_run run, std::optional<std::string_view> name,
                std::string_view path, const Step &step)
{
    Args args;
    const char *c_name = args.optional_c_str(name, "name");
    const char *c_path = args.c_str(path, "path");
    const std::int64_t c_step = args.step(step);
    return args.call([&] { return c_log(run, c_name, c_path, c_step); });
}

template <class CLog>
Status log_media_file(CLog c_log, plx_run run, std::optional<std::string_view> name,
                      std::string_view path, std::optional<std::string_view> content_type,
                      const Step &step)
{
    Args args;
    const char *c_name = args.optional_c_str(name, "name");
    const char *c_path = args.c_str(path, "path");
    const char *c_type = args.optional_c_str(content_type, "content_type");
    const std::int64_t c_step = args.step(step);
    return args.call([&] { return c_log(run, c_name, c_path, c_type, c_step); });
}

inline Status log_model(plx_run run, std::optional<std::string_view> name, std::string_view path,
                        std::optional<std::string_view> framework,
                        std::optional<std::string_view> spec_json, const Step &step)
{
    Args args;
    const char *c_name = args.optional_c_str(name, "name");
    const char *c_path = args.c_str(path, "path");
    const char *c_framework = args.optional_c_str(framework, "framework");
    const char *c_spec = args.optional_c_str(spec_json, "spec_json");
    const std::int64_t c_step = args.step(step);
    return args.call(
        [&] { return plx_log_model(run, c_name, c_path, c_framework, c_spec, c_step); });
}

inline Status log_artifact(plx_run run, std::optional<std::string_view> name, std::string_view path,
                           std::optional<std::string_view> kind, const Step &step)
{
    Args args;
    const char *c_name = args.optional_c_str(name, "name");
    const char *c_path = args.c_str(path, "path");
    const char *c_kind = args.optional_c_str(kind, "kind");
    const std::int64_t c_step = args.step(step);
    return args.call([&] { return plx_log_artifact(run, c_name, c_path, c_kind, c_step); });
}

inline Status log_dataframe_csv(plx_run run, std::string_view name, std::string_view csv_text,
                                const Step &step)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    const char *c_csv = args.c_str(csv_text, "csv_text");
    const std::int64_t c_step = args.step(step);
    return args.call([&] { return plx_log_dataframe_csv(run, c_name, c_csv, c_step); });
}

inline Status log_artifact_ref(plx_run run, std::string_view path,
                               std::optional<std::string_view> kind,
                               std::optional<std::string_view> name,
                               std::optional<std::string_view> summary_json, bool is_input)
{
    Args args;
    const char *c_path = args.c_str(path, "path");
    const char *c_kind = args.optional_c_str(kind, "kind");
    const char *c_name = args.optional_c_str(name, "name");
    const char *c_summary = args.optional_c_str(summary_json, "summary_json");
    return args.call(
        [&] { return plx_log_artifact_ref(run, c_path, c_kind, c_name, c_summary, is_input); });
}

inline Status log_model_ref(plx_run run, std::string_view path,
                            std::optional<std::string_view> name,
                            std::optional<std::string_view> framework,
                            std::optional<std::string_view> summary_json, bool is_input)
{
    Args args;
    const char *c_path = args.c_str(path, "path");
    const char *c_name = args.optional_c_str(name, "name");
    const char *c_framework = args.optional_c_str(framework, "framework");
    const char *c_summary = args.optional_c_str(summary_json, "summary_json");
    return args.call(
        [&] { return plx_log_model_ref(run, c_path, c_name, c_framework, c_summary, is_input); });
}

template <class CLog>
Status log_path_ref(CLog c_log, plx_run run, std::string_view path,
                    std::optional<std::string_view> name,
                    std::optional<std::string_view> summary_json, bool is_input)
{
    Args args;
    const char *c_path = args.c_str(path, "path");
    const char *c_name = args.optional_c_str(name, "name");
    const char *c_summary = args.optional_c_str(summary_json, "summary_json");
    return args.call([&] { return c_log(run, c_path, c_name, c_summary, is_input); });
}

inline Status log_data_ref(plx_run run, std::string_view name, std::optional<std::string_view> path,
                           std::optional<std::string_view> hash,
                           std::optional<std::string_view> summary_json, bool is_input)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    const char *c_path = args.optional_c_str(path, "path");
    const char *c_hash = args.optional_c_str(hash, "hash");
    const char *c_summary = args.optional_c_str(summary_json, "summary_json");
    return args.call(
        [&] { return plx_log_data_ref(run, c_name, c_path, c_hash, c_summary, is_input); });
}

inline Status log_code_ref(plx_run run, std::string_view commit,
                           std::optional<std::string_view> branch,
                           std::optional<std::string_view> url, bool is_dirty)
{
    Args args;
    const char *c_commit = args.c_str(commit, "commit");
    const char *c_branch = args.optional_c_str(branch, "branch");
    const char *c_url = args.optional_c_str(url, "url");
    return args.call([&] { return plx_log_code_ref(run, c_commit, c_branch, c_url, is_dirty); });
}

inline Status log_tensorboard_ref(plx_run run, std::string_view path,
                                  std::optional<std::string_view> name)
{
    Args args;
    const char *c_path = args.c_str(path, "path");
    const char *c_name = args.optional_c_str(name, "name");
    return args.call([&] { return plx_log_tensorboard_ref(run, c_path, c_name); });
}

// The calls that take one string (a JSON object, a name, a description).
template <class CLog>
Status with_text(CLog c_log, plx_run run, std::optional<std::string_view> text, const char *what)
{
    Args args;
    const char *c_text = args.optional_c_str(text, what);
    return args.call([&] { return c_log(run, c_text); });
}

template <class CLog>
Status named_number(CLog c_log, plx_run run, std::string_view name, double value)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    return args.call([&] { return c_log(run, c_name, value); });
}

template <class CLog>
Status named_text(CLog c_log, plx_run run, std::string_view name, std::string_view value)
{
    Args args;
    const char *c_name = args.c_str(name, "name");
    const char *c_value = args.c_str(value, "value");
    return args.call([&] { return c_log(run, c_name, c_value); });
}

inline Status log_tags(plx_run run, const string_span &tags)
{
    Args args;
    const char *const *c_tags = args.c_strings(tags, "tags");
    return args.call([&] { return plx_log_tags(run, c_tags, tags.size()); });
}

inline Status log_final_status(plx_run run, FinalStatus status,
                               std::optional<std::string_view> message)
{
    Args args;
    const char *c_message = args.optional_c_str(message, "message");
    return args.call(
        [&] { return plx_log_final_status(run, static_cast<std::int32_t>(status), c_message); });
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// Runs

inline namespace PLX_CPP_MODE_NAMESPACE {

/// One run, owned: a plx_run handle that is closed when the Run is destroyed.
///
/// A Run is open from Run::open (or try_open, or adopt) until close(), release() or its
/// destruction. It is move-only: a moved-from Run is empty (handle() is 0). A closed Run keeps
/// its retired handle, so a later call on it fails with PLX_ERR_RUN_CLOSED and plx's message,
/// as in C; a call on an empty Run fails with PLX_ERR_INVALID_HANDLE.
///
/// The destructor closes an open run and ignores the outcome; call close() to learn it. When
/// the destructor runs because an exception is leaving the Run object's scope (stack unwinding:
/// more exceptions in flight than when the object received its run), it first gives the run the
/// final status "failed", so that a run cut short by an exception is not recorded as succeeded.
///
/// Every method that logs has two forms: `log_x(...)` throws plx::Error on failure (only with
/// exceptions), and `try_log_x(...)` is noexcept and returns a plx::Status. The errors of each
/// are those of the C function it wraps (see plx.h), plus the wrapper's own refusals described
/// at the top of this header: a NUL byte in a string (PLX_ERR_INVALID_ARGUMENT), a step of
/// INT64_MIN (PLX_ERR_INVALID_ARGUMENT), arrays that disagree (PLX_ERR_SHAPE_MISMATCH). A
/// refused call writes nothing.
///
/// Threads: const members may run on several threads at once on the same Run; see the top of
/// this header.
class Run
{
public:
    /// An empty Run, holding no run.
    Run() noexcept = default;

    /// Takes ownership of a run opened with plx_run_open; it is closed as any other. `handle` 0
    /// gives an empty Run.
    [[nodiscard]] static Run adopt(plx_run handle) noexcept
    {
        return Run(handle);
    }

    Run(const Run &) = delete;
    Run &operator=(const Run &) = delete;

    /// Takes over `other`'s run; `other` is left empty.
    Run(Run &&other) noexcept
        : handle_(std::exchange(other.handle_, 0)), closed_(std::exchange(other.closed_, false)),
          unwinding_at_open_(std::uncaught_exceptions())
    {}

    /// Closes the run this Run holds (ignoring the outcome, as the destructor does), then takes
    /// over `other`'s run; `other` is left empty.
    Run &operator=(Run &&other) noexcept
    {
        if (this != &other) {
            close_quietly();
            handle_ = std::exchange(other.handle_, 0);
            closed_ = std::exchange(other.closed_, false);
            unwinding_at_open_ = std::uncaught_exceptions();
        }
        return *this;
    }

    /// Closes the run if it is open; see the class comment for the final status during stack
    /// unwinding. Never throws.
    ~Run()
    {
        close_quietly();
    }

    /// The handle (for the C API), or 0 for an empty Run. After close() it is the retired
    /// handle, which C refuses with PLX_ERR_RUN_CLOSED.
    [[nodiscard]] plx_run handle() const noexcept
    {
        return handle_;
    }

    /// Whether the Run holds a run that it has not closed.
    [[nodiscard]] bool is_open() const noexcept
    {
        return handle_ != 0 && !closed_;
    }

    /// Gives up ownership: returns the handle of the open run, which the caller must close with
    /// plx_run_close, and leaves the Run empty. Returns 0 when the Run was empty or closed.
    [[nodiscard]] plx_run release() noexcept
    {
        const plx_run handle = is_open() ? handle_ : 0;
        handle_ = 0;
        closed_ = false;
        return handle;
    }

    /// Opens a run (plx_run_open) into `out`, which is assigned only on success (closing the
    /// run it held before). std::nullopt arguments are C's NULL: the default root
    /// ($POLYAXON_OFFLINE_ROOT, else /tmp/plx/offline), project "default/default", and a new
    /// uuid; an existing uuid resumes that run. Errors: those of plx_run_open. Any thread.
    [[nodiscard]] static Status
    try_open(Run &out, std::optional<std::string_view> root = std::nullopt,
             std::optional<std::string_view> project = std::nullopt,
             std::optional<std::string_view> uuid = std::nullopt) noexcept
    {
        plx_run handle = 0;
        Status status = detail::run_open(root, project, uuid, handle);
        if (status.ok()) {
            out = Run(handle);
        }
        return status;
    }

    /// Closes the run (plx_run_close): writes every pending event, fsyncs, and writes
    /// run.plx.json and lineages.plx.json. Idempotent: closing a closed or empty Run does
    /// nothing and succeeds. The run is closed whatever the outcome; a failure (PLX_ERR_IO)
    /// means not everything could be written.
    [[nodiscard]] Status try_close() noexcept
    {
        return close_status();
    }

    /// Writes every event logged so far and the metadata files now (plx_run_flush).
    [[nodiscard]] Status try_flush() const noexcept
    {
        return detail::status_of_call(plx_run_flush(handle_));
    }

    /// Sets how often the background writer flushes (plx_run_set_flush_interval): 1 ms to one
    /// hour. An interval that does not fit C's 32-bit milliseconds is PLX_ERR_INVALID_ARGUMENT.
    [[nodiscard]] Status try_set_flush_interval(std::chrono::milliseconds interval) const noexcept
    {
        return detail::set_flush_interval(handle_, interval);
    }

    /// Gives every event logged from now on the time `unix_time` after the Unix epoch (UTC)
    /// instead of the clock's, for replayed or imported data (plx_run_set_event_time). Errors:
    /// PLX_ERR_INVALID_ARGUMENT outside the years 1 to 9999. The setting is the run's, shared by
    /// all threads.
    [[nodiscard]] Status try_set_event_time(std::chrono::microseconds unix_time) const noexcept
    {
        return detail::set_event_time(handle_, unix_time.count());
    }

    /// As try_set_event_time(microseconds), from a system_clock time, rounded down to the
    /// microsecond. system_clock counts from the Unix epoch on every platform plx supports.
    [[nodiscard]] Status
    try_set_event_time(std::chrono::system_clock::time_point time) const noexcept
    {
        return detail::set_event_time(handle_, time);
    }

    /// Gives events the clock's time again (plx_run_set_event_time with PLX_TIME_NOW).
    [[nodiscard]] Status try_reset_event_time() const noexcept
    {
        return detail::status_of_call(plx_run_set_event_time(handle_, PLX_TIME_NOW));
    }

    /// Writes the run's uuid (32 hex digits) into `out`, only on success (plx_run_uuid).
    [[nodiscard]] Status try_uuid(std::string &out) const noexcept
    {
        return detail::run_uuid(handle_, out);
    }

    /// Writes the absolute path of `rel` inside the run folder into `out`, only on success, and
    /// creates its parent folders (plx_artifacts_path); an empty `rel` gives the run folder.
    /// Errors: PLX_ERR_PATH_ESCAPE for an absolute `rel` or one with "..".
    [[nodiscard]] Status try_artifacts_path(std::string &out,
                                            std::string_view rel = {}) const noexcept
    {
        return detail::run_path(plx_artifacts_path, handle_, rel, out);
    }

    /// As try_artifacts_path, under the run's outputs/ folder (plx_outputs_path).
    [[nodiscard]] Status try_outputs_path(std::string &out,
                                          std::string_view rel = {}) const noexcept
    {
        return detail::run_path(plx_outputs_path, handle_, rel, out);
    }

    /// Logs a metric at `step` (plx_log_metric); `train/loss` is stored as `train__loss`.
    [[nodiscard]] Status try_log_metric(std::string_view name, double value,
                                        Step step) const noexcept
    {
        return detail::log_metric(handle_, name, value, step);
    }

    /// Logs `values[i]` as metric `names[i]`, all at one step and one time (plx_log_metrics);
    /// when any name is refused nothing is logged. Extra error: PLX_ERR_SHAPE_MISMATCH when
    /// the two lists differ in length.
    [[nodiscard]] Status try_log_metrics(const string_span &names, span<const double> values,
                                         Step step) const noexcept
    {
        return detail::log_metrics(handle_, names, values, step);
    }

    /// Logs a batch of metrics at one step and one time, for instance
    /// `{{"loss", 0.25}, {"accuracy", 0.9}}` (plx_log_metrics).
    [[nodiscard]] Status try_log_metrics(span<const Metric> metrics, Step step) const noexcept
    {
        return detail::log_metrics(handle_, metrics, step);
    }

    /// Logs a text, kept exactly (plx_log_text).
    [[nodiscard]] Status try_log_text(std::string_view name, std::string_view text,
                                      Step step) const noexcept
    {
        return detail::log_text_like(plx_log_text, handle_, name, text, "text", step);
    }

    /// Logs an HTML fragment (plx_log_html).
    [[nodiscard]] Status try_log_html(std::string_view name, std::string_view html,
                                      Step step) const noexcept
    {
        return detail::log_text_like(plx_log_html, handle_, name, html, "html", step);
    }

    /// Bins `values` into `bins` equal-width bins and logs the histogram (plx_log_histogram).
    [[nodiscard]] Status try_log_histogram(std::string_view name, span<const double> values,
                                           std::uint32_t bins, Step step) const noexcept
    {
        return detail::log_histogram(handle_, name, values, bins, step);
    }

    /// Logs a histogram already binned: `counts[i]` values between `edges[i]` and `edges[i+1]`
    /// (plx_log_histogram_counts). Extra error: PLX_ERR_SHAPE_MISMATCH unless `edges` holds
    /// one value more than `counts`.
    [[nodiscard]] Status try_log_histogram_counts(std::string_view name, span<const double> counts,
                                                  span<const double> edges,
                                                  Step step) const noexcept
    {
        return detail::log_histogram_counts(handle_, name, counts, edges, step);
    }

    /// Logs a ROC curve through (`fpr[i]`, `tpr[i]`) with its area `auc` (std::nullopt or NaN
    /// for none) (plx_log_roc_curve). Extra error: PLX_ERR_SHAPE_MISMATCH for lists of
    /// different lengths.
    [[nodiscard]] Status try_log_roc_curve(std::string_view name, span<const double> fpr,
                                           span<const double> tpr, std::optional<double> auc,
                                           Step step) const noexcept
    {
        return detail::log_scored_curve(plx_log_roc_curve, handle_, name, fpr, "fpr", tpr, "tpr",
                                        auc, step);
    }

    /// Logs a precision-recall curve with its average precision (std::nullopt or NaN for none)
    /// (plx_log_pr_curve). Extra error: PLX_ERR_SHAPE_MISMATCH for lists of different lengths.
    [[nodiscard]] Status try_log_pr_curve(std::string_view name, span<const double> precision,
                                          span<const double> recall,
                                          std::optional<double> average_precision,
                                          Step step) const noexcept
    {
        return detail::log_scored_curve(plx_log_pr_curve, handle_, name, precision, "precision",
                                        recall, "recall", average_precision, step);
    }

    /// Logs a custom curve through (`x[i]`, `y[i]`) with an optional annotation
    /// (plx_log_curve). Extra error: PLX_ERR_SHAPE_MISMATCH for lists of different lengths.
    [[nodiscard]] Status try_log_curve(std::string_view name, span<const double> x,
                                       span<const double> y,
                                       std::optional<std::string_view> annotation,
                                       Step step) const noexcept
    {
        return detail::log_curve(handle_, name, x, y, annotation, step);
    }

    /// Logs a confusion matrix of `rows` x `cols` cells `z`, row by row, with its labels
    /// (plx_log_confusion_matrix). Extra error: PLX_ERR_SHAPE_MISMATCH unless `z` holds
    /// rows * cols cells.
    [[nodiscard]] Status try_log_confusion_matrix(std::string_view name,
                                                  const string_span &x_labels,
                                                  const string_span &y_labels, span<const double> z,
                                                  std::size_t rows, std::size_t cols,
                                                  Step step) const noexcept
    {
        return detail::log_confusion_matrix(handle_, name, x_labels, y_labels, z, rows, cols, step);
    }

    /// Logs a chart from its JSON figure; `chart_kind` "vega" (std::nullopt), "plotly" or
    /// "bokeh" (plx_log_chart).
    [[nodiscard]] Status try_log_chart(std::string_view name,
                                       std::optional<std::string_view> chart_kind,
                                       std::string_view figure_json, Step step) const noexcept
    {
        return detail::log_chart(handle_, name, chart_kind, figure_json, step);
    }

    /// Logs an image of `height` rows of `width` pixels of `channels` bytes (1, 3 or 4) as a
    /// PNG asset (plx_log_image). Extra error: PLX_ERR_SHAPE_MISMATCH unless `pixels` holds
    /// height * width * channels values.
    [[nodiscard]] Status try_log_image(std::string_view name, span<const std::uint8_t> pixels,
                                       std::uint32_t height, std::uint32_t width,
                                       std::uint32_t channels, Step step) const noexcept
    {
        return detail::log_pixels(plx_log_image, handle_, name, pixels, height, width, channels,
                                  step);
    }

    /// As try_log_image, from float pixels in [0, 1] (plx_log_image_float).
    [[nodiscard]] Status try_log_image_float(std::string_view name, span<const float> pixels,
                                             std::uint32_t height, std::uint32_t width,
                                             std::uint32_t channels, Step step) const noexcept
    {
        return detail::log_pixels(plx_log_image_float, handle_, name, pixels, height, width,
                                  channels, step);
    }

    /// Copies an image file as a versioned asset (plx_log_image_file); `name` std::nullopt
    /// means the file's base name.
    [[nodiscard]] Status try_log_image_file(std::optional<std::string_view> name,
                                            std::string_view path, Step step) const noexcept
    {
        return detail::log_file(plx_log_image_file, handle_, name, path, step);
    }

    /// Logs interleaved float samples in [-1, 1] of `channels` channels as a WAV asset
    /// (plx_log_audio); the frame count is samples.size() / channels. Extra error:
    /// PLX_ERR_SHAPE_MISMATCH when the samples are not a whole number of frames.
    [[nodiscard]] Status try_log_audio(std::string_view name, span<const float> samples,
                                       std::uint32_t channels, std::uint32_t sample_rate,
                                       Step step) const noexcept
    {
        return detail::log_samples(plx_log_audio, handle_, name, samples, channels, sample_rate,
                                   step);
    }

    /// As try_log_audio, from 16-bit samples (plx_log_audio_int16).
    [[nodiscard]] Status try_log_audio_int16(std::string_view name,
                                             span<const std::int16_t> samples,
                                             std::uint32_t channels, std::uint32_t sample_rate,
                                             Step step) const noexcept
    {
        return detail::log_samples(plx_log_audio_int16, handle_, name, samples, channels,
                                   sample_rate, step);
    }

    /// Copies an audio file as a versioned asset (plx_log_audio_file).
    [[nodiscard]] Status try_log_audio_file(std::optional<std::string_view> name,
                                            std::string_view path,
                                            std::optional<std::string_view> content_type,
                                            Step step) const noexcept
    {
        return detail::log_media_file(plx_log_audio_file, handle_, name, path, content_type, step);
    }

    /// Copies a video file as a versioned asset (plx_log_video_file).
    [[nodiscard]] Status try_log_video_file(std::optional<std::string_view> name,
                                            std::string_view path,
                                            std::optional<std::string_view> content_type,
                                            Step step) const noexcept
    {
        return detail::log_media_file(plx_log_video_file, handle_, name, path, content_type, step);
    }

    /// Logs a model file or folder (plx_log_model): with a step a versioned asset, with
    /// plx::no_step a copy in outputs/ recorded as a model ref.
    [[nodiscard]] Status try_log_model(std::optional<std::string_view> name, std::string_view path,
                                       std::optional<std::string_view> framework,
                                       std::optional<std::string_view> spec_json,
                                       Step step) const noexcept
    {
        return detail::log_model(handle_, name, path, framework, spec_json, step);
    }

    /// Logs a file or folder as an artifact of kind `kind` (std::nullopt: "file")
    /// (plx_log_artifact).
    [[nodiscard]] Status try_log_artifact(std::optional<std::string_view> name,
                                          std::string_view path,
                                          std::optional<std::string_view> kind,
                                          Step step) const noexcept
    {
        return detail::log_artifact(handle_, name, path, kind, step);
    }

    /// Copies a .csv or .html table as a versioned dataframe asset (plx_log_dataframe_file).
    [[nodiscard]] Status try_log_dataframe_file(std::optional<std::string_view> name,
                                                std::string_view path, Step step) const noexcept
    {
        return detail::log_file(plx_log_dataframe_file, handle_, name, path, step);
    }

    /// Logs CSV text as a versioned dataframe asset (plx_log_dataframe_csv).
    [[nodiscard]] Status try_log_dataframe_csv(std::string_view name, std::string_view csv_text,
                                               Step step) const noexcept
    {
        return detail::log_dataframe_csv(handle_, name, csv_text, step);
    }

    /// Records a lineage ref to an artifact of any kind (plx_log_artifact_ref).
    [[nodiscard]] Status try_log_artifact_ref(std::string_view path,
                                              std::optional<std::string_view> kind,
                                              std::optional<std::string_view> name,
                                              std::optional<std::string_view> summary_json,
                                              bool is_input) const noexcept
    {
        return detail::log_artifact_ref(handle_, path, kind, name, summary_json, is_input);
    }

    /// Records a ref to a model file or folder (plx_log_model_ref).
    [[nodiscard]] Status try_log_model_ref(std::string_view path,
                                           std::optional<std::string_view> name,
                                           std::optional<std::string_view> framework,
                                           std::optional<std::string_view> summary_json,
                                           bool is_input) const noexcept
    {
        return detail::log_model_ref(handle_, path, name, framework, summary_json, is_input);
    }

    /// Records a ref to a file (plx_log_file_ref).
    [[nodiscard]] Status try_log_file_ref(std::string_view path,
                                          std::optional<std::string_view> name,
                                          std::optional<std::string_view> summary_json,
                                          bool is_input) const noexcept
    {
        return detail::log_path_ref(plx_log_file_ref, handle_, path, name, summary_json, is_input);
    }

    /// Records a ref to a folder (plx_log_dir_ref).
    [[nodiscard]] Status try_log_dir_ref(std::string_view path,
                                         std::optional<std::string_view> name,
                                         std::optional<std::string_view> summary_json,
                                         bool is_input) const noexcept
    {
        return detail::log_path_ref(plx_log_dir_ref, handle_, path, name, summary_json, is_input);
    }

    /// Records a ref to a data set by name, with an optional path and hash (plx_log_data_ref).
    [[nodiscard]] Status try_log_data_ref(std::string_view name,
                                          std::optional<std::string_view> path,
                                          std::optional<std::string_view> hash,
                                          std::optional<std::string_view> summary_json,
                                          bool is_input) const noexcept
    {
        return detail::log_data_ref(handle_, name, path, hash, summary_json, is_input);
    }

    /// Records the code the run was built from (plx_log_code_ref).
    [[nodiscard]] Status try_log_code_ref(std::string_view commit,
                                          std::optional<std::string_view> branch,
                                          std::optional<std::string_view> url,
                                          bool is_dirty) const noexcept
    {
        return detail::log_code_ref(handle_, commit, branch, url, is_dirty);
    }

    /// Records a TensorBoard log folder (plx_log_tensorboard_ref).
    [[nodiscard]] Status
    try_log_tensorboard_ref(std::string_view path,
                            std::optional<std::string_view> name = std::nullopt) const noexcept
    {
        return detail::log_tensorboard_ref(handle_, path, name);
    }

    /// Merges a JSON object into the run's inputs (plx_log_inputs).
    [[nodiscard]] Status try_log_inputs(std::string_view json_object) const noexcept
    {
        return detail::with_text(plx_log_inputs, handle_, json_object, "json_object");
    }

    /// Merges a JSON object into the run's outputs (plx_log_outputs).
    [[nodiscard]] Status try_log_outputs(std::string_view json_object) const noexcept
    {
        return detail::with_text(plx_log_outputs, handle_, json_object, "json_object");
    }

    /// Sets one numeric input; NaN and infinities are refused (plx_log_input_number).
    [[nodiscard]] Status try_log_input_number(std::string_view name, double value) const noexcept
    {
        return detail::named_number(plx_log_input_number, handle_, name, value);
    }

    /// Sets one text input (plx_log_input_string).
    [[nodiscard]] Status try_log_input_string(std::string_view name,
                                              std::string_view value) const noexcept
    {
        return detail::named_text(plx_log_input_string, handle_, name, value);
    }

    /// Sets one numeric output; NaN and infinities are refused (plx_log_output_number).
    [[nodiscard]] Status try_log_output_number(std::string_view name, double value) const noexcept
    {
        return detail::named_number(plx_log_output_number, handle_, name, value);
    }

    /// Sets one text output (plx_log_output_string).
    [[nodiscard]] Status try_log_output_string(std::string_view name,
                                               std::string_view value) const noexcept
    {
        return detail::named_text(plx_log_output_string, handle_, name, value);
    }

    /// Adds tags to the run, without repeats (plx_log_tags).
    [[nodiscard]] Status try_log_tags(const string_span &tags) const noexcept
    {
        return detail::log_tags(handle_, tags);
    }

    /// Sets the run's display name (plx_set_name).
    [[nodiscard]] Status try_set_name(std::string_view name) const noexcept
    {
        return detail::with_text(plx_set_name, handle_, name, "name");
    }

    /// Sets the run's description; std::nullopt removes it (plx_set_description).
    [[nodiscard]] Status
    try_set_description(std::optional<std::string_view> description) const noexcept
    {
        return detail::with_text(plx_set_description, handle_, description, "description");
    }

    /// Merges a JSON object into the run's meta_info (plx_log_meta).
    [[nodiscard]] Status try_log_meta(std::string_view json_object) const noexcept
    {
        return detail::with_text(plx_log_meta, handle_, json_object, "json_object");
    }

    /// Sets the run's progress, from 0 to 1 (plx_log_progress).
    [[nodiscard]] Status try_log_progress(double progress) const noexcept
    {
        return detail::status_of_call(plx_log_progress(handle_, progress));
    }

    /// Gives the run its final status, which close keeps, with a message (std::nullopt for
    /// Polyaxon's default text) (plx_log_final_status). Errors: PLX_ERR_ALREADY_FINISHED when
    /// it has one already.
    [[nodiscard]] Status
    try_log_final_status(FinalStatus status,
                         std::optional<std::string_view> message = std::nullopt) const noexcept
    {
        return detail::log_final_status(handle_, status, message);
    }

#if PLX_CPP_EXCEPTIONS

    // The throwing API: each method does what its try_ twin above does and throws plx::Error,
    // with the status and message of the failure, where the twin returns a failed Status.

    /// Opens a run (plx_run_open) as try_open does. Throws plx::Error.
    [[nodiscard]] static Run open(std::optional<std::string_view> root = std::nullopt,
                                  std::optional<std::string_view> project = std::nullopt,
                                  std::optional<std::string_view> uuid = std::nullopt)
    {
        plx_run handle = 0;
        throw_if_error(detail::run_open(root, project, uuid, handle));
        return Run(handle);
    }

    /// Closes the run as try_close does; idempotent. Throws plx::Error (PLX_ERR_IO) when not
    /// everything could be written; the run is closed all the same.
    void close()
    {
        throw_if_error(close_status());
    }

    /// Writes everything logged so far (try_flush). Throws plx::Error.
    void flush() const
    {
        throw_if_error(detail::status_of_call(plx_run_flush(handle_)));
    }

    /// Sets the background writer's flush interval (try_set_flush_interval). Throws
    /// plx::Error.
    void set_flush_interval(std::chrono::milliseconds interval) const
    {
        throw_if_error(detail::set_flush_interval(handle_, interval));
    }

    /// Sets the time of the events logged from now on, since the Unix epoch
    /// (try_set_event_time). Throws plx::Error.
    void set_event_time(std::chrono::microseconds unix_time) const
    {
        throw_if_error(detail::set_event_time(handle_, unix_time.count()));
    }

    /// Sets the time of the events logged from now on (try_set_event_time). Throws plx::Error.
    void set_event_time(std::chrono::system_clock::time_point time) const
    {
        throw_if_error(detail::set_event_time(handle_, time));
    }

    /// Gives events the clock's time again (try_reset_event_time). Throws plx::Error.
    void reset_event_time() const
    {
        throw_if_error(detail::status_of_call(plx_run_set_event_time(handle_, PLX_TIME_NOW)));
    }

    /// The run's uuid, 32 hex digits (try_uuid). Throws plx::Error.
    [[nodiscard]] std::string uuid() const
    {
        std::string out;
        throw_if_error(detail::run_uuid(handle_, out));
        return out;
    }

    /// The absolute path of `rel` inside the run folder, its parent folders created; the run
    /// folder for an empty `rel` (try_artifacts_path). Throws plx::Error.
    [[nodiscard]] std::string artifacts_path(std::string_view rel = {}) const
    {
        std::string out;
        throw_if_error(detail::run_path(plx_artifacts_path, handle_, rel, out));
        return out;
    }

    /// As artifacts_path, under outputs/ (try_outputs_path). Throws plx::Error.
    [[nodiscard]] std::string outputs_path(std::string_view rel = {}) const
    {
        std::string out;
        throw_if_error(detail::run_path(plx_outputs_path, handle_, rel, out));
        return out;
    }

    /// Logs a metric (try_log_metric). Throws plx::Error.
    void log_metric(std::string_view name, double value, Step step) const
    {
        throw_if_error(detail::log_metric(handle_, name, value, step));
    }

    /// Logs metrics `names[i]` = `values[i]` at one step and time (try_log_metrics). Throws
    /// plx::Error.
    void log_metrics(const string_span &names, span<const double> values, Step step) const
    {
        throw_if_error(detail::log_metrics(handle_, names, values, step));
    }

    /// Logs a batch of metrics at one step and time (try_log_metrics). Throws plx::Error.
    void log_metrics(span<const Metric> metrics, Step step) const
    {
        throw_if_error(detail::log_metrics(handle_, metrics, step));
    }

    /// Logs a text (try_log_text). Throws plx::Error.
    void log_text(std::string_view name, std::string_view text, Step step) const
    {
        throw_if_error(detail::log_text_like(plx_log_text, handle_, name, text, "text", step));
    }

    /// Logs an HTML fragment (try_log_html). Throws plx::Error.
    void log_html(std::string_view name, std::string_view html, Step step) const
    {
        throw_if_error(detail::log_text_like(plx_log_html, handle_, name, html, "html", step));
    }

    /// Bins and logs a histogram (try_log_histogram). Throws plx::Error.
    void log_histogram(std::string_view name, span<const double> values, std::uint32_t bins,
                       Step step) const
    {
        throw_if_error(detail::log_histogram(handle_, name, values, bins, step));
    }

    /// Logs a binned histogram (try_log_histogram_counts). Throws plx::Error.
    void log_histogram_counts(std::string_view name, span<const double> counts,
                              span<const double> edges, Step step) const
    {
        throw_if_error(detail::log_histogram_counts(handle_, name, counts, edges, step));
    }

    /// Logs a ROC curve (try_log_roc_curve). Throws plx::Error.
    void log_roc_curve(std::string_view name, span<const double> fpr, span<const double> tpr,
                       std::optional<double> auc, Step step) const
    {
        throw_if_error(detail::log_scored_curve(plx_log_roc_curve, handle_, name, fpr, "fpr", tpr,
                                                "tpr", auc, step));
    }

    /// Logs a precision-recall curve (try_log_pr_curve). Throws plx::Error.
    void log_pr_curve(std::string_view name, span<const double> precision,
                      span<const double> recall, std::optional<double> average_precision,
                      Step step) const
    {
        throw_if_error(detail::log_scored_curve(plx_log_pr_curve, handle_, name, precision,
                                                "precision", recall, "recall", average_precision,
                                                step));
    }

    /// Logs a custom curve (try_log_curve). Throws plx::Error.
    void log_curve(std::string_view name, span<const double> x, span<const double> y,
                   std::optional<std::string_view> annotation, Step step) const
    {
        throw_if_error(detail::log_curve(handle_, name, x, y, annotation, step));
    }

    /// Logs a confusion matrix (try_log_confusion_matrix). Throws plx::Error.
    void log_confusion_matrix(std::string_view name, const string_span &x_labels,
                              const string_span &y_labels, span<const double> z, std::size_t rows,
                              std::size_t cols, Step step) const
    {
        throw_if_error(
            detail::log_confusion_matrix(handle_, name, x_labels, y_labels, z, rows, cols, step));
    }

    /// Logs a chart (try_log_chart). Throws plx::Error.
    void log_chart(std::string_view name, std::optional<std::string_view> chart_kind,
                   std::string_view figure_json, Step step) const
    {
        throw_if_error(detail::log_chart(handle_, name, chart_kind, figure_json, step));
    }

    /// Logs an image from bytes (try_log_image). Throws plx::Error.
    void log_image(std::string_view name, span<const std::uint8_t> pixels, std::uint32_t height,
                   std::uint32_t width, std::uint32_t channels, Step step) const
    {
        throw_if_error(detail::log_pixels(plx_log_image, handle_, name, pixels, height, width,
                                          channels, step));
    }

    /// Logs an image from floats (try_log_image_float). Throws plx::Error.
    void log_image_float(std::string_view name, span<const float> pixels, std::uint32_t height,
                         std::uint32_t width, std::uint32_t channels, Step step) const
    {
        throw_if_error(detail::log_pixels(plx_log_image_float, handle_, name, pixels, height, width,
                                          channels, step));
    }

    /// Copies an image file as an asset (try_log_image_file). Throws plx::Error.
    void log_image_file(std::optional<std::string_view> name, std::string_view path,
                        Step step) const
    {
        throw_if_error(detail::log_file(plx_log_image_file, handle_, name, path, step));
    }

    /// Logs float audio (try_log_audio). Throws plx::Error.
    void log_audio(std::string_view name, span<const float> samples, std::uint32_t channels,
                   std::uint32_t sample_rate, Step step) const
    {
        throw_if_error(detail::log_samples(plx_log_audio, handle_, name, samples, channels,
                                           sample_rate, step));
    }

    /// Logs 16-bit audio (try_log_audio_int16). Throws plx::Error.
    void log_audio_int16(std::string_view name, span<const std::int16_t> samples,
                         std::uint32_t channels, std::uint32_t sample_rate, Step step) const
    {
        throw_if_error(detail::log_samples(plx_log_audio_int16, handle_, name, samples, channels,
                                           sample_rate, step));
    }

    /// Copies an audio file as an asset (try_log_audio_file). Throws plx::Error.
    void log_audio_file(std::optional<std::string_view> name, std::string_view path,
                        std::optional<std::string_view> content_type, Step step) const
    {
        throw_if_error(
            detail::log_media_file(plx_log_audio_file, handle_, name, path, content_type, step));
    }

    /// Copies a video file as an asset (try_log_video_file). Throws plx::Error.
    void log_video_file(std::optional<std::string_view> name, std::string_view path,
                        std::optional<std::string_view> content_type, Step step) const
    {
        throw_if_error(
            detail::log_media_file(plx_log_video_file, handle_, name, path, content_type, step));
    }

    /// Logs a model file or folder (try_log_model). Throws plx::Error.
    void log_model(std::optional<std::string_view> name, std::string_view path,
                   std::optional<std::string_view> framework,
                   std::optional<std::string_view> spec_json, Step step) const
    {
        throw_if_error(detail::log_model(handle_, name, path, framework, spec_json, step));
    }

    /// Logs a file or folder as an artifact (try_log_artifact). Throws plx::Error.
    void log_artifact(std::optional<std::string_view> name, std::string_view path,
                      std::optional<std::string_view> kind, Step step) const
    {
        throw_if_error(detail::log_artifact(handle_, name, path, kind, step));
    }

    /// Copies a table file as a dataframe asset (try_log_dataframe_file). Throws plx::Error.
    void log_dataframe_file(std::optional<std::string_view> name, std::string_view path,
                            Step step) const
    {
        throw_if_error(detail::log_file(plx_log_dataframe_file, handle_, name, path, step));
    }

    /// Logs CSV text as a dataframe asset (try_log_dataframe_csv). Throws plx::Error.
    void log_dataframe_csv(std::string_view name, std::string_view csv_text, Step step) const
    {
        throw_if_error(detail::log_dataframe_csv(handle_, name, csv_text, step));
    }

    /// Records an artifact ref (try_log_artifact_ref). Throws plx::Error.
    void log_artifact_ref(std::string_view path, std::optional<std::string_view> kind,
                          std::optional<std::string_view> name,
                          std::optional<std::string_view> summary_json, bool is_input) const
    {
        throw_if_error(detail::log_artifact_ref(handle_, path, kind, name, summary_json, is_input));
    }

    /// Records a model ref (try_log_model_ref). Throws plx::Error.
    void log_model_ref(std::string_view path, std::optional<std::string_view> name,
                       std::optional<std::string_view> framework,
                       std::optional<std::string_view> summary_json, bool is_input) const
    {
        throw_if_error(
            detail::log_model_ref(handle_, path, name, framework, summary_json, is_input));
    }

    /// Records a file ref (try_log_file_ref). Throws plx::Error.
    void log_file_ref(std::string_view path, std::optional<std::string_view> name,
                      std::optional<std::string_view> summary_json, bool is_input) const
    {
        throw_if_error(
            detail::log_path_ref(plx_log_file_ref, handle_, path, name, summary_json, is_input));
    }

    /// Records a folder ref (try_log_dir_ref). Throws plx::Error.
    void log_dir_ref(std::string_view path, std::optional<std::string_view> name,
                     std::optional<std::string_view> summary_json, bool is_input) const
    {
        throw_if_error(
            detail::log_path_ref(plx_log_dir_ref, handle_, path, name, summary_json, is_input));
    }

    /// Records a data set ref (try_log_data_ref). Throws plx::Error.
    void log_data_ref(std::string_view name, std::optional<std::string_view> path,
                      std::optional<std::string_view> hash,
                      std::optional<std::string_view> summary_json, bool is_input) const
    {
        throw_if_error(detail::log_data_ref(handle_, name, path, hash, summary_json, is_input));
    }

    /// Records a code ref (try_log_code_ref). Throws plx::Error.
    void log_code_ref(std::string_view commit, std::optional<std::string_view> branch,
                      std::optional<std::string_view> url, bool is_dirty) const
    {
        throw_if_error(detail::log_code_ref(handle_, commit, branch, url, is_dirty));
    }

    /// Records a TensorBoard folder (try_log_tensorboard_ref). Throws plx::Error.
    void log_tensorboard_ref(std::string_view path,
                             std::optional<std::string_view> name = std::nullopt) const
    {
        throw_if_error(detail::log_tensorboard_ref(handle_, path, name));
    }

    /// Merges a JSON object into the inputs (try_log_inputs). Throws plx::Error.
    void log_inputs(std::string_view json_object) const
    {
        throw_if_error(detail::with_text(plx_log_inputs, handle_, json_object, "json_object"));
    }

    /// Merges a JSON object into the outputs (try_log_outputs). Throws plx::Error.
    void log_outputs(std::string_view json_object) const
    {
        throw_if_error(detail::with_text(plx_log_outputs, handle_, json_object, "json_object"));
    }

    /// Sets one numeric input (try_log_input_number). Throws plx::Error.
    void log_input_number(std::string_view name, double value) const
    {
        throw_if_error(detail::named_number(plx_log_input_number, handle_, name, value));
    }

    /// Sets one text input (try_log_input_string). Throws plx::Error.
    void log_input_string(std::string_view name, std::string_view value) const
    {
        throw_if_error(detail::named_text(plx_log_input_string, handle_, name, value));
    }

    /// Sets one numeric output (try_log_output_number). Throws plx::Error.
    void log_output_number(std::string_view name, double value) const
    {
        throw_if_error(detail::named_number(plx_log_output_number, handle_, name, value));
    }

    /// Sets one text output (try_log_output_string). Throws plx::Error.
    void log_output_string(std::string_view name, std::string_view value) const
    {
        throw_if_error(detail::named_text(plx_log_output_string, handle_, name, value));
    }

    /// Adds tags (try_log_tags). Throws plx::Error.
    void log_tags(const string_span &tags) const
    {
        throw_if_error(detail::log_tags(handle_, tags));
    }

    /// Sets the display name (try_set_name). Throws plx::Error.
    void set_name(std::string_view name) const
    {
        throw_if_error(detail::with_text(plx_set_name, handle_, name, "name"));
    }

    /// Sets or, with std::nullopt, removes the description (try_set_description). Throws
    /// plx::Error.
    void set_description(std::optional<std::string_view> description) const
    {
        throw_if_error(detail::with_text(plx_set_description, handle_, description, "description"));
    }

    /// Merges a JSON object into meta_info (try_log_meta). Throws plx::Error.
    void log_meta(std::string_view json_object) const
    {
        throw_if_error(detail::with_text(plx_log_meta, handle_, json_object, "json_object"));
    }

    /// Sets the progress, from 0 to 1 (try_log_progress). Throws plx::Error.
    void log_progress(double progress) const
    {
        throw_if_error(detail::status_of_call(plx_log_progress(handle_, progress)));
    }

    /// Gives the run its final status (try_log_final_status). Throws plx::Error.
    void log_final_status(FinalStatus status,
                          std::optional<std::string_view> message = std::nullopt) const
    {
        throw_if_error(detail::log_final_status(handle_, status, message));
    }

#endif // PLX_CPP_EXCEPTIONS

private:
    explicit Run(plx_run handle) noexcept : handle_(handle)
    {}

    Status close_status()
    {
        if (!is_open()) {
            return Status();
        }
        closed_ = true;
        return detail::status_of_call(plx_run_close(handle_));
    }

    void close_quietly() noexcept
    {
        if (!is_open()) {
            return;
        }
        // An exception is unwinding the scope that holds this Run: the run did not succeed.
        if (std::uncaught_exceptions() > unwinding_at_open_) {
            (void)plx_log_final_status(handle_, PLX_FINAL_FAILED,
                                       "the program left the run's scope by an exception");
        }
        closed_ = true;
        (void)plx_run_close(handle_);
    }

    plx_run handle_ = 0;
    bool closed_ = false;
    // Exceptions in flight when this Run took its run; more at destruction means unwinding.
    int unwinding_at_open_ = std::uncaught_exceptions();
};

} // namespace PLX_CPP_MODE_NAMESPACE

} // namespace plx

#undef PLX_CPP_MODE_NAMESPACE

#endif // PLX_HPP
