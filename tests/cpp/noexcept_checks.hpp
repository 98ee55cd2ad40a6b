// noexcept_checks.hpp: the checks of noexcept_checks.cpp, a translation unit compiled without
// exceptions, callable from programs built with or without them.
#ifndef PLX_TEST_NOEXCEPT_CHECKS_HPP
#define PLX_TEST_NOEXCEPT_CHECKS_HPP

namespace plx_cpp_test {

// Runs the checks of plx.hpp's noexcept API with runs under the folder `scratch` (created if
// missing). A failed check ends the program with exit code 1.
void noexcept_checks(const char *scratch);

} // namespace plx_cpp_test

#endif // PLX_TEST_NOEXCEPT_CHECKS_HPP
