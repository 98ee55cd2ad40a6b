// test_noexcept: the checks of noexcept_checks.cpp in a program built entirely without
// exceptions, where plx.hpp offers only its noexcept API.
//
// Usage: test_noexcept <scratch folder>   (created if missing; runs go under it)
#include "noexcept_checks.hpp"

#include <cstdio>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <scratch folder>\n", argv[0]);
        return 2;
    }
    plx_cpp_test::noexcept_checks(argv[1]);
    std::puts("test_noexcept: all checks passed");
    return 0;
}
