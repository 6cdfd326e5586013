// Mock of restbed's byte.hpp (https://github.com/Corvusoft/restbed, source/corvusoft/restbed/byte.hpp),
// written for racelab's field corpus from restbed's documentation/API.md and public headers:
// only what the cases use, with restbed's namespace, names and signatures; bodies are trivial.
// Not restbed's code.
#pragma once
#include <cstdint>
#include <vector>

namespace restbed
{
    typedef std::vector<std::uint8_t> Bytes;
}
