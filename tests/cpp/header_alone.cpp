// header_alone: plx.hpp is self-contained. It is the only include of this translation unit, which
// uses a little of everything the header declares; compiling is most of the test.
#include "plx.hpp"

#ifndef PLX_HPP
#error "plx.hpp does not define its include guard PLX_HPP"
#endif

static_assert(plx::header_version == PLX_VERSION_NUMBER);

// Called by header_twice.cpp's main; true when the pieces behave without a run.
bool header_alone_works()
{
    const double values[] = {1.0, 2.0};
    const plx::span<const double> view = values;
    const plx::string_span names = {"a", "b"};
    const plx::Step step = plx::no_step;
    const plx::Metric metric{"loss", 0.5};
    const plx::Run empty;
    const plx::Status status = empty.try_log_metric(metric.name, metric.value, step);
    return view.size() == 2 && names.size() == 2 && !step && plx::library_compatible() &&
           status.code() == PLX_ERR_INVALID_HANDLE && !status.message().empty();
}
