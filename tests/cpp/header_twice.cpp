// header_twice: plx.hpp's include guard makes a second inclusion harmless, in a translation unit
// of its own; main also runs the checks of header_alone.cpp.
// clang-format off: the second inclusion is the test, and clang-format would remove it.
#include "plx.hpp"
#include "plx.hpp"
// clang-format on

#include <cstdio>

bool header_alone_works();

int main()
{
    if (!header_alone_works() || plx::version() != plx::header_version) {
        std::fputs("test_header: plx.hpp misbehaves without a run\n", stderr);
        return 1;
    }
    std::puts("test_header: plx.hpp is self-contained and can be included twice");
    return 0;
}
